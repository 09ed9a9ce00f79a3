"""The exported tables: the portfolio, milestones, risk register, asks, blockers and people, as typed rows of the site model.

Each `Table` is a list of columns (a header in the users' words and a kind: text, date, count, percent,
ratio, money or yes/no) and rows of plain values (str, datetime.date, int, Decimal, bool, or None for an
empty cell). The CSV files and the XLSX workbook (`reporter.render.spreadsheet`) are two renderings of
these same tables, so they always hold the same cells.

Nothing is computed here: every value is a figure or a field the site model holds, picked out for its
row. Figures are rounded half up as the JSON export rounds them (`reporter.render.export`: percents and
money to 2 decimals, ratios to 4), so a spreadsheet can compute with them; how they are shown (whole
percents, ratios to 2 decimals, money in whole units) is the workbook's number format, as on the site.
Projects come worst first, as on the executive summary (red, amber, green, then not assessed; then by
name), and each project's milestones in due-date order, its risks, asks and blockers in the order of its
plan and its latest update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal

from reporter.compute.people import Organisation, Person
from reporter.compute.project_figures import ProjectFigures
from reporter.compute.site_model import SiteModel
from reporter.compute.trends import TrendPoint
from reporter.content.models import Colour, Plan
from reporter.render.export import QUANTITY_PLACES, RATIO_PLACES

Value = str | dt.date | int | Decimal | bool | None

# Rounding must never run out of digits, whatever the size of the figure (as in the JSON export).
_ROUNDING = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)

# The kinds of column, and so how a cell is written: text as text (never a formula), dates as dates,
# counts as whole numbers, percent/ratio/money as numbers, true/false as a boolean.
TEXT, DATE, COUNT, PERCENT, RATIO, MONEY, FLAG = "text", "date", "count", "percent", "ratio", "money", "true/false"


TABLE_NAMES = ("portfolio", "milestones", "risks", "asks", "blockers", "people")  # in the order `export_tables` gives them


@dataclass(frozen=True)
class Column:
    """A column: its header and the kind of its cells."""

    header: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    """One exported table: `name` is its CSV file's stem and its sheet's name (`title`)."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]


def export_tables(model: SiteModel) -> tuple[Table, ...]:
    """The six exported tables of the site model: portfolio, milestones, risks, asks, blockers, people."""
    projects = model.summary.projects  # worst first, as on the executive summary
    currency = model.report.currency
    return (
        _portfolio(model, projects, currency),
        _milestones(projects),
        _risks(projects),
        _asks(projects),
        _blockers(projects),
        _people(model),
    )


def trend_tables(model: SiteModel) -> tuple[Table, ...]:
    """Each project's whole trend, a row per reporting week, oldest first (the table named by the project id):
    what its page's trend table lists for the last weeks and its charts draw, for every week."""
    return tuple(_trend(p.id, p.plan, model.histories[p.id].trend) for p in model.content.projects if p.id in model.histories)


def _trend(project_id: str, plan: Plan, points: tuple[TrendPoint, ...]) -> Table:
    columns = (
        Column("Week"),
        Column("Figures as of", DATE),
        Column("Done %", PERCENT),
        Column("Planned %", PERCENT),
        Column("SPI(t)", RATIO),
        Column("Reported"),
        Column("Computed"),
        *(Column(f"Forecast of {m.name}", DATE) for m in plan.milestones),  # the milestone trend's points
    )
    rows = tuple(
        (
            p.week,
            p.cutoff,
            _quantity(p.percent_complete),
            _quantity(p.planned_percent),
            _ratio(p.spi_t),
            _colour(p.reported),
            "not assessed" if p.computed is None else p.computed.value,
            *(p.forecasts.get(m.id) for m in plan.milestones),
        )
        for p in points
    )
    return Table(project_id, f"Trend of {plan.name}", columns, rows)


def _colour(colour: Colour | None) -> str | None:
    return None if colour is None else colour.value


def _portfolio(model: SiteModel, projects: tuple[ProjectFigures, ...], currency: str) -> Table:
    programs = {p.id: p.name for p in model.content.portfolio.programs}
    columns = (
        Column("Project id"),
        Column("Project"),
        Column("Program"),
        Column("State"),
        Column("Owner"),
        Column("Sponsor"),
        Column("Reported"),
        Column("Computed"),
        Column("Reported better than the evidence", FLAG),
        Column("Done %", PERCENT),
        Column("Planned %", PERCENT),
        Column("SPI(t)", RATIO),
        Column("SPI", RATIO),
        Column("CPI", RATIO),
        Column(f"Budget ({currency})", MONEY),
        Column(f"Actual cost ({currency})", MONEY),
        Column(f"EAC ({currency})", MONEY),
        Column("Start", DATE),
        Column("Finish", DATE),
        Column("Forecast finish", DATE),
        Column("Figures as of", DATE),
        Column("Last update", DATE),
        Column("Stale", FLAG),
        Column("Next milestone"),
        Column("Next milestone due", DATE),
        Column("Overdue milestones", COUNT),
        Column("Milestones at risk", COUNT),
    )
    rows = []
    for f in projects:
        plan, value, schedule = f.plan, f.earned_value, f.earned_schedule
        costed = value.has_budget  # without a budget, earned value is in person-days, not money
        rows.append(
            (
                f.id,
                f.name,
                programs.get(f.program, f.program),
                f.state.value,
                plan.owner,
                plan.sponsor,
                None if f.reported is None else f.reported.value,
                "not assessed" if f.colour is None else f.colour.value,
                f.health.reported_better_than_evidence,
                _quantity(f.progress.percent_complete),
                _quantity(f.progress.planned_percent),
                _ratio(schedule.spi_t),
                _ratio(value.spi),
                _ratio(value.cpi),
                None if plan.budget is None else _quantity(Decimal(plan.budget)),
                _quantity(value.ac) if costed else None,
                _quantity(value.eac) if costed else None,
                plan.start,
                plan.finish,
                schedule.forecast_finish,
                f.status_date,
                f.staleness.last_update,
                f.stale,
                None if f.next_milestone is None else f.next_milestone.name,
                None if f.next_milestone is None else f.next_milestone.due,
                f.overdue_milestones,
                f.at_risk_milestones,
            )
        )
    return Table("portfolio", "Portfolio", columns, tuple(rows))


def _milestones(projects: tuple[ProjectFigures, ...]) -> Table:
    columns = (
        Column("Project id"),
        Column("Project"),
        Column("Milestone id"),
        Column("Milestone"),
        Column("Due", DATE),
        Column("Forecast", DATE),
        Column("Done", DATE),
        Column("State"),
        Column("Status"),
        Column("Days late", COUNT),
        Column("At risk", FLAG),
    )
    rows = tuple(
        (
            f.id,
            f.name,
            s.milestone.id,
            s.milestone.name,
            s.milestone.due,
            s.forecast,
            s.milestone.done if s.state == "done" else None,
            s.state,
            s.label,
            s.days_late if s.state in ("done", "overdue") else None,
            s.at_risk,
        )
        for f in projects
        for s in f.milestones
    )
    return Table("milestones", "Milestones", columns, rows)


def _risks(projects: tuple[ProjectFigures, ...]) -> Table:
    columns = (
        Column("Project id"),
        Column("Project"),
        Column("Risk id"),
        Column("Risk"),
        Column("Probability", COUNT),
        Column("Impact", COUNT),
        Column("Status"),
        Column("Owner"),
        Column("Raised", DATE),
        Column("Mitigation"),
        Column("Plan B"),
    )
    rows = tuple(
        (f.id, f.name, r.id, r.title, r.probability, r.impact, r.status.value, r.owner, r.raised, r.mitigation, r.contingency)
        for f in projects
        for r in f.plan.risks
    )
    return Table("risks", "Risks", columns, rows)


def _asks(projects: tuple[ProjectFigures, ...]) -> Table:
    columns = (
        Column("Project id"),
        Column("Project"),
        Column("Ask"),
        Column("Of"),
        Column("Needed by", DATE),
        Column("Update", DATE),
        Column("Author"),
    )
    rows = tuple(
        (f.id, f.name, a.text, a.of, a.by, u.date, u.author)
        for f in projects
        if (u := f.latest_update) is not None
        for a in u.asks
    )
    return Table("asks", "Asks", columns, rows)


def _blockers(projects: tuple[ProjectFigures, ...]) -> Table:
    columns = (
        Column("Project id"),
        Column("Project"),
        Column("Blocker"),
        Column("To unblock"),
        Column("Since", DATE),
        Column("Update", DATE),
        Column("Author"),
    )
    rows = tuple(
        (f.id, f.name, b.text, b.owner, b.since, u.date, u.author)
        for f in projects
        if (u := f.latest_update) is not None
        for b in u.blockers
    )
    return Table("blockers", "Blockers", columns, rows)


def _people(model: SiteModel) -> Table:
    """A row per person, then per organisation, as the People page lists them (by name): who they are, what
    they own (ids, and counts) and what waits on them (directly or through a body they sit on)."""
    columns = (
        Column("Name"),
        Column("Kind"),
        Column("Role"),
        Column("Organisation"),
        Column("Declared", FLAG),
        Column("Programs led"),
        Column("Projects managed"),
        Column("Projects sponsored"),
        Column("Project teams"),
        Column("Tasks", COUNT),
        Column("Late tasks", COUNT),
        Column("Open risks", COUNT),
        Column("Open risk ids"),
        Column("Asks waiting", COUNT),
        Column("Blockers to lift", COUNT),
    )
    rows = []
    everyone: tuple[Person | Organisation, ...] = (*model.people, *model.organisations)
    for named in everyone:
        if isinstance(named, Person):
            kind, role, organisation = "person", named.role or None, named.organisation
        else:
            kind, role, organisation = "organisation", named.kind.value, None
        rows.append(
            (
                named.name,
                kind,
                role,
                organisation,
                named.declared,
                _ids(named.programs),
                _ids(named.manages),
                _ids(named.sponsors),
                _ids(named.member_of),
                len(named.tasks),
                len(named.late_tasks),
                len(named.risks),
                _ids(f"{pid}/{risk.id}" for pid, risk in named.risks),
                len(named.asks),
                len(named.blockers),
            )
        )
    return Table("people", "People", columns, tuple(rows))


def _ids(ids: Iterable[str]) -> str | None:
    """Ids in one cell, 'alpha, beta'; empty when there are none."""
    return ", ".join(ids) or None


def _quantity(value: Decimal | None) -> Decimal | None:
    return _rounded(value, QUANTITY_PLACES)


def _ratio(value: Decimal | None) -> Decimal | None:
    return _rounded(value, RATIO_PLACES)


def _rounded(value: Decimal | None, places: Decimal) -> Decimal | None:
    """Half up to `places`, as the JSON export rounds; -0.00 is 0.00."""
    if value is None:
        return None
    rounded = Decimal(value).quantize(places, context=_ROUNDING)
    return rounded.copy_abs() if rounded.is_zero() else rounded
