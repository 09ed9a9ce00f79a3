"""The compute stage: pure functions from loaded content and a report date to figures.

Nothing here reads a file or the clock; "today" is always an argument, so every figure can be
tested with exact expected values.
"""
