"""Changes between two snapshots: forecasts that moved, and risks opened, mitigated and closed."""

import datetime as dt

from reporter.compute.changes import DateMove, project_changes
from reporter.content.models import Milestone, Project, Risk

from builders import make_plan, make_update

D = dt.date


def plan(milestones=(), risks=()):
    return make_plan(D(2026, 11, 2), D(2027, 3, 26), milestones=milestones, risks=risks)


def update(date, forecasts=None):
    return make_update(date, forecasts=forecasts)


def changes(before_plan, before_updates, after_plan, after_updates):
    return project_changes(Project("p", before_plan, tuple(before_updates)), Project("p", after_plan, tuple(after_updates)))


def test_a_forecast_that_moved_is_a_change():
    milestones = [
        Milestone(id="build", name="Build done", due=D(2026, 12, 1)),
        Milestone(id="test", name="Tested", due=D(2027, 1, 15)),
        Milestone(id="steady", name="Steady", due=D(2027, 2, 1)),
    ]
    week1 = [update(D(2026, 11, 13), {"test": D(2027, 1, 20), "steady": D(2027, 2, 5)})]
    # build: no forecast last week, so its due date 2026-12-01; now 2026-12-15: +14 days.
    # test: forecast 2027-01-20, now 2027-01-18 (in the newest update of two): −2 days.
    # steady: the forecast of last week still stands: no change.
    week2 = week1 + [
        update(D(2026, 11, 19), {"build": D(2026, 12, 15), "test": D(2027, 1, 25)}),
        update(D(2026, 11, 20), {"test": D(2027, 1, 18)}),
    ]
    found = changes(plan(milestones), week1, plan(milestones), week2)
    assert found.forecasts_moved == (
        DateMove("Build done", D(2026, 12, 1), D(2026, 12, 15)),
        DateMove("Tested", D(2027, 1, 20), D(2027, 1, 18)),
    )
    assert [m.days for m in found.forecasts_moved] == [14, -2]
    assert found.dates_moved == ()
    assert not found.empty
    assert changes(plan(milestones), week2, plan(milestones), week2).empty


def test_a_due_date_alone_or_a_done_milestone_is_no_forecast_move():
    before = plan([Milestone(id="a", name="A", due=D(2026, 12, 1)), Milestone(id="b", name="B", due=D(2026, 12, 4))])
    # a moves in the plan with no forecast either side; b is reached, its old forecast now moot
    after = plan(
        [Milestone(id="a", name="A", due=D(2026, 12, 8)), Milestone(id="b", name="B", due=D(2026, 12, 4), done=D(2026, 11, 20))]
    )
    week1 = [update(D(2026, 11, 13), {"b": D(2026, 12, 10)})]
    week2 = week1 + [update(D(2026, 11, 20), {"b": D(2026, 11, 20)})]
    found = changes(before, week1, after, week2)
    assert found.forecasts_moved == ()
    assert found.dates_moved == (DateMove("A", D(2026, 12, 1), D(2026, 12, 8)),)
    assert found.milestones_done == ("B",)
    # the plan re-dated to the forecast: forecast 2026-12-08 both weeks, so it did not move
    week1b = [update(D(2026, 11, 13), {"a": D(2026, 12, 8)})]
    assert changes(before, week1b, after, week1b).forecasts_moved == ()


def risk(risk_id, status):
    return Risk(id=risk_id, title=f"Risk {risk_id}", probability=3, impact=3, status=status)


def test_mitigated_is_not_closed():
    before = [
        risk("a", "open"),
        risk("b", "open"),
        risk("c", "mitigated"),
        risk("d", "closed"),
        risk("e", "mitigated"),
        risk("f", "occurred"),
        risk("g", "mitigated"),
        risk("h", "mitigated"),
    ]
    after = [
        risk("a", "mitigated"),  # open -> mitigated: mitigated
        risk("b", "closed"),  # open -> closed: closed
        risk("c", "open"),  # mitigated -> open: never closed, so not opened again
        risk("d", "mitigated"),  # closed -> mitigated: reopened
        risk("e", "closed"),  # mitigated -> closed: closed
        risk("f", "mitigated"),  # occurred -> mitigated: mitigated
        # g removed from the plan: closed
        risk("h", "mitigated"),  # unchanged
        risk("i", "mitigated"),  # new, already mitigated: opened
        risk("j", "closed"),  # new and closed: nothing
    ]
    found = changes(plan(risks=before), [], plan(risks=after), [])
    assert found.risks_opened == ("Risk d", "Risk i")
    assert found.risks_mitigated == ("Risk a", "Risk f")
    assert found.risks_closed == ("Risk b", "Risk e", "Risk g")
    only_mitigated = changes(plan(risks=[risk("a", "open")]), [], plan(risks=[risk("a", "mitigated")]), [])
    assert (only_mitigated.risks_mitigated, only_mitigated.risks_closed, only_mitigated.empty) == (("Risk a",), (), False)


def test_a_risk_that_occurred_is_a_change():
    before = [risk("a", "open"), risk("b", "mitigated"), risk("c", "occurred")]
    after = [risk("a", "occurred"), risk("b", "occurred"), risk("c", "occurred"), risk("n", "occurred")]
    found = changes(plan(risks=before), [], plan(risks=after), [])
    # a and b happened this week; c had already; n is new (and so opened, not "occurred again").
    assert (found.risks_occurred, found.risks_opened, found.empty) == (("Risk a", "Risk b"), ("Risk n",), False)
