"""What changed between two snapshots of the content: dates moved, forecasts moved, milestones done,
scope, risks, colour.

A milestone's forecast is the newest one its snapshot's updates give, else its due date; a move of the
due date alone (no forecast in either snapshot) is a date moved, not a forecast moved.

Risks: a risk is opened when it is new and not closed, or when it was closed and is not any more; it is
mitigated when it goes to `mitigated` from open or occurred; it is closed when it goes to `closed` or
leaves the plan. Mitigated is not closed: the risk is still there, made smaller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reporter.compute.milestones import latest_forecasts
from reporter.content.models import Colour, Content, Plan, Project, RiskStatus


@dataclass(frozen=True)
class DateMove:
    """A date that moved: what, from, to, and by how many calendar days (positive = later)."""

    what: str
    before: dt.date
    after: dt.date

    @property
    def days(self) -> int:
        """After minus before, in calendar days."""
        return (self.after - self.before).days


@dataclass(frozen=True)
class ProjectChanges:
    """The changes to one project between two snapshots."""

    project_id: str
    name: str
    new_project: bool = False
    dates_moved: tuple[DateMove, ...] = ()
    forecasts_moved: tuple[DateMove, ...] = ()  # `what` is the milestone's name
    milestones_done: tuple[str, ...] = ()
    tasks_added: tuple[str, ...] = ()
    tasks_removed: tuple[str, ...] = ()
    risks_opened: tuple[str, ...] = ()
    risks_mitigated: tuple[str, ...] = ()
    risks_occurred: tuple[str, ...] = ()  # an open or mitigated risk that happened
    risks_closed: tuple[str, ...] = ()
    colour_before: Colour | None = None
    colour_after: Colour | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def colour_changed(self) -> bool:
        """True when the reported colour differs between the two snapshots' latest updates."""
        return self.colour_before is not None and self.colour_before != self.colour_after

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (
            self.new_project
            or self.dates_moved
            or self.forecasts_moved
            or self.milestones_done
            or self.tasks_added
            or self.tasks_removed
            or self.risks_opened
            or self.risks_mitigated
            or self.risks_occurred
            or self.risks_closed
            or self.colour_changed
        )


def project_changes(before: Project | None, after: Project) -> ProjectChanges:
    """The changes to one project; `before` is None when the project is new."""
    plan = after.plan
    colour_after = after.latest.status if after.latest else None
    if before is None:
        return ProjectChanges(after.id, plan.name, new_project=True, colour_after=colour_after)
    old = before.plan
    if old is plan:
        # The loader keeps an unchanged plan the very same object from snapshot to snapshot (the usual week): no
        # date, milestone, task or risk of it moved, so only the updates' forecasts and colour can have changed.
        return ProjectChanges(
            after.id,
            plan.name,
            forecasts_moved=_forecasts_moved(plan, before, after),
            colour_before=before.latest.status if before.latest else None,
            colour_after=colour_after,
        )
    moves = []
    if old.start != plan.start:
        moves.append(DateMove("Start", old.start, plan.start))
    if old.finish != plan.finish:
        moves.append(DateMove("Finish", old.finish, plan.finish))
    old_milestones = {m.id: m for m in old.milestones}
    old_forecasts, new_forecasts = latest_forecasts(before.updates), latest_forecasts(after.updates)
    done, forecast_moves = [], []
    for milestone in plan.milestones:
        previous = old_milestones.get(milestone.id)
        if previous is not None and previous.due != milestone.due:
            moves.append(DateMove(milestone.name, previous.due, milestone.due))
        if milestone.done is not None and (previous is None or previous.done is None):
            done.append(milestone.name)
        # Once done, a forecast is moot (and "Milestone reached" says it); with no forecast on either
        # side, only the due date moved, which is in dates_moved already.
        if previous is None or milestone.done is not None or previous.done is not None:
            continue
        if milestone.id in old_forecasts or milestone.id in new_forecasts:
            then = old_forecasts.get(milestone.id, previous.due)
            now = new_forecasts.get(milestone.id, milestone.due)
            if then != now:
                forecast_moves.append(DateMove(milestone.name, then, now))
    old_tasks = {t.id: t for t in old.tasks}
    new_tasks = {t.id: t for t in plan.tasks}
    for task in plan.tasks:
        old_task = old_tasks.get(task.id)
        if old_task is not None and old_task.finish != task.finish:
            moves.append(DateMove(task.name, old_task.finish, task.finish))
    old_risks = {r.id: r for r in old.risks}
    new_risks = {r.id: r for r in plan.risks}
    opened, mitigated, occurred, closed = [], [], [], []
    for risk in plan.risks:
        was = old_risks[risk.id].status if risk.id in old_risks else None
        if risk.status == was:
            continue
        if risk.status != RiskStatus.closed and (was is None or was == RiskStatus.closed):
            opened.append(risk.title)  # new, or reopened: a new risk already mitigated is still new
        elif risk.status == RiskStatus.mitigated:
            mitigated.append(risk.title)  # from open or occurred
        elif risk.status == RiskStatus.occurred:
            occurred.append(risk.title)  # from open or mitigated: plan B is on
        elif risk.status == RiskStatus.closed and was is not None:
            closed.append(risk.title)
    closed += [r.title for r_id, r in old_risks.items() if r_id not in new_risks and r.status != RiskStatus.closed]
    return ProjectChanges(
        after.id,
        plan.name,
        dates_moved=tuple(moves),
        forecasts_moved=tuple(forecast_moves),
        milestones_done=tuple(done),
        tasks_added=tuple(t.name for i, t in new_tasks.items() if i not in old_tasks),
        tasks_removed=tuple(t.name for i, t in old_tasks.items() if i not in new_tasks),
        risks_opened=tuple(opened),
        risks_mitigated=tuple(mitigated),
        risks_occurred=tuple(occurred),
        risks_closed=tuple(closed),
        colour_before=before.latest.status if before.latest else None,
        colour_after=colour_after,
    )


def _forecasts_moved(plan: Plan, before: Project, after: Project) -> tuple[DateMove, ...]:
    """The forecasts that moved between two versions of a project with the same plan (as `project_changes`)."""
    old_forecasts, new_forecasts = latest_forecasts(before.updates), latest_forecasts(after.updates)
    if old_forecasts == new_forecasts:
        return ()
    moves = []
    for milestone in plan.milestones:
        if milestone.done is None and (milestone.id in old_forecasts or milestone.id in new_forecasts):
            then = old_forecasts.get(milestone.id, milestone.due)
            now = new_forecasts.get(milestone.id, milestone.due)
            if then != now:
                moves.append(DateMove(milestone.name, then, now))
    return tuple(moves)


def content_changes(before: Content | None, after: Content) -> dict[str, ProjectChanges]:
    """The changes to every project of `after` since `before` (every project is new when before is None)."""
    old = {p.id: p for p in before.projects} if before is not None else {}
    return {p.id: project_changes(old.get(p.id), p) for p in after.projects}
