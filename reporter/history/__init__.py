"""The gather stage.

The git history of the content folder, a snapshot at the end of every reporting week, baselines, and
everything a build reads before it computes.
"""
