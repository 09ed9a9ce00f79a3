"""Real plan shapes: plans of milestones only, plans of neither, `state: done`, proposed projects.

2026-01-05 is a Monday; working days are Monday to Friday; default health rules. Every figure is
checked on several build days (report dates), to show it depends on the content, not on the day.
"""

import datetime as dt
from decimal import Decimal

import pytest

from reporter.compute.project_figures import project_figures
from reporter.compute.rollup import rollup
from reporter.content.models import Colour, Milestone, Portfolio, Program, Project, State

from builders import make_plan, make_update

D = dt.date
PORTFOLIO = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])
# Build days: a Wednesday, a Friday, a Saturday and a Monday, weeks after every update below.
BUILD_DAYS = [D(2026, 3, 4), D(2026, 3, 6), D(2026, 3, 7), D(2026, 3, 9)]

# Plan Jan 5 .. Feb 27. m1 due Fri Jan 16: Jan 5..16, 10 working days. m2 due Fri Feb 27:
# Jan 17..Feb 27, 30 working days. Total 40.
GATES = [
    Milestone(id="m1", name="Design signed", due=D(2026, 1, 16), done=D(2026, 1, 16)),
    Milestone(id="m2", name="Live", due=D(2026, 2, 27)),
]


def figures(plan, updates, today):
    return project_figures(Project("p", plan, tuple(updates)), PORTFOLIO, today)


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_milestones_only_plan_has_progress_earned_value_and_a_rollup(today):
    plan = make_plan(D(2026, 1, 5), D(2026, 2, 27), milestones=GATES, budget=40000)
    f = figures(plan, [make_update(D(2026, 1, 23), actual_cost=9000)], today)
    assert f.status_date == D(2026, 1, 23)
    # done: m1, 10 of 40 -> 25%; planned by Fri Jan 23: m1's 10 + 5 of m2's 30 (Jan 19..23) = 15 of 40
    assert f.progress.percent_complete == 25
    assert f.progress.planned_percent == Decimal("37.5")
    # EV = 40000 x 10/40 = 10000; PV = 40000 x 15/40 = 15000; CPI = 10000 / 9000
    assert (f.earned_value.ev, f.earned_value.pv) == (10000, 15000)
    assert f.earned_value.cpi == Decimal(10000) / Decimal(9000)
    # ES: EV equals PV at the end of working day 10 (Jan 16), exactly: ES = 10; AT = Jan 5..23 = 15
    assert (f.earned_schedule.es, f.earned_schedule.at) == (10, 15)
    roll = rollup([f], scope="portfolio", name="Org")
    assert roll.percent_complete == 25  # was n/a when plans without tasks weighed nothing


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_a_done_plan_of_neither_tasks_nor_milestones_is_done_on_its_finish(today):
    plan = make_plan(D(2026, 1, 5), D(2026, 2, 27), state=State.done)
    f = figures(plan, [], today)
    assert f.progress.percent_complete == 100
    assert f.earned_schedule.finished and f.earned_schedule.actual_finish == D(2026, 2, 27)
    assert f.status_date == D(2026, 2, 27)
    # PD = AT = Jan 5..Feb 27 = 40 working days; ES = PD once complete: SPI(t) = 1
    assert f.earned_schedule.spi_t == 1
    assert f.health.colour == Colour.green and not f.staleness.stale


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_a_done_plan_of_milestones_finishes_on_its_last_milestone(today):
    late = [GATES[0], GATES[1].model_copy(update={"done": D(2026, 3, 3)})]  # Live reached Tue Mar 3, 3 days late
    plan = make_plan(D(2026, 1, 5), D(2026, 2, 27), milestones=late, state=State.done)
    f = figures(plan, [make_update(D(2026, 1, 23), status="red")], today)
    assert f.progress.percent_complete == 100
    assert f.earned_schedule.actual_finish == D(2026, 3, 3)
    # AT = Jan 5..Mar 3 = 42 working days; ES = PD = 40: SPI(t) = 40/42 = 0.952; late, and done: not coloured for it
    assert f.earned_schedule.spi_t == Decimal(40) / Decimal(42)
    assert f.health.colour == Colour.green
    assert f.overdue_milestones == 0


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_a_done_plan_never_marked_is_not_red_for_its_milestones(today):
    never_marked = [m.model_copy(update={"done": None}) for m in GATES]
    plan = make_plan(D(2026, 1, 5), D(2026, 2, 27), milestones=never_marked, state=State.done)
    f = figures(plan, [], today)
    # finished when its last milestone was due, Feb 27; m1 (due Jan 16) was never marked done: overdue
    # at the finish, shown so on the page, but a done project is not coloured for lateness
    assert f.progress.percent_complete == 100
    assert f.earned_schedule.actual_finish == D(2026, 2, 27)
    assert f.overdue_milestones == 1
    assert f.health.colour == Colour.green


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_a_proposed_project_past_its_start_is_not_assessed(today):
    plan = make_plan(D(2026, 1, 5), D(2026, 2, 27), milestones=GATES[1:], state=State.proposed)
    f = figures(plan, [], today)
    assert f.colour is None
    assert f.health.reasons == ("Not assessed: proposed, starts 2026-01-05",)
    assert not f.stale


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_a_proposed_project_is_assessed_once_an_update_arrives(today):
    plan = make_plan(D(2026, 1, 5), D(2026, 2, 27), milestones=GATES[1:], state=State.proposed)
    f = figures(plan, [make_update(D(2026, 2, 2))], today)
    # At its status date, Feb 2, nothing is done (EV 0) though 21 of Live's 40 working days have passed
    # (Jan 5..Feb 2): ES = 0, SPI(t) = 0; and Live, due Feb 27, is overdue at every build day
    assert f.colour == Colour.red
    assert f.health.reasons == ("SPI(t) 0.00 is below 0.85", "1 milestone is overdue")


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_updates_before_a_proposed_projects_start_speak_of_the_proposal(today):
    plan = make_plan(D(2026, 3, 2), D(2026, 6, 26), milestones=GATES[1:], state=State.proposed)
    f = figures(plan, [make_update(D(2026, 2, 20), status="amber")], today)
    # updated on Feb 20, before its planned start (Mar 2): still a proposal, whatever the build day
    assert f.colour is None and f.reported == Colour.amber
    assert f.health.reasons == ("Not assessed: proposed, starts 2026-03-02",)
