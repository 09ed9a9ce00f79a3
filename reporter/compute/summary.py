"""The executive summary's lists, worst first: what the one printed page says, chosen and ordered here so
that its template holds layout only.

Pure functions of the computed report and the changes since last week (no clock, no I/O):

- the projects, worst computed colour first (red, amber, green, then not assessed), then by name;
- the health counts, which add up to the number of projects (cancelled ones are "not assessed");
- overdue milestones, most overdue first; projects without a recent update, oldest update first;
- the projects not assessed, by name, with why; and the projects that changed (`reporter.render.wording`
  words each in one line).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from reporter.compute.changes import ProjectChanges
from reporter.compute.milestones import MilestoneStatus
from reporter.compute.project_figures import ProjectFigures
from reporter.compute.report import PortfolioReport
from reporter.content.models import Colour

NOT_ASSESSED_PREFIX = "Not assessed: "
T = TypeVar("T")


@dataclass(frozen=True)
class Shortlist(Generic[T]):
    """The first items of a list that is shown bounded, and how many the whole list has."""

    items: tuple[T, ...]
    total: int

    @property
    def more(self) -> int:
        """How many items the whole list has beyond those shown."""
        return self.total - len(self.items)


def shortlist(items: Sequence[T], length: int) -> Shortlist[T]:
    """The first `length` of `items` (already in order, worst first), and how many there are in all."""
    return Shortlist(tuple(items[:length]), len(items))


@dataclass(frozen=True)
class HealthCounts:
    """How many projects the evidence rates red, amber and green, and how many it does not rate."""

    projects: int
    red: int
    amber: int
    green: int
    not_assessed: int


@dataclass(frozen=True)
class Overdue:
    """An overdue milestone and its project."""

    figures: ProjectFigures
    status: MilestoneStatus

    @property
    def days(self) -> int:
        """How many days past its due date, at the report date."""
        return self.status.days_late


@dataclass(frozen=True)
class NotAssessed:
    """A project without a computed colour and why: 'the project is paused'."""

    figures: ProjectFigures
    why: str


@dataclass(frozen=True)
class ExecutiveSummary:
    """Everything the executive summary lists, each list worst first."""

    health: HealthCounts
    projects: tuple[ProjectFigures, ...]
    overdue: tuple[Overdue, ...]
    stale: tuple[ProjectFigures, ...]
    not_assessed: tuple[NotAssessed, ...]
    changes: tuple[ProjectChanges, ...]  # the projects that changed, in the order of `projects`
    flagged: tuple[ProjectFigures, ...] = ()  # reported better than the evidence, worst first


def worst_first(projects: Iterable[ProjectFigures]) -> tuple[ProjectFigures, ...]:
    """Projects by computed colour, red first, then amber, green and the not assessed; then by name."""
    return tuple(sorted(projects, key=_rank))


def executive_summary(report: PortfolioReport, changes: Iterable[ProjectChanges] = ()) -> ExecutiveSummary:
    """The executive summary's lists from the computed report and the changes since last week."""
    projects = worst_first(report.projects)
    colours = [f.colour for f in projects]
    health = HealthCounts(
        projects=len(projects),
        red=colours.count(Colour.red),
        amber=colours.count(Colour.amber),
        green=colours.count(Colour.green),
        not_assessed=colours.count(None),
    )
    overdue = sorted(
        (Overdue(f, s) for f in projects for s in f.milestones if s.state == "overdue"),
        key=lambda o: (-o.days, o.figures.name.lower(), o.status.milestone.due, o.status.milestone.name),
    )
    stale = sorted(
        (f for f in projects if f.stale),
        key=lambda f: (f.staleness.days_since_update is not None, -(f.staleness.days_since_update or 0), f.name.lower()),
    )
    not_assessed = tuple(NotAssessed(f, _why(f)) for f in projects if not f.health.assessed)
    order = {f.id: i for i, f in enumerate(projects)}
    changed = sorted((c for c in changes if not c.empty), key=lambda c: (order.get(c.project_id, len(order)), c.name.lower()))
    return ExecutiveSummary(
        health=health,
        projects=projects,
        overdue=tuple(overdue),
        stale=tuple(stale),
        not_assessed=not_assessed,
        changes=tuple(changed),
        flagged=tuple(f for f in projects if f.health.reported_better_than_evidence),
    )


def _rank(f: ProjectFigures) -> tuple[int, str, str]:
    # red 0, amber 1, green 2, not assessed 3
    position = 3 if f.colour is None else 2 - f.colour.rank
    return position, f.name.lower(), f.id


def _why(f: ProjectFigures) -> str:
    """Why a project has no computed colour, as a clause: 'the project is paused'."""
    reason = next((r for r in f.health.reasons if r.startswith(NOT_ASSESSED_PREFIX)), None)
    return reason[len(NOT_ASSESSED_PREFIX) :] if reason else f"the project is {f.state.value}"
