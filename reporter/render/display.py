"""How figures are shown: the one place where numbers are rounded (the compute stage never rounds).

Rule: round half away from zero, only for display, to whole percent, two decimals for ratios, whole
units of money, one decimal for person-days and working days. An undefined figure shows as "n/a".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

NA = "n/a"
MINUS = "\u2212"  # the true minus sign, for every negative figure shown
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


def _minus(rounded: Decimal) -> str:
    """The sign of a rounded figure: the true minus sign '−' (U+2212) when it is below zero, else nothing
    (a value that rounds to zero, '-0', shows no sign)."""
    return MINUS if rounded < 0 else ""


def percent(value: Decimal | float | int | None) -> str:
    """42.5 -> '43%', -4.5 -> '−5%' (a true minus sign)."""
    if value is None:
        return NA
    rounded = _round(value, 0)
    return f"{_minus(rounded)}{abs(rounded):,.0f}%"


def ratio(value: Decimal | float | None, places: int = 2) -> str:
    """0.8749 -> '0.87', -0.125 -> '−0.13' (a true minus sign); `places` other than 2 only for `ratio_below`."""
    if value is None:
        return NA
    rounded = _round(value, places)
    return f"{_minus(rounded)}{abs(rounded):.{places}f}"


def ratio_below(value: Decimal | float, threshold: Decimal | float) -> tuple[str, str]:
    """A ratio and the threshold it is below, as a sentence shows them ('SPI(t) 0.80 is below 0.85').

    The ratio is shown as `ratio` shows it everywhere else, to two decimals, unless that would read as
    not below the threshold (0.849 rounds to 0.85): then with the fewest more decimals that keep it
    below ('0.849'), so that the sentence never says '0.85 is below 0.85' and never shows a figure
    rounded differently from the same figure in a table. The threshold is shown exactly, with at least
    two decimals ('0.85', '0.875')."""
    exact = Decimal(str(value))
    limit = Decimal(str(threshold))
    places = 2
    while exact < limit and _round(exact, places) >= limit:
        places += 1
    limit_places = max(2, -limit.normalize().as_tuple().exponent)  # type: ignore[operator]
    return ratio(exact, places), ratio(limit, limit_places)


def amount(value: Decimal | float | int | None, unit: str) -> str:
    """Money to whole units ('1,234,568 EUR'); person-days to one decimal ('123.5 person-days', '120 person-days');
    a negative amount with a true minus sign ('−2,500 EUR')."""
    if value is None:
        return NA
    if unit == "person-days":
        rounded = _round(value, 1)
        shown = f"{abs(rounded):,.0f}" if rounded == rounded.to_integral_value() else f"{abs(rounded):,.1f}"
        return f"{_minus(rounded)}{shown} person-days"
    rounded = _round(value, 0)
    return f"{_minus(rounded)}{abs(rounded):,.0f} {unit}"


def signed_amount(value: Decimal | float | int | None, unit: str) -> str:
    """A variance with its sign: '+12,000 EUR', '−3.5 person-days' (a true minus sign)."""
    if value is None:
        return NA
    text = amount(abs(Decimal(str(value))), unit)
    rounded = _round(value, 1 if unit == "person-days" else 0)
    return text if rounded == 0 else ("+" if rounded > 0 else MINUS) + text


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


def first_line(text: str | None, limit: int = 120) -> str:
    """The first non-blank line of a text, cut at a word before `limit` characters with '…' (for one-line
    lists of updates); '' for no text."""
    line = next((raw.strip() for raw in (text or "").splitlines() if raw.strip()), "")
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"
