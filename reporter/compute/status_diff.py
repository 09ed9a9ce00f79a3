"""What a change does to the status: two versions of the content compared project by project, and the review rules.

`status_diff(base, head, report_date, baselines)` compares every project at one report date (so only
the change itself moves anything): reported and computed colour, each milestone's planned date and
forecast (in calendar and working days, and against the baseline), the planned finish, scope added or
removed, risks opened, occurred, mitigated, closed or removed, budget and EAC. `review(diff, head, rules)`
checks the change against the portfolio's review rules. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from reporter.compute.project_figures import ProjectFigures, project_figures
from reporter.compute.updates import latest_update
from reporter.compute.working_days import count_working_days
from reporter.content.models import Colour, Content, Plan, Project, ReviewRules, RiskStatus, Weekday


@dataclass(frozen=True)
class DateMove:
    """A planned date or a forecast that moved: a milestone's (by id) or the project's finish (id None)."""

    id: str | None
    name: str
    kind: str  # 'due' (the plan's date), 'forecast' (when it is now expected) or 'finish'
    before: dt.date
    after: dt.date
    days: int  # calendar days, positive = later
    working_days: int  # working days between the two dates, positive = later
    baseline: dt.date | None = None  # the baseline's date of the same milestone or finish
    against_baseline: int | None = None  # after minus baseline, in calendar days

    @property
    def slip(self) -> bool:
        """Whether it moved later."""
        return self.days > 0


@dataclass(frozen=True)
class ScopeChange:
    """A milestone or task added or removed."""

    kind: str  # 'milestone' or 'task'
    change: str  # 'added' or 'removed'
    id: str
    name: str


@dataclass(frozen=True)
class RiskChange:
    """A risk that was opened (added), occurred, was mitigated, closed, reopened or removed."""

    id: str
    title: str
    change: str  # opened, occurred, mitigated, closed, reopened or removed
    probability: int
    impact: int


@dataclass(frozen=True)
class ProjectDiff:
    """One project before and after the change (`kind` 'added', 'removed' or 'changed')."""

    id: str
    name: str
    kind: str
    reported_before: Colour | None = None
    reported_after: Colour | None = None
    computed_before: Colour | None = None
    computed_after: Colour | None = None
    moves: tuple[DateMove, ...] = ()
    scope: tuple[ScopeChange, ...] = ()
    risks: tuple[RiskChange, ...] = ()
    budget_before: Decimal | None = None
    budget_after: Decimal | None = None
    eac_before: Decimal | None = None
    eac_after: Decimal | None = None

    @property
    def reported_changed(self) -> bool:
        """Whether the reported colour differs."""
        return self.reported_before != self.reported_after

    @property
    def computed_changed(self) -> bool:
        """Whether the computed colour differs."""
        return self.computed_before != self.computed_after

    @property
    def budget_changed(self) -> bool:
        """Whether the budget differs."""
        return self.budget_before != self.budget_after

    @property
    def eac_changed(self) -> bool:
        """Whether the estimate at completion differs."""
        return self.eac_before != self.eac_after

    @property
    def changed(self) -> bool:
        """Whether anything the diff shows differs."""
        return self.kind != "changed" or any(
            (
                self.reported_changed,
                self.computed_changed,
                self.moves,
                self.scope,
                self.risks,
                self.budget_changed,
                self.eac_changed,
            )
        )


@dataclass(frozen=True)
class StatusDiff:
    """The projects a change alters, by name, as of one report date."""

    report_date: dt.date
    currency: str
    projects: tuple[ProjectDiff, ...]


@dataclass(frozen=True)
class RuleBreak:
    """A review rule the change breaks, at a place in a file of the new content (path relative to the content)."""

    path: str  # projects/alpha/plan.yaml
    keys: tuple[str | int, ...]  # ('milestones', 1, 'due')
    message: str


def working_day_shift(before: dt.date, after: dt.date, working_days: list[Weekday]) -> int:
    """The working days a date moved: those after `before` up to `after` (negative when earlier)."""
    if after >= before:
        return count_working_days(before + dt.timedelta(days=1), after, working_days)
    return -count_working_days(after + dt.timedelta(days=1), before, working_days)


def status_diff(base: Content, head: Content, report_date: dt.date, baselines: Mapping[str, Plan] | None = None) -> StatusDiff:
    """Every project whose status the change from `base` to `head` alters, as of `report_date`; `baselines`
    are the projects' baseline plans (by id) for the milestones' moves against the baseline."""
    baselines = baselines or {}
    before = {p.id: p for p in base.projects}
    after = {p.id: p for p in head.projects}
    diffs = []
    for project_id in sorted(before.keys() | after.keys()):
        old, new = before.get(project_id), after.get(project_id)
        if old is None:
            assert new is not None
            figures = project_figures(new, head.portfolio, report_date)
            diffs.append(
                ProjectDiff(project_id, new.plan.name, "added", reported_after=figures.reported, computed_after=figures.colour)
            )
        elif new is None:
            figures = project_figures(old, base.portfolio, report_date)
            diffs.append(
                ProjectDiff(
                    project_id, old.plan.name, "removed", reported_before=figures.reported, computed_before=figures.colour
                )
            )
        elif old == new and base.portfolio == head.portfolio:
            continue  # nothing of it changed, nor the rules it is judged by: its figures are the same
        else:
            diff = _project_diff(old, new, base, head, report_date, baselines.get(project_id))
            if diff.changed:
                diffs.append(diff)
    diffs.sort(key=lambda d: (d.name.lower(), d.id))
    return StatusDiff(report_date, head.portfolio.currency, tuple(diffs))


def _project_diff(
    old: Project, new: Project, base: Content, head: Content, report_date: dt.date, baseline: Plan | None
) -> ProjectDiff:
    was = project_figures(old, base.portfolio, report_date)
    now = project_figures(new, head.portfolio, report_date)
    working_days = head.portfolio.reporting.working_days
    return ProjectDiff(
        new.id,
        new.plan.name,
        "changed",
        reported_before=was.reported,
        reported_after=now.reported,
        computed_before=was.colour,
        computed_after=now.colour,
        moves=_moves(was, now, baseline, working_days),
        scope=_scope(old.plan, new.plan),
        risks=_risks(old.plan, new.plan),
        budget_before=old.plan.budget,
        budget_after=new.plan.budget,
        eac_before=was.earned_value.eac,
        eac_after=now.earned_value.eac,
    )


def _moves(was: ProjectFigures, now: ProjectFigures, baseline: Plan | None, working_days: list[Weekday]) -> tuple[DateMove, ...]:
    baseline_due = {m.id: m.due for m in baseline.milestones} if baseline is not None else {}
    expected_before = {s.milestone.id: s.expected for s in was.milestones}
    moves = []
    for status in now.milestones:
        milestone = status.milestone
        old = next((m for m in was.plan.milestones if m.id == milestone.id), None)
        if old is None:
            continue
        base_day = baseline_due.get(milestone.id)
        pairs = (("due", old.due, milestone.due), ("forecast", expected_before[milestone.id], status.expected))
        for kind, first, last in pairs:
            if first != last:
                moves.append(
                    DateMove(
                        milestone.id,
                        milestone.name,
                        kind,
                        first,
                        last,
                        (last - first).days,
                        working_day_shift(first, last, working_days),
                        base_day,
                        None if base_day is None else (last - base_day).days,
                    )
                )
    if was.plan.finish != now.plan.finish:
        first, last = was.plan.finish, now.plan.finish
        base_finish = baseline.finish if baseline is not None else None
        moves.append(
            DateMove(
                None,
                "Project finish",
                "finish",
                first,
                last,
                (last - first).days,
                working_day_shift(first, last, working_days),
                base_finish,
                None if base_finish is None else (last - base_finish).days,
            )
        )
    return tuple(moves)


def _scope(old: Plan, new: Plan) -> tuple[ScopeChange, ...]:
    changes = []
    for kind, before, after in (
        ("milestone", {m.id: m.name for m in old.milestones}, {m.id: m.name for m in new.milestones}),
        ("task", {t.id: t.name for t in old.tasks}, {t.id: t.name for t in new.tasks}),
    ):
        changes += [ScopeChange(kind, "added", i, name) for i, name in after.items() if i not in before]
        changes += [ScopeChange(kind, "removed", i, name) for i, name in before.items() if i not in after]
    return tuple(changes)


_STATUS_CHANGE = {
    RiskStatus.occurred: "occurred",
    RiskStatus.mitigated: "mitigated",
    RiskStatus.closed: "closed",
    RiskStatus.open: "reopened",
}


def _risks(old: Plan, new: Plan) -> tuple[RiskChange, ...]:
    before = {r.id: r for r in old.risks}
    after = {r.id: r for r in new.risks}
    changes = []
    for risk in new.risks:
        was = before.get(risk.id)
        if was is None:
            change = "occurred" if risk.status == RiskStatus.occurred else "opened"
        elif was.status != risk.status:
            change = _STATUS_CHANGE[risk.status]
        else:
            continue
        changes.append(RiskChange(risk.id, risk.title, change, risk.probability, risk.impact))
    changes += [RiskChange(r.id, r.title, "removed", r.probability, r.impact) for r in old.risks if r.id not in after]
    return tuple(changes)


def review(diff: StatusDiff, base: Content, head: Content, rules: ReviewRules | None) -> list[RuleBreak]:
    """The review rules `head`'s portfolio sets that the change breaks: a milestone or the finish moved
    later by more than `slip_needs_reason` working days without a new `reason`, and a project that turns
    red (reported) without an ask or a blocker in its newest update."""
    if rules is None:
        return []
    old_plans = {p.id: p.plan for p in base.projects}
    new_projects = {p.id: p for p in head.projects}
    breaks = []
    for project in diff.projects:
        if project.kind != "changed":
            continue
        plan, was = new_projects[project.id].plan, old_plans[project.id]
        limit = rules.slip_needs_reason
        for move in project.moves:
            if limit is None or move.kind == "forecast" or move.working_days <= limit:
                continue
            keys: tuple[str | int, ...]
            if move.kind == "finish":
                old_reason, new_reason, keys = was.finish_reason, plan.finish_reason, ("finish",)
                label, field = "the finish", "finish_reason"
            else:
                index = next(i for i, m in enumerate(plan.milestones) if m.id == move.id)
                old_reason = next(m.reason for m in was.milestones if m.id == move.id)
                new_reason, keys = plan.milestones[index].reason, ("milestones", index, "due")
                label, field = f"milestone '{move.id}'", f"milestones[{index}].reason"
            if not new_reason or not new_reason.strip() or new_reason == old_reason:
                breaks.append(
                    RuleBreak(
                        f"projects/{project.id}/plan.yaml",
                        keys,
                        f"{label} moves {move.working_days} working days later ({move.before} → {move.after}), more than "
                        f"the {limit} the portfolio allows without a reason; say why in {field}",
                    )
                )
        if rules.red_needs_ask_or_blocker and project.reported_after == Colour.red and project.reported_before != Colour.red:
            latest = latest_update(new_projects[project.id].updates, diff.report_date)
            if latest is not None and not latest.asks and not latest.blockers:
                breaks.append(
                    RuleBreak(
                        f"projects/{project.id}/updates/{latest.date}.yaml",
                        ("status",),
                        "turns the project red without an ask or a blocker; add what is needed under asks or blockers",
                    )
                )
    return breaks
