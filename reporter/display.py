"""How figures are shown: the one place where numbers are rounded (the compute stage never rounds).

Rule: round half away from zero, only for display, to whole percent, two decimals for ratios, whole
units of money, one decimal for person-days and working days. An undefined figure shows as "n/a".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

NA = "n/a"
ROUNDING_RULE = (
    "Figures are computed without rounding and rounded only when shown, half away from zero: "
    "percentages to whole numbers, ratios (SPI, CPI, SPI(t), TCPI) to two decimals, money to whole "
    "units of the currency, person-days and working days to one decimal (none for a whole number). A forecast slip of "
    "14 days or more is shown in whole weeks, shorter ones in days. A figure that cannot be "
    "computed (a ratio whose divisor is zero or unknown) shows as n/a."
)


def _round(value: Decimal | float | int, places: int) -> Decimal:
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def percent(value: Decimal | float | int | None) -> str:
    """42.5 -> '43%'."""
    return NA if value is None else f"{_round(value, 0):,.0f}%"


def ratio(value: Decimal | float | None) -> str:
    """0.8749 -> '0.87'."""
    return NA if value is None else f"{_round(value, 2):.2f}"


def amount(value: Decimal | float | int | None, unit: str) -> str:
    """Money to whole units ('1,234,568 EUR'); person-days to one decimal ('123.5 person-days', '120 person-days')."""
    if value is None:
        return NA
    if unit == "person-days":
        rounded = _round(value, 1)
        shown = f"{rounded:,.0f}" if rounded == rounded.to_integral_value() else f"{rounded:,.1f}"
        return f"{shown} person-days"
    return f"{_round(value, 0):,.0f} {unit}"


def signed_amount(value: Decimal | float | int | None, unit: str) -> str:
    """A variance with its sign: '+12,000 EUR', '−3.5 person-days' (a true minus sign)."""
    if value is None:
        return NA
    text = amount(abs(Decimal(str(value))), unit)
    rounded = _round(value, 1 if unit == "person-days" else 0)
    return text if rounded == 0 else ("+" if rounded > 0 else "−") + text


def working_days(value: Decimal | float | int | None, signed: bool = False) -> str:
    """4.25 -> '4.3 working days', 250 -> '250 working days'; with `signed`, '−4.3 working days' when behind."""
    if value is None:
        return NA
    rounded = _round(value, 1)
    sign = ("+" if rounded > 0 else "−" if rounded < 0 else "") if signed else ("−" if rounded < 0 else "")
    unit = "working day" if abs(rounded) == 1 else "working days"
    shown = f"{abs(rounded):,.0f}" if rounded == rounded.to_integral_value() else f"{abs(rounded):,.1f}"
    return f"{sign}{shown} {unit}"


def days(value: int | None, signed: bool = False) -> str:
    """Calendar days: 14 -> '14 days', with `signed` '+14 days'."""
    if value is None:
        return NA
    sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ("−" if value < 0 else "")
    return f"{sign}{abs(value)} day{'s' if abs(value) != 1 else ''}"


SLIP_IN_WEEKS_FROM = 14  # calendar days: from two weeks on, a slip reads better in weeks


def slip(value: int) -> str:
    """A forecast against its due date in calendar days: 5 -> '5 days late', -3 -> '3 days early', 0 -> 'on time';
    from 14 days on in whole weeks, rounded half up: 112 -> '16 weeks late', 17 -> '2 weeks late'."""
    if value == 0:
        return "on time"
    size = abs(value)
    if size >= SLIP_IN_WEEKS_FROM:
        weeks = _round(Decimal(size) / 7, 0)
        length = f"{weeks:.0f} weeks"  # 14 days and more is always 2 weeks or more: never singular
    else:
        length = f"{size} day{'s' if size != 1 else ''}"
    return f"{length} {'late' if value > 0 else 'early'}"


def milestone_when(due: dt.date, forecast: dt.date | None = None) -> str:
    """A milestone's date for lists: 'due 2026-11-27' when there is no forecast or it is the due date, else
    'due 2026-11-27, forecast 2027-03-19: 16 weeks late' (see `slip`). Dates are ISO, as everywhere on the site."""
    if forecast is None or forecast == due:
        return f"due {due.isoformat()}"
    return f"due {due.isoformat()}, forecast {forecast.isoformat()}: {slip((forecast - due).days)}"


def sentences(parts: Iterable[str]) -> str:
    """Clauses as sentences: ['SPI(t) 0.80 is below 0.85', 'the last update is old'] ->
    'SPI(t) 0.80 is below 0.85. The last update is old.' (only the first letter is raised)."""
    done = [p.strip().rstrip(".") for p in parts if p.strip()]
    return " ".join(p[0].upper() + p[1:] + "." for p in done)


def days_ago(days: int | None) -> str:
    """0 -> 'today', 1 -> 'yesterday', 9 -> '9 days ago'."""
    if days is None:
        return NA
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
