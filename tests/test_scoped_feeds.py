"""A feed and a calendar per program and per project, linked from their pages, read back by feedparser and icalendar.

The mini portfolio (tests/fixtures/mini) as of 2026-03-13: program core holds Alpha (updates of
2026-03-06 and 2026-03-13, milestones design and cutover), program growth holds Beta (no update,
milestone launch).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import icalendar
import pytest

from reporter.site.pipeline import make_site

from conftest import FIXTURES


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return make_site(FIXTURES / "mini", dt.date(2026, 3, 13)).pages


def test_each_program_and_project_has_a_feed_and_a_calendar(pages: dict[str, str]):
    assert sorted(p for p in pages if p.startswith("feeds/")) == [
        "feeds/programs/core.ics",
        "feeds/programs/core.xml",
        "feeds/programs/growth.ics",
        "feeds/programs/growth.xml",
        "feeds/projects/alpha.ics",
        "feeds/projects/alpha.xml",
        "feeds/projects/beta.ics",
        "feeds/projects/beta.xml",
    ]


def test_a_project_feed_has_the_weeks_it_reported_with_links_relative_to_the_site(pages: dict[str, str]):
    feed = feedparser.parse(pages["feeds/projects/alpha.xml"])
    assert not feed.bozo
    assert feed.feed.title == "Example Org: Alpha Migration"
    assert feed.feed.link == "../../"
    assert [e.title for e in feed.entries] == [
        "Week 2026-W11 (2026-03-09 to 2026-03-15)",
        "Week 2026-W10 (2026-03-02 to 2026-03-08)",
    ]
    assert [e.link for e in feed.entries] == ["../../weeks/2026-W11/", "../../weeks/2026-W10/"]
    # Each entry says of Alpha what the portfolio's feed says of that week (where Alpha reported alone).
    whole = feedparser.parse(pages["feed.xml"])
    assert [e.summary for e in feed.entries] == [e.summary for e in whole.entries]
    assert feed.entries[0].summary.startswith("Alpha Migration: amber")
    assert feed.entries[1].summary.startswith("Alpha Migration: green")
    assert "Needs attention: Alpha Migration: New blocker: Test data from the vendor" in feed.entries[0].content[0].value


def test_a_program_feed_holds_its_projects_only(pages: dict[str, str]):
    core = feedparser.parse(pages["feeds/programs/core.xml"])
    growth = feedparser.parse(pages["feeds/programs/growth.xml"])
    assert [e.summary for e in core.entries] == [e.summary for e in feedparser.parse(pages["feeds/projects/alpha.xml"]).entries]
    assert [e.summary.startswith("Alpha Migration: ") for e in core.entries] == [True, True]
    assert growth.feed.title == "Example Org: Growth" and growth.entries == []  # Beta has not reported


def test_the_calendars_hold_their_own_milestones(pages: dict[str, str]):
    def uids(path: str) -> list[str]:
        return [str(e["UID"]) for e in icalendar.Calendar.from_ical(pages[path]).walk("VEVENT")]

    assert (
        uids("feeds/programs/core.ics") == uids("feeds/projects/alpha.ics") == ["alpha.design@reporter", "alpha.cutover@reporter"]
    )
    assert uids("feeds/programs/growth.ics") == uids("feeds/projects/beta.ics") == ["beta.launch@reporter"]
    assert "X-WR-CALNAME:Example Org: Core Systems milestones\r\n" in pages["feeds/programs/core.ics"]
    # An event reads the same in every calendar that holds it.
    alpha = pages["feeds/projects/alpha.ics"]
    event = alpha[alpha.index("BEGIN:VEVENT") : alpha.rindex("END:VEVENT")]
    assert event in pages["milestones.ics"] and event in pages["feeds/programs/core.ics"]


def test_the_pages_link_to_their_feeds(pages: dict[str, str]):
    assert (
        "Follow this project: [its weekly updates (Atom)](../feeds/projects/alpha.xml) · "
        "[its milestones (iCalendar)](../feeds/projects/alpha.ics)" in pages["projects/alpha.md"]
    )
    assert (
        "Follow this program: [its projects' weekly updates (Atom)](../feeds/programs/core.xml) · "
        "[their milestones (iCalendar)](../feeds/programs/core.ics)" in pages["programs/core.md"]
    )


def test_the_site_build_links_resolve(tmp_path: Path):
    from reporter.site.build import build_site

    built = build_site(FIXTURES / "mini", tmp_path / "site", report_date=dt.date(2026, 3, 13), strict=True)
    page = (built.site_dir / "projects/alpha/index.html").read_text(encoding="utf-8")
    assert 'href="../../feeds/projects/alpha.xml"' in page
    assert (built.site_dir / "feeds/projects/alpha.xml").is_file()
