"""Highlights of a reporting week: what happened across the portfolio between Monday and Sunday (or today).

The window is the ISO week's Monday to the earlier of its Sunday and `today`; updates dated after the
window's end are ignored. What is picked out:

- milestones done in the window;
- tasks finished in the window: an update in the window gives the task 100% and it was below 100%
  just before that update (from the previous update naming it, else the plan);
- colour changes: a project's newest update in the window against its previous update;
- risks raised in the window, and risks whose status is "occurred";
- blockers and asks from each project's newest update in the window;
- accomplishments from every update in the window, with the project and the author;
- milestones due in the 14 days after the window's end and not done by then;
- projects stale as of the window's end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporter.compute.health import is_stale
from reporter.compute.milestones import DUE_SOON_DAYS
from reporter.compute.progress import HUNDRED
from reporter.compute.progress import task_progress as progress_of_task
from reporter.compute.updates import updates_until
from reporter.models import Ask, Blocker, Colour, Content, Milestone, Project, Risk, RiskStatus, Task, Update
from reporter.weeks import week_bounds


@dataclass(frozen=True)
class MilestoneEvent:
    """A milestone of a project: done in the week, or coming due."""

    project_id: str
    project_name: str
    milestone: Milestone


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
    """A blocker from a project's newest update of the week."""

    project_id: str
    project_name: str
    blocker: Blocker
    date: dt.date


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
            )
        )


def reporting_window(week: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday of an ISO week such as '2026-W05' and the earlier of its Sunday and `today`.

    The end is before the start when `today` is before the week; then nothing falls in the window.
    """
    monday, sunday = week_bounds(week)
    return monday, min(sunday, today)


def week_highlights(content: Content, week: str, today: dt.date) -> WeekHighlights:
    """The highlights of one ISO week across all projects (see the module docstring for what is picked out)."""
    start, end = reporting_window(week, today)
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

    for project in content.projects:
        pid, name, plan = project.id, project.plan.name, project.plan
        known = updates_until(project.updates, end)
        in_window = [u for u in known if u.date >= start]

        for m in sorted(plan.milestones, key=lambda m: (m.done or m.due, m.id)):
            if m.done is not None and start <= m.done <= end:
                milestones_done.append(MilestoneEvent(pid, name, m))
        tasks_finished.extend(_tasks_finished(project, in_window, known))

        if in_window:
            newest = in_window[-1]
            earlier = [u for u in known if u.date < newest.date]
            if earlier and earlier[-1].status != newest.status:
                colour_changes.append(ColourChange(pid, name, earlier[-1].status, newest.status, newest.date))
            blockers.extend(BlockerItem(pid, name, b, newest.date) for b in newest.blockers)
            asks.extend(AskItem(pid, name, a, newest.date) for a in newest.asks)
        for update in in_window:
            accomplishments.extend(
                Accomplishment(pid, name, text, update.author, update.date) for text in update.accomplishments
            )

        for risk in plan.risks:
            if risk.raised is not None and start <= risk.raised <= end:
                new_risks.append(RiskItem(pid, name, risk))
            if risk.status == RiskStatus.occurred:
                occurred_risks.append(RiskItem(pid, name, risk))

        horizon = end + dt.timedelta(days=DUE_SOON_DAYS)
        for m in sorted(plan.milestones, key=lambda m: (m.due, m.id)):
            not_done = m.done is None or m.done > end
            if not_done and end < m.due <= horizon:
                milestones_due.append(MilestoneEvent(pid, name, m))

        if is_stale(plan, project.updates, end, content.portfolio.reporting):
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
    )


def _tasks_finished(project: Project, in_window: list[Update], known: list[Update]) -> list[TaskFinished]:
    """Tasks an update of the window brought to 100%, each once (at the first such update)."""
    tasks = {t.id: t for t in project.plan.tasks}
    found: dict[str, TaskFinished] = {}
    for update in in_window:
        before = [u for u in known if u.date < update.date]
        for task_id, value in update.progress.items():
            task = tasks.get(task_id)
            if task is None or task_id in found or value < 100:
                continue
            if progress_of_task(task, before, update.date) < HUNDRED:
                found[task_id] = TaskFinished(project.id, project.plan.name, task, update.date)
    return list(found.values())
