"""Plan against baseline: how far each date has slipped and what scope came and went since.

A milestone slips twice over: in the plan (its due date now against the baseline's) and in the
forecast (when it is now expected against the baseline's due date). The second is the one a plan that
keeps its dates while the updates forecast later would hide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from reporter.content.models import Plan


@dataclass(frozen=True)
class DateVariance:
    """One dated commitment: its baseline date, its current date and the slip in calendar days."""

    id: str  # a milestone id, or "finish" for the project's finish
    name: str
    baseline: dt.date | None  # None: added since the baseline
    current: dt.date | None  # None: removed since the baseline
    # When a milestone is now expected: done date, else newest forecast, else current due; None for the
    # project's finish and for milestones removed since the baseline.
    forecast: dt.date | None = None

    @property
    def slip_days(self) -> int | None:
        """Current minus baseline, in calendar days (positive = later); None when one side is missing."""
        if self.baseline is None or self.current is None:
            return None
        return (self.current - self.baseline).days

    @property
    def forecast_slip_days(self) -> int | None:
        """Forecast minus baseline, in calendar days (positive = later); None when one side is missing."""
        if self.baseline is None or self.forecast is None:
            return None
        return (self.forecast - self.baseline).days


@dataclass(frozen=True)
class Variance:
    """A plan compared with its baseline."""

    dates: tuple[DateVariance, ...]  # the finish first, then milestones by current (or baseline) date
    effort_baseline: Decimal
    effort_current: Decimal
    budget_baseline: Decimal | None
    budget_current: Decimal | None
    tasks_added: tuple[str, ...]  # names
    tasks_removed: tuple[str, ...]
    milestones_added: tuple[str, ...]
    milestones_removed: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        """True when nothing in the plan differs from the baseline (forecasts are not the plan)."""
        return (
            all(d.slip_days == 0 for d in self.dates)
            and self.effort_baseline == self.effort_current
            and self.budget_baseline == self.budget_current
            and not (self.tasks_added or self.tasks_removed or self.milestones_added or self.milestones_removed)
        )


def _effort(plan: Plan) -> Decimal:
    return sum((Decimal(str(t.effort)) for t in plan.tasks if t.effort is not None), Decimal(0))


def plan_variance(baseline: Plan, current: Plan, forecasts: Mapping[str, dt.date] | None = None) -> Variance:
    """Compare the current plan with its baseline: date slips, effort, budget and scope added or removed.

    `forecasts` is the newest forecast per milestone id (`milestones.latest_forecasts`); a milestone's
    forecast is its done date once done, else its forecast, else its current due date.
    """
    forecasts = forecasts or {}
    before = {m.id: m for m in baseline.milestones}
    after = {m.id: m for m in current.milestones}

    def expected(m_id: str) -> dt.date | None:
        if m_id not in after:
            return None
        m = after[m_id]
        return m.done or forecasts.get(m_id, m.due)

    rows = [
        DateVariance(
            m_id,
            (after.get(m_id) or before[m_id]).name,
            before[m_id].due if m_id in before else None,
            after[m_id].due if m_id in after else None,
            expected(m_id),
        )
        for m_id in list(after) + [i for i in before if i not in after]
    ]
    rows.sort(key=lambda r: (r.current or r.baseline, r.id))
    finish = DateVariance("finish", "Project finish", baseline.finish, current.finish)
    old_tasks = {t.id: t.name for t in baseline.tasks}
    new_tasks = {t.id: t.name for t in current.tasks}
    return Variance(
        dates=(finish, *rows),
        effort_baseline=_effort(baseline),
        effort_current=_effort(current),
        budget_baseline=baseline.budget,
        budget_current=current.budget,
        tasks_added=tuple(name for i, name in new_tasks.items() if i not in old_tasks),
        tasks_removed=tuple(name for i, name in old_tasks.items() if i not in new_tasks),
        milestones_added=tuple(after[i].name for i in after if i not in before),
        milestones_removed=tuple(before[i].name for i in before if i not in after),
    )
