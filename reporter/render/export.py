"""The computed portfolio as one JSON document, for other tools (dashboards, spreadsheets, scripts).

`portfolio_json(report, content, generated=...)` is a pure function: the same report, content and
`generated` give the same text, byte for byte (keys sorted, two-space indent, UTF-8 text, a final
newline). Its fields are documented, one `description` each, by the JSON Schema in
`reporter/export_schema.json` (`export_schema()` returns it); `schema_version` changes when a field
changes meaning or goes away.

Numbers, one rule: figures are unrounded Decimals inside reporter and are exported as JSON numbers
written from the Decimal itself (never through a float), rounded half up: quantities (money,
person-days, percents, working days) to 2 decimals, ratios (SPI, CPI, SPI(t), TCPI) to 4 decimals.
A figure that is undefined (a ratio with a zero or missing divisor, a cost not reported yet) is null.
Counts are integers; dates are 'YYYY-MM-DD'; `generated` is 'YYYY-MM-DDTHH:MM:SSZ' in UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from importlib import resources
from typing import Any

from reporter.compute.earned_schedule import EarnedSchedule
from reporter.compute.earned_value import EarnedValue
from reporter.compute.health import Health, Staleness
from reporter.compute.milestones import MilestoneStatus
from reporter.compute.project_figures import ProjectFigures
from reporter.compute.report import PortfolioReport
from reporter.compute.rollup import Rollup
from reporter.content.models import Colour, Content, Risk, RiskStatus

SCHEMA_VERSION = 1
SCHEMA_FILE = "export_schema.json"
QUANTITY_PLACES = Decimal("0.01")
RATIO_PLACES = Decimal("0.0001")

# Rounding must never run out of digits, whatever the size of the figure.
_ROUNDING = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)


class _Number:
    """A JSON number written exactly as this text (a rounded Decimal)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def export_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `portfolio_json`'s output, with a description of every field."""
    text = resources.files("reporter.render").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def portfolio_json(report: PortfolioReport, content: Content, *, generated: dt.date | dt.datetime) -> str:
    """The whole computed portfolio as JSON text: organisation, currency, report date, the portfolio and
    program rollups, and every project's figures (see the module docstring for how numbers are written).

    `report` is `assess(content, today)`; `content` gives the portfolio's and the programs' own fields.
    `generated` is when the export was made (a date is midnight, a naive datetime is taken as UTC).
    """
    portfolio = content.portfolio
    rollups = {r.scope: r for r in report.programs}
    document = {
        "schema_version": SCHEMA_VERSION,
        "generated": _timestamp(generated),
        "report_date": report.report_date.isoformat(),
        "organisation": portfolio.organisation,
        "title": portfolio.title,
        "currency": report.currency,
        "portfolio": _rollup(report.portfolio),
        "programs": [
            {
                "id": program.id,
                "name": program.name,
                "owner": program.owner,
                "description": program.description,
                "rollup": _rollup(rollups[program.id]),
            }
            for program in portfolio.programs
            if program.id in rollups
        ],
        "projects": [_project(f) for f in report.projects],
    }
    return _dump(document, 0) + "\n"


# --- records -------------------------------------------------------------------------------------


def _rollup(r: Rollup) -> dict[str, Any]:
    return {
        "scope": r.scope,
        "name": r.name,
        "project_ids": list(r.project_ids),
        "counted_projects": r.counted_projects,
        "total_weight": _quantity(r.total_weight),
        "weight_done": _quantity(r.weight_done),
        "weight_planned": _quantity(r.weight_planned),
        "percent_complete": _quantity(r.percent_complete),
        "planned_percent": _quantity(r.planned_percent),
        "reported_colours": _colour_counts(r.reported_colours),
        "computed_colours": _colour_counts(r.computed_colours),
        "not_reported": r.not_reported,
        "not_assessed": r.not_assessed,
        "worst_reported": _colour(r.worst_reported),
        "worst_computed": _colour(r.worst_computed),
        "stale_projects": r.stale_projects,
        "budgeted_projects": r.budgeted_projects,
        "bac": _quantity(r.bac),
        "pv": _quantity(r.pv),
        "ev": _quantity(r.ev),
        "ac": _quantity(r.ac),
        "ev_costed": _quantity(r.ev_costed),
        "spi": _ratio(r.spi),
        "cpi": _ratio(r.cpi),
    }


def _project(f: ProjectFigures) -> dict[str, Any]:
    plan, progress, latest = f.plan, f.progress, f.latest_update
    return {
        "id": f.id,
        "name": f.name,
        "program": f.program,
        "owner": plan.owner,
        "sponsor": plan.sponsor,
        "state": f.state.value,
        "status_date": f.status_date.isoformat(),
        "start": plan.start.isoformat(),
        "finish": plan.finish.isoformat(),
        "budget": _quantity(None if plan.budget is None else Decimal(plan.budget)),
        "reported_status": _colour(f.reported),
        "health": _health(f.health, f.evidence_date),
        "staleness": _staleness(f.staleness),
        "percent_complete": _quantity(progress.percent_complete),
        "planned_percent": _quantity(progress.planned_percent),
        "total_weight": _quantity(progress.total_weight),
        "weight_done": _quantity(progress.weight_done),
        "weight_planned": _quantity(progress.weight_planned),
        "earned_value": _earned_value(f.earned_value),
        "earned_schedule": _earned_schedule(f.earned_schedule),
        "milestones": [_milestone(s) for s in f.milestones],
        "next_milestone": None if f.next_milestone is None else f.next_milestone.id,
        "overdue_milestones": f.overdue_milestones,
        "at_risk_milestones": f.at_risk_milestones,
        "latest_update": None
        if latest is None
        else {
            "date": latest.date.isoformat(),
            "author": latest.author,
            "status": latest.status.value,
            "summary": latest.summary,
        },
        "open_risks": [_risk(r) for r in _open_risks(plan.risks)],
        "blockers": []
        if latest is None
        else [{"text": b.text, "owner": b.owner, "since": _date(b.since)} for b in latest.blockers],
        "asks": [] if latest is None else [{"text": a.text, "of": a.of, "by": _date(a.by)} for a in latest.asks],
    }


def _health(h: Health, evidence_date: dt.date) -> dict[str, Any]:
    return {
        "colour": _colour(h.colour),
        "assessed": h.assessed,
        "reasons": list(h.reasons),
        "reported": _colour(h.reported),
        "reported_better_than_evidence": h.reported_better_than_evidence,
        "evidence_date": evidence_date.isoformat(),
    }


def _staleness(s: Staleness) -> dict[str, Any]:
    return {
        "stale": s.stale,
        "last_update": _date(s.last_update),
        "days_since_update": s.days_since_update,
        "reason": s.reason,
    }


def _earned_value(v: EarnedValue) -> dict[str, Any]:
    return {
        "as_of": v.as_of.isoformat(),
        "unit": v.unit,
        "has_budget": v.has_budget,
        "bac": _quantity(v.bac),
        "pv": _quantity(v.pv),
        "ev": _quantity(v.ev),
        "ac": _quantity(v.ac),
        "sv": _quantity(v.sv),
        "cv": _quantity(v.cv),
        "spi": _ratio(v.spi),
        "cpi": _ratio(v.cpi),
        "eac_typical": _quantity(v.eac_typical),
        "eac_atypical": _quantity(v.eac_atypical),
        "eac_combined": _quantity(v.eac_combined),
        "eac": _quantity(v.eac),
        "etc": _quantity(v.etc),
        "vac": _quantity(v.vac),
        "tcpi": _ratio(v.tcpi),
    }


def _earned_schedule(s: EarnedSchedule) -> dict[str, Any]:
    return {
        "as_of": s.as_of.isoformat(),
        "pd": s.pd,
        "at": s.at,
        "es": _quantity(s.es),
        "sv_t": _quantity(s.sv_t),
        "spi_t": _ratio(s.spi_t),
        "ieac_t": _quantity(s.ieac_t),
        "forecast_finish": _date(s.forecast_finish),
        "finished": s.finished,
        "actual_finish": _date(s.actual_finish),
    }


def _milestone(s: MilestoneStatus) -> dict[str, Any]:
    m = s.milestone
    return {
        "id": m.id,
        "name": m.name,
        "due": m.due.isoformat(),
        "done": _date(m.done) if s.state == "done" else None,
        "state": s.state,
        "days_late": s.days_late,
        "forecast": _date(s.forecast),
        "at_risk": s.at_risk,
        "label": s.label,
    }


def _open_risks(risks: list[Risk]) -> list[Risk]:
    """The risks with status open, highest score (probability x impact) first, then in plan order."""
    return sorted((r for r in risks if r.status == RiskStatus.open), key=lambda r: -r.probability * r.impact)


def _risk(r: Risk) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "probability": r.probability,
        "impact": r.impact,
        "score": r.probability * r.impact,
        "owner": r.owner,
        "raised": _date(r.raised),
        "mitigation": r.mitigation,
        "contingency": r.contingency,
    }


# --- values --------------------------------------------------------------------------------------


def _quantity(value: Decimal | None) -> _Number | None:
    return _rounded(value, QUANTITY_PLACES)


def _ratio(value: Decimal | None) -> _Number | None:
    return _rounded(value, RATIO_PLACES)


def _rounded(value: Decimal | None, places: Decimal) -> _Number | None:
    """A Decimal rounded half up to `places`, written in plain notation ('-0.00' written '0.00'); None stays None."""
    if value is None:
        return None
    rounded = value.quantize(places, context=_ROUNDING)
    if rounded.is_zero():
        rounded = rounded.copy_abs()
    return _Number(format(rounded, "f"))


def _colour(colour: Colour | None) -> str | None:
    return None if colour is None else colour.value


def _colour_counts(counts: Any) -> dict[str, int]:
    return {colour.value: int(counts.get(colour, 0)) for colour in Colour}


def _date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _timestamp(moment: dt.date | dt.datetime) -> str:
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _dump(value: Any, level: int) -> str:
    """JSON text laid out as json.dumps(indent=2, sort_keys=True, ensure_ascii=False) would, except that
    numbers are written exactly (floats are refused: every figure must come as a rounded Decimal)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, _Number):
        return value.text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    inner = "\n" + "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{json.dumps(k, ensure_ascii=False)}: {_dump(value[k], level + 1)}" for k in sorted(value))
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(_dump(v, level + 1) for v in value) + "\n" + "  " * level + "]"
    raise TypeError(f"cannot export {type(value).__name__} exactly: {value!r}")
