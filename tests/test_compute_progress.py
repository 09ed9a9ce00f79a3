"""Progress: task progress from updates, task weights, planned fractions, percent complete.

2026-01-05 is a Monday; working days are Monday to Friday.
"""

import datetime as dt
from decimal import Decimal

from reporter.compute.progress import (
    completion_date,
    milestone_shares,
    percent_complete,
    planned_fraction,
    planned_percent,
    project_progress,
    task_planned_fraction,
    task_progress,
    task_weight,
    total_weight,
)
from reporter.content.models import Milestone, Reporting, Weekday

from builders import make_plan, make_task, make_update

D = dt.date
WD = Reporting().working_days


def task(id="t", start=D(2026, 1, 5), finish=D(2026, 1, 16), effort=None, progress=0):
    return make_task(id, start, finish, effort=effort, progress=progress)


def update(date, progress):
    return make_update(date, progress=progress)


def plan(tasks=(), milestones=()):
    return make_plan(D(2026, 1, 5), D(2026, 1, 30), tasks=tasks, milestones=milestones)


def test_task_progress_comes_from_the_newest_update_naming_the_task():
    t = task(progress=10)
    updates = [
        update(D(2026, 1, 9), {"t": 30}),
        update(D(2026, 1, 16), {"other": 50}),
        update(D(2026, 1, 23), {"t": 70}),
    ]
    assert task_progress(t, updates, D(2026, 1, 8)) == 10  # before any update: the plan's value
    assert task_progress(t, updates, D(2026, 1, 9)) == 30  # an update counts on its own date
    assert task_progress(t, updates, D(2026, 1, 16)) == 30  # the Jan 16 update does not name the task
    assert task_progress(t, updates, D(2026, 1, 30)) == 70
    assert task_progress(t, list(reversed(updates)), D(2026, 1, 30)) == 70  # order of the list does not matter


def test_task_progress_is_an_exact_decimal():
    t = task()
    assert task_progress(t, [update(D(2026, 1, 9), {"t": 33.3})], D(2026, 1, 9)) == Decimal("33.3")


def test_task_weight():
    assert task_weight(task(effort=12.5), WD) == Decimal("12.5")
    assert task_weight(task(), WD) == 10  # Jan 5 .. Jan 16: 10 working days
    assert task_weight(task(start=D(2026, 1, 10), finish=D(2026, 1, 11)), WD) == 1  # a weekend: at least 1
    assert task_weight(task(effort=0), WD) == 0  # an explicit zero effort weighs nothing
    assert total_weight(plan([task("a", effort=3), task("b")]), WD) == 13
    assert total_weight(plan(), WD) == 0


def test_task_planned_fraction():
    t = task()  # Jan 5 .. Jan 16, 10 working days
    assert task_planned_fraction(t, D(2026, 1, 4), WD) == 0  # before the start
    assert task_planned_fraction(t, D(2026, 1, 5), WD) == Decimal("0.1")  # the end of the first day
    assert task_planned_fraction(t, D(2026, 1, 10), WD) == Decimal("0.5")  # Saturday: 5 of 10
    assert task_planned_fraction(t, D(2026, 1, 16), WD) == 1
    assert task_planned_fraction(t, D(2026, 3, 1), WD) == 1


def test_task_planned_fraction_of_a_task_without_working_days():
    t = task(start=D(2026, 1, 10), finish=D(2026, 1, 11))  # Saturday .. Sunday
    assert task_planned_fraction(t, D(2026, 1, 10), WD) == 0
    assert task_planned_fraction(t, D(2026, 1, 11), WD) == 1  # 1 from its finish on


def test_percent_complete_is_weighted_by_effort_or_length():
    p = plan([task("a", effort=30, progress=50), task("b", finish=D(2026, 1, 9), progress=100)])
    # a weighs 30 at 50%, b weighs 5 working days at 100%: (15 + 5) / 35 = 57.142857...%
    expected = Decimal(20) / Decimal(35) * 100
    assert abs(percent_complete(p, [], D(2026, 1, 30), WD) - expected) < Decimal("1e-20")


def test_planned_percent_is_weighted_the_same_way():
    p = plan([task("a", effort=30), task("b", finish=D(2026, 1, 9))])
    # Jan 7 (Wed): a 3/10 planned, b 3/5 planned: (30 x 0.3 + 5 x 0.6) / 35 = 12/35
    assert abs(planned_percent(p, D(2026, 1, 7), WD) - Decimal(1200) / Decimal(35)) < Decimal("1e-20")
    assert planned_fraction(p, D(2026, 1, 7), WD) == (Decimal(9) + Decimal(3)) / Decimal(35)


def test_a_plan_without_tasks_goes_by_its_milestones_weighted_by_their_share_of_the_schedule():
    # Plan Jan 5 (Mon) .. Jan 30. m1 due Fri Jan 9: Jan 5..9, 5 working days. m2 due Fri Jan 23:
    # Jan 10..23, 10 working days. Total 15.
    one_done = [
        Milestone(id="m1", name="M1", due=D(2026, 1, 9), done=D(2026, 1, 12)),
        Milestone(id="m2", name="M2", due=D(2026, 1, 23)),
    ]
    p = plan(milestones=one_done)
    prog = project_progress(p, [], D(2026, 1, 30), WD)
    assert (prog.total_weight, prog.weight_done) == (15, 5)
    assert prog.percent_complete == Decimal(5) / Decimal(15) * 100  # 5 / 15 = 33.3...%
    assert percent_complete(p, [], D(2026, 1, 9), WD) == 0  # m1 reached on the 12th, not yet on the 9th
    all_done = [m.model_copy(update={"done": D(2026, 1, 20)}) for m in one_done]
    assert percent_complete(plan(milestones=all_done), [], D(2026, 1, 19), WD) == 0  # not yet done then
    assert percent_complete(plan(milestones=all_done), [], D(2026, 1, 20), WD) == 100
    assert percent_complete(plan(), [], D(2026, 1, 20), WD) == 0  # no milestones either
    # planned: each milestone's weight spread over its stretch like a task's
    assert planned_percent(p, D(2026, 1, 4), WD) == 0
    assert planned_percent(p, D(2026, 1, 7), WD) == Decimal(3) / Decimal(15) * 100  # Wed: 3 of m1's 5 days
    assert planned_fraction(p, D(2026, 1, 9), WD) == Decimal(5) / Decimal(15)  # m1 due: its 5 days
    assert planned_fraction(p, D(2026, 1, 14), WD) == Decimal(8) / Decimal(15)  # Wed 14th: 5 + 3 of m2's 10
    assert planned_fraction(p, D(2026, 1, 23), WD) == 1
    assert planned_percent(plan(), D(2026, 1, 16), WD) == 0


def test_milestone_shares_start_after_the_latest_earlier_due_date():
    shares = milestone_shares(
        plan(
            milestones=[
                Milestone(id="late", name="L", due=D(2026, 1, 23)),
                Milestone(id="a", name="A", due=D(2026, 1, 9)),
                Milestone(id="b", name="B", due=D(2026, 1, 9)),  # due the same day as a
                Milestone(id="weekend", name="W", due=D(2026, 1, 24)),  # the Saturday after `late`
            ]
        ),
        WD,
    )
    # by due date; a and b each stand for Jan 5..9 (5 days); late for Jan 10..23 (10 days);
    # weekend for Jan 24 alone, no working day, so at least 1
    assert [(s.milestone.id, s.start, s.weight) for s in shares] == [
        ("a", D(2026, 1, 5), 5),
        ("b", D(2026, 1, 5), 5),
        ("late", D(2026, 1, 10), 10),
        ("weekend", D(2026, 1, 24), 1),
    ]
    assert total_weight(plan(milestones=[s.milestone for s in shares]), WD) == 21  # 5 + 5 + 10 + 1


def test_a_done_plan_is_complete_whatever_was_reported():
    done = {"state": "done"}
    with_tasks = make_plan(D(2026, 1, 5), D(2026, 1, 30), tasks=[task("a", progress=40)], **done)
    prog = project_progress(with_tasks, [update(D(2026, 1, 9), {"a": 60})], D(2026, 1, 9), WD)
    assert prog.percent_complete == 100 and prog.tasks[0].progress == 100 and prog.is_complete
    bare = make_plan(D(2026, 1, 5), D(2026, 1, 30), **done)  # neither tasks nor milestones
    assert percent_complete(bare, [], D(2026, 1, 5), WD) == 100
    gates = make_plan(D(2026, 1, 5), D(2026, 1, 30), milestones=[Milestone(id="m", name="M", due=D(2026, 1, 9))], **done)
    assert percent_complete(gates, [], D(2026, 1, 6), WD) == 100  # never marked done, still done


def test_zero_total_weight_is_undefined_not_an_error():
    p = plan([task("a", effort=0, progress=50)])
    prog = project_progress(p, [], D(2026, 1, 9), WD)
    assert prog.percent_complete is None and prog.planned_percent is None
    assert prog.total_weight == 0


def test_project_progress_lists_every_task():
    p = plan([task("a", effort=2), task("b", effort=6, start=D(2026, 1, 12))])
    prog = project_progress(p, [update(D(2026, 1, 9), {"a": 100, "b": 25})], D(2026, 1, 9), WD)
    assert [(t.task.id, t.weight, t.progress) for t in prog.tasks] == [("a", 2, 100), ("b", 6, 25)]
    # a planned 5/10 = 50%; b not started (0%): variance b = +25 points
    assert [t.planned_percent for t in prog.tasks] == [50, 0]
    assert prog.tasks[1].variance == 25
    assert prog.weight_done == Decimal("3.5")  # 2 x 1 + 6 x 0.25
    assert prog.percent_complete == Decimal("43.75")  # 3.5 / 8
    assert not prog.is_complete


def test_completion_date_is_the_update_that_brought_the_project_to_100():
    p = plan([task("a"), task("b")])
    updates = [
        update(D(2026, 1, 9), {"a": 100}),
        update(D(2026, 1, 16), {"b": 100}),  # 100% here
        update(D(2026, 1, 23), {}),
    ]
    assert completion_date(p, updates, D(2026, 1, 30), WD) == D(2026, 1, 16)
    assert completion_date(p, updates, D(2026, 1, 15), WD) is None  # not finished yet then


def test_working_weekdays_come_from_the_portfolio():
    sun_thu = [Weekday.sunday, Weekday.monday, Weekday.tuesday, Weekday.wednesday, Weekday.thursday]
    t = task(start=D(2026, 1, 4), finish=D(2026, 1, 10))  # Sunday .. Saturday: 5 working days Sun-Thu
    assert task_weight(t, sun_thu) == 5
    assert task_planned_fraction(t, D(2026, 1, 4), sun_thu) == Decimal("0.2")


def test_planned_fractions_are_the_same_decimals_as_the_quotient_of_working_days():
    # Jan 5 .. Jan 16, 10 working days: a fraction is passed / 10 exactly as Decimal divides it, digits and all.
    t = task()
    assert repr(task_planned_fraction(t, D(2026, 1, 4), WD)) == repr(Decimal(0) / Decimal(10)) == "Decimal('0')"
    assert repr(task_planned_fraction(t, D(2026, 1, 7), WD)) == repr(Decimal(3) / Decimal(10)) == "Decimal('0.3')"
    assert repr(task_planned_fraction(t, D(2026, 1, 16), WD)) == repr(Decimal(10) / Decimal(10)) == "Decimal('1')"
    assert repr(task_planned_fraction(t, D(2026, 2, 2), WD)) == "Decimal('1')"  # after the finish: 10 / 10
    # A plan asked again and again (a trend) gives the same figures: (30 x 0.3 + 5 x 0.6) / 35 = 12/35 on Jan 7.
    p = plan([task("a", effort=30), task("b", finish=D(2026, 1, 9))])
    for _ in range(2):
        assert planned_fraction(p, D(2026, 1, 7), WD) == Decimal(12) / Decimal(35)
        assert total_weight(p, WD) == 35


def test_exact_sum_adds_without_rounding_in_any_context():
    from decimal import localcontext

    from reporter.compute.decimals import exact_sum

    # 10^30 + 10^-30 - 10^30 = 10^-30: 61 digits in between, more than any ordinary context keeps.
    assert exact_sum([Decimal("1E+30"), Decimal("1E-30"), Decimal("-1E+30")]) == Decimal("1E-30")
    assert repr(exact_sum([Decimal("0.10"), Decimal("0.2")])) == "Decimal('0.30')"  # the finer exponent, as + gives
    assert repr(exact_sum([])) == "Decimal('0')"
    with localcontext() as context:
        context.prec = 3
        # The terms are computed in the caller's context (1.234 x 1 rounds to 1.23 at 3 digits), the sum is
        # not rounded: 1.23 + 100 = 101.23, five digits.
        assert repr(exact_sum(d * 1 for d in [Decimal("1.234"), Decimal("100")])) == "Decimal('101.23')"


def test_what_the_updates_say_does_not_depend_on_what_was_asked_before():
    # A trend asks about a project's updates week after week, each time a few more: what was worked out for the
    # earlier ones is taken up again, so ask in every order. a weighs 10, b 30 (40 in all):
    # Jan 9: a 10%, b 0%: (1 + 0) / 40 = 2.5%; Jan 16: a 40%, b 50%: (4 + 15) / 40 = 47.5%;
    # Jan 23: a 40% (still), b 100%: (4 + 30) / 40 = 85%.
    from reporter.compute.milestones import latest_forecasts
    from reporter.compute.updates import updates_at

    p = plan([task("a", effort=10), task("b", effort=30)])
    ups = (
        make_update(D(2026, 1, 9), progress={"a": 10}, forecasts={"m1": D(2026, 2, 2)}),
        make_update(D(2026, 1, 16), progress={"a": 40, "b": 50}, forecasts={"m1": D(2026, 2, 9)}),
        make_update(D(2026, 1, 23), progress={"b": 100}),
    )
    expected = {D(2026, 1, 9): Decimal("2.5"), D(2026, 1, 16): Decimal("47.5"), D(2026, 1, 23): Decimal(85)}
    forecast = {D(2026, 1, 9): D(2026, 2, 2), D(2026, 1, 16): D(2026, 2, 9), D(2026, 1, 23): D(2026, 2, 9)}
    for day in [D(2026, 1, 23), D(2026, 1, 9), D(2026, 1, 16), D(2026, 1, 23), D(2026, 1, 16), D(2026, 1, 9)]:
        assert percent_complete(p, ups, day, WD) == expected[day], day
        assert latest_forecasts(ups, day) == {"m1": forecast[day]}, day
    assert updates_at(ups, D(2026, 1, 16)).progress == {"a": 40, "b": 50}
    # Another second update after the same first: its own figures, not the ones remembered for the first two.
    rewritten = (ups[0], make_update(D(2026, 1, 16), progress={"a": 20}))
    assert updates_at(rewritten, D(2026, 1, 16)).progress == {"a": 20}  # b not named: 0%, as the plan says
    assert percent_complete(p, rewritten, D(2026, 1, 16), WD) == Decimal(5)  # (2 + 0) / 40 = 5%
    assert percent_complete(p, ups, D(2026, 1, 16), WD) == Decimal("47.5")


def test_the_completion_date_does_not_depend_on_what_was_asked_before():
    # One task: 50% on Jan 9, 100% on Jan 16, reopened at 80% on Jan 23, 100% again on Jan 30. As of each
    # update: not complete, complete since Jan 16, not complete, complete since Jan 30 (the second finish).
    p = plan([task("a", effort=5)])
    ups = tuple(
        update(day, {"a": pct})
        for day, pct in [(D(2026, 1, 9), 50), (D(2026, 1, 16), 100), (D(2026, 1, 23), 80), (D(2026, 1, 30), 100)]
    )
    expected = {D(2026, 1, 9): None, D(2026, 1, 16): D(2026, 1, 16), D(2026, 1, 23): None, D(2026, 1, 30): D(2026, 1, 30)}
    for day in [D(2026, 1, 30), D(2026, 1, 9), D(2026, 1, 16), D(2026, 1, 23), D(2026, 1, 30), D(2026, 1, 16)]:
        assert completion_date(p, ups, day, WD) == expected[day], day
