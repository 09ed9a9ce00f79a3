"""Trends week by week: each project's figures as they stood at the end of every reporting week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reporter.compute.project_figures import project_figures
from reporter.content.models import Colour, Content


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


def project_trends(weeks: Iterable[tuple[str, dt.date, Content | None]]) -> dict[str, tuple[TrendPoint, ...]]:
    """{project id: its points, oldest first} from (week, cut-off day, content then) snapshots; weeks
    where a project did not exist yet (or the content did not validate) have no point."""
    trends: dict[str, list[TrendPoint]] = {}
    for week, cutoff, content in weeks:
        if content is None:
            continue
        for project in content.projects:
            figures = project_figures(project, content.portfolio, cutoff)
            forecasts = {}
            for status in figures.milestones:
                milestone = status.milestone
                if milestone.done is not None and milestone.done <= cutoff:
                    forecasts[milestone.id] = milestone.done
                else:
                    forecasts[milestone.id] = status.forecast or milestone.due
            trends.setdefault(project.id, []).append(
                TrendPoint(
                    week,
                    cutoff,
                    figures.progress.percent_complete,
                    figures.progress.planned_percent,
                    figures.earned_schedule.spi_t,
                    figures.reported,
                    figures.colour,
                    forecasts,
                )
            )
    return {project_id: tuple(points) for project_id, points in trends.items()}


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
