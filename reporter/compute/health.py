"""Health: a colour computed from the evidence, with the reasons for it, next to the colour the team reported.

The rules (thresholds from `portfolio.health`):

- red when SPI(t) < spi_t_red, or CPI < cpi_red, or overdue milestones >= overdue_milestones_red;
- else amber when SPI(t) < spi_t_amber, or CPI < cpi_amber, or overdue milestones >=
  overdue_milestones_amber, or the project is stale;
- else green. A ratio that is undefined (None) counts for nothing.

Stale: an active project whose newest update is more than cadence_days + grace_days old, or that has
started and has no update at all. Paused, done, cancelled and proposed projects are never stale.

Not assessed (colour None): proposed projects until they start, that is until an update dated on or
after their planned start (the reason says "proposed, starts <date>", even when that date has
passed: a proposal keeps its planned start until it is approved), paused and cancelled projects.
Done projects are assessed on the evidence at their finish (the caller passes that evidence), and
never for being late: SPI(t) and overdue milestones do not count once a project is done, its CPI does.

The reported colour is the newest update's status; `reported_better_than_evidence` flags a reported
colour better than the computed one (a "watermelon": green outside, red inside).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from reporter.compute.decimals import as_decimal
from reporter.compute.updates import latest_update
from reporter.content.models import Colour, HealthRules, Plan, Reporting, State, Update
from reporter.render import display

ACTIVE = State.active


@dataclass(frozen=True)
class Staleness:
    """Whether a project's reporting is stale at a date, and how old its newest update is."""

    stale: bool
    last_update: dt.date | None
    days_since_update: int | None
    reason: str | None  # the sentence shown when stale


@dataclass(frozen=True)
class Health:
    """A project's computed colour (None when not assessed) and why, next to its reported colour."""

    colour: Colour | None
    reasons: tuple[str, ...]
    reported: Colour | None
    reported_better_than_evidence: bool

    @property
    def assessed(self) -> bool:
        """Whether a colour was computed."""
        return self.colour is not None


def staleness(plan: Plan, updates: Iterable[Update], report_date: dt.date, reporting: Reporting) -> Staleness:
    """Whether the project's reporting is stale at `report_date`: see the module docstring for the rule."""
    last = latest_update(updates, report_date)
    last_date = None if last is None else last.date
    days = None if last_date is None else (report_date - last_date).days
    if plan.state != ACTIVE:
        return Staleness(False, last_date, days, None)
    allowed = reporting.cadence_days + reporting.grace_days
    if days is None:
        if plan.start <= report_date:
            return Staleness(True, None, None, f"No update yet, and the project started on {plan.start.isoformat()}")
        return Staleness(False, None, None, None)
    if days > allowed:
        reason = (
            f"The last update is {days} days old "
            f"(updates are due every {_days(reporting.cadence_days)}, plus {_days(reporting.grace_days)} of grace)"
        )
        return Staleness(True, last_date, days, reason)
    return Staleness(False, last_date, days, None)


def is_stale(plan: Plan, updates: Iterable[Update], report_date: dt.date, reporting: Reporting) -> bool:
    """Whether the project's reporting is stale at `report_date`."""
    return staleness(plan, updates, report_date, reporting).stale


def rate_evidence(
    *,
    spi_t: Decimal | None,
    cpi: Decimal | None,
    overdue_milestones: int,
    stale_reason: str | None,
    rules: HealthRules,
) -> tuple[Colour, tuple[str, ...]]:
    """The colour the evidence gives and the reasons for it (red reasons first; none when green)."""
    red: list[str] = []
    amber: list[str] = []
    for name, value, red_below, amber_below in (
        ("SPI(t)", spi_t, rules.spi_t_red, rules.spi_t_amber),
        ("CPI", cpi, rules.cpi_red, rules.cpi_amber),
    ):
        if value is None:
            continue
        if value < as_decimal(red_below):
            red.append(_below(name, value, red_below))
        elif value < as_decimal(amber_below):
            amber.append(_below(name, value, amber_below))
    if overdue_milestones >= rules.overdue_milestones_red:
        red.append(_overdue(overdue_milestones))
    elif overdue_milestones >= rules.overdue_milestones_amber:
        amber.append(_overdue(overdue_milestones))
    if stale_reason is not None:
        amber.append(stale_reason)
    colour = Colour.red if red else Colour.amber if amber else Colour.green
    return colour, tuple(red + amber)


def project_health(
    plan: Plan,
    updates: Iterable[Update],
    report_date: dt.date,
    *,
    spi_t: Decimal | None,
    cpi: Decimal | None,
    overdue_milestones: int,
    stale: Staleness,
    rules: HealthRules,
) -> Health:
    """A project's health at `report_date` from its evidence (for a done project, pass the evidence at its finish)."""
    last = latest_update(updates, report_date)
    reported = None if last is None else last.status
    if plan.state == State.proposed and (last is None or last.date < plan.start):
        # Proposed projects often keep their planned start after it passes: not red until work begins,
        # which an update on or after the start shows (updates before it speak of the proposal).
        return Health(None, (f"Not assessed: proposed, starts {plan.start.isoformat()}",), reported, False)
    if plan.state == State.cancelled:
        return Health(None, ("Not assessed: the project is cancelled",), reported, False)
    if plan.state == State.paused:
        # Planned dates keep passing while a project is on hold: schedule evidence means nothing then.
        return Health(None, ("Not assessed: the project is paused",), reported, False)
    if plan.state == State.done:
        # Finished: lateness is history, shown in the figures; it no longer colours the project.
        spi_t, overdue_milestones = None, 0
    colour, reasons = rate_evidence(
        spi_t=spi_t,
        cpi=cpi,
        overdue_milestones=overdue_milestones,
        stale_reason=stale.reason if stale.stale else None,
        rules=rules,
    )
    return Health(colour, reasons, reported, reported_better(reported, colour))


def reported_better(reported: Colour | None, computed: Colour | None) -> bool:
    """Whether a reported colour is better than the computed one (a "watermelon"); False when either is None."""
    return reported is not None and computed is not None and reported.rank < computed.rank


def worst(colours: Iterable[Colour | None]) -> Colour | None:
    """The worst of these colours (red worst), ignoring None; None when there is none."""
    known = [c for c in colours if c is not None]
    return max(known, key=lambda c: c.rank, default=None)


def _below(name: str, value: Decimal, threshold: float) -> str:
    """'SPI(t) 0.80 is below 0.85': the figure rounded as the site shows it everywhere (by `display`),
    with more decimals only when two would hide that it is below ('SPI(t) 0.849 is below 0.85')."""
    shown, limit = display.ratio_below(value, as_decimal(threshold))
    return f"{name} {shown} is below {limit}"


def _overdue(n: int) -> str:
    return f"{n} milestone is overdue" if n == 1 else f"{n} milestones are overdue"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
