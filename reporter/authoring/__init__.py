"""For project managers and CI.

Reporter init and new, the JSON Schemas for editors, GitHub annotations, and the demo replayed into
git.
"""
