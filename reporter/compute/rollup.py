"""Rollups: a program's or the whole portfolio's figures from its projects' figures.

- Percent complete and planned percent are weighted by each project's total task weight in
  person-days: sum of person-days earned (or planned) / sum of total person-days.
- Counts of reported and of computed colours, the worst of each, and the number of stale projects.
- SPI and CPI come from SUMMED figures, never from an average of ratios: SPI = sum EV / sum PV over
  the projects with a budget; CPI = sum EV / sum AC over the projects with a budget that have
  reported an actual cost (a project without a cost yet would add value without cost).

Cancelled projects are listed in `project_ids` but left out of every figure (their unfinished work
would drag progress down for ever). Sums are exact (never rounded, so a portfolio's sums are exactly
the sums of its programs' sums); ratios are Decimals, None when undefined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from reporter.compute.decimals import exact_sum, ratio
from reporter.compute.health import worst
from reporter.compute.progress import HUNDRED
from reporter.compute.project_figures import ProjectFigures
from reporter.content.models import Colour, State

LEFT_OUT = frozenset({State.cancelled})
PORTFOLIO = "portfolio"


@dataclass(frozen=True)
class Rollup:
    """The figures of a group of projects: a program (scope = its id) or the portfolio (scope = "portfolio").

    Person-day sums: `total_weight`, `weight_done`, `weight_planned`. Money sums, in the portfolio
    currency, over the `budgeted_projects`: `bac`, `pv`, `ev`; `ac` and `ev_costed` over those that
    reported a cost (`ac` is None when none did).
    """

    scope: str
    name: str
    project_ids: tuple[str, ...]
    counted_projects: int
    total_weight: Decimal
    weight_done: Decimal
    weight_planned: Decimal
    percent_complete: Decimal | None
    planned_percent: Decimal | None
    reported_colours: Mapping[Colour, int]
    computed_colours: Mapping[Colour, int]
    not_reported: int  # counted projects without any update yet
    not_assessed: int  # counted projects without a computed colour
    worst_reported: Colour | None
    worst_computed: Colour | None
    stale_projects: int
    budgeted_projects: int
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal | None
    ev_costed: Decimal
    spi: Decimal | None
    cpi: Decimal | None


def rollup(figures: Iterable[ProjectFigures], *, scope: str, name: str) -> Rollup:
    """Roll the figures of these projects up into one set of figures (see the module docstring for the rules)."""
    figures = tuple(figures)
    counted = [f for f in figures if f.state not in LEFT_OUT]
    total = exact_sum(f.progress.total_weight for f in counted)
    done = exact_sum(f.progress.weight_done for f in counted)
    planned = exact_sum(f.progress.weight_planned for f in counted)
    complete_fraction, planned_fraction = ratio(done, total), ratio(planned, total)

    budgeted = [
        f.earned_value
        for f in counted
        if f.earned_value.has_budget and f.earned_value.pv is not None and f.earned_value.ev is not None
    ]
    costed = [v for v in budgeted if v.ac is not None]
    pv = exact_sum(v.pv for v in budgeted)  # type: ignore[misc]
    ev = exact_sum(v.ev for v in budgeted)  # type: ignore[misc]
    ac = exact_sum(v.ac for v in costed) if costed else None  # type: ignore[misc]
    ev_costed = exact_sum(v.ev for v in costed)  # type: ignore[misc]

    reported = [f.reported for f in counted]
    computed = [f.colour for f in counted]
    return Rollup(
        scope=scope,
        name=name,
        project_ids=tuple(f.id for f in figures),
        counted_projects=len(counted),
        total_weight=total,
        weight_done=done,
        weight_planned=planned,
        percent_complete=None if complete_fraction is None else complete_fraction * HUNDRED,
        planned_percent=None if planned_fraction is None else planned_fraction * HUNDRED,
        reported_colours=_count(reported),
        computed_colours=_count(computed),
        not_reported=sum(1 for c in reported if c is None),
        not_assessed=sum(1 for c in computed if c is None),
        worst_reported=worst(reported),
        worst_computed=worst(computed),
        stale_projects=sum(1 for f in counted if f.stale),
        budgeted_projects=len(budgeted),
        bac=exact_sum(v.bac for v in budgeted),
        pv=pv,
        ev=ev,
        ac=ac,
        ev_costed=ev_costed,
        spi=ratio(ev, pv),
        cpi=ratio(ev_costed, ac),
    )


def _count(colours: Iterable[Colour | None]) -> dict[Colour, int]:
    counts = dict.fromkeys(Colour, 0)
    for colour in colours:
        if colour is not None:
            counts[colour] += 1
    return counts
