"""Audiences: the content as one audience may see it, with every program, project, milestone, task, risk
and update field marked for a wider circle left out.

A thing's visibility is its own mark, or, unmarked, that of what it belongs to (an update field, a
milestone, a task and a risk: their project; a project: its program; a program: portfolio.yaml's
`default_visibility`), and never less than that: a public project in an internal program is internal.
A hidden milestone or task goes with every reference to it (a task's `milestone` and `depends_on`, an
update's `forecasts` and `progress`), so the audience's figures are those of the plan without it. An audience sees a level and the
ones before it (`Visibility.rank`). The marks of the current content hold for every older version too
(`Hidden`), so that marking a risk today also hides it in last month's snapshot, where it was unmarked.
Pure: no I/O; the gather stage applies it once, before anything is computed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reporter.content.models import Content, Plan, Portfolio, Project, Update, UpdateVisibility, Visibility

# The audiences `--audience` and the plugin's `audience:` name, and the most restricted level each sees.
AUDIENCES: dict[str, Visibility] = {"external": Visibility.public, "internal": Visibility.internal}
HIDEABLE_FIELDS: tuple[str, ...] = tuple(UpdateVisibility.model_fields)


def audience_level(name: str) -> Visibility:
    """The most restricted visibility audience `name` sees; ValueError naming the audiences for any other name."""
    try:
        return AUDIENCES[name]
    except KeyError:
        known = ", ".join(AUDIENCES)
        raise ValueError(f"'{name}' is not an audience: use one of {known}") from None


def _beyond(mark: Visibility | None, seen: Visibility) -> bool:
    return mark is not None and mark.rank > seen.rank


@dataclass(frozen=True)
class Hidden:
    """What the current content hides from an audience: program and project ids, risk, milestone and task
    ids per project, and the fields of each (project, update date)."""

    programs: frozenset[str] = frozenset()
    projects: frozenset[str] = frozenset()
    risks: dict[str, frozenset[str]] = field(default_factory=dict)
    fields: dict[tuple[str, dt.date], frozenset[str]] = field(default_factory=dict)
    milestones: dict[str, frozenset[str]] = field(default_factory=dict)
    tasks: dict[str, frozenset[str]] = field(default_factory=dict)


def hidden_programs(portfolio: Portfolio, seen: Visibility) -> frozenset[str]:
    """The ids of the programs whose visibility (their mark, else `default_visibility`) is beyond `seen`."""
    return frozenset(p.id for p in portfolio.programs if (p.visibility or portfolio.default_visibility).rank > seen.rank)


def hidden_from(content: Content, seen: Visibility) -> Hidden:
    """What `content` marks beyond `seen`."""
    programs = hidden_programs(content.portfolio, seen)
    projects, risks, fields, milestones, tasks = set(), {}, {}, {}, {}
    for project in content.projects:
        if project.plan.program in programs or _beyond(project.plan.visibility, seen):
            projects.add(project.id)
            continue
        risks[project.id] = _hidden_risks(project.plan, seen)
        milestones[project.id] = _hidden_milestones(project.plan, seen)
        tasks[project.id] = _hidden_tasks(project.plan, seen)
        fields.update({(project.id, u.date): names for u in project.updates if (names := _hidden_fields(u, seen))})
    return Hidden(programs, frozenset(projects), risks, fields, milestones, tasks)


def _hidden_risks(plan: Plan, seen: Visibility) -> frozenset[str]:
    return frozenset(r.id for r in plan.risks if _beyond(r.visibility, seen))


def _hidden_milestones(plan: Plan, seen: Visibility) -> frozenset[str]:
    return frozenset(m.id for m in plan.milestones if _beyond(m.visibility, seen))


def _hidden_tasks(plan: Plan, seen: Visibility) -> frozenset[str]:
    return frozenset(t.id for t in plan.tasks if _beyond(t.visibility, seen))


def _hidden_fields(update: Update, seen: Visibility) -> frozenset[str]:
    return frozenset(name for name in HIDEABLE_FIELDS if _beyond(getattr(update.visibility, name), seen))


class AudienceView:
    """Versions of the content as an audience sees them: each version's own marks and the current content's.

    What is shown comes without its marks, so that marking a thing (an edit) is no change the audience
    sees, such as "the update of last week was edited". A project object shared by many snapshots (the
    loader reuses an unchanged one) is filtered once, and one with nothing marked comes back as the same
    object, so what later stages remember by identity holds.
    """

    def __init__(self, current: Content, seen: Visibility) -> None:
        self.seen = seen
        self.now = hidden_from(current, seen)
        self._projects: dict[int, tuple[Project, Project]] = {}

    def content(self, content: Content) -> Content:
        """`content` without what it or the current content marks beyond the audience's level."""
        programs = hidden_programs(content.portfolio, self.seen) | self.now.programs
        projects = tuple(
            self.project(p)
            for p in content.projects
            if p.id not in self.now.projects and p.plan.program not in programs and not _beyond(p.plan.visibility, self.seen)
        )
        portfolio = _portfolio(content.portfolio, programs)
        if portfolio is content.portfolio and len(projects) == len(content.projects):
            if all(a is b for a, b in zip(projects, content.projects, strict=True)):
                return content
        return dataclasses.replace(content, portfolio=portfolio, projects=projects)

    def project(self, project: Project) -> Project:
        """A visible project without its hidden risks and update fields."""
        known = self._projects.get(id(project))
        if known is not None and known[0] is project:
            return known[1]
        plan = self.plan(project.id, project.plan)
        milestones = _hidden_milestones(project.plan, self.seen) | self.now.milestones.get(project.id, frozenset())
        tasks = _hidden_tasks(project.plan, self.seen) | self.now.tasks.get(project.id, frozenset())
        updates = tuple(
            _update(u, _hidden_fields(u, self.seen) | self.now.fields.get((project.id, u.date), frozenset()), milestones, tasks)
            for u in project.updates
        )
        shown = project
        if plan is not project.plan or any(a is not b for a, b in zip(updates, project.updates, strict=True)):
            shown = dataclasses.replace(project, plan=plan, updates=updates)
        self._projects[id(project)] = (project, shown)
        return shown

    def plan(self, project_id: str, plan: Plan) -> Plan:
        """A plan (a project's, or its baseline's) without the risks, milestones and tasks it or the current
        plan marks hidden."""
        return _plan(
            plan,
            _hidden_risks(plan, self.seen) | self.now.risks.get(project_id, frozenset()),
            _hidden_milestones(plan, self.seen) | self.now.milestones.get(project_id, frozenset()),
            _hidden_tasks(plan, self.seen) | self.now.tasks.get(project_id, frozenset()),
        )


def _portfolio(portfolio: Portfolio, programs: frozenset[str]) -> Portfolio:
    marked = any(p.visibility is not None or p.id in programs for p in portfolio.programs)
    if not marked and portfolio.default_visibility == Visibility.public:
        return portfolio
    shown = [p if p.visibility is None else p.model_copy(update={"visibility": None}) for p in portfolio.programs]
    changes: dict[str, Any] = {"programs": [p for p in shown if p.id not in programs], "default_visibility": Visibility.public}
    if portfolio.notify is not None:
        # A channel of a hidden program would send what this audience may not see: it has no place here.
        channels = [c for c in portfolio.notify.channels if c.program not in programs]
        changes["notify"] = portfolio.notify.model_copy(update={"channels": channels})
    return portfolio.model_copy(update=changes)


def _plan(
    plan: Plan, risks: frozenset[str], milestones: frozenset[str] = frozenset(), tasks: frozenset[str] = frozenset()
) -> Plan:
    marks = [r.visibility for r in plan.risks] + [m.visibility for m in plan.milestones] + [t.visibility for t in plan.tasks]
    hidden = (
        any(r.id in risks for r in plan.risks)
        or any(m.id in milestones for m in plan.milestones)
        or any(t.id in tasks for t in plan.tasks)
    )
    if plan.visibility is None and not hidden and all(mark is None for mark in marks):
        return plan
    shown = [_unmarked(r) for r in plan.risks if r.id not in risks]
    shown_milestones = [_unmarked(m) for m in plan.milestones if m.id not in milestones]
    shown_tasks = []
    for task in (t for t in plan.tasks if t.id not in tasks):
        # What leads to a hidden milestone, or waits on a hidden task, no longer names it.
        changes: dict[str, Any] = {"visibility": None}
        if task.milestone in milestones:
            changes["milestone"] = None
        if any(d in tasks for d in task.depends_on):
            changes["depends_on"] = [d for d in task.depends_on if d not in tasks]
        shown_tasks.append(task.model_copy(update=changes) if len(changes) > 1 or task.visibility is not None else task)
    changes = {"risks": shown, "milestones": shown_milestones, "tasks": shown_tasks, "visibility": None}
    return plan.model_copy(update=changes)


def _unmarked(record: Any) -> Any:
    """A risk or milestone without its mark (the audience sees no mark)."""
    return record if record.visibility is None else record.model_copy(update={"visibility": None})


_UNMARKED = UpdateVisibility()


def _update(
    update: Update, names: frozenset[str], milestones: frozenset[str] = frozenset(), tasks: frozenset[str] = frozenset()
) -> Update:
    hidden_progress = [t for t in update.progress if t in tasks]
    hidden_forecasts = [m for m in update.forecasts if m in milestones]
    if update.visibility == _UNMARKED and not names and not hidden_progress and not hidden_forecasts:
        return update
    # A hidden field reads as one left empty: `summary` is required in the file, so its empty value is "".
    empty: dict[str, Any] = {name: Update.model_fields[name].get_default(call_default_factory=True) for name in names}
    if "summary" in names:
        empty["summary"] = ""
    if hidden_progress:  # a hidden task's progress, a hidden milestone's forecast: gone with them
        empty["progress"] = {t: v for t, v in update.progress.items() if t not in tasks}
    if hidden_forecasts and "forecasts" not in names:
        empty["forecasts"] = {m: d for m, d in update.forecasts.items() if m not in milestones}
    return update.model_copy(update={**empty, "visibility": _UNMARKED})
