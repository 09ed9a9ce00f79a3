"""The render stage.

The site model made into Markdown pages, inline SVG charts, the Atom feed, the iCalendar file, the
JSON export and the weekly digest; text made safe, numbers rounded and highlights worded here only.
"""
