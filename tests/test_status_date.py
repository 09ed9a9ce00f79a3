"""A project's figures are taken at its status date, so they are the same on every day the site is built.

Calendar: 2026-01-05 is a Monday; working days are Monday to Friday.
    Jan 5-9 = working days 1-5, Jan 12-16 = 6-10, Jan 19-23 = 11-15.
"""

import datetime as dt
from decimal import Decimal

import pytest

from reporter.compute.project_figures import project_figures, status_date
from reporter.content.models import Colour, Milestone, Plan, Portfolio, Program, Project, Task, Update

D = dt.date
PORTFOLIO = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])


def plan(finish, tasks, milestones=()):
    return Plan(
        name="P", program="core", owner="pm", start=D(2026, 1, 5), finish=finish,
        budget=Decimal(1000), tasks=list(tasks), milestones=list(milestones),
    )  # fmt: skip


def update(date, progress, cost=None):
    return Update(date=date, author="pm", status="green", summary="s", progress=progress, actual_cost=cost)


# Ten working days, Jan 5 to Jan 16; on Friday Jan 9 (working day 5) the work is exactly half done.
ON_PLAN = Project(
    "on-plan",
    plan(D(2026, 1, 16), [Task(id="work", name="Work", start=D(2026, 1, 5), finish=D(2026, 1, 16), effort=10)]),
    (update(D(2026, 1, 9), {"work": 50}, cost=Decimal(500)),),
)


@pytest.mark.parametrize("day", range(10, 17))  # Saturday Jan 10 to Friday Jan 16: every day of the week
def test_an_on_plan_project_reads_the_same_on_every_build_day(day):
    figures = project_figures(ON_PLAN, PORTFOLIO, D(2026, 1, day))
    assert figures.status_date == D(2026, 1, 9)
    ev, es = figures.earned_value, figures.earned_schedule
    # At the status date: 5 of 10 working days planned and 50% done: PV = EV = 500, AC 500.
    assert (ev.pv, ev.ev, ev.ac, ev.spi, ev.cpi) == (500, 500, 500, 1, 1)
    assert (es.at, es.es, es.spi_t) == (5, 5, 1)
    assert es.forecast_finish == D(2026, 1, 16)  # IEAC(t) = 10 working days: the plan's finish
    assert figures.colour == Colour.green and not figures.health.reported_better_than_evidence
    assert not figures.stale  # 1 to 7 days old: within the 7-day cadence plus 3 days of grace


def test_staleness_still_moves_with_the_report_date():
    # Twelve days after the update (more than 7 + 3): stale and amber, but the figures have not moved.
    figures = project_figures(ON_PLAN, PORTFOLIO, D(2026, 1, 21))
    assert figures.stale and figures.colour == Colour.amber
    assert figures.earned_schedule.spi_t == 1 and figures.earned_value.pv == 500


def test_the_status_date_before_the_first_update():
    empty = Project("e", ON_PLAN.plan)
    assert status_date(empty, D(2026, 1, 20)) == D(2026, 1, 5)  # the plan's start
    assert status_date(empty, D(2026, 1, 2)) == D(2026, 1, 2)  # not started yet: the report date
    assert status_date(ON_PLAN, D(2026, 1, 8)) == D(2026, 1, 5)  # the update of Jan 9 does not count yet


# Eight working days, Mon Jan 5 to Wed Jan 14. The work was finished on Wednesday, on plan, and reported on
# Friday Jan 16.
TASK = Task(id="work", name="Work", start=D(2026, 1, 5), finish=D(2026, 1, 14), effort=8)
SHIP = Milestone(id="ship", name="Shipped", due=D(2026, 1, 14))
REPORTED_FRIDAY = (update(D(2026, 1, 9), {"work": 62.5}), update(D(2026, 1, 16), {"work": 100}))


@pytest.mark.parametrize("day", range(16, 23))  # Friday Jan 16 to Thursday Jan 22
def test_a_project_finished_on_plan_and_reported_two_days_later_is_on_plan(day):
    done_milestone = plan(D(2026, 1, 14), [TASK], [SHIP.model_copy(update={"done": D(2026, 1, 14)})])
    figures = project_figures(Project("p", done_milestone, REPORTED_FRIDAY), PORTFOLIO, D(2026, 1, day))
    es = figures.earned_schedule
    # The last milestone was done on Wednesday: AT stops at working day 8, ES = PD = 8.
    assert (es.actual_finish, es.at, es.es, es.spi_t) == (D(2026, 1, 14), 8, 8, 1)
    assert es.forecast_finish == D(2026, 1, 14)
    assert figures.colour == Colour.green


def test_a_task_done_date_gives_the_finish_too():
    done_task = plan(D(2026, 1, 14), [TASK.model_copy(update={"done": D(2026, 1, 14)})])
    figures = project_figures(Project("p", done_task, REPORTED_FRIDAY), PORTFOLIO, D(2026, 1, 19))
    assert (figures.earned_schedule.actual_finish, figures.earned_schedule.spi_t) == (D(2026, 1, 14), 1)


def test_the_earliest_date_the_content_supports_wins():
    # The milestone's done date is after the update that said 100%: the update is the earlier evidence.
    late_mark = plan(D(2026, 1, 14), [TASK], [SHIP.model_copy(update={"done": D(2026, 1, 19)})])
    figures = project_figures(Project("p", late_mark, REPORTED_FRIDAY), PORTFOLIO, D(2026, 1, 20))
    assert figures.earned_schedule.actual_finish == D(2026, 1, 16)


def test_without_a_done_date_the_finish_is_the_update_that_said_100():
    # Only Friday's update says when: AT = 10 working days (to Jan 16), ES = 8, SPI(t) 0.8: red.
    figures = project_figures(Project("p", plan(D(2026, 1, 14), [TASK]), REPORTED_FRIDAY), PORTFOLIO, D(2026, 1, 19))
    es = figures.earned_schedule
    assert (es.actual_finish, es.at, es.es, es.spi_t) == (D(2026, 1, 16), 10, 8, Decimal("0.8"))
    assert figures.colour == Colour.red


def test_a_task_done_date_counts_it_complete_from_that_day():
    done_task = plan(D(2026, 1, 14), [TASK.model_copy(update={"done": D(2026, 1, 13)})])
    project = Project("p", done_task, (update(D(2026, 1, 9), {"work": 62.5}), update(D(2026, 1, 13), {})))
    assert project_figures(project, PORTFOLIO, D(2026, 1, 13)).progress.percent_complete == 100
    before = Project("p", done_task, (update(D(2026, 1, 12), {"work": 62.5}),))
    assert project_figures(before, PORTFOLIO, D(2026, 1, 12)).progress.percent_complete == Decimal("62.5")


def test_an_early_gate_is_no_finish():
    # Kick-off done on Fri Jan 9; on Fri Jan 16 an update still says 62.5%; 100% on Wed Jan 21. The
    # milestone's date is before the last report of open work, so the update of Jan 21 is the finish.
    gate = plan(D(2026, 1, 21), [TASK], [Milestone(id="kick", name="Kick-off", due=D(2026, 1, 9), done=D(2026, 1, 9))])
    updates = (update(D(2026, 1, 16), {"work": 62.5}), update(D(2026, 1, 21), {"work": 100}))
    es = project_figures(Project("p", gate, updates), PORTFOLIO, D(2026, 1, 23)).earned_schedule
    # The plan runs Jan 5 to Jan 21, 13 working days: complete, ES = PD = 13, and AT runs to Jan 21: 13.
    # (Had the gate counted, AT would have stopped at 5 and SPI(t) read 2.6.)
    assert (es.actual_finish, es.at, es.es, es.spi_t) == (D(2026, 1, 21), 13, 13, 1)


def test_a_plan_kept_without_updates_reports_its_finish():
    # No update at all: the status date is the task's done date, when the plan says it was finished.
    done_task = plan(D(2026, 1, 14), [TASK.model_copy(update={"done": D(2026, 1, 14)})])
    figures = project_figures(Project("p", done_task), PORTFOLIO, D(2026, 1, 30))
    assert figures.status_date == D(2026, 1, 14)
    assert (figures.progress.percent_complete, figures.earned_schedule.spi_t) == (100, 1)
