"""Highlights of a reporting week: what happened across the portfolio between Monday and Sunday (or today).

The window is the ISO week's Monday to the earlier of its Sunday and `report_date` (or a later `until`, for
the home page, which reads from the current reporting week's Monday to the report date); updates dated
after the window's end are ignored. `previous` is the content as it stood at the end of the week
before (from history), so that each event is told once, in the week it happened. What is picked out:

- milestones done in the window;
- tasks finished in the window: the plan's `done` date for the task falls in it, or (for a task
  without one) an update in the window gives the task 100% and it was below 100% just before that
  update (from the previous update naming it, else the plan);
- colour changes: a project's newest update in the window against its previous update;
- new risks: raised in the window, or (with `previous`) in the plan and not in it a week before;
- risks that occurred: status "occurred" now and not at the end of the week before (without
  `previous` nothing tells when, so every risk marked occurred is listed);
- blockers and asks from each project's newest update in the window; a blocker is new when the
  project's last update before the window did not name it;
- accomplishments from every update in the window, with the project and the author;
- rewritten updates: (with `previous`) an update dated before the window that was edited since;
- projects without an update in the window: active, started, silent all week, and not yet stale
  (a stale project is listed as stale);
- forecasts moved: a milestone not done whose newest forecast at the window's end differs from the
  one before the window (its due date when there was none);
- milestones due in the 14 days after the window's end and not done by then, each with its newest
  forecast, so that one forecast months late is not read as due next week;
- projects stale as of the window's end.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from dataclasses import dataclass
from decimal import Decimal

from reporter.compute.decimals import as_decimal
from reporter.compute.health import is_stale
from reporter.compute.memo import ByIdentity
from reporter.compute.milestones import DUE_SOON_DAYS
from reporter.compute.progress import HUNDRED
from reporter.compute.updates import newest_forecasts, updates_at, updates_until
from reporter.content.models import Ask, Blocker, Colour, Content, Milestone, Plan, Project, Risk, RiskStatus, State, Task, Update
from reporter.weeks import week_bounds

ONE_DAY = dt.timedelta(days=1)

_date = operator.attrgetter("date")


@dataclass(frozen=True)
class MilestoneEvent:
    """A milestone of a project: done in the week, or coming due (with its newest forecast, if any)."""

    project_id: str
    project_name: str
    milestone: Milestone
    forecast: dt.date | None = None


@dataclass(frozen=True)
class ForecastMove:
    """A milestone whose forecast an update of the week moved: from the forecast before (else its due date)."""

    project_id: str
    project_name: str
    milestone: Milestone
    before: dt.date
    after: dt.date

    @property
    def days(self) -> int:
        """After minus before, in calendar days (positive: later)."""
        return (self.after - self.before).days


@dataclass(frozen=True)
class TaskFinished:
    """A task that reached 100% in an update of the week."""

    project_id: str
    project_name: str
    task: Task
    date: dt.date  # the date of the update that reported it finished


@dataclass(frozen=True)
class ColourChange:
    """A project whose reported colour changed with its newest update of the week."""

    project_id: str
    project_name: str
    before: Colour
    after: Colour
    date: dt.date  # the date of the update with the new colour

    @property
    def worse(self) -> bool:
        """Whether the colour got worse."""
        return self.after.rank > self.before.rank


@dataclass(frozen=True)
class RiskItem:
    """A risk of a project."""

    project_id: str
    project_name: str
    risk: Risk


@dataclass(frozen=True)
class BlockerItem:
    """A blocker from a project's newest update of the week; `new` when the update before did not name it."""

    project_id: str
    project_name: str
    blocker: Blocker
    date: dt.date
    new: bool = True


@dataclass(frozen=True)
class AskItem:
    """An ask from a project's newest update of the week."""

    project_id: str
    project_name: str
    ask: Ask
    date: dt.date


@dataclass(frozen=True)
class Accomplishment:
    """A success from an update of the week, with who reported it."""

    project_id: str
    project_name: str
    text: str
    author: str
    date: dt.date


@dataclass(frozen=True)
class RewrittenUpdate:
    """An update of an earlier week whose file was edited during this week."""

    project_id: str
    project_name: str
    date: dt.date  # the date of the update that was rewritten


@dataclass(frozen=True)
class StaleProject:
    """A project whose reporting is stale at the end of the week."""

    project_id: str
    project_name: str


@dataclass(frozen=True)
class WeekHighlights:
    """What happened across the portfolio in one ISO week (`start` to `end`, end = min(Sunday, today))."""

    week: str
    start: dt.date
    end: dt.date
    milestones_done: tuple[MilestoneEvent, ...]
    tasks_finished: tuple[TaskFinished, ...]
    colour_changes: tuple[ColourChange, ...]
    new_risks: tuple[RiskItem, ...]
    occurred_risks: tuple[RiskItem, ...]
    blockers: tuple[BlockerItem, ...]
    asks: tuple[AskItem, ...]
    accomplishments: tuple[Accomplishment, ...]
    milestones_due: tuple[MilestoneEvent, ...]
    stale_projects: tuple[StaleProject, ...]
    rewritten: tuple[RewrittenUpdate, ...] = ()
    forecasts_moved: tuple[ForecastMove, ...] = ()
    not_reported: tuple[StaleProject, ...] = ()  # active projects with no update dated in the window

    @property
    def new_blockers(self) -> tuple[BlockerItem, ...]:
        """The blockers raised this week."""
        return tuple(b for b in self.blockers if b.new)

    @property
    def is_empty(self) -> bool:
        """Whether nothing at all happened or is coming."""
        return not any(
            (
                self.milestones_done,
                self.tasks_finished,
                self.colour_changes,
                self.new_risks,
                self.occurred_risks,
                self.blockers,
                self.asks,
                self.accomplishments,
                self.milestones_due,
                self.stale_projects,
                self.rewritten,
                self.forecasts_moved,
            )
        )


def reporting_window(week: str, report_date: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday of an ISO week such as '2026-W05' and the earlier of its Sunday and `report_date`.

    The end is before the start when `report_date` is before the week; then nothing falls in the window.
    """
    monday, sunday = week_bounds(week)
    return monday, min(sunday, report_date)


def week_highlights(
    content: Content,
    week: str,
    report_date: dt.date,
    *,
    previous: Content | None = None,
    until: dt.date | None = None,
) -> WeekHighlights:
    """The highlights of one ISO week across all projects (see the module docstring for what is picked out).

    `previous` is the content at the end of the week before, when history has it; `until` moves the
    window's end past the week's Sunday (the home page reads the current reporting week up to the report
    date)."""
    start, end = reporting_window(week, report_date)
    if until is not None:
        end = until
    before: dict[str, Project] = {p.id: p for p in previous.projects} if previous is not None else {}
    milestones_done: list[MilestoneEvent] = []
    tasks_finished: list[TaskFinished] = []
    colour_changes: list[ColourChange] = []
    new_risks: list[RiskItem] = []
    occurred_risks: list[RiskItem] = []
    blockers: list[BlockerItem] = []
    asks: list[AskItem] = []
    accomplishments: list[Accomplishment] = []
    milestones_due: list[MilestoneEvent] = []
    stale: list[StaleProject] = []
    rewritten: list[RewrittenUpdate] = []
    forecasts_moved: list[ForecastMove] = []
    not_reported: list[StaleProject] = []

    for project in content.projects:
        pid, name, plan = project.id, project.plan.name, project.plan
        earlier_version = before.get(pid)
        known = updates_until(project.updates, end)  # oldest first
        # Where the window starts in `known`: before it, the updates dated before the window.
        first = bisect.bisect_left(known, start, key=_date)
        in_window = known[first:]
        stale_now = is_stale(plan, project.updates, end, content.portfolio.reporting)

        for m in sorted(plan.milestones, key=lambda m: (m.done or m.due, m.id)):
            if m.done is not None and start <= m.done <= end:
                milestones_done.append(MilestoneEvent(pid, name, m))
        tasks_finished.extend(_tasks_finished(project, in_window, known, start, end))

        if in_window:
            newest = in_window[-1]
            earlier = known[: bisect.bisect_left(known, newest.date, key=_date)]
            if earlier and earlier[-1].status != newest.status:
                colour_changes.append(ColourChange(pid, name, earlier[-1].status, newest.status, newest.date))
            named_before = {b.text for b in known[first - 1].blockers} if first else set()
            blockers.extend(BlockerItem(pid, name, b, newest.date, b.text not in named_before) for b in newest.blockers)
            asks.extend(AskItem(pid, name, a, newest.date) for a in newest.asks)
        elif plan.state == State.active and plan.start <= end and not stale_now:  # a stale project is listed as such, once
            not_reported.append(StaleProject(pid, name))
        for update in in_window:
            accomplishments.extend(Accomplishment(pid, name, text, update.author, update.date) for text in update.accomplishments)

        old_risks = {r.id: r for r in earlier_version.plan.risks} if earlier_version is not None else None
        for risk in plan.risks:
            raised_now = risk.raised is not None and start <= risk.raised <= end
            added_now = old_risks is not None and risk.id not in old_risks and (risk.raised is None or raised_now)
            if raised_now or added_now:
                new_risks.append(RiskItem(pid, name, risk))
            if risk.status == RiskStatus.occurred:
                was = old_risks.get(risk.id) if old_risks is not None else None
                if old_risks is None or was is None or was.status != RiskStatus.occurred:
                    occurred_risks.append(RiskItem(pid, name, risk))

        if earlier_version is not None:
            old_before = updates_at(earlier_version.updates, start - ONE_DAY).updates
            # The loader keeps an unchanged update the very same object from week to week: when every one is,
            # nothing was rewritten, and comparing them field by field would tell nothing more.
            if len(old_before) != first or any(map(operator.is_not, old_before, known[:first])):
                old_updates = {u.key: u for u in old_before}
                for update in known[:first]:
                    if update.key in old_updates and old_updates[update.key] != update:
                        rewritten.append(RewrittenUpdate(pid, name, update.date))

        # The newest forecast of each milestone before the window, then at its end (`latest_forecasts`, in one pass).
        forecasts_then = newest_forecasts(known[:first])
        forecasts = dict(forecasts_then)
        for update in in_window:
            forecasts.update(update.forecasts)
        horizon = end + dt.timedelta(days=DUE_SOON_DAYS)
        for m in sorted(plan.milestones, key=lambda m: (m.due, m.id)):
            not_done = m.done is None or m.done > end
            if not_done and end < m.due <= horizon:
                milestones_due.append(MilestoneEvent(pid, name, m, forecasts.get(m.id)))
            now, then = forecasts.get(m.id), forecasts_then.get(m.id, m.due)
            if not_done and now is not None and now != then:
                forecasts_moved.append(ForecastMove(pid, name, m, then, now))

        if stale_now:
            stale.append(StaleProject(pid, name))

    return WeekHighlights(
        week=week,
        start=start,
        end=end,
        milestones_done=tuple(sorted(milestones_done, key=lambda e: (e.milestone.done, e.project_name))),
        tasks_finished=tuple(sorted(tasks_finished, key=lambda e: (e.date, e.project_name, e.task.id))),
        colour_changes=tuple(colour_changes),
        new_risks=tuple(new_risks),
        occurred_risks=tuple(occurred_risks),
        blockers=tuple(blockers),
        asks=tuple(asks),
        accomplishments=tuple(accomplishments),
        milestones_due=tuple(sorted(milestones_due, key=lambda e: (e.milestone.due, e.project_name))),
        stale_projects=tuple(stale),
        rewritten=tuple(rewritten),
        forecasts_moved=tuple(forecasts_moved),
        not_reported=tuple(not_reported),
    )


# Each plan's tasks by id, and those with a done date: asked every week of the plan's life, made once.
_TASKS: ByIdentity[tuple[dict[str, Task], tuple[tuple[Task, dt.date], ...]]] = ByIdentity()


def _tasks_of(plan: Plan) -> tuple[dict[str, Task], tuple[tuple[Task, dt.date], ...]]:
    return {t.id: t for t in plan.tasks}, tuple((t, t.done) for t in plan.tasks if t.done is not None)


def _tasks_finished(
    project: Project, in_window: list[Update], known: list[Update], start: dt.date, end: dt.date
) -> list[TaskFinished]:
    """Tasks finished in the window, each once: a plan `done` date in the window, or an update of the window
    that brought the task to 100% (at the first such update) when the plan gives no done date."""
    tasks, with_done = _TASKS.get(project.plan, lambda: _tasks_of(project.plan))
    found: dict[str, TaskFinished] = {}
    for task, done in with_done:
        if start <= done <= end:
            found[task.id] = TaskFinished(project.id, project.plan.name, task, done)
    for update in in_window:
        earlier = bisect.bisect_left(known, update.date, key=lambda u: u.date)  # known[:earlier] are dated before it
        for task_id, value in update.progress.items():
            named = tasks.get(task_id)
            if named is None or named.done is not None or task_id in found or value < 100:
                continue  # a task with a done date finished on that date, in the window or not
            if _progress_before(named, known, earlier) < HUNDRED:
                found[task_id] = TaskFinished(project.id, project.plan.name, named, update.date)
    return list(found.values())


def _progress_before(task: Task, known: list[Update], earlier: int) -> Decimal:
    """A task's progress from the newest of `known[:earlier]` naming it, else the plan's (for a task without a
    done date). Read from the newest back: usually the update just before names the task, so a long history
    costs nothing here, where rebuilding every task's progress for every update of every week did."""
    for i in range(earlier - 1, -1, -1):  # no copy of the list
        if task.id in known[i].progress:
            return as_decimal(known[i].progress[task.id])
    return as_decimal(task.progress)
