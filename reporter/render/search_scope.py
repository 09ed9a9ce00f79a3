"""What the site's search finds: the parts of a page worth finding, not every table and chart.

Material's search indexes each page's whole HTML, section by section. On a large portfolio most of that
is tables of figures (trends, costs, earlier updates) and the full text of every update on every week
page: tens of megabytes of index for text nobody searches, and the largest share of a build's time
(the index parses each page's HTML). The page templates mark such parts with `SKIP` and `RESUME`
(each just before a heading, so a whole section is left out); `searchable` is the page as search sees
it, and `unmarked` the page as readers get it, without the marks.

Found: names (projects, programs, people, milestones, tasks, risks), each project's latest update, its
risks, decisions and asks, each week's highlights and plan changes, the glossary. Not found: figures
and tables of history, and the updates of past weeks (each is one click from its project's page).
"""

from __future__ import annotations

import re

SKIP = "<!-- search: off -->"
RESUME = "<!-- search: on -->"
_SKIPPED = re.compile(re.escape(SKIP) + r".*?(?:" + re.escape(RESUME) + r"|\Z)", re.S)


def searchable(html: str) -> str:
    """The HTML of a page without the parts marked as not worth finding (a mark left open runs to the end)."""
    return _SKIPPED.sub("", html) if SKIP in html else html


def unmarked(html: str) -> str:
    """The HTML of a page without the marks themselves."""
    return html.replace(SKIP, "").replace(RESUME, "") if SKIP in html or RESUME in html else html
