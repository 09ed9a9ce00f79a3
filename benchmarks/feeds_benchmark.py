"""Benchmark of the feeds and calendars a large site writes (reporter.render.feeds), in wall and CPU seconds.

Synthetic records for PROJECTS projects with WEEKS weekly updates each and MILESTONES milestones each
(no content, no git: only the writers are timed), then:

  floor     every text value escaped once with html.escape and joined: the least any writer must do;
  feed      the portfolio's Atom feed (ElementTree), every week;
  events    every milestone's VEVENT written once by icalendar (`milestone_events`);
  calendar  the portfolio's calendar from those events;
  scoped    a feed (the newest SCOPED_FEED_WEEKS weeks) and a calendar for every project, as a site writes them.

Prints the figures and their ratio to the floor. Run: `python benchmarks/feeds_benchmark.py`
(`--projects 50 --weeks 20` for a quick look). Nothing here is a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporter.render.feeds import (  # noqa: E402
    SCOPED_FEED_WEEKS,
    CalendarMilestone,
    FeedEntry,
    FeedUpdate,
    atom_feed,
    milestone_calendar,
    milestone_events,
)

GENERATED = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


def records(projects: int, weeks: int, milestones: int) -> tuple[list[FeedEntry], list[CalendarMilestone]]:
    """Feed entries (one update per project and week, a highlight for one project in ten) and milestones."""
    first = dt.date(2025, 1, 6)
    entries = []
    for w in range(weeks):
        monday = first + dt.timedelta(weeks=w)
        year, number, _ = monday.isocalendar()
        updates = tuple(
            FeedUpdate(f"p{i}", f"Project {i}", "amber", "Pieter de Graaf", monday + dt.timedelta(days=4),
                       "Integration testing found **two** defects in the ERP interface; fixes are in test.", "red")
            for i in range(projects)
        )  # fmt: skip
        lines = tuple(f"Needs attention: Project {i}: New blocker: ERP test environment down" for i in range(0, projects, 10))
        entries.append(FeedEntry(f"{year}-W{number:02d}", monday, monday + dt.timedelta(days=6), updates, lines))
    items = [
        CalendarMilestone(f"p{i}", f"Project {i}", f"m{j}", f"Milestone {j}", dt.date(2026, 1, 9) + dt.timedelta(weeks=4 * j),
                          "upcoming", forecast=dt.date(2026, 1, 16) + dt.timedelta(weeks=4 * j), description="Signed off.")
        for i in range(projects)
        for j in range(milestones)
    ]  # fmt: skip
    return entries, items


def timed(label: str, work: Callable[[], object], floor: tuple[float, float] | None = None) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    ratio = f"   {wall / floor[0]:5.1f}x wall  {cpu / floor[1]:5.1f}x CPU of the floor" if floor else ""
    print(f"{label:<10} wall {wall:6.2f} s   CPU {cpu:6.2f} s{ratio}")
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--milestones", type=int, default=6)
    args = parser.parse_args()
    entries, items = records(args.projects, args.weeks, args.milestones)
    print(f"{args.projects} projects, {args.weeks} weeks, {len(items)} milestones")

    def floor() -> str:
        texts = [t for e in entries for u in e.updates for t in (u.project_name, u.author, u.summary)]
        texts += [t for i in items for t in (i.project_name, i.milestone_name, i.description)]
        return "".join(html.escape(t) for t in texts)

    base = timed("floor", floor)
    site = "https://status.example.org/"
    timed("feed", lambda: atom_feed(entries, site_url=site, title="T", author="A", updated=GENERATED), base)
    events: dict[str, str] = {}
    timed("events", lambda: events.update(milestone_events(items, generated=GENERATED)), base)
    timed("calendar", lambda: milestone_calendar(items, calendar_name="C", generated=GENERATED, events=events), base)

    def scoped() -> None:
        recent = entries[-SCOPED_FEED_WEEKS:]
        for i in range(args.projects):
            mine = [FeedEntry(e.week, e.start, e.end, (e.updates[i],), ()) for e in recent]
            path = f"feeds/projects/p{i}.xml"
            atom_feed(mine, site_url="", title=f"Project {i}", author="A", updated=GENERATED, feed_path=path)
            own = items[i * args.milestones : (i + 1) * args.milestones]
            milestone_calendar(own, calendar_name=f"Project {i}", generated=GENERATED, events=events)

    timed("scoped", scoped, base)


if __name__ == "__main__":
    main()
