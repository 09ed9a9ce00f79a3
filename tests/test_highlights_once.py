"""Each event is a highlight once, in the week it happened, told against the content a week before.

Calendar: week 2026-W47 is Monday 16 to Sunday 22 November 2026; W46 is 9 to 15 November.
"""

import datetime as dt

from reporter.compute.highlights import week_highlights
from reporter.content.models import Content, Milestone, Plan, Portfolio, Program, Project, Risk, Update

D = dt.date
PORTFOLIO = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])
SHIP = Milestone(id="ship", name="Ship", due=D(2026, 11, 27))


def plan(risk_status="open", name="Alpha"):
    return Plan(
        name=name, program="core", owner="pm", start=D(2026, 9, 7), finish=D(2026, 12, 18),
        milestones=[SHIP], risks=[Risk(id="r", title="Vendor late", probability=3, impact=4, status=risk_status)],
    )  # fmt: skip


def update(date, summary="week", blockers=(), forecasts=None):
    return Update(
        date=date, author="pm", status="green", summary=summary, blockers=list(blockers), forecasts=forecasts or {}
    )  # fmt: skip


W46 = update(D(2026, 11, 13), blockers=["Test data"], forecasts={"ship": D(2026, 12, 1)})
W47 = update(D(2026, 11, 20), blockers=["Test data", "No licence"], forecasts={"ship": D(2026, 12, 15)})
SILENT = Project("beta", plan(name="Beta"), (update(D(2026, 11, 13)),))


def content(risk_status="open", updates=(W46, W47)):
    return Content(PORTFOLIO, (Project("alpha", plan(risk_status), tuple(updates)), SILENT))


def test_a_risk_that_occurred_is_told_in_that_week_only():
    occurred = content("occurred")
    this_week = week_highlights(occurred, "2026-W47", D(2026, 11, 22), previous=content("open", (W46,)))
    assert [r.risk.id for r in this_week.occurred_risks] == ["r"]
    a_week_later = week_highlights(occurred, "2026-W48", D(2026, 11, 29), previous=occurred)
    assert a_week_later.occurred_risks == ()
    # Without history nothing tells when it occurred: it is listed rather than hidden.
    assert [r.risk.id for r in week_highlights(occurred, "2026-W48", D(2026, 11, 29)).occurred_risks] == ["r"]


def test_a_blocker_is_new_once_then_still_open():
    h = week_highlights(content(), "2026-W47", D(2026, 11, 22))
    assert [(b.blocker.text, b.new) for b in h.blockers] == [("Test data", False), ("No licence", True)]
    assert [b.blocker.text for b in h.new_blockers] == ["No licence"]


def test_a_moved_forecast_is_a_highlight_and_due_soon_shows_the_forecast():
    h = week_highlights(content(), "2026-W47", D(2026, 11, 20))
    (move,) = h.forecasts_moved
    assert (move.milestone.id, move.before, move.after, move.days) == ("ship", D(2026, 12, 1), D(2026, 12, 15), 14)
    # Ship is due on 27 Nov, 7 days after the window's end (the report date, Friday 20 Nov); Beta's has no forecast.
    assert [(m.project_id, m.milestone.id, m.forecast) for m in h.milestones_due] == [
        ("alpha", "ship", D(2026, 12, 15)),
        ("beta", "ship", None),
    ]
    # The first forecast ever given moves the milestone from its due date.
    first = week_highlights(content(), "2026-W46", D(2026, 11, 15))
    assert [(m.before, m.after) for m in first.forecasts_moved] == [(D(2026, 11, 27), D(2026, 12, 1))]


def test_a_rewritten_past_update_and_a_project_that_did_not_report():
    rewritten = update(D(2026, 11, 13), summary="rewritten", blockers=["Test data"], forecasts={"ship": D(2026, 12, 1)})
    before = content(updates=(W46,))
    h = week_highlights(content(updates=(rewritten, W47)), "2026-W47", D(2026, 11, 22), previous=before)
    assert [(r.project_id, r.date) for r in h.rewritten] == [("alpha", D(2026, 11, 13))]
    assert [p.project_id for p in h.not_reported] == ["beta"]  # its last update is of W46
    unchanged = week_highlights(content(), "2026-W47", D(2026, 11, 22), previous=before)
    assert unchanged.rewritten == ()


def test_a_task_done_date_is_the_day_it_finished():
    from reporter.content.models import Task

    task = Task(id="t", name="Build", start=D(2026, 11, 2), finish=D(2026, 11, 20), done=D(2026, 11, 18))
    p = plan().model_copy(update={"tasks": [task]})
    said_100 = (update(D(2026, 11, 13)), update(D(2026, 11, 20)).model_copy(update={"progress": {"t": 100}}))
    h = week_highlights(Content(PORTFOLIO, (Project("alpha", p, said_100),)), "2026-W47", D(2026, 11, 22))
    assert [(t.task.id, t.date) for t in h.tasks_finished] == [("t", D(2026, 11, 18))]
    # Done in W47 by the plan alone, with no update saying so: still a highlight of W47, and of no other week.
    quiet = Content(PORTFOLIO, (Project("alpha", p, (update(D(2026, 11, 13)),)),))
    assert [t.date for t in week_highlights(quiet, "2026-W47", D(2026, 11, 22)).tasks_finished] == [D(2026, 11, 18)]
    assert week_highlights(quiet, "2026-W48", D(2026, 11, 29)).tasks_finished == ()


def test_a_week_history_has_no_version_of_tells_no_plan_event():
    from reporter.compute.weekly import reporting_weeks

    occurred = content("occurred")
    # History starts in W47 (say, a repository adopted then with the W46 update backdated): W46 has no
    # snapshot, so nothing tells when the risk occurred but W47, the first week history knows.
    weeks = reporting_weeks(occurred, D(2026, 11, 22), {"2026-W47": occurred})
    assert [(w.name, [r.risk.id for r in w.highlights.occurred_risks]) for w in weeks] == [
        ("2026-W47", ["r"]),
        ("2026-W46", []),
    ]
