"""Trends week by week: each project's figures as they stood at the end of every reporting week.

A point depends only on the project as it stood then (its plan and its updates up to the cut-off), the
portfolio's settings and the cut-off day, so `project_trends` can be handed what earlier builds computed
(`Remembered`, kept on disk by the pipeline): each point is looked up under a hash of exactly those
(`point_key`), and only a project snapshot not seen before is computed. A build a week later, or after
one new update, computes the few points that changed; a key holds reporter's version, so a new version
computes everything again. What is remembered is plain data, checked as it is read: an entry that is
not what this code writes is computed again, never trusted.

The points to compute are independent (one project at one week's end), so `project_trends` can be handed
`Workers`, a way to compute parts of them at once (the site layer's processes: compute stays pure); the
points are then split by project, each project's weeks in one part and in order (its plan's figures are
remembered from week to week, `memo`), and the results are exactly the serial ones, in the same order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, Protocol, TypeVar

from reporter import __version__
from reporter.compute.fingerprints import Fingerprints, Remembered
from reporter.compute.project_figures import project_figures
from reporter.content.models import Colour, Content, Portfolio, Project

# Part of every key: a change to what a point holds, or to how it is stored, starts afresh.
POINT_FORMAT = 1
_PREFIX = f"reporter {__version__} trend point {POINT_FORMAT}".encode()


Part = TypeVar("Part")
Result = TypeVar("Result")


class Workers(Protocol):
    """A way to compute independent parts of some work at once (`reporter.site.workers`: other processes)."""

    def ways(self, items: int) -> int:
        """Into how many parts to split this many items of work (1: not worth splitting)."""

    def map(self, compute: Callable[[Part], Result], parts: Sequence[Part]) -> list[Result]:
        """`[compute(part) for part in parts]`, in order; raises an exception when any part fails."""


@dataclass(frozen=True)
class TrendPoint:
    """One project at the end of one reporting week."""

    week: str
    cutoff: dt.date
    percent_complete: Decimal | None
    planned_percent: Decimal | None
    spi_t: Decimal | None
    reported: Colour | None
    computed: Colour | None
    forecasts: dict[str, dt.date]  # milestone id -> forecast (or due, while none is given; done date once done)


def project_trends(
    weeks: Iterable[tuple[str, dt.date, Content | None]],
    remembered: Remembered | None = None,
    workers: Workers | None = None,
    fingerprints: Fingerprints | None = None,
) -> dict[str, tuple[TrendPoint, ...]]:
    """{project id: its points, oldest first} from (week, cut-off day, content then) snapshots; weeks
    where a project did not exist yet (or the content did not validate) have no point. With `remembered`,
    a point found there under its `point_key` is not computed again, and each point computed is put there.
    With `workers`, the points to compute are computed in parts at once (see the module docstring);
    `fingerprints` are the records' hashes of this build, when it makes other keys from them too."""
    trends: dict[str, list[TrendPoint | None]] = {}
    missing: list[_Missing] = []
    fingerprints = fingerprints if fingerprints is not None else Fingerprints()
    for week, cutoff, content in weeks:
        if content is None:
            continue
        for project in content.projects:
            points = trends.setdefault(project.id, [])
            key = found = None
            if remembered is not None:
                key = point_key(project, content.portfolio, cutoff, fingerprints)
                found = _point_from(remembered.get(key), week, cutoff)
            if found is None:
                missing.append(_Missing(project.id, len(points), key, (project, content.portfolio, week, cutoff)))
            points.append(found)
    for miss, point in zip(missing, _computed([m.task for m in missing], workers), strict=True):
        trends[miss.project_id][miss.position] = point
        if remembered is not None and miss.key is not None:
            remembered.put(miss.key, _point_data(point))
    return {project_id: tuple(p for p in points if p is not None) for project_id, points in trends.items()}


_Task = tuple[Project, Portfolio, str, dt.date]  # trend_point's arguments


class _Missing(NamedTuple):
    """A point not remembered: where it goes (its project's id and place in its trend), its key, its task."""

    project_id: str
    position: int
    key: str | None
    task: _Task


def _computed(tasks: list[_Task], workers: Workers | None) -> list[TrendPoint]:
    """The points of these tasks, in order: with `workers`, in parts of whole projects computed at once."""
    ways = 1 if workers is None else min(workers.ways(len(tasks)), len(tasks))
    if workers is None or ways < 2:
        return _points_of(tasks)
    parts = _by_project(tasks, ways)
    try:
        results = workers.map(_points_of, [[tasks[i] for i in part] for part in parts])
    except Exception:
        # A part failed (or its process did): all of them again, here and in order, so that the error raised is
        # the one the serial path raises, and a worker that died leaves the figures as they would be.
        return _points_of(tasks)
    points: list[TrendPoint | None] = [None] * len(tasks)
    for part, computed in zip(parts, results, strict=True):
        for i, point in zip(part, computed, strict=True):
            points[i] = point
    return [point for point in points if point is not None]


def _points_of(tasks: Sequence[_Task]) -> list[TrendPoint]:
    """`trend_point` of each task, in order."""
    return [trend_point(*task) for task in tasks]


def _by_project(tasks: Sequence[_Task], ways: int) -> list[list[int]]:
    """The tasks' positions in `ways` parts, each project's all in one part (in order: its plan's figures are
    remembered from week to week), the biggest projects first into the part with the fewest tasks so far."""
    by_project: dict[str, list[int]] = {}
    for i, (project, _, _, _) in enumerate(tasks):
        by_project.setdefault(project.id, []).append(i)
    parts: list[list[int]] = [[] for _ in range(ways)]
    for positions in sorted(by_project.values(), key=len, reverse=True):  # stable: ties in first-seen order
        min(parts, key=len).extend(positions)
    for part in parts:
        part.sort()
    return [part for part in parts if part]


def trend_point(project: Project, portfolio: Portfolio, week: str, cutoff: dt.date) -> TrendPoint:
    """One project's point at the end of a week: its figures at the cut-off day."""
    figures = project_figures(project, portfolio, cutoff)
    forecasts = {}
    for status in figures.milestones:
        milestone = status.milestone
        if milestone.done is not None and milestone.done <= cutoff:
            forecasts[milestone.id] = milestone.done
        else:
            forecasts[milestone.id] = status.forecast or milestone.due
    return TrendPoint(
        week,
        cutoff,
        figures.progress.percent_complete,
        figures.progress.planned_percent,
        figures.earned_schedule.spi_t,
        figures.reported,
        figures.colour,
        forecasts,
    )


def point_key(project: Project, portfolio: Portfolio, cutoff: dt.date, fingerprints: Fingerprints | None = None) -> str:
    """What a project's point at `cutoff` depends on, hashed: reporter's version, the portfolio's settings, the
    plan, every update of the snapshot (in order, with its number within its day) and the cut-off day. The
    project's id is not in it: a renamed project's figures are the same. `fingerprints` remembers each
    record's hash across the calls of one trend."""
    of = fingerprints if fingerprints is not None else Fingerprints()
    parts = [_PREFIX, of(portfolio), of(project.plan), of.updates(project.id, project.updates), cutoff.isoformat().encode()]
    return hashlib.blake2b(b"".join(parts), digest_size=20).hexdigest()


def _point_data(point: TrendPoint) -> str:
    """A point as one line of text (its week and cut-off are in its key), few objects to read back: percent
    complete, planned percent, SPI(t) (exact Decimals), the reported and computed colours, then each milestone's
    forecast, `|` between them and empty for None; `id=YYYY-MM-DD` pairs by `,` (ids are slugs: neither is in one)."""
    forecasts = ",".join(f"{milestone}={day.isoformat()}" for milestone, day in point.forecasts.items())
    return "|".join(
        (
            _text(point.percent_complete),
            _text(point.planned_percent),
            _text(point.spi_t),
            "" if point.reported is None else point.reported.value,
            "" if point.computed is None else point.computed.value,
            forecasts,
        )
    )


def _point_from(data: Any, week: str, cutoff: dt.date) -> TrendPoint | None:
    """The point `_point_data` gave this text for, or None when it is not such text."""
    if not isinstance(data, str):
        return None
    fields = data.split("|")
    if len(fields) != 6:
        return None
    percent, planned, spi_t, reported, computed, forecasts = fields
    try:
        pairs = [pair.split("=") for pair in forecasts.split(",")] if forecasts else []
        return TrendPoint(
            week,
            cutoff,
            _number(percent),
            _number(planned),
            _number(spi_t),
            Colour(reported) if reported else None,
            Colour(computed) if computed else None,
            {milestone: dt.date.fromisoformat(day) for milestone, day in pairs},
        )
    except (TypeError, ValueError, InvalidOperation):
        return None


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _number(text: str) -> Decimal | None:
    """A finite Decimal from its text (as `_point_data` writes it), None from ""; ValueError otherwise."""
    if not text:
        return None
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError(f"not a stored figure: {text!r}")
    return value


def week_colours(trends: Mapping[str, Sequence[TrendPoint]]) -> dict[str, dict[str, Colour | None]]:
    """{week: {project id: its computed colour at the end of that week, None when not assessed}} from
    `project_trends`; a project without a point in a week (not in the history then) is left out of it."""
    colours: dict[str, dict[str, Colour | None]] = {}
    for project_id, points in trends.items():
        for point in points:
            colours.setdefault(point.week, {})[project_id] = point.computed
    return colours


def trend_direction(points: tuple[TrendPoint, ...], weeks: int = 4) -> str | None:
    """The computed colour now against `weeks` weeks ago (or the first point, when there are fewer):
    'better', 'worse' or 'steady'; None with fewer than two points or a colour not computed."""
    if len(points) < 2:
        return None
    now, then = points[-1].computed, points[-1 - weeks if len(points) > weeks else 0].computed
    if now is None or then is None:
        return None
    return "better" if now.rank < then.rank else "worse" if now.rank > then.rank else "steady"
