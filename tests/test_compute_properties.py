"""Properties of the compute stage that hold for any plan, checked on generated plans and updates."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.compute.earned_schedule import earned_schedule
from reporter.compute.earned_value import earned_value
from reporter.compute.progress import percent_complete, task_planned_fraction
from reporter.compute.report import assess
from reporter.compute.rollup import rollup
from reporter.compute.working_days import count_working_days, working_day_date
from reporter.content.models import Colour, Content, Plan, Portfolio, Program, Project, Reporting, State, Task, Update

D = dt.date
WD = Reporting().working_days
FIRST_MONDAY = D(2026, 1, 5)
PROPERTY = settings(max_examples=75, deadline=None)
# task lengths in working days whose fractions a/n are short decimals, so that "on plan" is exact in floats
NICE_LENGTHS = [1, 2, 4, 5, 8, 10, 16, 20, 25, 40, 50]


@st.composite
def tasks(draw, plan_start, nice=False, efforts=st.none() | st.integers(0, 60)):
    """1 to 5 tasks starting on working days at or after the plan start."""
    result = []
    for i in range(draw(st.integers(1, 5))):
        start = working_day_date(plan_start, draw(st.integers(1, 30)), WD)
        length = draw(st.sampled_from(NICE_LENGTHS)) if nice else draw(st.integers(1, 40))
        finish = working_day_date(start, length, WD)
        effort = draw(efforts)
        result.append(Task(id=f"t{i}", name=f"t{i}", start=start, finish=finish, effort=effort))
    return result


@st.composite
def plans(draw, nice=False, efforts=st.none() | st.integers(0, 60)):
    start = FIRST_MONDAY + dt.timedelta(weeks=draw(st.integers(0, 20)))
    plan_tasks = draw(tasks(start, nice=nice, efforts=efforts))
    finish = max(t.finish for t in plan_tasks) + dt.timedelta(days=draw(st.integers(0, 20)))
    budget = draw(st.none() | st.integers(1, 1_000_000).map(Decimal))
    return Plan(name="P", program="core", owner="pm", start=start, finish=finish, budget=budget, tasks=plan_tasks)


@st.composite
def updates_for(draw, plan):
    """0 to 6 weekly updates with random progress and costs."""
    result = []
    first = plan.start + dt.timedelta(days=draw(st.integers(-7, 60)))
    for week in range(draw(st.integers(0, 6))):
        ids = draw(st.lists(st.sampled_from([t.id for t in plan.tasks]), unique=True))
        progress = {i: draw(st.integers(0, 1000)) / 10 for i in ids}
        cost = draw(st.none() | st.integers(0, 2_000_000))
        status = draw(st.sampled_from(list(Colour)))
        date = first + dt.timedelta(weeks=week)
        result.append(Update(date=date, author="pm", status=status, summary="s", progress=progress, actual_cost=cost))
    return tuple(result)


@st.composite
def plan_and_updates(draw, **kw):
    plan = draw(plans(**kw))
    return plan, draw(updates_for(plan)), plan.start + dt.timedelta(days=draw(st.integers(-10, 250)))


@PROPERTY
@given(plan_and_updates())
def test_percent_complete_is_between_0_and_100(case):
    plan, updates, today = case
    pc = percent_complete(plan, updates, today, WD)
    assert pc is None or 0 <= pc <= 100
    assert pc is not None or all(t.effort == 0 for t in plan.tasks)  # only all-zero weights are undefined


@PROPERTY
@given(plan_and_updates())
def test_earned_value_never_exceeds_the_budget(case):
    plan, updates, today = case
    v = earned_value(plan, updates, today, working_days=WD, currency="EUR")
    if v.ev is not None:
        assert 0 <= v.ev <= v.bac
        assert 0 <= v.pv <= v.bac
    if v.cpi is not None:
        assert v.ac > 0
    s = earned_schedule(plan, updates, today, working_days=WD)
    if s.es is not None:
        assert 0 <= s.es <= s.pd
    assert (s.spi_t is None) == (s.es is None or s.at == 0)


@PROPERTY
@given(st.data())
def test_a_project_on_plan_has_spi_t_exactly_1(data):
    plan = data.draw(plans(nice=True, efforts=st.none() | st.integers(1, 60)))
    plan = plan.model_copy(update={"finish": max(t.finish for t in plan.tasks)})
    today = plan.start + dt.timedelta(days=data.draw(st.integers(0, (plan.finish - plan.start).days)))
    on_plan = []
    for t in plan.tasks:
        planned = task_planned_fraction(t, today, WD) * 100
        progress = float(planned)
        assert Decimal(str(progress)) == planned  # the float is exactly the planned percent
        on_plan.append(t.model_copy(update={"progress": progress}))
    plan = plan.model_copy(update={"tasks": on_plan})
    s = earned_schedule(plan, (), today, working_days=WD)
    assert s.at == count_working_days(plan.start, today, WD) >= 1
    assert s.spi_t == 1
    assert s.sv_t == 0
    v = earned_value(plan, (), today, working_days=WD, currency="EUR")
    assert v.spi is None or v.spi == 1


PORTFOLIO = Portfolio(
    organisation="Org",
    programs=[Program(id="p1", name="One"), Program(id="p2", name="Two"), Program(id="p3", name="Three")],
)


@st.composite
def projects(draw, pid, program):
    plan = draw(plans())
    state = draw(st.sampled_from(list(State)))
    plan = plan.model_copy(update={"program": program, "state": state})
    return Project(pid, plan, draw(updates_for(plan)))


@PROPERTY
@given(st.data())
def test_a_rollup_of_one_project_equals_the_project(data):
    project = data.draw(projects("solo", "p1"))
    project = Project(project.id, project.plan.model_copy(update={"state": State.active}), project.updates)
    today = project.plan.start + dt.timedelta(days=data.draw(st.integers(-10, 250)))
    f = assess(Content(PORTFOLIO, (project,)), today).project("solo")
    r = rollup([f], scope="p1", name="One")
    assert r.percent_complete == f.progress.percent_complete
    assert r.planned_percent == f.progress.planned_percent
    assert r.worst_reported == f.reported and r.worst_computed == f.colour
    assert r.stale_projects == int(f.stale)
    v = f.earned_value
    if v.has_budget and v.ev is not None:
        assert (r.pv, r.ev, r.ac, r.bac) == (v.pv, v.ev, v.ac, v.bac)
        assert r.spi == v.spi and r.cpi == v.cpi
    else:
        assert r.pv == r.ev == 0 and r.ac is None and r.spi is None and r.cpi is None


@PROPERTY
@given(st.data())
def test_the_portfolio_sums_are_the_sums_of_the_programs(data):
    count = data.draw(st.integers(1, 6))
    content = Content(
        PORTFOLIO,
        tuple(data.draw(projects(f"x{i}", data.draw(st.sampled_from(["p1", "p2", "p3"])))) for i in range(count)),
    )
    today = FIRST_MONDAY + dt.timedelta(days=data.draw(st.integers(0, 300)))
    report = assess(content, today)
    whole, parts = report.portfolio, report.programs
    # sums are exact, so they are compared exactly, as fractions
    for name in ("total_weight", "weight_done", "weight_planned", "bac", "pv", "ev", "ev_costed"):
        assert Fraction(getattr(whole, name)) == sum(Fraction(getattr(p, name)) for p in parts), name
    for name in ("counted_projects", "budgeted_projects", "stale_projects", "not_reported", "not_assessed"):
        assert getattr(whole, name) == sum(getattr(p, name) for p in parts), name
    costs = [p.ac for p in parts if p.ac is not None]
    assert (whole.ac is None) == (not costs)
    assert not costs or Fraction(whole.ac) == sum(Fraction(c) for c in costs)
    for colour in Colour:
        assert whole.reported_colours[colour] == sum(p.reported_colours[colour] for p in parts)
        assert whole.computed_colours[colour] == sum(p.computed_colours[colour] for p in parts)
    assert sorted(whole.project_ids) == sorted(i for p in parts for i in p.project_ids)


@st.composite
def odd_projects(draw, pid):
    """Plans as a hurried PM might write them: weekend dates, tasks outside the plan, no tasks, zero effort."""
    day = st.dates(D(2025, 12, 20), D(2026, 4, 30))
    start, finish = draw(day), draw(day)
    plan_tasks = []
    for i in range(draw(st.integers(0, 4))):
        t_start, t_finish = draw(day), draw(day)
        effort = draw(st.none() | st.sampled_from([0, 0.5, 3, 40]))
        progress = draw(st.integers(0, 100))
        plan_tasks.append(Task(id=f"t{i}", name="t", start=t_start, finish=t_finish, effort=effort, progress=progress))
    milestones = [
        {"id": f"m{i}", "name": "m", "due": draw(day), "done": draw(st.none() | day)} for i in range(draw(st.integers(0, 3)))
    ]
    plan = Plan(
        name=pid,
        program="p1",
        owner="pm",
        state=draw(st.sampled_from(list(State))),
        start=start,
        finish=finish,
        budget=draw(st.none() | st.sampled_from([Decimal(0), Decimal("0.01"), Decimal(5000)])),
        tasks=plan_tasks,
        milestones=milestones,
    )
    return Project(pid, plan, draw(updates_for(plan)) if plan_tasks else ())


@PROPERTY
@given(st.data())
def test_assess_never_raises(data):
    working = data.draw(
        st.lists(st.sampled_from(list(Reporting().working_days) + ["saturday"]), unique=True, min_size=1)
    )  # an empty list is refused by the model
    portfolio = PORTFOLIO.model_copy(update={"reporting": Reporting(working_days=working)})
    content = Content(portfolio, tuple(data.draw(odd_projects(f"x{i}")) for i in range(data.draw(st.integers(1, 3)))))
    today = data.draw(st.dates(D(2025, 12, 1), D(2026, 6, 30)))
    report = assess(content, today)
    for f in report.projects:
        pc = f.progress.percent_complete
        assert pc is None or 0 <= pc <= 100
        es = f.earned_schedule
        assert es.spi_t is None or es.spi_t >= 0
