"""Push: the weekly digest and the reminders sent to mail lists and chat channels (`reporter notify`, `reporter remind`).

Beside the pipeline, like the CLI: it takes what render and compute made (the digest, the reminders)
and shapes it for each channel (`messages`, `payloads`), sends it (`delivery`) and remembers what went
out (`marker`); `run` does that for every configured channel, each on its own.
"""
