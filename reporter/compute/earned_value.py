"""Earned value at a report date: planned value, earned value, actual cost, variances, indices and forecasts.

- BAC (budget at completion) is the plan's budget, in the portfolio's currency; a plan without a
  budget measures value in person-days instead, and BAC is its total task weight.
- PV (planned value) = BAC x the planned fraction; EV (earned value) = BAC x percent complete / 100.
- AC (actual cost) is the actual cost to date from the newest update that gives one. Costs only make
  sense against a budget: without one, AC, CV, CPI, the EACs, ETC, VAC and TCPI are all None.
- SV = EV - PV; CV = EV - AC; SPI = EV / PV; CPI = EV / AC.
- EAC (estimate at completion), three ways: typical = BAC / CPI; atypical = AC + (BAC - EV);
  combined = AC + (BAC - EV) / (CPI x SPI). See LEAD_EAC for the one shown as "EAC".
- ETC (estimate to complete) = EAC - AC; VAC (variance at completion) = BAC - EAC;
  TCPI (to-complete performance index) = (BAC - EV) / (BAC - AC). Once AC >= BAC the budget is spent
  (`budget_spent`): no efficiency can finish on budget, the formula's divisor is zero or negative, and
  TCPI is None.

Figures are unrounded Decimals; a ratio that cannot be computed (zero or missing divisor) is None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from reporter.compute.decimals import ratio
from reporter.compute.progress import ProjectProgress, WorkingDays, project_progress
from reporter.compute.updates import latest_actual_cost
from reporter.content.models import Plan, Update

PERSON_DAYS = "person-days"

LEAD_EAC = "typical"
"""The EAC shown as "the" EAC: typical, BAC / CPI. It assumes the cost efficiency to date continues,
the standard default. When CPI is undefined (no cost yet, a cost of zero, or nothing earned yet) and
the actual cost is known, the atypical EAC, AC + (BAC - EV), stands in."""


@dataclass(frozen=True)
class EarnedValue:
    """The earned value figures of one project at a report date; money in `unit` (currency or person-days)."""

    as_of: dt.date
    unit: str  # the portfolio currency code, or "person-days" for a plan without a budget
    has_budget: bool
    bac: Decimal
    pv: Decimal | None
    ev: Decimal | None
    ac: Decimal | None
    sv: Decimal | None
    cv: Decimal | None
    spi: Decimal | None
    cpi: Decimal | None
    eac_typical: Decimal | None
    eac_atypical: Decimal | None
    eac_combined: Decimal | None
    eac: Decimal | None  # the lead EAC: see LEAD_EAC
    eac_method: str | None  # which formula `eac` is: "typical" (BAC / CPI), "atypical" (AC + (BAC - EV)), or None
    etc: Decimal | None
    vac: Decimal | None
    tcpi: Decimal | None  # None once the budget is spent, as well as when undefined
    budget_spent: bool  # AC >= BAC: the whole budget is spent (never True without a budget or an actual cost)


def budget_at_completion(plan: Plan, progress: ProjectProgress, currency: str) -> tuple[Decimal, str]:
    """BAC and its unit: the budget in `currency` when the plan has one, else the total task weight in person-days."""
    if plan.budget is not None:
        return Decimal(plan.budget), currency
    return progress.total_weight, PERSON_DAYS


def earned_value(
    plan: Plan, updates: Iterable[Update], report_date: dt.date, *, working_days: WorkingDays, currency: str
) -> EarnedValue:
    """The earned value figures of a plan at the report date."""
    updates = tuple(updates)
    progress = project_progress(plan, updates, report_date, working_days)
    return earned_value_from(plan, progress, latest_actual_cost(updates, report_date), currency)


def earned_value_from(plan: Plan, progress: ProjectProgress, actual_cost: Decimal | None, currency: str) -> EarnedValue:
    """The earned value figures from a project's progress and its latest actual cost (ignored without a budget)."""
    bac, unit = budget_at_completion(plan, progress, currency)
    has_budget = plan.budget is not None
    pv = None if progress.planned_fraction is None else bac * progress.planned_fraction
    ev = None if progress.complete_fraction is None else bac * progress.complete_fraction
    ac = actual_cost if has_budget else None

    sv = _minus(ev, pv)
    cv = _minus(ev, ac)
    spi = ratio(ev, pv)
    cpi = ratio(ev, ac)
    remaining = _minus(bac, ev)  # BAC - EV, the work still to earn
    # BAC / CPI = BAC x AC / EV and (BAC - EV) / (CPI x SPI) = (BAC - EV) x AC x PV / EV^2: the same
    # figures with fewer divisions, so that whole inputs give exact results. Each is None exactly when
    # a ratio in the textbook formula is undefined or zero.
    eac_typical = None if cpi is None or cpi == 0 else bac * ac / ev  # type: ignore[operator]
    eac_atypical = None if ac is None or remaining is None else ac + remaining
    if cpi is None or spi is None or cpi == 0 or spi == 0 or remaining is None:
        eac_combined = None
    else:
        eac_combined = ac + remaining * ac * pv / (ev * ev)  # type: ignore[operator]
    if eac_typical is not None:
        eac, eac_method = eac_typical, "typical"
    elif eac_atypical is not None:
        eac, eac_method = eac_atypical, "atypical"
    else:
        eac, eac_method = None, None
    etc = _minus(eac, ac)
    vac = _minus(bac, eac) if has_budget else None
    budget_spent = ac is not None and ac >= bac  # AC is None without a budget
    tcpi = None if budget_spent else ratio(remaining, _minus(bac, ac))
    return EarnedValue(
        as_of=progress.as_of,
        unit=unit,
        has_budget=has_budget,
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        sv=sv,
        cv=cv,
        spi=spi,
        cpi=cpi,
        eac_typical=eac_typical,
        eac_atypical=eac_atypical,
        eac_combined=eac_combined,
        eac=eac,
        eac_method=eac_method,
        etc=etc,
        vac=vac,
        tcpi=tcpi,
        budget_spent=budget_spent,
    )


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b
