"""Rollups of programs and of the portfolio, checked against sums done by hand; and the `assess` entry point.

2026-01-05 is a Monday; working days are Monday to Friday. Report date: Friday 2026-01-30 (working day 20).
"""

import datetime as dt
from decimal import Decimal

import pytest

from reporter.compute.report import assess
from reporter.compute.rollup import rollup
from reporter.content.models import (
    Colour,
    Content,
    Plan,
    Portfolio,
    Program,
    Project,
    State,
)

from builders import make_task, make_update

D = dt.date
TODAY = D(2026, 1, 30)


def task(id, start, finish, effort=None, progress=0):
    return make_task(id, start, finish, effort=effort, progress=progress)


def update(date, status, progress=None, cost=None):
    return make_update(date, status=status, progress=progress, actual_cost=cost)


def plan(name, program, tasks, budget=None, state=State.active):
    return Plan(
        name=name,
        program=program,
        owner="pm",
        state=state,
        start=D(2026, 1, 5),
        finish=D(2026, 1, 30),
        budget=budget,
        tasks=tasks,
    )


# A: 80 person-days, 25 earned, 30 planned; PV 37500, EV 31250, AC 35000 (the four-task worked example)
A = Project(
    "a",
    plan(
        "Alpha",
        "core",
        [
            task("design", D(2026, 1, 5), D(2026, 1, 16), effort=10),
            task("build", D(2026, 1, 19), D(2026, 2, 13), effort=40),
            task("test", D(2026, 2, 2), D(2026, 2, 27)),
            task("docs", D(2026, 2, 16), D(2026, 2, 27), effort=10, progress=10),
        ],
        budget=Decimal(100000),
    ).model_copy(update={"finish": D(2026, 2, 27)}),
    (
        update(D(2026, 1, 16), "green", {"design": 80}),
        update(D(2026, 1, 23), "amber", {"design": 100, "build": 20}, cost=35000),
        update(D(2026, 1, 30), "amber", {"build": 35}),
    ),
)
# B: 20 person-days; its figures are taken at its status date, its last update of Friday 2026-01-16 (working
# day 10 of 20), 14 days before the report date, so it is stale: 90% -> 18 earned, 10 planned;
# PV 25000, EV 45000, AC 50000
B = Project(
    "b",
    plan("Beta", "core", [task("all", D(2026, 1, 5), D(2026, 1, 30), effort=20)], budget=Decimal(50000)),
    (update(D(2026, 1, 16), "green", {"all": 90}, cost=50000),),
)
# C: no budget; 10 person-days (10 working days, no effort), all earned and all planned
C = Project(
    "c",
    plan("Gamma", "growth", [task("z", D(2026, 1, 5), D(2026, 1, 16))]),
    (update(D(2026, 1, 30), "red", {"z": 100}),),
)
# D: cancelled: listed, but left out of every figure
D_ = Project(
    "d",
    plan("Delta", "growth", [task("q", D(2026, 1, 5), D(2026, 1, 30), effort=500)], Decimal(9), State.cancelled),
    (update(D(2026, 1, 30), "red", {"q": 1}, cost=1000),),
)
CONTENT = Content(
    portfolio=Portfolio(organisation="Org", programs=[Program(id="core", name="Core"), Program(id="growth", name="Growth")]),
    projects=(A, B, C, D_),
)


@pytest.fixture(scope="module")
def report():
    return assess(CONTENT, TODAY)


def test_project_figures_used_below(report):
    a, b, c = report.project("a"), report.project("b"), report.project("c")
    assert (a.earned_value.pv, a.earned_value.ev, a.earned_value.ac) == (37500, 31250, 35000)
    assert (b.earned_value.pv, b.earned_value.ev, b.earned_value.ac) == (25000, 45000, 50000)
    assert b.status_date == D(2026, 1, 16) and a.status_date == TODAY
    assert c.earned_value.unit == "person-days"
    assert (a.progress.total_weight, a.progress.weight_done, a.progress.weight_planned) == (80, 25, 30)
    assert (b.progress.total_weight, b.progress.weight_done, b.progress.weight_planned) == (20, 18, 10)
    assert (c.progress.total_weight, c.progress.weight_done, c.progress.weight_planned) == (10, 10, 10)
    # B: 90% is planned by the end of day 18 of 20, earned by day 10: SPI(t) 18 / 10 = 1.8; CPI 0.9 and
    # stale: amber, reported green
    assert b.earned_schedule.spi_t == Decimal("1.8") and b.stale
    assert (b.colour, b.reported) == (Colour.amber, Colour.green)
    assert (a.colour, a.reported) == (Colour.amber, Colour.amber)
    assert (c.colour, c.reported) == (Colour.green, Colour.red)  # done on plan; reported red
    assert report.project("d").colour is None


def test_program_rollup_by_hand(report):
    core = report.program("core")
    assert core.project_ids == ("a", "b") and core.counted_projects == 2
    assert core.total_weight == 100  # 80 + 20
    assert core.weight_done == 43  # 25 + 18
    assert core.percent_complete == 43  # 43 / 100
    assert core.planned_percent == 40  # (30 + 10) / 100
    assert core.budgeted_projects == 2 and core.bac == 150000
    assert core.pv == 62500  # 37500 + 25000
    assert core.ev == 76250  # 31250 + 45000
    assert core.ac == 85000  # 35000 + 50000
    assert core.spi == Decimal(76250) / Decimal(62500)  # 1.22
    assert core.cpi == Decimal(76250) / Decimal(85000)  # 0.8971...
    # never the average of the ratios: (5/6 + 1.8) / 2 = 1.3167 and (25/28 + 0.9) / 2 = 0.8964
    average_spi = (Decimal(31250) / Decimal(37500) + Decimal("1.8")) / 2
    average_cpi = (Decimal(31250) / Decimal(35000) + Decimal("0.9")) / 2
    assert abs(core.spi - average_spi) > Decimal("0.004")
    assert abs(core.cpi - average_cpi) > Decimal("0.0006")
    assert core.reported_colours == {Colour.green: 1, Colour.amber: 1, Colour.red: 0}
    assert core.computed_colours == {Colour.green: 0, Colour.amber: 2, Colour.red: 0}
    assert (core.worst_reported, core.worst_computed) == (Colour.amber, Colour.amber)
    assert core.stale_projects == 1


def test_program_with_a_cancelled_project(report):
    growth = report.program("growth")
    assert growth.project_ids == ("c", "d") and growth.counted_projects == 1  # d is cancelled
    assert growth.total_weight == 10 and growth.percent_complete == 100 and growth.planned_percent == 100
    assert growth.budgeted_projects == 0 and growth.pv == 0 and growth.ev == 0 and growth.ac is None
    assert growth.spi is None and growth.cpi is None  # nothing with a budget: undefined, not zero
    assert growth.worst_reported == Colour.red and growth.worst_computed == Colour.green


def test_portfolio_rollup_by_hand(report):
    p = report.portfolio
    assert p.scope == "portfolio" and p.name == "Org"
    assert p.project_ids == ("a", "b", "c", "d") and p.counted_projects == 3
    assert p.total_weight == 110  # 80 + 20 + 10 (d is cancelled)
    assert p.percent_complete == Decimal(53) / Decimal(110) * 100  # (25 + 18 + 10) / 110
    assert p.planned_percent == Decimal(50) / Decimal(110) * 100  # (30 + 10 + 10) / 110
    assert (p.pv, p.ev, p.ac) == (62500, 76250, 85000)  # c has no budget, d is cancelled
    assert p.reported_colours == {Colour.green: 1, Colour.amber: 1, Colour.red: 1}
    assert p.computed_colours == {Colour.green: 1, Colour.amber: 2, Colour.red: 0}
    assert (p.worst_reported, p.worst_computed) == (Colour.red, Colour.amber)
    assert p.stale_projects == 1 and p.not_assessed == 0 and p.not_reported == 0


def test_cpi_leaves_out_projects_without_a_cost():
    no_cost = Project("e", B.plan, (update(D(2026, 1, 16), "green", {"all": 90}),))
    both = assess(Content(CONTENT.portfolio, (A, no_cost)), TODAY)
    r = rollup(both.projects, scope="x", name="X")
    assert r.ev == 76250 and r.ac == 35000 and r.ev_costed == 31250
    assert r.cpi == Decimal(31250) / Decimal(35000)  # e's value is not counted against a's cost


def test_report_lookups(report):
    assert [f.id for f in report.projects_of("core")] == ["a", "b"]
    assert report.currency == "EUR" and report.report_date == TODAY
    assert report.highlights.week == "2026-W05"
    with pytest.raises(KeyError):
        report.project("nope")
    with pytest.raises(KeyError):
        report.program("nope")


def test_empty_rollup():
    r = rollup([], scope="none", name="None")
    assert r.percent_complete is None and r.spi is None and r.cpi is None and r.ac is None
    assert r.worst_reported is None and r.computed_colours == {Colour.green: 0, Colour.amber: 0, Colour.red: 0}
