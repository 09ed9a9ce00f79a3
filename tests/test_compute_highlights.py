"""Highlights of a reporting week.

2026-W05 runs from Monday 2026-01-26 to Sunday 2026-02-01; with today = Friday 2026-01-30 the window
is Jan 26 .. Jan 30. 2026-W04 is Jan 19 .. Jan 25.
"""

import datetime as dt

from reporter.compute.highlights import reporting_window, week_highlights
from reporter.content.models import (
    Ask,
    Colour,
    Content,
    Milestone,
    Portfolio,
    Program,
    Project,
    Risk,
    State,
    Task,
)

from builders import make_plan, make_update

D = dt.date
TODAY = D(2026, 1, 30)


def update(date, status, author="Ann", progress=None, **more):
    return make_update(date, author=author, status=status, progress=progress, **more)


def plan(name, state=State.active, **more):
    return make_plan(D(2026, 1, 5), D(2026, 3, 27), name=name, state=state, **more)


P = Project(
    "p",
    plan(
        "Pilot",
        milestones=[
            Milestone(id="m0", name="Kick-off", due=D(2026, 1, 23), done=D(2026, 1, 23)),  # the week before
            Milestone(id="m1", name="Design", due=D(2026, 1, 27), done=D(2026, 1, 28)),  # done in the window
            Milestone(id="m2", name="Build", due=D(2026, 2, 13)),  # 14 days after Jan 30: coming due
            Milestone(id="m3", name="Test", due=D(2026, 2, 14)),  # 15 days: too far
        ],
        tasks=[
            Task(id="t1", name="Design work", start=D(2026, 1, 5), finish=D(2026, 1, 27)),
            Task(id="t2", name="Prototype", start=D(2026, 1, 5), finish=D(2026, 1, 23)),
            Task(id="t3", name="Survey", start=D(2026, 1, 5), finish=D(2026, 1, 9), progress=100),
        ],
        risks=[
            Risk(id="r1", title="Vendor late", probability=3, impact=4, raised=D(2026, 1, 27)),
            Risk(id="r2", title="Key person leaves", probability=2, impact=4, raised=D(2026, 1, 10), status="occurred"),
            Risk(id="r3", title="Scope creep", probability=3, impact=3, raised=D(2026, 1, 20)),
        ],
    ),
    (
        update(D(2026, 1, 23), "green", progress={"t1": 80, "t2": 100}),
        update(D(2026, 1, 27), "green", "Ann", {"t1": 100, "t3": 100}, accomplishments=["Design signed off"]),
        update(
            D(2026, 1, 29),
            "amber",
            "Bob",
            {"t2": 100},
            accomplishments=["Pilot live"],
            blockers=["Vendor contract not signed"],
            asks=[Ask(text="Approve the spend", of="CFO")],
        ),
        update(D(2026, 1, 31), "red", "Bob", {"t2": 50}, accomplishments=["Tomorrow's news"]),  # after today
    ),
)
Q = Project("q", plan("Quiet"), (update(D(2026, 1, 16), "red"),))  # 14 days without an update by Jan 30: stale
R = Project("r", plan("Resting", State.paused), ())  # paused: never stale
CONTENT = Content(Portfolio(organisation="Org", programs=[Program(id="core", name="Core")]), (P, Q, R))


def test_window():
    assert D(2026, 1, 26).weekday() == 0 and D(2026, 2, 1).weekday() == 6
    assert reporting_window("2026-W05", TODAY) == (D(2026, 1, 26), D(2026, 1, 30))
    assert reporting_window("2026-W04", TODAY) == (D(2026, 1, 19), D(2026, 1, 25))


def test_this_week():
    h = week_highlights(CONTENT, "2026-W05", TODAY)
    assert (h.week, h.start, h.end) == ("2026-W05", D(2026, 1, 26), D(2026, 1, 30))
    assert [(e.project_id, e.milestone.id) for e in h.milestones_done] == [("p", "m1")]
    # t1 went 80 -> 100 on Jan 27; t3 was already 100 in the plan; t2 was already 100 on Jan 23
    assert [(e.project_id, e.task.id, e.date) for e in h.tasks_finished] == [("p", "t1", D(2026, 1, 27))]
    assert [(c.project_id, c.before, c.after, c.date) for c in h.colour_changes] == [
        ("p", Colour.green, Colour.amber, D(2026, 1, 29))
    ]
    assert h.colour_changes[0].worse
    assert [(r.project_id, r.risk.id) for r in h.new_risks] == [("p", "r1")]
    assert [(r.project_id, r.risk.id) for r in h.occurred_risks] == [("p", "r2")]
    assert [(b.project_id, b.blocker.text) for b in h.blockers] == [("p", "Vendor contract not signed")]
    assert [(a.project_id, a.ask.text, a.ask.of) for a in h.asks] == [("p", "Approve the spend", "CFO")]
    assert [(a.project_name, a.text, a.author) for a in h.accomplishments] == [
        ("Pilot", "Design signed off", "Ann"),
        ("Pilot", "Pilot live", "Bob"),
    ]
    assert [(e.project_id, e.milestone.id) for e in h.milestones_due] == [("p", "m2")]
    assert [s.project_id for s in h.stale_projects] == ["q"]
    assert not h.is_empty


def test_the_week_before():
    h = week_highlights(CONTENT, "2026-W04", TODAY)
    assert [e.milestone.id for e in h.milestones_done] == ["m0"]
    assert [e.task.id for e in h.tasks_finished] == ["t2"]  # 0 in the plan -> 100 on Jan 23
    assert h.colour_changes == ()  # the first update has nothing to change from
    assert [r.risk.id for r in h.new_risks] == ["r3"]
    assert h.accomplishments == () and h.blockers == ()
    assert h.stale_projects == ()  # on Jan 25, q's update is 9 days old
    # due Jan 26 .. Feb 8, not done on Jan 25: m1 (done only on Jan 28)
    assert [e.milestone.id for e in h.milestones_due] == ["m1"]


def test_a_week_that_has_not_started_has_no_events():
    h = week_highlights(CONTENT, "2026-W06", TODAY)
    assert h.start == D(2026, 2, 2) and h.end == TODAY
    assert h.milestones_done == () and h.tasks_finished == () and h.accomplishments == () and h.new_risks == ()
