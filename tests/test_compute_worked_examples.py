"""Worked examples of earned value and earned schedule, every expected figure computed by hand.

Calendar (checked in test_calendar): 2026-01-05 is a Monday; working days are Monday to Friday.
Working day numbers count from the plan start, which is day 1:
    Jan 5-9 = days 1-5, Jan 12-16 = 6-10, Jan 19-23 = 11-15, Jan 26-30 = 16-20,
    Feb 2-6 = 21-25, Feb 9-13 = 26-30, Feb 16-20 = 31-35, Feb 23-27 = 36-40, Mar 2-6 = 41-45, Mar 9 = 46.
"""

import datetime as dt
from decimal import Decimal

import pytest

from reporter.compute.earned_schedule import earned_schedule
from reporter.compute.earned_value import PERSON_DAYS, earned_value
from reporter.compute.progress import project_progress
from reporter.content.models import Colour, Milestone, Plan, Reporting, State, Update

from builders import make_task

D = dt.date
WD = Reporting().working_days  # Monday to Friday


def task(id, start, finish, effort=None, progress=0):
    return make_task(id, start, finish, effort=effort, progress=progress)


def update(date, progress=None, cost=None, status="green", forecasts=None):
    return Update(
        date=date,
        author="pm",
        status=status,
        summary="week",
        progress=progress or {},
        actual_cost=cost,
        forecasts=forecasts or {},
    )


def ev_of(plan, updates, today, currency="EUR"):
    return earned_value(plan, updates, today, working_days=WD, currency=currency)


def es_of(plan, updates, today):
    return earned_schedule(plan, updates, today, working_days=WD)


def close(a, b, tol=Decimal("1e-9")):
    return a is not None and abs(a - b) <= tol


def test_calendar():
    assert D(2026, 1, 5).weekday() == 0
    assert D(2026, 1, 16).weekday() == 4
    assert D(2026, 1, 19).weekday() == 0
    assert D(2026, 1, 21).weekday() == 2  # Wednesday
    assert D(2026, 1, 30).weekday() == 4
    assert D(2026, 2, 2).weekday() == 0
    assert D(2026, 2, 27).weekday() == 4
    assert D(2026, 3, 9).weekday() == 0


# --- (a) four tasks, part-way through, with costs ---------------------------------------------------

FOUR_TASKS = Plan(
    name="Four tasks",
    program="core",
    owner="pm",
    start=D(2026, 1, 5),
    finish=D(2026, 2, 27),  # PD = 40 working days
    budget=Decimal(100000),
    milestones=[Milestone(id="release", name="Release", due=D(2026, 2, 27))],
    tasks=[
        task("design", D(2026, 1, 5), D(2026, 1, 16), effort=10),  # days 1-10
        task("build", D(2026, 1, 19), D(2026, 2, 13), effort=40),  # days 11-30
        task("test", D(2026, 2, 2), D(2026, 2, 27)),  # days 21-40, no effort: weighs 20 working days
        task("docs", D(2026, 2, 16), D(2026, 2, 27), effort=10, progress=10),  # days 31-40, 10% done per the plan
    ],
)
FOUR_UPDATES = (
    update(D(2026, 1, 16), {"design": 80}),
    update(D(2026, 1, 23), {"design": 100, "build": 20}, cost=35000, status="amber"),
    update(D(2026, 1, 30), {"build": 35}, status="amber", forecasts={"release": D(2026, 3, 9)}),  # no cost
    update(D(2026, 2, 6), {"build": 60}, cost=50000),  # after the report date: ignored
)
REPORT_DAY = D(2026, 1, 30)  # working day 20


def test_a_progress():
    p = project_progress(FOUR_TASKS, FOUR_UPDATES, REPORT_DAY, WD)
    # progress: design 100 (Jan 23), build 35 (Jan 30), test 0 (plan), docs 10 (plan)
    assert [t.progress for t in p.tasks] == [100, 35, 0, 10]
    assert [t.weight for t in p.tasks] == [10, 40, 20, 10]  # total 80 person-days
    # done = 10x1 + 40x0.35 + 20x0 + 10x0.10 = 10 + 14 + 0 + 1 = 25 -> 25/80 = 31.25%
    assert p.weight_done == 25
    assert p.percent_complete == Decimal("31.25")
    # planned: design 10/10, build 10/20 (Jan 19-30), test and docs not started: 10 + 20 = 30 -> 30/80 = 37.5%
    assert [t.planned_percent for t in p.tasks] == [100, 50, 0, 0]
    assert p.planned_percent == Decimal("37.5")


def test_a_earned_value():
    v = ev_of(FOUR_TASKS, FOUR_UPDATES, REPORT_DAY)
    assert v.unit == "EUR" and v.has_budget
    assert v.bac == 100000
    assert v.pv == 37500  # 100000 x 30/80
    assert v.ev == 31250  # 100000 x 25/80
    assert v.ac == 35000  # the Jan 23 update: the newest on or before Jan 30 that gives a cost
    assert v.sv == -6250  # 31250 - 37500
    assert v.cv == -3750  # 31250 - 35000
    assert v.spi == Decimal(31250) / Decimal(37500)  # = 5/6
    assert close(v.spi, Decimal(5) / Decimal(6))
    assert v.cpi == Decimal(31250) / Decimal(35000)  # = 25/28
    assert close(v.cpi, Decimal(25) / Decimal(28))
    assert v.eac_typical == 112000  # BAC / CPI = 100000 x 28/25
    assert v.eac_atypical == 103750  # AC + (BAC - EV) = 35000 + 68750
    # AC + (BAC - EV) / (CPI x SPI) = 35000 + 68750 / (25/28 x 5/6) = 35000 + 68750 x 168/125 = 35000 + 92400
    assert v.eac_combined == 127400
    assert v.eac == v.eac_typical == 112000  # the lead EAC is the typical one
    assert v.eac_method == "typical"
    assert v.etc == 77000  # 112000 - 35000
    assert v.vac == -12000  # 100000 - 112000
    assert close(v.tcpi, Decimal(68750) / Decimal(65000))  # (BAC - EV) / (BAC - AC) = 55/52
    assert close(v.tcpi, Decimal("1.057692307692307692"))


def test_a_earned_schedule():
    s = es_of(FOUR_TASKS, FOUR_UPDATES, REPORT_DAY)
    assert s.pd == 40
    assert s.at == 20  # Jan 5 .. Jan 30
    # planned person-days at the end of day t (t <= 20): design min(t,10), build 40 x (t-10)/20 = 2(t-10)
    #   day 17 (Jan 27): 10 + 14 = 24;  day 18 (Jan 28): 10 + 16 = 26;  earned: 25
    # ES = 17 + (25 - 24) / (26 - 24) = 17.5
    assert s.es == Decimal("17.5")
    assert s.sv_t == Decimal("-2.5")  # 17.5 - 20
    assert s.spi_t == Decimal("0.875")  # 17.5 / 20
    assert close(s.ieac_t, Decimal(40) / Decimal("0.875"))  # 45.714...: working day 46
    assert s.forecast_finish == D(2026, 3, 9)  # day 46 = Monday 9 March
    assert not s.finished and s.actual_finish is None


# --- (b) finished late ------------------------------------------------------------------------------

SHORT = Plan(
    name="Short",
    program="core",
    owner="pm",
    state=State.done,
    start=D(2026, 1, 5),
    finish=D(2026, 1, 16),  # PD = 10
    budget=Decimal(20000),
    milestones=[Milestone(id="handover", name="Handover", due=D(2026, 1, 16), done=D(2026, 1, 21))],
    tasks=[task("a", D(2026, 1, 5), D(2026, 1, 9), effort=5), task("b", D(2026, 1, 12), D(2026, 1, 16), effort=5)],
)
LATE_UPDATES = (
    update(D(2026, 1, 9), {"a": 100}, cost=8000),
    update(D(2026, 1, 16), {"b": 60}, cost=16000, status="amber"),
    update(D(2026, 1, 21), {"b": 100}, cost=21000, status="amber"),  # 100% here: the actual finish
    update(D(2026, 1, 28), {}, status="amber"),  # still 100%: does not move the finish
)


def test_b_finished_late():
    today = D(2026, 1, 30)
    v = ev_of(SHORT, LATE_UPDATES, today)
    assert v.pv == 20000 and v.ev == 20000
    assert v.spi == 1  # cost-based SPI says "on schedule" at the end...
    s = es_of(SHORT, LATE_UPDATES, today)
    assert s.finished and s.actual_finish == D(2026, 1, 21)
    assert s.at == 13  # Jan 5 .. Jan 21: 10 + 3 (Jan 19, 20, 21)
    assert s.es == 10  # EV = BAC: ES = PD
    assert s.sv_t == -3  # ...but it finished 3 working days late
    assert s.spi_t == Decimal(10) / Decimal(13)
    assert s.spi_t < 1
    assert s.ieac_t == 13  # PD / SPI(t) = 10 x 13 / 10
    assert s.forecast_finish == D(2026, 1, 21)  # a finished project's forecast is its actual finish


def test_b_on_the_planned_finish_day_the_forecast_predicted_the_late_finish():
    today = D(2026, 1, 16)  # day 10
    v = ev_of(SHORT, LATE_UPDATES, today)
    # planned 100%; done: a 5x1 + b 5x0.6 = 8 of 10 -> 80%
    assert v.pv == 20000 and v.ev == 16000 and v.ac == 16000
    assert v.spi == Decimal("0.8") and v.cpi == 1
    s = es_of(SHORT, LATE_UPDATES, today)
    # planned fraction at the end of day t is t/10: 0.8 is reached exactly at t = 8
    assert s.es == 8 and s.at == 10 and s.sv_t == -2 and s.spi_t == Decimal("0.8")
    assert s.ieac_t == Decimal("12.5")  # 10 / 0.8 -> rounded up to working day 13
    assert s.forecast_finish == D(2026, 1, 21)


# --- (c) no budget: value in person-days ---------------------------------------------------------------

NO_BUDGET = Plan(
    name="No budget",
    program="core",
    owner="pm",
    start=D(2026, 1, 5),
    finish=D(2026, 1, 30),  # PD = 20
    tasks=[task("x", D(2026, 1, 5), D(2026, 1, 16)), task("y", D(2026, 1, 19), D(2026, 1, 30), effort=30)],
)


def test_c_no_budget():
    updates = (update(D(2026, 1, 16), {"x": 50}, cost=5000),)  # the cost is ignored without a budget
    v = ev_of(NO_BUDGET, updates, D(2026, 1, 16))
    assert v.unit == PERSON_DAYS == "person-days" and not v.has_budget
    assert v.bac == 40  # x weighs its 10 working days, y its 30 person-days of effort
    assert v.pv == 10  # x fully planned by Jan 16: 10 x 1
    assert v.ev == 5  # x half done: 10 x 0.5
    assert v.sv == -5 and v.spi == Decimal("0.5")
    costs = ("ac", "cv", "cpi", "eac_typical", "eac_atypical", "eac_combined", "eac", "eac_method", "etc", "vac", "tcpi")
    for name in costs:
        assert getattr(v, name) is None, name
    assert v.budget_spent is False  # 5000 > BAC = 40 person-days, but a cost is not compared with effort
    s = es_of(NO_BUDGET, updates, D(2026, 1, 16))
    # planned person-days at day t <= 10 = t; 5 earned -> ES = 5 exactly
    assert s.es == 5 and s.at == 10 and s.sv_t == -5 and s.spi_t == Decimal("0.5")
    assert s.ieac_t == 40  # 20 / 0.5
    assert s.forecast_finish == D(2026, 2, 27)  # working day 40


# --- (d) PV = 0: before the start --------------------------------------------------------------------


def test_d_before_the_start_planned_value_is_zero():
    today = D(2026, 1, 2)  # the Friday before the start
    v = ev_of(FOUR_TASKS, FOUR_UPDATES, today)
    assert v.pv == 0
    assert v.ev == 1250  # docs is 10% done per the plan: 100000 x (10 x 0.1) / 80
    assert v.spi is None  # EV / 0 is undefined, not infinite
    assert v.ac is None and v.cpi is None and v.eac is None and v.tcpi is None  # no update yet
    assert v.eac_method is None and v.budget_spent is False
    s = es_of(FOUR_TASKS, FOUR_UPDATES, today)
    assert s.at == 0
    assert s.spi_t is None and s.ieac_t is None and s.forecast_finish is None
    # 1 person-day earned = what is planned by the end of day 1: ES = 1, one day ahead
    assert s.es == 1 and s.sv_t == 1


# --- (e) AC = 0 ---------------------------------------------------------------------------------------


def test_e_zero_actual_cost():
    plan = NO_BUDGET.model_copy(update={"budget": Decimal(10000)})
    updates = (update(D(2026, 1, 16), {"x": 50}, cost=0),)
    v = ev_of(plan, updates, D(2026, 1, 16))
    assert v.pv == 2500 and v.ev == 1250 and v.ac == 0  # 10000 x 10/40 and 10000 x 5/40
    assert v.cv == 1250
    assert v.cpi is None  # EV / 0
    assert v.eac_typical is None and v.eac_combined is None
    assert v.eac_atypical == 8750  # 0 + (10000 - 1250)
    assert v.eac == 8750  # no CPI: the atypical EAC stands in
    assert v.eac_method == "atypical"
    assert v.etc == 8750 and v.vac == 1250
    assert v.tcpi == Decimal("0.875")  # 8750 / 10000
    assert v.budget_spent is False


def test_e_actual_cost_equal_to_budget_leaves_tcpi_undefined():
    plan = NO_BUDGET.model_copy(update={"budget": Decimal(10000)})
    v = ev_of(plan, (update(D(2026, 1, 16), {"x": 50}, cost=10000),), D(2026, 1, 16))
    assert v.tcpi is None  # BAC - AC = 0
    assert v.budget_spent is True  # AC = BAC
    assert v.cpi == Decimal("0.125") and v.eac == 80000  # 10000 / 0.125
    assert v.eac_method == "typical"


def test_e_actual_cost_over_budget_makes_tcpi_none_not_negative():
    plan = NO_BUDGET.model_copy(update={"budget": Decimal(10000)})
    v = ev_of(plan, (update(D(2026, 1, 16), {"x": 50}, cost=12000),), D(2026, 1, 16))
    # EV = 1250: the formula would give (10000 - 1250) / (10000 - 12000) = 8750 / -2000 = -4.375
    assert v.ev == 1250 and v.ac == 12000
    assert v.budget_spent is True and v.tcpi is None
    assert v.cv == -10750 and v.eac == 96000 and v.vac == -86000  # 10000 x 12000 / 1250


def test_e_actual_cost_just_under_budget_keeps_tcpi():
    plan = NO_BUDGET.model_copy(update={"budget": Decimal(10000)})
    v = ev_of(plan, (update(D(2026, 1, 16), {"x": 50}, cost=9000),), D(2026, 1, 16))
    assert v.budget_spent is False
    assert v.tcpi == Decimal("8.75")  # (10000 - 1250) / (10000 - 9000)


def test_e_nothing_earned_yet_the_atypical_eac_stands_in():
    plan = NO_BUDGET.model_copy(update={"budget": Decimal(10000)})
    v = ev_of(plan, (update(D(2026, 1, 9), {}, cost=500),), D(2026, 1, 9))
    assert v.ev == 0 and v.cpi == 0  # 0 / 500: no efficiency to project
    assert v.eac_typical is None and v.eac == v.eac_atypical == 10500  # 500 + (10000 - 0)
    assert v.eac_method == "atypical"


# --- (f) not started --------------------------------------------------------------------------------


def test_f_started_on_paper_but_nothing_done():
    plan = NO_BUDGET.model_copy(update={"budget": Decimal(10000)})
    today = D(2026, 1, 9)  # day 5
    v = ev_of(plan, (), today)
    assert v.pv == 1250  # x planned 5/10: 10000 x 5/40
    assert v.ev == 0 and v.spi == 0 and v.sv == -1250
    assert v.ac is None and v.cpi is None and v.eac is None
    s = es_of(plan, (), today)
    assert s.es == 0 and s.at == 5 and s.sv_t == -5 and s.spi_t == 0
    assert s.ieac_t is None and s.forecast_finish is None  # PD / 0 is undefined


def test_f_not_started_before_the_start():
    s = es_of(NO_BUDGET, (), D(2026, 1, 2))
    assert s.at == 0 and s.es == 0 and s.sv_t == 0 and s.spi_t is None
    v = ev_of(NO_BUDGET, (), D(2026, 1, 2))
    assert v.pv == 0 and v.ev == 0 and v.spi is None


# --- (g) finished on time ---------------------------------------------------------------------------


def test_g_finished_on_time():
    updates = (update(D(2026, 1, 9), {"a": 100}, cost=9000), update(D(2026, 1, 16), {"b": 100}, cost=19000))
    s = es_of(SHORT, updates, D(2026, 1, 23))
    assert s.finished and s.actual_finish == D(2026, 1, 16)
    assert s.at == 10 and s.es == 10
    assert s.spi_t == 1 and s.sv_t == 0
    assert s.forecast_finish == D(2026, 1, 16)
    v = ev_of(SHORT, updates, D(2026, 1, 23))
    assert v.spi == 1 and v.cpi == Decimal(20000) / Decimal(19000)


# --- the details of earned schedule ----------------------------------------------------------------

GAP = Plan(
    name="Gap",
    program="core",
    owner="pm",
    start=D(2026, 1, 5),
    finish=D(2026, 1, 23),  # PD = 15
    # a: days 1-5; nothing planned on days 6-10; b: days 11-15
    tasks=[task("a", D(2026, 1, 5), D(2026, 1, 9), effort=5), task("b", D(2026, 1, 19), D(2026, 1, 23), effort=5)],
)


@pytest.mark.parametrize(
    ("progress", "es"),
    [
        ({"a": 100}, 8),  # on plan in the level stretch (planned 50% on days 5-10): ES = AT = 8
        ({"a": 60}, 3),  # 30%: planned by the end of day 3
        ({"a": 100, "b": 20}, 11),  # 60%: planned by the end of day 11
        ({"a": 90}, Decimal("4.5")),  # 45%: halfway between day 4 (40%) and day 5 (50%)
    ],
)
def test_earned_schedule_across_a_stretch_with_no_planned_work(progress, es):
    s = es_of(GAP, (update(D(2026, 1, 14), progress),), D(2026, 1, 14))  # Wednesday, day 8
    assert s.at == 8
    assert s.es == es
    assert s.spi_t == Decimal(es) / 8


def test_finished_project_without_updates_stops_at_its_last_milestone():
    plan = SHORT.model_copy(
        update={
            "tasks": [t.model_copy(update={"progress": 100}) for t in SHORT.tasks],
            "milestones": [Milestone(id="m", name="M", due=D(2026, 1, 16), done=D(2026, 1, 20))],
        }
    )
    s = es_of(plan, (), D(2026, 2, 27))
    assert s.actual_finish == D(2026, 1, 20) and s.at == 12 and s.sv_t == -2


def test_finished_project_without_any_finish_evidence_stops_at_its_last_planned_task_finish():
    """The plan says 100% but not when: its last task's planned finish (Fri 16 Jan) stands in, so the
    figures do not drift as the months go by (AT = 10 working days = PD, ES = PD: SV(t) = 0, SPI(t) = 1)."""
    plan = SHORT.model_copy(update={"tasks": [t.model_copy(update={"progress": 100}) for t in SHORT.tasks], "milestones": []})
    for today in (D(2026, 1, 23), D(2026, 5, 29)):
        s = es_of(plan, (), today)
        assert s.actual_finish == D(2026, 1, 16) and s.at == 10 and s.sv_t == 0 and s.spi_t == 1
    # Finished ahead of a plan still running: the finish is at the latest the report date.
    assert es_of(plan, (), D(2026, 1, 14)).actual_finish == D(2026, 1, 14)


def test_reopened_work_finishes_at_the_second_finish():
    updates = (
        update(D(2026, 1, 9), {"a": 100, "b": 100}),
        update(D(2026, 1, 14), {"b": 90}),  # reopened
        update(D(2026, 1, 16), {"b": 100}),
    )
    s = es_of(SHORT, updates, D(2026, 1, 30))
    assert s.actual_finish == D(2026, 1, 16) and s.at == 10 and s.spi_t == 1


def test_health_colours_of_the_examples():
    """The same examples through the whole pipeline, for the health they get."""
    from reporter.compute.project_figures import project_figures
    from reporter.content.models import Portfolio, Program, Project

    portfolio = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])
    a = project_figures(Project("four", FOUR_TASKS, FOUR_UPDATES), portfolio, REPORT_DAY)
    # SPI(t) 0.875 and CPI 0.8929 are both under the amber line (0.95), above the red one (0.85)
    assert a.health.colour == Colour.amber
    assert a.health.reasons == ("SPI(t) 0.88 is below 0.95", "CPI 0.89 is below 0.95")
    assert a.health.reported == Colour.amber and not a.health.reported_better_than_evidence
    assert a.at_risk_milestones == 1  # release forecast for Mar 9, due Feb 27

    b = project_figures(Project("short", SHORT, LATE_UPDATES), portfolio, D(2026, 1, 30))
    # done, judged at its finish (Jan 21): SPI(t) = 10/13 = 0.769 would be red, but a done project is
    # never coloured for being late (the figure stays on its page); CPI 20000/21000 = 0.952 is fine
    assert b.evidence_date == D(2026, 1, 21)
    assert b.earned_schedule.spi_t == Decimal(10) / Decimal(13)
    assert b.health.colour == Colour.green
    assert b.health.reasons == ()
    assert not b.health.reported_better_than_evidence  # reported amber, computed green
