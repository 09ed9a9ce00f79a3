"""Progress: how far each task and the whole project are at a date, and how far they were planned to be.

- A task's progress at a date is 100% from its `done` date on; before that, the value the newest
  update on or before that date gives for it; when no update names the task, the plan's own
  `progress` for it.
- A task weighs its `effort` in person-days; a task without effort weighs its planned length in
  working days (as if one person worked on it full-time), and at least 1 working day.
- Percent complete is the weighted mean of task progress.
- A task's planned fraction at a date is the share of its working days that have passed (start to
  that date, both included); the project's is the same weighted mean.
- A plan without tasks goes by its milestones, each weighted by its planned share of the schedule
  (`milestone_shares`): a milestone weighs the working days from the day after the latest earlier
  due date (the plan's start for the first) to its own due date, at least 1. Percent complete is
  the weight of the milestones done by the date over the total; planned progress spreads each
  milestone's weight evenly over its working days, like a task from the start of its stretch to its
  due date. A plan with neither tasks nor milestones is 0% complete and planned.
- A plan whose `state` is done is 100% complete, and so is each of its tasks, from the date of its
  newest update on (at any date when it has none): the plan says it is finished, and no later update
  says otherwise. Before that date, its updates tell how far it was.

Every figure is an unrounded Decimal; a figure that cannot be defined (all weights zero) is None.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from reporter.compute.decimals import as_decimal, exact_sum, ratio
from reporter.compute.memo import ByIdentity
from reporter.compute.updates import progress_of, updates_at
from reporter.compute.working_days import WeekdayNumbers, count_working_days, weekday_numbers
from reporter.content.models import Milestone, Plan, State, Task, Update, Weekday

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)

WorkingDays = Iterable[Weekday | int]


@dataclass(frozen=True)
class TaskProgress:
    """One task at a date: its weight (person-days), its progress and its planned progress (percent, 0 to 100)."""

    task: Task
    weight: Decimal
    progress: Decimal
    planned_percent: Decimal

    @property
    def variance(self) -> Decimal:
        """Progress minus planned progress, in percentage points (negative: behind plan)."""
        return self.progress - self.planned_percent


@dataclass(frozen=True)
class MilestoneShare:
    """A milestone of a plan without tasks, as the work it stands for: the stretch of the schedule from
    `start` to its due date, and its weight (the working days of that stretch, at least 1)."""

    milestone: Milestone
    start: dt.date
    weight: Decimal

    def planned_fraction(self, as_of: dt.date, working_days: WorkingDays) -> Decimal:
        """The share of its stretch planned to be done by the end of `as_of`, counted like a task's."""
        return _planned_share(self.start, self.milestone.due, as_of, working_days)

    def done_by(self, as_of: dt.date) -> bool:
        """Whether the milestone was reached on or before `as_of`."""
        return self.milestone.done is not None and self.milestone.done <= as_of


@dataclass(frozen=True)
class ProjectProgress:
    """A project's progress at a date.

    `total_weight` is the sum of task weights in person-days (of milestone weights, for a plan without
    tasks: working days, as if one person did the work); `weight_done` and `weight_planned` are
    the person-days earned and planned by that date. Fractions are 0 to 1, percents 0 to 100; both
    are None when the total weight is zero (tasks that all have zero effort).
    """

    as_of: dt.date
    tasks: tuple[TaskProgress, ...]
    total_weight: Decimal
    weight_done: Decimal
    weight_planned: Decimal
    complete_fraction: Decimal | None
    planned_fraction: Decimal | None

    @property
    def percent_complete(self) -> Decimal | None:
        """Percent complete, 0 to 100, or None when undefined."""
        return None if self.complete_fraction is None else self.complete_fraction * HUNDRED

    @property
    def planned_percent(self) -> Decimal | None:
        """Percent planned to be complete by now, 0 to 100, or None when undefined."""
        return None if self.planned_fraction is None else self.planned_fraction * HUNDRED

    @property
    def is_complete(self) -> bool:
        """Whether the project is 100% complete."""
        return self.complete_fraction == ONE


def task_progress(task: Task, updates: Iterable[Update], as_of: dt.date) -> Decimal:
    """A task's percent complete at `as_of`: 100 from its done date, else from the newest update on or before
    `as_of` naming the task, else the plan."""
    if _done_by(task, as_of):
        return HUNDRED
    reported = updates_at(updates, as_of).progress
    return reported[task.id] if task.id in reported else as_decimal(task.progress)


def task_weight(task: Task, working_days: WorkingDays) -> Decimal:
    """A task's weight in person-days: its effort, else its planned working days (at least 1)."""
    if task.effort is not None:
        return as_decimal(task.effort)
    return Decimal(max(count_working_days(task.start, task.finish, working_days), 1))


def total_weight(plan: Plan, working_days: WorkingDays) -> Decimal:
    """The sum of the plan's task weights in person-days; for a plan without tasks, of its milestone weights."""
    return _shape(plan, working_days).total


def task_planned_fraction(task: Task, as_of: dt.date, working_days: WorkingDays) -> Decimal:
    """The share of a task planned to be done by the end of `as_of`: its working days passed / all its working days.

    0 before the start and 1 from the finish on; a task with no working days in its range is 0
    before its finish and 1 from its finish on.
    """
    return _planned_share(task.start, task.finish, as_of, working_days)


def _planned_share(start: dt.date, finish: dt.date, as_of: dt.date, working_days: WorkingDays) -> Decimal:
    """Working days passed from `start` to the end of `as_of` over those from `start` to `finish`
    (0 before `finish` and 1 from it on when the stretch has no working day)."""
    return _share(start, finish, count_working_days(start, finish, working_days), as_of, working_days)


def _share(start: dt.date, finish: dt.date, length: int, as_of: dt.date, working_days: WorkingDays) -> Decimal:
    """`_planned_share` with the stretch's working days (`length`) already counted."""
    if length == 0:
        return ONE if as_of >= finish else ZERO
    # Before the start and from the finish on, the quotient is 0/length or length/length: exactly 0 or 1.
    if as_of < start:
        return ZERO
    if as_of >= finish:
        return ONE
    return Decimal(count_working_days(start, as_of, working_days)) / Decimal(length)


def milestone_shares(plan: Plan, working_days: WorkingDays) -> tuple[MilestoneShare, ...]:
    """The milestones of a plan as shares of its schedule, by due date (see the module docstring).

    Milestones due on the same day each weigh the whole stretch before that day: each stands for the
    same stretch of the schedule, and none of them weighs nothing."""
    shares = []
    stretch_start, previous_due = plan.start, None
    for milestone in sorted(plan.milestones, key=lambda m: m.due):
        if previous_due is not None and milestone.due > previous_due:
            stretch_start = max(plan.start, previous_due + dt.timedelta(days=1))
        days = count_working_days(stretch_start, milestone.due, working_days)
        shares.append(MilestoneShare(milestone, stretch_start, Decimal(max(days, 1))))
        previous_due = milestone.due if previous_due is None else max(previous_due, milestone.due)
    return tuple(shares)


def planned_fraction(plan: Plan, as_of: dt.date, working_days: WorkingDays) -> Decimal | None:
    """The share of the whole plan planned to be done by the end of `as_of` (0 to 1), weighted like progress."""
    shape = _shape(plan, working_days)
    if not plan.tasks and not shape.spans:
        return ZERO
    planned = _weighted_sum(shape.weights, shape.planned(as_of))
    return ratio(planned, shape.total)


def percent_complete(plan: Plan, updates: Iterable[Update], as_of: dt.date, working_days: WorkingDays) -> Decimal | None:
    """The project's percent complete at `as_of` (0 to 100), or None when all task weights are zero."""
    return project_progress(plan, updates, as_of, working_days).percent_complete


def planned_percent(plan: Plan, as_of: dt.date, working_days: WorkingDays) -> Decimal | None:
    """The project's percent planned to be complete by `as_of` (0 to 100), or None when all task weights are zero."""
    fraction = planned_fraction(plan, as_of, working_days)
    return None if fraction is None else fraction * HUNDRED


def project_progress(plan: Plan, updates: Iterable[Update], as_of: dt.date, working_days: WorkingDays) -> ProjectProgress:
    """Every task's progress and the project's percent complete and planned percent at `as_of`."""
    updates = tuple(updates)
    if not plan.tasks:
        return _milestone_progress(plan, as_of, working_days, declared_done(plan, updates, as_of))
    finished = declared_done(plan, updates, as_of)
    reported = updates_at(updates, as_of).progress
    shape = _shape(plan, working_days)
    tasks = tuple(
        TaskProgress(
            task=task,
            weight=weight,
            progress=HUNDRED if finished or _done_by(task, as_of) else reported.get(task.id, default),
            planned_percent=planned * HUNDRED,
        )
        for task, weight, default, planned in zip(plan.tasks, shape.weights, shape.defaults, shape.planned(as_of), strict=True)
    )
    weights = shape.weights
    total = shape.total
    done = _weighted_sum(weights, (t.progress / HUNDRED for t in tasks))
    planned = _weighted_sum(weights, (t.planned_percent / HUNDRED for t in tasks))
    complete = ONE if finished else ratio(done, total)  # done with zero weights is still done
    return ProjectProgress(as_of, tasks, total, done, planned, complete, ratio(planned, total))


def declared_done(plan: Plan, updates: Iterable[Update], as_of: dt.date) -> bool:
    """Whether the plan's `state: done` makes it 100% complete at `as_of`: on or after its newest update."""
    if plan.state != State.done:
        return False
    newest = max((u.date for u in updates), default=None)
    return newest is None or as_of >= newest


def _milestone_progress(plan: Plan, as_of: dt.date, working_days: WorkingDays, finished: bool) -> ProjectProgress:
    """The progress of a plan without tasks, from its milestone shares (0% without milestones)."""
    shape = _shape(plan, working_days)
    shares = shape.shares
    weights = shape.weights
    total = shape.total
    done = total if finished else exact_sum(s.weight for s in shares if s.done_by(as_of))
    planned = _weighted_sum(weights, shape.planned(as_of))
    if not shares:
        return ProjectProgress(as_of, (), ZERO, ZERO, ZERO, ONE if finished else ZERO, ZERO)
    return ProjectProgress(as_of, (), total, done, planned, ratio(done, total), ratio(planned, total))


def completion_date(plan: Plan, updates: Iterable[Update], as_of: dt.date, working_days: WorkingDays) -> dt.date | None:
    """The date of the update that brought the project to 100% for good, as of `as_of`; None when no update did.

    Percent complete is recomputed as of each update date; the answer is the first update of the
    last unbroken run at 100% (work reopened and finished again counts from the second finish).
    None when the project is not 100% complete as of the newest update on or before `as_of`.
    """
    return completion(plan, updates, as_of, working_days)[0]


def completion(
    plan: Plan, updates: Iterable[Update], as_of: dt.date, working_days: WorkingDays
) -> tuple[dt.date | None, dt.date | None]:
    """(the completion date, as `completion_date`; the newest update on or before `as_of` that found the
    project below 100%, or None), from one pass over the updates."""
    # The pass is remembered update by update (per plan), so a trend's weekly call only adds the new updates.
    first = _COMPLETION_PASSES.get(plan, dict).setdefault(weekday_numbers(working_days), _Step(None, {}, None, None))
    ordered = updates_at(updates, as_of).updates
    step, start = first, 0
    if first.walked is not None:  # the pass is taken up where the last call left it, when it went this way
        walked, reached = first.walked
        if len(walked) <= len(ordered) and all(map(operator.is_, walked, ordered)):
            step, start = reached, len(walked)
    shape: _Shape | None = None
    for update in ordered[start:]:
        after = step.after.get(id(update))
        if after is None or after.update is not update:
            shape = shape if shape is not None else _shape(plan, working_days)
            reported = {**step.reported, **progress_of(update)}
            if _complete_fraction(plan, shape, reported, update.date) == ONE:
                finished_on, still_open = step.finished_on or update.date, step.still_open
            else:
                finished_on, still_open = None, update.date
            after = step.after[id(update)] = _Step(update, reported, finished_on, still_open)
        step = after
    first.walked = (ordered, step)
    return step.finished_on, step.still_open


@dataclass
class _Step:
    """`completion`'s pass over a plan's updates, up to and including `update` (None: before the first)."""

    update: Update | None
    reported: dict[str, Decimal]
    finished_on: dt.date | None
    still_open: dt.date | None
    after: dict[int, _Step] = field(default_factory=dict)  # the next update's id -> the pass up to it
    # Before the first update only: the updates of the last call and the step they led to.
    walked: tuple[tuple[Update, ...], _Step] | None = None


_COMPLETION_PASSES: ByIdentity[dict[WeekdayNumbers, _Step]] = ByIdentity()


def _complete_fraction(plan: Plan, shape: _Shape, reported: Mapping[str, Decimal], as_of: dt.date) -> Decimal | None:
    """The complete fraction with the plan's task weights and this reported progress."""
    if not plan.tasks:
        # 100% exactly when every milestone is done, whatever their weights: no need to weigh them here.
        reached = plan.milestones and all(m.done is not None and m.done <= as_of for m in plan.milestones)
        return ONE if reached else ZERO
    done = _weighted_sum(
        shape.weights,
        (
            ONE if _done_by(t, as_of) else reported.get(t.id, default) / HUNDRED
            for t, default in zip(plan.tasks, shape.defaults, strict=True)
        ),
    )
    return ratio(done, shape.total)


def _done_by(task: Task, as_of: dt.date) -> bool:
    """Whether the plan says the task was finished on or before `as_of`."""
    return task.done is not None and task.done <= as_of


def _weighted_sum(weights: Iterable[Decimal], fractions: Iterable[Decimal]) -> Decimal:
    # One helper for done and planned work, so that equal fractions give exactly equal sums.
    return exact_sum(map(operator.mul, weights, fractions))


@dataclass(frozen=True)
class _Shape:
    """What a plan's progress needs that no date changes, for one working week: made once per plan object
    (`_shape`), as a trend asks about the same plan at every week's end. For a plan with tasks: each task's
    weight, its progress as the plan gives it, and its (start, finish, working days); for a plan without, its
    milestone shares, their weights and stretches. `total` is the weights' exact sum."""

    working_days: WeekdayNumbers
    weights: tuple[Decimal, ...]
    total: Decimal
    spans: tuple[tuple[dt.date, dt.date, int], ...]
    defaults: tuple[Decimal, ...] = ()
    shares: tuple[MilestoneShare, ...] = ()

    def planned(self, as_of: dt.date) -> Iterator[Decimal]:
        """Each task's (or milestone share's) planned fraction at the end of `as_of`, in order."""
        days = self.working_days
        return (_share(start, finish, length, as_of, days) for start, finish, length in self.spans)


_SHAPES: ByIdentity[dict[WeekdayNumbers, _Shape]] = ByIdentity()


def _shape(plan: Plan, working_days: WorkingDays) -> _Shape:
    """The plan's `_Shape` for these working days, made the first time it is asked for."""
    days = weekday_numbers(working_days)
    by_week = _SHAPES.get(plan, dict)
    found = by_week.get(days)
    if found is None:
        if plan.tasks:
            weights = tuple(task_weight(t, days) for t in plan.tasks)
            spans = tuple((t.start, t.finish, count_working_days(t.start, t.finish, days)) for t in plan.tasks)
            defaults = tuple(as_decimal(t.progress) for t in plan.tasks)
            found = _Shape(days, weights, exact_sum(weights), spans, defaults)
        else:
            shares = milestone_shares(plan, days)
            weights = tuple(s.weight for s in shares)
            spans = tuple((s.start, s.milestone.due, count_working_days(s.start, s.milestone.due, days)) for s in shares)
            found = _Shape(days, weights, exact_sum(weights), spans, shares=shares)
        by_week[days] = found
    return found
