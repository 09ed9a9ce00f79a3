"""The executive summary's lists (reporter.compute.summary), worked out by hand.

Report date Friday 2026-03-13; the default rules: updates every 7 days plus 3 of grace (stale after 10
days), one overdue milestone is amber, two are red. No tasks and no budgets: a plan without tasks goes
by its milestones, each weighing the working days of its stretch of the schedule.

- Bravo: milestones due 03-02 and 03-09, overdue by 11 and 4 days: red (and SPI(t) is below 0.85).
- alpha: milestones due 03-08, overdue by 5 days, and 06-30; none done by its update of 03-12, when
  m1's 5 working days (03-02..03-08) and 4 of m2's (03-09..03-12) were planned: ES 0, SPI(t) 0, red.
- Charlie: last update 02-27, 14 days old: stale, amber.  Delta: started 03-02, no update: stale, amber.
- Echo: green.  Foxtrot paused, Golf cancelled, Hotel proposed to start 04-01: not assessed.
"""

from __future__ import annotations

import datetime as dt

from reporter.compute.changes import DateMove, ProjectChanges
from reporter.compute.report import assess
from reporter.compute.summary import executive_summary, worst_first
from reporter.content.models import Colour, Content, Milestone, Plan, Portfolio, Program, Project, Update
from reporter.render.wording import change_line

D = dt.date
TODAY = D(2026, 3, 13)
START = D(2026, 3, 2)


def project(pid: str, name: str, *, state: str = "active", start: dt.date = START, dues=(), updates=()) -> Project:
    milestones = [Milestone(id=f"m{i}", name=f"{name} M{i}", due=due) for i, due in enumerate(dues, 1)]
    plan = Plan(name=name, program="core", owner="O", state=state, start=start, finish=D(2026, 6, 30), milestones=milestones)
    return Project(pid, plan, tuple(Update(date=day, author="O", status=status, summary="s") for day, status in updates))


def content() -> Content:
    portfolio = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])
    return Content(portfolio, (
        project("a", "Bravo", dues=(D(2026, 3, 2), D(2026, 3, 9)), updates=((D(2026, 3, 12), "green"),)),
        project("b", "alpha", dues=(D(2026, 3, 8), D(2026, 6, 30)), updates=((D(2026, 3, 12), "amber"),)),
        project("c", "Charlie", start=D(2026, 2, 2), updates=((D(2026, 2, 27), "green"),)),
        project("d", "Delta"),
        project("e", "Echo", updates=((D(2026, 3, 12), "green"),)),
        project("f", "Foxtrot", state="paused", updates=((D(2026, 3, 12), "amber"),)),
        project("g", "Golf", state="cancelled"),
        project("h", "Hotel", state="proposed", start=D(2026, 4, 1)),
    ))  # fmt: skip


def test_projects_worst_computed_colour_first_then_by_name():
    report = assess(content(), TODAY)
    assert [f.name for f in worst_first(report.projects)] == [
        "alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel",
    ]  # fmt: skip


def test_the_health_counts_add_up_to_the_number_of_projects():
    health = executive_summary(assess(content(), TODAY)).health
    assert (health.projects, health.red, health.amber, health.green, health.not_assessed) == (8, 2, 2, 1, 3)
    # the rollup leaves the cancelled project out; the summary counts it as not assessed
    assert assess(content(), TODAY).portfolio.not_assessed == 2


def test_overdue_most_first_stale_oldest_first_and_why_not_assessed():
    summary = executive_summary(assess(content(), TODAY))
    assert [(o.figures.name, o.status.milestone.name, o.days) for o in summary.overdue] == [
        ("Bravo", "Bravo M1", 11),
        ("alpha", "alpha M1", 5),
        ("Bravo", "Bravo M2", 4),
    ]
    assert [(f.name, f.staleness.days_since_update) for f in summary.stale] == [("Delta", None), ("Charlie", 14)]
    assert [(n.figures.name, n.why) for n in summary.not_assessed] == [
        ("Foxtrot", "the project is paused"),
        ("Golf", "the project is cancelled"),
        ("Hotel", "proposed, starts 2026-04-01"),
    ]


def test_changes_one_compact_line_per_project_worst_first():
    moved = ProjectChanges(
        "e", "Echo",
        dates_moved=(DateMove("Finish", D(2026, 6, 26), D(2026, 7, 3)),),  # 7 days later
        forecasts_moved=(DateMove("Cutover", D(2026, 6, 19), D(2026, 6, 5)),),  # 14 days earlier
        milestones_done=("Design",),
        tasks_added=("A", "B"),
        risks_opened=("Vendor late",),
        colour_before=Colour.green, colour_after=Colour.amber,
    )  # fmt: skip
    assert change_line(moved) == (
        "reported green → amber; Finish +7 days; forecast Cutover −14 days; reached: Design; 2 tasks added; "
        "risk opened: Vendor late"
    )
    new = ProjectChanges("a", "Bravo", new_project=True, colour_after=Colour.green)
    nothing = ProjectChanges("b", "alpha")
    summary = executive_summary(assess(content(), TODAY), [moved, nothing, new])
    assert [(c.name, change_line(c)) for c in summary.changes] == [("Bravo", "new project"), ("Echo", change_line(moved))]
