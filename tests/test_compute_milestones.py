"""Milestones: state at a report date, forecasts, at risk, and counts."""

import datetime as dt

from reporter.compute.milestones import at_risk_count, milestone_statuses, next_milestone, overdue_count
from reporter.content.models import Milestone, Plan

from builders import make_update

D = dt.date
TODAY = D(2026, 3, 2)  # a Monday

PLAN = Plan(
    name="P",
    program="core",
    owner="pm",
    start=D(2026, 1, 5),
    finish=D(2026, 6, 26),
    milestones=[
        Milestone(id="late", name="Done late", due=D(2026, 2, 6), done=D(2026, 2, 9)),
        Milestone(id="ontime", name="Done on time", due=D(2026, 2, 13), done=D(2026, 2, 13)),
        Milestone(id="overdue", name="Overdue", due=D(2026, 2, 20)),
        Milestone(id="soon", name="Due soon", due=D(2026, 3, 16)),  # 14 days away: still "due soon"
        Milestone(id="later", name="Upcoming", due=D(2026, 3, 17)),  # 15 days away
        Milestone(id="future-done", name="Done after today", due=D(2026, 2, 27), done=D(2026, 3, 5)),
    ],
)


def update(date, forecasts):
    return make_update(date, forecasts=forecasts)


UPDATES = (
    update(D(2026, 2, 20), {"soon": D(2026, 3, 20), "later": D(2026, 3, 30)}),
    update(D(2026, 2, 27), {"soon": D(2026, 3, 13), "overdue": D(2026, 3, 6)}),  # newest forecast for "soon"
    update(D(2026, 3, 6), {"later": D(2026, 3, 10)}),  # after today: ignored
)


def test_states_and_days():
    by_id = {s.milestone.id: s for s in milestone_statuses(PLAN, UPDATES, TODAY)}
    assert (by_id["late"].state, by_id["late"].days_late, by_id["late"].label) == ("done", 3, "done 3 days late")
    assert by_id["ontime"].label == "done on time"
    assert (by_id["overdue"].state, by_id["overdue"].days_late) == ("overdue", 10)  # Feb 20 -> Mar 2
    assert by_id["soon"].state == "due-soon"
    assert by_id["later"].state == "upcoming"
    assert by_id["future-done"].state == "overdue"  # done after the report date: not done yet then


def test_forecasts_come_from_the_newest_update_giving_one():
    by_id = {s.milestone.id: s for s in milestone_statuses(PLAN, UPDATES, TODAY)}
    assert by_id["soon"].forecast == D(2026, 3, 13)
    assert by_id["later"].forecast == D(2026, 3, 30)  # the Mar 6 update is after today
    assert by_id["late"].forecast is None


def test_at_risk_means_not_done_and_forecast_after_due():
    by_id = {s.milestone.id: s for s in milestone_statuses(PLAN, UPDATES, TODAY)}
    assert by_id["later"].at_risk  # due Mar 17, forecast Mar 30
    assert by_id["overdue"].at_risk  # due Feb 20, forecast Mar 6
    assert not by_id["soon"].at_risk  # due Mar 16, forecast Mar 13
    assert not by_id["late"].at_risk  # done
    assert not by_id["ontime"].at_risk


def test_counts():
    statuses = milestone_statuses(PLAN, UPDATES, TODAY)
    assert overdue_count(statuses) == 2  # "overdue" and "future-done"
    assert at_risk_count(statuses) == 2


def test_next_milestone_is_the_earliest_open_one():
    assert next_milestone(PLAN, TODAY).id == "overdue"
    assert next_milestone(PLAN.model_copy(update={"milestones": []}), TODAY) is None


def test_expected_date_and_forecast_slip():
    by_id = {s.milestone.id: s for s in milestone_statuses(PLAN, UPDATES, TODAY)}
    got = {i: (s.expected, s.forecast_slip_days) for i, s in by_id.items()}
    assert got == {
        "late": (D(2026, 2, 9), None),  # done: its done date, and no slip to forecast
        "ontime": (D(2026, 2, 13), None),
        "overdue": (D(2026, 3, 6), 14),  # due Feb 20, forecast Mar 6
        "soon": (D(2026, 3, 13), -3),  # due Mar 16, forecast Mar 13: early
        "later": (D(2026, 3, 30), 13),  # due Mar 17, forecast Mar 30
        "future-done": (D(2026, 2, 27), None),  # not done yet on Mar 2 and no forecast: its due date
    }
