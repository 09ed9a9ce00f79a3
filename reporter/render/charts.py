"""Charts as inline SVG, drawn at build time: no JavaScript, no external resources, no web fonts.

Each public function takes plain frozen records defined here (not the content models, so a chart is
tested on its own) and returns one `<svg>` as `Markup`. Every chart:

- is 700 units wide (`viewBox`, `width="100%"`), so text of 12 units stays legible down to phone
  width, and carries `role="img"` with `aria-labelledby` pointing at its `<title>` and `<desc>`; the
  `<desc>` says in words what the chart shows, since `role="img"` hides the drawing's own text;
- draws text, axes and neutral shapes in `currentColor`, so it follows Material's light and dark
  palettes; status and series colours are CSS classes styled by `CHART_CSS`, and every colour has a
  second cue (shape, glyph, dash, pattern or label) for grey print and colour-blind readers;
- escapes every text that comes from YAML and puts none in an attribute, so a name cannot inject markup;
- is deterministic: numbers have at most one decimal and ids derive from the caller's `id_prefix`;
- never raises on empty or odd input: it returns a small SVG saying there is nothing to show.

The two timelines (`timeline`, `portfolio_timeline`) also have a phone form (`phone=True`), drawn from the
same records 360 units wide with each name on a line above its bar, so the time axis takes the whole width
of a phone; it is named by its wide form's title and description. `chart_pair()` puts both on a page, and
CHART_CSS shows one or the other (below 600px, the phone form).

Python-Markdown does not treat `<svg>` as a block, so a page puts a chart inside `chart_block()`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from reporter.render import display
from reporter.weeks import week_bounds

__all__ = [
    "CHART_CSS",
    "RECENT_WEEKS",
    "BurnupPoint",
    "HeatRisk",
    "PortfolioRow",
    "StripEntry",
    "TimelineMilestone",
    "TimelineTask",
    "TrendSeries",
    "burnup",
    "chart_block",
    "chart_pair",
    "colour_strip",
    "milestone_trend",
    "portfolio_timeline",
    "risk_heatmap",
    "severity",
    "timeline",
]

# --- the records charts are drawn from ----------------------------------------------------------


@dataclass(frozen=True)
class TimelineTask:
    """A task bar: drawn from the start of `start` to the end of `finish`, the done part filled."""

    name: str
    start: dt.date
    finish: dt.date
    progress: float = 0.0  # percent complete, 0 to 100
    key: str = ""  # matches a baseline task to this one (the task id); the name when empty


@dataclass(frozen=True)
class TimelineMilestone:
    """A milestone diamond at `date` (its due date, or the date it was reached): filled when done."""

    name: str
    date: dt.date
    done: bool = False
    late: bool = False  # the caller's verdict (overdue, or reached after its due date): marked '!'
    key: str = ""  # matches a baseline milestone to this one (the milestone id); the name when empty


@dataclass(frozen=True)
class BurnupPoint:
    """One reporting week of the burn-up: actual and planned percent complete (None when unknown)."""

    week: str  # like 2026-W47
    actual: float | None
    planned: float | None


@dataclass(frozen=True)
class TrendSeries:
    """One milestone in the trend analysis: its forecast date as reported in each week, and when reached."""

    name: str
    forecasts: Mapping[str, dt.date] = field(default_factory=dict)  # report week (2026-W47) -> forecast
    done: dt.date | None = None  # when reached: the line ends on the diagonal at this date


@dataclass(frozen=True)
class StripEntry:
    """One reporting week of the colour strip: the reported colour and, when known, the computed one."""

    week: str  # like 2026-W47
    reported: str | None  # green, amber, red (a `Colour` works too) or None when nothing was reported
    computed: str | None = None


@dataclass(frozen=True)
class HeatRisk:
    """An open risk on the heat map: its title and its scores from 1 to 5."""

    title: str
    probability: int
    impact: int


@dataclass(frozen=True)
class PortfolioRow:
    """A project in the portfolio timeline: its name, its milestones, its span and its status."""

    name: str
    milestones: Sequence[TimelineMilestone] = ()
    start: dt.date | None = None  # the project's planned span, drawn as a thin bar when both are given
    finish: dt.date | None = None
    status: str | None = None  # green, amber or red: a badge with a glyph before the name
    computed: str | None = None  # the colour from the evidence: green, amber or red, "none" when not assessed
    flagged: bool = False  # the caller's verdict: the status is better than the evidence, marked '⚠'


# --- shared drawing -----------------------------------------------------------------------------

# Charts of weeks mark (burn-up, milestone trend) or show (colour strip) only the latest weeks, a quarter (the
# project page's trend table lists the same weeks): at two years of history a marker and a tooltip for every
# week would weigh more than the rest of the page, and 105 markers in 620 units overlap anyway. The lines of
# the burn-up and the milestone trend still run through every week.
RECENT_WEEKS = 13
WIDTH = 700  # every chart's viewBox width: one scale for all, so text is the same size everywhere
# A timeline's phone form: about as many units as a 390px phone has pixels for the page's text, so its
# 12-unit text shows at about 12px and the chart fits the screen without scrolling.
PHONE_WIDTH = 360
FONT = 12  # text size in viewBox units; 11 is the least used anywhere (numbers inside dots)
_SMALL = 11
_CHAR = 7.2  # 0.6 em: a bit wider than an average sans-serif character, so width estimates err long
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_STATUSES = ("green", "amber", "red")
# Without the stylesheet the charts still show these (light palette); the CSS classes override them.
_LIGHT = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "none": "#bdbdbd"}
_DARK = {"green": "#66bb6a", "amber": "#ffca28", "red": "#ef5350", "none": "#616161"}
# The glyph on a status square: stroked (check, cross, dash) or filled (triangle), dark or light by fill.
_GLYPH_PAINT = {"green": "stroke", "amber": "fill", "red": "stroke", "none": "stroke"}
_GLYPH_LIGHT = {"green": "#fff", "amber": "#000", "red": "#fff", "none": "#000"}
_GLYPH_DARK = {"green": "#000", "amber": "#000", "red": "#000", "none": "#fff"}
_SEVERITIES = ("low", "medium", "high", "critical")
_SEVERITY_LIGHT = {"low": "#dcedc8", "medium": "#fff59d", "high": "#ffcc80", "critical": "#ef9a9a"}
_SEVERITY_DARK = {"low": "#1f4d2a", "medium": "#5c5416", "high": "#7a3f0d", "critical": "#7f1d1d"}
_SEVERITY_RANGES = {"low": "1–4", "medium": "5–9", "high": "10–14", "critical": "15–25"}
# Okabe & Ito's palette, told apart by the common colour-vision deficiencies; darker or lighter
# variants keep 3:1 against each background. The marker shape is the cue that never depends on colour.
_SERIES_LIGHT = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8c6d00", "#3a8fc0", "currentColor", "#757575")
_SERIES_DARK = ("#56b4e9", "#e69f00", "#2fd4a5", "#e4a5c9", "#f0e442", "#8fd0ff", "currentColor", "#bdbdbd")
# Characters XML 1.0 forbids (YAML's "\x01" escapes can produce them) and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _n(value: float) -> str:
    """A coordinate with at most one decimal: '12', '12.5', never '12.0' or '-0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _clean(value: object) -> str:
    """User text on one line, without characters XML cannot hold; `Markup` counts as its plain text."""
    text = value.striptags() if isinstance(value, Markup) else str(value)
    return " ".join(_NOT_XML.sub("", text).split())


def _esc(value: object) -> str:
    """User text made safe as XML character data (quotes too, so it is safe anywhere)."""
    return str(escape(_clean(value)))


def _truncate(text: str, chars: int) -> str:
    """At most `chars` characters, the last one an ellipsis when something was cut."""
    return text if len(text) <= chars else text[: max(chars - 1, 0)].rstrip() + "…"


def _label(x: float, y: float, value: object, chars: int) -> str:
    """A text of user data cut to `chars` characters; when cut, the full text shows as a tooltip."""
    full = _clean(value)
    shown = _truncate(full, chars)
    tip = f"<title>{escape(full)}</title>" if shown != full else ""
    return f'<text x="{_n(x)}" y="{_n(y)}">{escape(shown)}{tip}</text>'


_LABEL_MOST = 360  # a label column takes at most about half the width: the plot needs the rest


def _label_column(names: Iterable[object], indent: float, least: float) -> float:
    """Where the plot starts after a column of names: the longest name's estimated width after `indent`
    (8 units to spare), at least `least` and at most _LABEL_MOST; a name wider than that wraps."""
    longest = max((len(_clean(name)) for name in names), default=0)
    return min(max(least, indent + longest * _CHAR + 8), _LABEL_MOST)


def _name(x: float, y: float, value: object, chars: int) -> str:
    """A name in a row of a chart, never cut when it fits two lines of `chars`: on one line at `y` when
    it fits, else on two in smaller type around `y` (what fits in neither is cut, the whole as a tooltip)."""
    full = _clean(value)
    if len(full) <= chars:
        return _label(x, y, full, chars)
    small = int(chars * FONT / _SMALL)
    lines = _wrap(full, small, 2)
    tip = f"<title>{escape(full)}</title>" if " ".join(lines) != full else ""
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(y - 6 + 12 * number)}">{escape(line)}</tspan>' for number, line in enumerate(lines)
    )
    return f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_SMALL}">{spans}{tip}</text>'


def _text(x: float, y: float, content: object, anchor: str = "", size: int = 0, extra: str = "") -> str:
    """A `<text>` of trusted content: constants, numbers, dates, or user text already escaped."""
    attrs = f' text-anchor="{anchor}"' if anchor else ""
    attrs += f' font-size="{size}"' if size else ""
    attrs += f" {extra}" if extra else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{attrs}>{content}</text>'


def _with_title(element: str, tip: str) -> str:
    """An empty element given a tooltip (`tip` already escaped): `<x .../>` becomes `<x ...><title>tip</title></x>`."""
    tag = element[1 : element.index(" ")]
    return element[:-2] + f"><title>{tip}</title></{tag}>"


def _ident(prefix: str) -> str:
    """An XML id made from the caller's prefix: letters, digits, '-' and '_', starting with a letter."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", str(prefix))
    return ident if ident[:1].isalpha() else f"c-{ident}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _pct(value: float) -> str:
    """A percentage for people, rounded as the page's tables round it: '42%', 42.5 -> '43%'."""
    return display.percent(value)


def _percent(value: object) -> float | None:
    """A percent clamped to 0-100; None when it is not a finite number."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return min(max(number, 0.0), 100.0) if math.isfinite(number) else None


def _status(value: object) -> str:
    """green, amber or red from a string or a `Colour`; 'none' for anything else."""
    name = str(getattr(value, "value", value) or "").strip().lower()
    return name if name in _STATUSES else "none"


def _month(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of months strictly after `start` and strictly before `end`."""
    day, result = _next_month(start), []
    while day < end:
        result.append(day)
        day = _next_month(day)
    return result


def _month_step(px_per_day: float, room: float) -> int:
    """Label every k-th month, k dividing 12 (so labels fall on Jan, Apr...), so that labels keep `room` apart."""
    per_month = px_per_day * 28  # February: the shortest month must still leave room
    return next((k for k in (1, 2, 3, 4, 6) if per_month * k >= room), 12)


def _labelled_months(first: dt.date, months: Sequence[dt.date], px_per_day: float, room: float) -> list[dt.date]:
    """Which months to label: every k-th of `months` (see `_month_step`), and `first`, the edge of the axis,
    when its label fits before the next one."""
    step = _month_step(px_per_day, room)
    chosen = [m for m in months if (m.month - 1) % step == 0]
    if not chosen or (chosen[0] - first).days * px_per_day >= room:
        chosen.insert(0, first)
    return chosen


def _svg(kind: str, ident: str, height: float, title: str, desc: str, body: list[str], defs: Sequence[str] = ()) -> Markup:
    """The chart's root element around its parts; `title` and `desc` are plain text, escaped here."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="rp-chart rp-chart-{kind}" font-size="{FONT}" '
        f'fill="currentColor">',
        f'<title id="{ident}-title">{_esc(title)}</title>',
        f'<desc id="{ident}-desc">{_esc(desc)}</desc>',
    ]
    if defs:
        parts += ["<defs>", *defs, "</defs>"]
    # One element a line and no blank line: a blank line would end the HTML block in a Markdown page.
    return Markup("\n".join([*parts, *body, "</svg>"]))


def _phone_svg(kind: str, ident: str, height: float, title: str, body: list[str], defs: Sequence[str] = ()) -> Markup:
    """A chart's phone form, PHONE_WIDTH units wide. It is shown instead of the wide form (same `ident`)
    below 600px, so it is named by the wide form's title and description: the page holds the long text
    alternative once, and a screen reader, which skips the hidden form, hears it once."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PHONE_WIDTH} {_n(height)}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="rp-chart rp-chart-{kind}" '
        f'font-size="{FONT}" fill="currentColor">',
        f"<title>{_esc(title)}</title>",
    ]
    if defs:
        parts += ["<defs>", *defs, "</defs>"]
    return Markup("\n".join([*parts, *body, "</svg>"]))


def _empty(kind: str, ident: str, title: str, message: str, phone: bool = False) -> Markup:
    """A short chart that says there is nothing to draw, with the same title and accessibility hooks (a phone
    form's: named by its wide form's, so that no id is on the page twice)."""
    body = [f'<text x="8" y="22" font-style="italic">{_esc(message)}</text>']
    return _phone_svg(kind, ident, 36, title, body) if phone else _svg(kind, ident, 36, title, message, body)


def _fill(status: str) -> str:
    """Attributes filling a shape with a status colour (the class wins when CHART_CSS is loaded)."""
    return f'class="rp-fill-{status}" fill="{_LIGHT[status]}"'


def _glyph(status: str, cx: float, cy: float, size: float) -> str:
    """The status's glyph drawn as a path (no font needed): ✔ green, ▲ amber, ✖ red, – none."""
    u = size / 24  # the glyphs are designed in a 24-unit square
    if status == "green":
        d = f"M{_n(cx - 6 * u)} {_n(cy)}l{_n(4 * u)} {_n(5 * u)} {_n(9 * u)}-{_n(11 * u)}"
        return _stroked_glyph(status, d, 3 * u)
    if status == "amber":
        d = f"M{_n(cx)} {_n(cy - 7 * u)}l{_n(7 * u)} {_n(13 * u)}h-{_n(14 * u)}z"
        return f'<path class="rp-on-{status}" d="{d}" fill="{_GLYPH_LIGHT[status]}"/>'
    if status == "red":
        a = 5.5 * u
        d = f"M{_n(cx - a)} {_n(cy - a)}l{_n(2 * a)} {_n(2 * a)}m0-{_n(2 * a)}l-{_n(2 * a)} {_n(2 * a)}"
        return _stroked_glyph(status, d, 3 * u)
    d = f"M{_n(cx - 6 * u)} {_n(cy)}h{_n(12 * u)}"
    return _stroked_glyph("none", d, 2 * u)


def _stroked_glyph(status: str, d: str, width: float) -> str:
    paint = f'fill="none" stroke="{_GLYPH_LIGHT[status]}" stroke-width="{_n(width)}"'
    return f'<path class="rp-on-{status}" d="{d}" {paint}/>'


def _badge(status: str, x: float, y: float, size: float, tip: str = "") -> str:
    """A status square with its glyph, outlined so that even a pale colour has an edge; `tip` is escaped text."""
    dash = ' stroke-dasharray="3 2"' if status == "none" else ""
    square = (
        f'<rect class="rp-badge rp-fill-{status}" x="{_n(x)}" y="{_n(y)}" width="{_n(size)}" height="{_n(size)}" '
        f'rx="3" fill="{_LIGHT[status]}" stroke="currentColor"{dash}'
    )
    square += f"><title>{tip}</title></rect>" if tip else "/>"
    return f"{square}\n{_glyph(status, x + size / 2, y + size / 2, size)}"


def _diamond(cx: float, cy: float, half: float, attrs: str = "") -> str:
    d = f"M{_n(cx)} {_n(cy - half)}l{_n(half)} {_n(half)}-{_n(half)} {_n(half)}-{_n(half)}-{_n(half)}z"
    return f'<path d="{d}" {attrs}/>' if attrs else f'<path d="{d}"/>'


def _milestone_mark(m: TimelineMilestone, cx: float, cy: float, half: float) -> list[str]:
    """A milestone's diamond: filled when done, hollow when not; late ones red with a '!' beside."""
    tip = f"{_esc(m.name)}: {m.date.isoformat()}{', reached' if m.done else ''}{', late' if m.late else ''}"
    kind = "rp-done" if m.done else "rp-open"
    if m.late:
        attrs = f'class="rp-milestone {kind} rp-late rp-stroke-red" stroke="{_LIGHT["red"]}" stroke-width="2"'
    else:
        attrs = f'class="rp-milestone {kind}" stroke="currentColor" stroke-width="1.5"'
    attrs += "" if m.done else ' fill="#fff"'
    parts = [_with_title(_diamond(cx, cy, half, attrs), tip)]
    if m.late:
        parts.append(f'<text x="{_n(cx + half + 3)}" y="{_n(cy + 4)}" font-weight="bold" {_fill("red")}>!</text>')
    return parts


@dataclass(frozen=True)
class _TimeScale:
    """Days to x: day `start` begins at x0, and `days` days fill `width` units; a day is [x(d), x(d+1))."""

    start: dt.date
    days: int
    x0: float
    width: float

    @property
    def per_day(self) -> float:
        return self.width / self.days

    def x(self, day: dt.date) -> float:
        """The left edge of a day, clamped to the plot."""
        return self.x0 + min(max((day - self.start).days, 0), self.days) * self.per_day

    def mid(self, day: dt.date) -> float:
        """The middle of a day, where points in time (milestones, today) are drawn; clamped to the plot."""
        offset = min(max((day - self.start).days + 0.5, 0), self.days)
        return self.x0 + offset * self.per_day

    def end(self, day: dt.date) -> float:
        """The right edge of a day: where a bar finishing that day ends."""
        return self.x(day + dt.timedelta(days=1))


def _span(dates: Iterable[dt.date | None], start: dt.date | None, finish: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The chart's first and last day: as given, else from the data; None when there is no date at all."""
    known = [d for d in dates if d is not None]
    first = start if start is not None else min(known, default=None)
    last = finish if finish is not None else max(known, default=None)
    if first is None or last is None:
        return None
    return (first, last) if first <= last else (last, first)


def _month_grid(scale: _TimeScale, top: float, bottom: float, edge: float | None = None) -> list[str]:
    """Month gridlines across the rows and 'Nov 2026' labels above them, thinned when months are narrow;
    with an `edge`, a label that would run past it is left out (its gridline stays)."""
    months = _month_starts(scale.start, scale.start + dt.timedelta(days=scale.days))
    labelled = _labelled_months(scale.start, months, scale.per_day, 8 * _CHAR + 6)
    if edge is not None:
        labelled = [m for m in labelled if scale.x(m) + 3 + 8 * _CHAR <= edge]
    parts = []
    for month in [scale.start, *months]:
        x = scale.x(month)
        if month != scale.start and (month in labelled or scale.per_day * 28 >= 6):  # all, unless too narrow
            parts.append(f'<path class="rp-grid" d="M{_n(x)} {_n(top)}V{_n(bottom)}" stroke="currentColor" stroke-opacity=".2"/>')
        if month in labelled:  # the label starts just right of its month's gridline
            parts.append(f'<text x="{_n(x + 3)}" y="{_n(top - 8)}">{_month(month)}</text>')
    frame = f"M{_n(scale.x0)} {_n(top)}V{_n(bottom)}M{_n(scale.x0 + scale.width)} {_n(top)}V{_n(bottom)}"
    parts.insert(0, f'<path class="rp-axis" d="{frame}" stroke="currentColor" stroke-opacity=".5"/>')
    return parts


def _today_line(scale: _TimeScale, report_date: dt.date | None, top: float, bottom: float, width: float = WIDTH) -> list[str]:
    """A dashed vertical line at the middle of today, labelled with the date under the rows."""
    if report_date is None or not scale.start <= report_date < scale.start + dt.timedelta(days=scale.days):
        return []
    x = scale.mid(report_date)
    label = f"today {report_date.isoformat()}"
    half = len(label) * _CHAR / 2
    lx = min(max(x, scale.x0 + half), width - half)  # keep the label inside the chart
    return [
        f'<path class="rp-today" d="M{_n(x)} {_n(top - 4)}V{_n(bottom + 4)}" stroke="currentColor" '
        f'stroke-width="1.5" stroke-dasharray="5 3"/>',
        f'<text class="rp-today-label" x="{_n(lx)}" y="{_n(bottom + 18)}" text-anchor="middle">{label}</text>',
    ]


def _legend(items: Sequence[tuple[str, str]], x: float, y: float, edge: float = math.inf) -> list[str]:
    """A row of (symbol, word) pairs; each symbol is drawn in a 16-unit box whose middle is at `y`. A pair
    that would run past `edge` starts a new row 20 units lower (see `_legend_rows`)."""
    parts = []
    for symbol, word, left, row in _legend_places(items, x, edge):
        at = y + 20 * row
        parts.append(symbol.format(x=_n(left), cx=_n(left + 8), y=_n(at), y2=_n(at - 2), top=_n(at - 6), bottom=_n(at + 6)))
        parts.append(f'<text x="{_n(left + 21)}" y="{_n(at + 4)}">{word}</text>')
    return parts


def _legend_places(items: Sequence[tuple[str, str]], x: float, edge: float) -> list[tuple[str, str, float, int]]:
    """Each legend pair with its left edge and its row: pairs fill a row up to `edge`, then wrap."""
    places, left, row = [], x, 0
    for symbol, word in items:
        width = 21 + len(word) * _CHAR
        if left > x and left + width > edge:
            left, row = x, row + 1
        places.append((symbol, word, left, row))
        left += width + 14
    return places


def _legend_rows(items: Sequence[tuple[str, str]], x: float, edge: float) -> int:
    """How many rows the legend takes (0 without items)."""
    places = _legend_places(items, x, edge)
    return places[-1][3] + 1 if places else 0


_LEGEND_DONE = '<path d="M{cx} {top}l6 6-6 6-6-6z"/>'
_LEGEND_OPEN = '<path d="M{cx} {top}l6 6-6 6-6-6z" fill="none" stroke="currentColor" stroke-width="1.5"/>'
_LEGEND_LATE = (
    f'<path d="M{{cx}} {{top}}l6 6-6 6-6-6z" fill="none" class="rp-stroke-red" stroke="{_LIGHT["red"]}" stroke-width="2"/>'
)
_LEGEND_BASELINE = '<rect x="{x}" y="{y2}" width="16" height="4" fill="none" stroke="currentColor" stroke-dasharray="3 2"/>'
_LEGEND_TODAY = '<path d="M{cx} {top}V{bottom}" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 3"/>'
_FLAG = "⚠"
_LEGEND_FLAG = f'<text x="{{cx}}" y="{{y}}" dy="4" text-anchor="middle" font-weight="bold" {_fill("red")}>{_FLAG}</text>'


# --- 1. timeline ---------------------------------------------------------------------------------

_TL_LEFT = 200  # the least label column; the plot runs from its end (x=200, more for long names) to x=660
_TL_RIGHT = 660  # 40 units to the right for the '100%' after a bar
_TL_TOP = 30  # month labels above the rows
_TL_ROW = 26


def timeline(
    tasks: Sequence[TimelineTask],
    milestones: Sequence[TimelineMilestone],
    start: dt.date | None = None,
    finish: dt.date | None = None,
    report_date: dt.date | None = None,
    baseline_tasks: Sequence[TimelineTask] | None = None,
    baseline_milestones: Sequence[TimelineMilestone] | None = None,
    *,
    id_prefix: str,
    title: str = "Timeline",
    phone: bool = False,
) -> Markup:
    """A Gantt chart: a row per task (bar, done part filled, percent after it), then a row per milestone.

    The days from `start` to `finish` (both included; from the data when None) fill x=L..660, so a day
    is (660 - L) / days units wide and day d begins at L + (d - start).days * (660 - L) / days, where L is
    200, or the longest name's width (7.2 units a character, from x=4, 8 to spare) up to 360; a name
    longer than that column wraps onto two lines. Bars run from the
    beginning of their start day to the end of their finish day; milestones and the dashed today line
    sit in the middle of their day. Baseline entries, matched by `key` (the name when empty), are thin
    dashed ghosts under the row showing where the task or milestone was in the baseline.

    With `phone`, the same chart for a narrow screen (see `_timeline_phone`), named by the wide form's text.
    """
    ident = _ident(id_prefix)
    baseline_tasks, baseline_milestones = baseline_tasks or (), baseline_milestones or ()
    if not tasks and not milestones:
        return _empty("timeline", ident, title, "No tasks or milestones to show.", phone)
    dates = [d for t in (*tasks, *baseline_tasks) for d in (t.start, t.finish)]
    dates += [m.date for m in (*milestones, *baseline_milestones)]
    first, last = _span(dates, start, finish)  # type: ignore[misc]  # never None: tasks or milestones exist
    ghost_tasks = {t.key or t.name: t for t in baseline_tasks}
    ghost_milestones = {m.key or m.name: m for m in baseline_milestones}
    if phone:
        days = (last - first).days + 1
        return _timeline_phone(tasks, milestones, first, days, report_date, ghost_tasks, ghost_milestones, ident, title)
    left = _label_column([t.name for t in tasks] + [m.name for m in milestones], 4, _TL_LEFT)
    scale = _TimeScale(first, (last - first).days + 1, left, _TL_RIGHT - left)
    rows = len(tasks) + len(milestones)
    bottom = _TL_TOP + rows * _TL_ROW
    body = _month_grid(scale, _TL_TOP, bottom)
    label_chars = int((left - 12) / _CHAR)
    task_words, milestone_words = [], []

    for row, task in enumerate(tasks):
        top = _TL_TOP + row * _TL_ROW
        progress = _percent(task.progress) or 0.0
        x1 = scale.x(min(task.start, task.finish))
        x2 = max(scale.end(max(task.start, task.finish)), x1 + 2)  # at least a sliver when off the chart
        width = x2 - x1
        words = f"{_clean(task.name)} ({task.start.isoformat()} to {task.finish.isoformat()}, {_pct(progress)} done"
        body.append(_name(4, top + 15, task.name, label_chars))
        ghost = ghost_tasks.get(task.key or task.name)
        if ghost is not None:
            body.append(_ghost_bar(scale, ghost, top + 19))
            slip = (task.finish - ghost.finish).days
            words += f", baseline {ghost.start.isoformat()} to {ghost.finish.isoformat()}"
            words += f", {_count(abs(slip), 'day')} {'late' if slip > 0 else 'early'}" if slip else ""
        body.append(
            f'<rect class="rp-bar" x="{_n(x1)}" y="{top + 5}" width="{_n(width)}" height="12" fill="none" stroke="currentColor"/>'
        )
        if progress > 0:
            body.append(
                f'<rect class="rp-bar-done" x="{_n(x1)}" y="{top + 5}" width="{_n(width * progress / 100)}" '
                f'height="12" fill-opacity=".55"/>'
            )
        body.append(_text(x2 + 4, top + 15, _pct(progress), size=_SMALL, extra='class="rp-bar-pct"'))
        task_words.append(words + ")")

    for row, milestone in enumerate(milestones, start=len(tasks)):
        top = _TL_TOP + row * _TL_ROW
        body.append(_name(4, top + 15, milestone.name, label_chars))
        state = "reached" if milestone.done else "not reached"
        words = f"{_clean(milestone.name)} ({milestone.date.isoformat()}, {state}"
        words += ", late" if milestone.late else ""
        ghost_m = ghost_milestones.get(milestone.key or milestone.name)
        if ghost_m is not None:
            body.append(_ghost_diamond(scale, ghost_m.date, top + 21))
            words += f", baseline {ghost_m.date.isoformat()}"
        body += _milestone_mark(milestone, scale.mid(milestone.date), top + 11, 7)
        milestone_words.append(words + ")")

    body += _today_line(scale, report_date, _TL_TOP, bottom)
    body += _legend(_timeline_legend(milestones, report_date, bool(ghost_tasks or ghost_milestones)), 4, bottom + 38)

    reached = sum(1 for m in milestones if m.done)
    late = sum(1 for m in milestones if m.late)
    desc = f"{_count(len(tasks), 'task')} and {_count(len(milestones), 'milestone')}"
    desc += f" from {first.isoformat()} to {last.isoformat()}"
    desc += f"; today is {report_date.isoformat()}." if report_date is not None else "."
    if milestones:
        desc += f" {reached} of {_count(len(milestones), 'milestone')} reached, {late} late."
    if task_words:
        desc += " Tasks: " + "; ".join(task_words) + "."
    if milestone_words:
        desc += " Milestones: " + "; ".join(milestone_words) + "."
    return _svg("timeline", ident, bottom + 50, title, desc, body)


_PH_X0, _PH_X1 = 10, 344  # a phone form's plot: room for a diamond at either end and a '!' after the last
_PH_TOP = 30  # month labels above the rows
_PH_LINE = 14  # a line of a name


def _phone_name(x: float, top: float, value: object, chars: int) -> tuple[str, int]:
    """A name on a line of its own above its bar, on a second line when it is longer (what two lines cannot
    hold is cut, the whole as a tooltip); returns the `<text>` and how many lines it took."""
    full = _clean(value)
    lines = _wrap(full, chars, 2)
    tip = f"<title>{escape(full)}</title>" if " ".join(lines) != full else ""
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(top + 12 + _PH_LINE * number)}">{escape(line)}</tspan>' for number, line in enumerate(lines)
    )
    back = _backdrop(x, top, max(len(line) for line in lines), len(lines))
    return f'{back}\n<text x="{_n(x)}" y="{_n(top + 12)}">{spans}{tip}</text>', len(lines)


def _backdrop(x: float, top: float, chars: int, lines: int) -> str:
    """A patch of the page's colour under text that lies across gridlines and today's line, so it reads
    cleanly (the lines show again between the rows); `chars` characters on `lines` lines from `x`."""
    return (
        f'<rect class="rp-backdrop" x="{_n(x - 2)}" y="{_n(top + 1)}" width="{_n(chars * _CHAR + 4)}" '
        f'height="{_n(_PH_LINE * lines + 2)}" fill="#fff"/>'
    )


def _ghost_bar(scale: _TimeScale, ghost: TimelineTask, y: float) -> str:
    """Where the baseline had a task: a dashed outline of its span (both forms of a timeline)."""
    g1, g2 = scale.x(ghost.start), scale.end(ghost.finish)
    return (
        f'<rect class="rp-ghost" x="{_n(g1)}" y="{_n(y)}" width="{_n(max(g2 - g1, 2))}" height="4" '
        f'fill="none" stroke="currentColor" stroke-dasharray="3 2"/>'
    )


def _ghost_diamond(scale: _TimeScale, day: dt.date, y: float) -> str:
    """Where the baseline had a milestone: a small dashed diamond (both forms of a timeline)."""
    return _diamond(scale.mid(day), y, 4, 'class="rp-ghost" fill="none" stroke="currentColor" stroke-dasharray="2 1.5"')


def _timeline_phone(
    tasks: Sequence[TimelineTask],
    milestones: Sequence[TimelineMilestone],
    first: dt.date,
    days: int,
    report_date: dt.date | None,
    ghost_tasks: Mapping[str, TimelineTask],
    ghost_milestones: Mapping[str, TimelineMilestone],
    ident: str,
    title: str,
) -> Markup:
    """The timeline for a phone, 360 units wide: each row is its name (and a task's percent, at the right)
    on a line of its own, then its bar or diamond under it across the whole width, so the time axis gets
    x=10..344 whatever the names: a day is 334 / days units, day d beginning at 10 + (d - first).days * 334 / days."""
    scale = _TimeScale(first, days, _PH_X0, _PH_X1 - _PH_X0)
    body: list[str] = []
    top = _PH_TOP
    name_chars = int((PHONE_WIDTH - 4 - 4 - 5 * _CHAR) / _CHAR)  # the percent, up to '100%', at the right
    for task in tasks:
        progress = _percent(task.progress) or 0.0
        name, lines = _phone_name(4, top, task.name, name_chars)
        body.append(name)
        body.append(_backdrop(PHONE_WIDTH - 4 - 4 * _CHAR, top, 4, 1))
        body.append(_text(PHONE_WIDTH - 4, top + 12, _pct(progress), "end", _SMALL, 'class="rp-bar-pct"'))
        bar = top + _PH_LINE * lines + 4
        x1 = scale.x(min(task.start, task.finish))
        x2 = max(scale.end(max(task.start, task.finish)), x1 + 2)
        ghost = ghost_tasks.get(task.key or task.name)
        if ghost is not None:
            body.append(_ghost_bar(scale, ghost, bar + 14))
        body.append(
            f'<rect class="rp-bar" x="{_n(x1)}" y="{_n(bar)}" width="{_n(x2 - x1)}" height="12" fill="none" '
            f'stroke="currentColor"/>'
        )
        if progress > 0:
            body.append(
                f'<rect class="rp-bar-done" x="{_n(x1)}" y="{_n(bar)}" width="{_n((x2 - x1) * progress / 100)}" '
                f'height="12" fill-opacity=".55"/>'
            )
        top = bar + 22
    for milestone in milestones:
        name, lines = _phone_name(4, top, milestone.name, int((PHONE_WIDTH - 8) / _CHAR))
        body.append(name)
        middle = top + _PH_LINE * lines + 10
        ghost_m = ghost_milestones.get(milestone.key or milestone.name)
        if ghost_m is not None:
            body.append(_ghost_diamond(scale, ghost_m.date, middle + 10))
        body += _milestone_mark(milestone, scale.mid(milestone.date), middle, 7)
        top = middle + 18
    bottom = top
    # The lines first: the names' backdrops cover them, the bars and marks are drawn over them.
    body = _month_grid(scale, _PH_TOP, bottom, PHONE_WIDTH) + _today_line(scale, report_date, _PH_TOP, bottom, PHONE_WIDTH) + body
    legend = _timeline_legend(milestones, report_date, bool(ghost_tasks or ghost_milestones))
    body += _legend(legend, 4, bottom + 38, PHONE_WIDTH)
    height = bottom + 50 + 20 * max(_legend_rows(legend, 4, PHONE_WIDTH) - 1, 0)
    return _phone_svg("timeline", ident, height, title, body)


def _timeline_legend(
    milestones: Sequence[TimelineMilestone], report_date: dt.date | None, baseline: bool
) -> list[tuple[str, str]]:
    """The timeline's legend: the milestone marks it uses, today's line, the baseline's ghosts."""
    legend = []
    if milestones:
        legend += [(_LEGEND_DONE, "reached"), (_LEGEND_OPEN, "not reached")]
        legend += [(_LEGEND_LATE, "late !")] if any(m.late for m in milestones) else []
    if report_date is not None:
        legend.append((_LEGEND_TODAY, "today"))
    if baseline:
        legend.append((_LEGEND_BASELINE, "baseline"))
    return legend


# --- 2. burn-up ----------------------------------------------------------------------------------

_BU_X0, _BU_X1 = 50, 670  # the first week at x=50, the last at x=670, the others evenly between
_BU_TOP, _BU_BOTTOM = 20, 220  # 100% at y=20, 0% at y=220: y = 220 - 2 * percent


def _marker(shape: int, x: float, y: float, attrs: str = "") -> str:
    """One of eight marker shapes centred on (x, y), about 10 units across; `attrs` are added to its element.

    Without `attrs` the marker is drawn in a `_marker_group`, which gives its class and stroke: the cross
    and the plus (lines only) then take the group's stroke, so they have none of their own.
    """
    shape %= 8
    ink = ' stroke="currentColor"' if attrs else ""
    attrs = f" {attrs}" if attrs else ""
    if shape == 0:
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5"{attrs}/>'
    if shape == 1:
        return f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8"{attrs}/>'
    if shape == 2:
        return f'<path d="M{_n(x)} {_n(y - 5.5)}l5 9h-10z"{attrs}/>'
    if shape == 3:
        return _diamond(x, y, 5.5, attrs.strip())
    if shape == 4:
        return f'<path d="M{_n(x)} {_n(y + 5.5)}l5-9h-10z"{attrs}/>'
    if shape == 5:
        return f'<path d="M{_n(x - 4)} {_n(y - 4)}l8 8m0-8l-8 8"{ink} stroke-width="2.5"{attrs}/>'
    if shape == 6:
        return f'<path d="M{_n(x - 5)} {_n(y)}h10m-5-5v10"{ink} stroke-width="2.5"{attrs}/>'
    return f'<path d="M{_n(x - 5)} {_n(y)}l2.5-4.5h5l2.5 4.5-2.5 4.5h-5z"{attrs}/>'


def _marker_group(classes: str, marks: Sequence[str]) -> list[str]:
    """Markers of one series in a group that carries their class once (and, for a reader without the
    stylesheet, the stroke of the line-only shapes); nothing when there are no markers."""
    if not marks:
        return []
    return [f'<g class="{classes}" stroke="currentColor">', *marks, "</g>"]


def _series_line(number: int) -> str:
    """The attributes of series `number`'s line (1 to 8): its colour comes from CHART_CSS."""
    return f'class="rp-line-{number}" stroke="currentColor" stroke-width="2"'


def _polylines(points: Sequence[tuple[float, float] | None], attrs: str) -> list[str]:
    """Polylines through the points, broken where a point is missing (None). A point on the straight line
    between its neighbours (as drawn, after rounding) is left out: the line drawn is the same, and a forecast
    that stays put for months, or progress at a steady pace, costs two points instead of one a week."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [
        f'<polyline points="{" ".join(f"{x},{y}" for x, y in _corners(run))}" fill="none" {attrs}/>'
        for run in runs
        if len(run) > 1
    ]


def _corners(run: Sequence[tuple[float, float]]) -> list[tuple[str, str]]:
    """The points of a line as drawn (rounded by `_n`), without those that lie straight on between their
    neighbours, going the same way: tenths of a unit are whole numbers, so the test is exact."""
    drawn = [(_n(x), _n(y)) for x, y in run]
    tenths = [(round(float(x) * 10), round(float(y) * 10)) for x, y in drawn]
    kept = [0]
    for i in range(1, len(drawn) - 1):
        (ax, ay), (bx, by), (cx, cy) = tenths[kept[-1]], tenths[i], tenths[i + 1]
        straight = (bx - ax) * (cy - by) == (by - ay) * (cx - bx)
        onward = (bx - ax) * (cx - bx) + (by - ay) * (cy - by) > 0
        if not (straight and onward):
            kept.append(i)
    kept.append(len(drawn) - 1)
    return [drawn[i] for i in kept]


def _thin(count: int, spacing: float, room: float) -> set[int]:
    """Which of `count` evenly spaced labels to show so they keep `room` apart, always the last one."""
    step = max(1, math.ceil(room / spacing)) if spacing > 0 else 1
    return {i for i in range(count) if (count - 1 - i) % step == 0}


def burnup(
    points: Sequence[BurnupPoint],
    *,
    id_prefix: str,
    title: str = "Percent complete: actual and planned",
    recent: int = RECENT_WEEKS,
) -> Markup:
    """Actual (solid line, round markers) against planned (dashed line, square markers) percent complete.

    Weeks are evenly spaced from x=50 to x=670 (one week alone sits at x=360); the y axis runs from 0% at
    y=220 to 100% at y=20, so a percent p is at y = 220 - 2p. Week labels are thinned to keep 64 units
    apart, counting back from the latest week, which is always labelled. The lines run through every week;
    only the last `recent` weeks have markers with their values as tooltips, and the chart says so.
    """
    ident = _ident(id_prefix)
    # A week without figures keeps its place on the axis: the lines break there rather than skip it.
    if all(_percent(p.actual) is None and _percent(p.planned) is None for p in points):
        return _empty("burnup", ident, title, "No progress reported yet.")
    n = len(points)
    spacing = (_BU_X1 - _BU_X0) / (n - 1) if n > 1 else 0.0
    xs = [(_BU_X0 + _BU_X1) / 2] if n == 1 else [_BU_X0 + i * spacing for i in range(n)]

    def y(percent: float) -> float:
        return _BU_BOTTOM - percent * (_BU_BOTTOM - _BU_TOP) / 100

    body = []
    for tick in (0, 25, 50, 75, 100):
        body.append(
            f'<path class="rp-grid" d="M{_BU_X0} {_n(y(tick))}H{_BU_X1}" stroke="currentColor" '
            f'stroke-opacity="{".5" if tick == 0 else ".2"}"/>'
        )
        body.append(f'<text x="{_BU_X0 - 6}" y="{_n(y(tick) + 4)}" text-anchor="end">{tick}%</text>')
    for i in sorted(_thin(n, spacing, 8 * _CHAR + 8)):
        body.append(f'<text x="{_n(xs[i])}" y="{_BU_BOTTOM + 18}" text-anchor="middle">{_esc(points[i].week)}</text>')
    planned = [_percent(p.planned) for p in points]
    actual = [_percent(p.actual) for p in points]
    body += _polylines(
        [None if v is None else (x, y(v)) for x, v in zip(xs, planned, strict=False)],
        'class="rp-line-2 rp-planned" stroke="currentColor" stroke-width="2" stroke-dasharray="6 4"',
    )
    body += _polylines(
        [None if v is None else (x, y(v)) for x, v in zip(xs, actual, strict=False)],
        'class="rp-line-1 rp-actual" stroke="currentColor" stroke-width="2"',
    )
    marked = range(max(n - max(recent, 1), 0), n)
    plan_marks, actual_marks = [], []
    for i in marked:
        week, plan, act = _esc(points[i].week), planned[i], actual[i]
        if plan is not None:
            plan_marks.append(_with_title(_marker(1, xs[i], y(plan)), f"{week}: {_pct(plan)} planned"))
        if act is not None:
            actual_marks.append(_with_title(_marker(0, xs[i], y(act)), f"{week}: {_pct(act)} actual"))
    body += _marker_group("rp-mark-2 rp-point-planned", plan_marks)
    body += _marker_group("rp-mark-1 rp-point-actual", actual_marks)
    window = _window_words(points[marked[0]].week, n, len(marked), "marked")
    if window:
        body.append(_text(_BU_X1, _BU_BOTTOM + 46, f"{window[0].upper()}{window[1:]}", "end", _SMALL, 'class="rp-window"'))
    body += _legend(
        [
            ('<path d="M{x} {y}h16" class="rp-line-1" stroke="currentColor" stroke-width="2"/>'
             '<circle cx="{cx}" cy="{y}" r="4.5" class="rp-mark-1"/>', "actual"),
            ('<path d="M{x} {y}h16" class="rp-line-2" stroke="currentColor" stroke-width="2" stroke-dasharray="6 4"/>'
             '<rect x="{cx}" y="{y}" width="8" height="8" transform="translate(-4 -4)" class="rp-mark-2"/>', "planned"),
        ],  # fmt: skip
        _BU_X0, _BU_BOTTOM + 42,
    )  # fmt: skip

    latest = next((i for i in range(n - 1, -1, -1) if actual[i] is not None), n - 1)
    week, act, plan = _clean(points[latest].week), actual[latest], planned[latest]
    if act is not None and plan is not None:
        desc = f"Actual {_pct(act)} complete against {_pct(plan)} planned in week {week}"
    elif act is not None:
        desc = f"Actual {_pct(act)} complete in week {week}, with no planned figure"
    else:
        desc = f"Nothing reported yet; {_pct(plan or 0)} planned in week {week}"
    span = f"{_clean(points[0].week)} to {_clean(points[-1].week)}" if n > 1 else _clean(points[0].week)
    desc += f"; {_count(n, 'week')} shown, {span}"
    desc += f"; {window}." if window else "."
    return _svg("burnup", ident, _BU_BOTTOM + 56, title, desc, body)


def _window_words(first: str, weeks: int, shown: int, verb: str) -> str:
    """'the last 13 of 105 weeks marked, from 2026-W37' when only the latest weeks are marked or shown; else ''."""
    if shown >= weeks:
        return ""
    return f"the last {shown} of {_count(weeks, 'week')} {verb}, from {_clean(first)}"


# --- 3. milestone trend analysis ----------------------------------------------------------------

_MT_X0, _MT_SIZE, _MT_TOP = 84, 560, 28  # a square plot: x=84..644, y=28..588, one scale for both axes


def milestone_trend(
    series: Sequence[TrendSeries],
    report_weeks: Sequence[str],
    *,
    id_prefix: str,
    title: str = "Milestone trend analysis",
    recent: int = RECENT_WEEKS,
) -> Markup:
    """The milestone trend analysis (MTA): each milestone's forecast date (y) as reported week by week (x).

    A report week stands at its Sunday (the forecast as of the end of that week). Both axes share one scale,
    from the first of the month of the earliest date to the first of the month after the latest, spread
    over 560 units, so the diagonal where forecast date equals report date is at 45 degrees: a reached
    milestone's line ends on it at its `done` date, and a rising line means a slipping milestone.
    Each milestone has its own marker shape and colour; the legend below names them. The lines run through
    every report week; only the forecasts of the last `recent` report weeks (and a reaching in them) have
    markers with tooltips, and the chart says so.
    """
    ident = _ident(id_prefix)
    weeks: dict[dt.date, str] = {}
    for week in report_weeks:
        try:
            weeks.setdefault(week_bounds(str(week))[1], _clean(week))
        except ValueError:
            continue  # not a week name: nothing to place
    sundays = sorted(weeks)
    if not sundays or not series:
        return _empty("mta", ident, title, "No milestone forecasts to show.")
    lines = []  # (series, [(report date, forecast date), ...]) for the milestones with something to draw
    for item in series:
        ends = item.done
        before_done = [s for s in sundays if ends is None or s < ends]  # once reached, forecasts are moot
        points = [(s, item.forecasts[weeks[s]]) for s in before_done if weeks[s] in item.forecasts]
        if ends is not None and (points or sundays[0] <= ends <= sundays[-1]):
            points.append((ends, ends))
        if points:
            lines.append((item, points))
    if not lines:
        return _empty("mta", ident, title, "No milestone forecasts to show.")
    dates = sundays + [d for _, points in lines for p in points for d in p]
    lo = min(dates).replace(day=1)
    hi = _next_month(max(dates))
    per_day = _MT_SIZE / (hi - lo).days
    bottom, right = _MT_TOP + _MT_SIZE, _MT_X0 + _MT_SIZE

    def x(day: dt.date) -> float:
        return _MT_X0 + (day - lo).days * per_day

    def y(day: dt.date) -> float:
        return bottom - (day - lo).days * per_day

    body = [
        f'<path class="rp-axis" d="M{_MT_X0} {_MT_TOP}V{bottom}H{right}" fill="none" stroke="currentColor" stroke-opacity=".6"/>',
        _text(4, _MT_TOP - 12, "Forecast date"),
        _text(right, bottom + 36, "Report week", anchor="end"),
    ]
    months = [*_month_starts(lo, hi), hi]
    x_labels = _labelled_months(lo, months, per_day, 8 * _CHAR + 8)
    y_labels = _labelled_months(lo, months, per_day, 16)
    # All the month gridlines as one path, and all the week ticks as another: one element each, not one a line.
    grid = "".join(f"M{_n(x(month))} {_MT_TOP}V{bottom}M{_MT_X0} {_n(y(month))}H{right}" for month in months if month != hi)
    if grid:
        body.append(f'<path class="rp-grid" d="{grid}" stroke="currentColor" stroke-opacity=".15"/>')
    body.append('<g text-anchor="middle">')
    body += [_text(x(month), bottom + 18, _month(month)) for month in [lo, *months] if month in x_labels]
    body.append('</g>\n<g text-anchor="end">')
    body += [_text(_MT_X0 - 6, y(month) + 4, _month(month)) for month in [lo, *months] if month in y_labels]
    body.append("</g>")
    ticks = "".join(f"M{_n(x(sunday))} {bottom}v5" for sunday in sundays)  # a tick per report week on the x axis
    body.append(f'<path class="rp-week-tick" d="{ticks}" stroke="currentColor"/>')
    marked_from = sundays[-min(max(recent, 1), len(sundays))]  # the first report week whose forecasts are marked
    window = _window_words(weeks[marked_from], len(sundays), len([s for s in sundays if s >= marked_from]), "marked")
    if window:
        body.append(_text(_MT_X0, bottom + 36, f"{window[0].upper()}{window[1:]}", size=_SMALL, extra='class="rp-window"'))
    body.append(f'<path class="rp-diagonal" d="M{_MT_X0} {bottom}L{right} {_MT_TOP}" stroke="currentColor" stroke-width="1.5"/>')
    turn = f'transform="rotate(-45 {right - 8} {_MT_TOP + 20})"'  # along the diagonal, just under it
    body.append(_text(right - 8, _MT_TOP + 20, "reached: forecast = report date", "end", _SMALL, turn))
    legend, words = [], []
    for index, (item, points) in enumerate(lines):
        number = index % 8 + 1
        hollow = " rp-hollow" if index >= 8 else ""  # a ninth milestone reuses the shapes, hollow
        name = _clean(item.name)
        body += _polylines([(x(a), y(b)) for a, b in points], _series_line(number))
        marks = []
        for report, forecast in points:
            if report < marked_from:
                continue
            on_diagonal = item.done is not None and report == forecast == item.done
            tip = f"{escape(name)}: reached {forecast.isoformat()}" if on_diagonal else (
                f"{escape(name)}: forecast {forecast.isoformat()} in {weeks[report]}"
            )  # fmt: skip
            marks.append(_with_title(_marker(index, x(report), y(forecast)), tip))
        body += _marker_group(f"rp-mark-{number}{hollow} rp-trend-point", marks)
        first_forecast, last_forecast = points[0][1], points[-1][1]
        if item.done is not None and points[-1] == (item.done, item.done):
            words.append(f"{name} reached {item.done.isoformat()}")
            state = f"reached {item.done.isoformat()}"
        else:
            moved = (last_forecast - first_forecast).days
            change = "unchanged" if moved == 0 else f"{_count(abs(moved), 'day')} {'later' if moved > 0 else 'earlier'}"
            in_week = f"in {weeks[points[-1][0]]}, {change} since {weeks[points[0][0]]}"
            words.append(f"{name} forecast {last_forecast.isoformat()} {in_week}")
            state = f"forecast {last_forecast.isoformat()}"
        legend.append((index, number, hollow, f"{name} · {state}"))

    # The legend in two columns of 43 characters when every entry fits, else in one of 92, where an entry
    # longer than that wraps onto two lines: a name and its date are never cut.
    legend_top = bottom + 56
    columns = 2 if all(len(text) <= int((350 - 36) / _CHAR) for *_, text in legend) else 1
    chars = int((350 - 36) / _CHAR) if columns == 2 else int((WIDTH - 36) / _CHAR)
    ly = legend_top
    for row, (index, number, hollow, text) in enumerate(legend):
        lx = 4 + (row % columns) * 350
        body.append(f'<path d="M{_n(lx)} {_n(ly)}h22" {_series_line(number)}/>')
        body.append(_marker(index, lx + 11, ly, f'class="rp-mark-{number}{hollow}"'))
        body.append(_name(lx + 28, ly + 4, text, chars))
        if row % columns == columns - 1 or row == len(legend) - 1:
            ly += 28 if len(text) > chars else 20
    height = ly
    first_week, last_week = weeks[sundays[0]], weeks[sundays[-1]]
    desc = f"Forecast dates of {_count(len(lines), 'milestone')} over {_count(len(sundays), 'report week')}, "
    desc += f"{first_week} to {last_week}" + (f" ({window})" if window else "") + ": "
    return _svg("mta", ident, height, title, desc + "; ".join(words) + ".", body)


# --- 4. colour strip -------------------------------------------------------------------------------

_CS_LEFT, _CS_SIZE, _CS_PITCH = 84, 24, 30  # squares of 24 every 30 units after an 84-unit label column
_CS_PER_BAND = (WIDTH - _CS_LEFT) // _CS_PITCH  # 20 weeks a band; more weeks wrap into further bands


def colour_strip(
    entries: Sequence[StripEntry], *, id_prefix: str, title: str = "Status by week", recent: int = RECENT_WEEKS
) -> Markup:
    """A square per report week in the reported colour with its glyph (✔ ▲ ✖, – for none); a second row
    for the computed colour when any entry has one; week numbers under, with the year where it changes.

    Only the last `recent` weeks are drawn, and the chart says so. Square i of a band is at x = 84 + 30 * i;
    20 weeks fill a band, and more weeks wrap to another band. Each status's square and glyph is drawn once,
    in `<defs>`, and every week reuses it (`<use>`), with its week and colour as a tooltip.
    """
    ident = _ident(id_prefix)
    if not entries:
        return _empty("strip", ident, title, "No status reported yet.")
    total = len(entries)
    entries = entries[-max(recent, 1) :]
    with_computed = any(e.computed is not None for e in entries)
    rows = [("Reported", "reported")] + ([("Computed", "computed")] if with_computed else [])
    band_height = len(rows) * _CS_PITCH + 40
    used = sorted({_status(getattr(e, attribute)) for e in entries for _, attribute in rows}, key=(*_STATUSES, "none").index)
    defs = [f'<g id="{ident}-{status}">{_badge(status, 0, 0, _CS_SIZE)}</g>'.replace("\n", "") for status in used]
    body: list[str] = []
    numbers: list[str] = []
    previous_year = None
    for start in range(0, len(entries), _CS_PER_BAND):
        band_top = (start // _CS_PER_BAND) * band_height + 6
        for r, (word, _) in enumerate(rows):
            body.append(f'<text x="4" y="{band_top + r * _CS_PITCH + 16}">{word}</text>')
        for i, entry in enumerate(entries[start : start + _CS_PER_BAND]):
            x = _CS_LEFT + i * _CS_PITCH
            week = _clean(entry.week)
            for r, (_, attribute) in enumerate(rows):
                status = _status(getattr(entry, attribute))
                tip = f"{escape(week)}: {attribute} {status if status != 'none' else 'nothing'}"
                body.append(f'<use href="#{ident}-{status}" x="{x}" y="{band_top + r * _CS_PITCH}"><title>{tip}</title></use>')
            labels_y = band_top + len(rows) * _CS_PITCH + 8
            match = re.match(r"^(\d{4})-(W\d{2})$", week)
            year, number = (match.group(1), match.group(2)) if match else ("", _truncate(week, 4))
            numbers.append(_text(x + _CS_SIZE / 2, labels_y, escape(number or week)))
            if year and (year != previous_year or i == 0):
                body.append(_text(x, labels_y + 14, escape(year), size=_SMALL))
            previous_year = year
    body += [f'<g text-anchor="middle" font-size="{_SMALL}">', *numbers, "</g>"]  # the week numbers, centred under their squares
    bands = math.ceil(len(entries) / _CS_PER_BAND)
    height = bands * band_height
    window = _window_words(entries[0].week, total, len(entries), "shown")
    if window:  # a line of its own under the last band, from where the squares begin
        body.append(_text(_CS_LEFT, height + 8, f"{window[0].upper()}{window[1:]}", size=_SMALL, extra='class="rp-window"'))
        height += 16
    counts = {s: sum(1 for e in entries if _status(e.reported) == s) for s in (*_STATUSES, "none")}
    latest = entries[-1]
    over = f"the last {_count(len(entries), 'week')} of {total}" if window else _count(len(entries), "week")
    desc = f"Reported status over {over}, {_clean(entries[0].week)} to {_clean(latest.week)}: "
    desc += ", ".join(f"{counts[s]} {s}" for s in _STATUSES)
    desc += f", {counts['none']} without a report" if counts["none"] else ""
    reported = _status(latest.reported)
    desc += f". Latest, {_clean(latest.week)}: {'nothing reported' if reported == 'none' else f'reported {reported}'}"
    desc += f", computed {_status(latest.computed)}." if latest.computed is not None else "."
    return _svg("strip", ident, height, title, desc, body, defs)


# --- 5. risk heat map -----------------------------------------------------------------------------

_HM_X0, _HM_Y0, _HM_CELL = 64, 12, 72  # impact 1..5 left to right, probability 5..1 top to bottom
_HM_LEGEND_X = 444  # the numbered list of risks beside the grid
# Where the dots of a cell go, by how many there are, relative to the cell's top left; the top 16
# units hold the cell's score.
_HM_SLOTS = {
    1: [(36, 44)],
    2: [(22, 44), (50, 44)],
    4: [(22, 32), (50, 32), (22, 56), (50, 56)],
    9: [(cx, cy) for cy in (26, 44, 62) for cx in (14, 36, 58)],
}


def severity(probability: int, impact: int) -> str:
    """The band of probability x impact: low (up to 4), medium (5-9), high (10-14) or critical (15 and up)."""
    score = probability * impact
    return "low" if score <= 4 else "medium" if score <= 9 else "high" if score <= 14 else "critical"


def _hatch(ident: str) -> list[str]:
    """Hatching that gets denser with severity: the cue that survives grey print and colour blindness."""
    line = 'stroke="currentColor" stroke-opacity=".35" stroke-width="1"'
    return [
        f'<pattern id="{ident}-hatch-medium" width="10" height="10" patternUnits="userSpaceOnUse">'
        f'<path d="M0 10L10 0" {line}/></pattern>',
        f'<pattern id="{ident}-hatch-high" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" {line}/></pattern>',
        f'<pattern id="{ident}-hatch-critical" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5M0 0L6 6" {line}/></pattern>',
    ]


def _cell(ident: str, band: str, x: float, y: float, size: float) -> list[str]:
    parts = [
        f'<rect class="rp-sev rp-sev-{band}" x="{_n(x)}" y="{_n(y)}" width="{_n(size)}" height="{_n(size)}" '
        f'fill="{_SEVERITY_LIGHT[band]}" stroke="currentColor" stroke-opacity=".4"/>'
    ]
    if band != "low":
        parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(size)}" height="{_n(size)}" fill="url(#{ident}-hatch-{band})"/>')
    return parts


def _wrap(text: str, chars: int, lines: int) -> list[str]:
    """Words filled into at most `lines` lines of `chars` characters, the last cut with an ellipsis."""
    result: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > chars:  # a word longer than a line is cut where the line ends
            room = chars - len(current) - (1 if current else 0)
            if room > 0:
                current = f"{current} {word[:room]}" if current else word[:room]
                word = word[room:]
            result.append(current)
            current = ""
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= chars:
            current = candidate
        else:
            result.append(current)
            current = word
    if current:
        result.append(current)
    if len(result) > lines:  # what does not fit is longer than a line, so the cut adds the ellipsis
        result = result[: lines - 1] + [_truncate(" ".join(result[lines - 1 :]), chars)]
    return result or [""]


def risk_heatmap(
    risks: Sequence[HeatRisk], *, id_prefix: str, title: str = "Risks by probability and impact", phone: bool = False
) -> Markup:
    """A 5x5 grid, impact 1-5 left to right and probability 1-5 bottom to top, each open risk a numbered dot.

    Cells are shaded by severity band (see `severity`), with hatching that gets denser with the band and the
    cell's score in its corner. Cell (probability p, impact i) spans x = 64 + 72 (i - 1) and
    y = 12 + 72 (5 - p), 72 units square. Risks are numbered in the order given; several in one cell are
    laid out side by side (up to 9, then 8 and a '+n'). The numbered titles are listed beside the grid.
    Pass only the risks to show (the open ones); scores outside 1-5 are clamped.

    `phone`: the phone form, PHONE_WIDTH units wide (named by the wide form's title and description): cells
    56 units square from x = 48, the severity key wrapped to the width, and the numbered titles under it.
    """
    ident = _ident(id_prefix)
    if not risks:
        return _empty("heatmap", ident, title, "No open risks.", phone)
    width = PHONE_WIDTH if phone else WIDTH
    x0, cell = (48, 56) if phone else (_HM_X0, _HM_CELL)
    hatch = f"{ident}-phone" if phone else ident  # a pattern's id is on the page once, in its own form

    def score(value: object) -> int:
        try:
            return min(max(int(value), 1), 5)  # type: ignore[call-overload]
        except (TypeError, ValueError, OverflowError):
            return 1

    placed = [(number, risk, score(risk.probability), score(risk.impact)) for number, risk in enumerate(risks, 1)]
    body = []
    # The cells of a band are one path (its colour and outlines) and, but for the low band, one more (its
    # hatching); the cells' scores are one group of texts. Twenty-five cells would otherwise repeat all that.
    squares: dict[str, str] = {band: "" for band in _SEVERITIES}
    scores, dots = [], []
    for p in range(5, 0, -1):
        for i in range(1, 6):
            x, y = x0 + (i - 1) * cell, _HM_Y0 + (5 - p) * cell
            squares[severity(p, i)] += f"M{x} {y}h{cell}v{cell}h-{cell}z"
            scores.append(_text(x + cell - 4, y + 13, p * i))
            here = [(number, risk) for number, risk, rp, ri in placed if (rp, ri) == (p, i)]
            shown = here if len(here) <= 9 else here[:8]
            slots = [
                (dx * cell / _HM_CELL, dy * cell / _HM_CELL)
                for dx, dy in _HM_SLOTS[next(k for k in (1, 2, 4, 9) if k >= max(len(shown), 1))]
            ]
            for (number, risk), (dx, dy) in zip(shown, slots, strict=False):
                dots.append(_dot(x + dx, y + dy, str(number), _clean(risk.title)))
            if len(here) > 9:
                dx, dy = slots[8]
                dots.append(_text(x + dx, y + dy + 4, f"+{len(here) - 8}", "middle", _SMALL))
    for band, d in squares.items():
        body.append(
            f'<path class="rp-sev rp-sev-{band}" d="{d}" fill="{_SEVERITY_LIGHT[band]}" stroke="currentColor" '
            f'stroke-opacity=".4"/>'
        )
    body += [f'<path d="{d}" fill="url(#{hatch}-hatch-{band})"/>' for band, d in squares.items() if band != "low"]
    body += [f'<g text-anchor="end" font-size="{_SMALL}" fill-opacity=".75">', *scores, "</g>", *dots]
    grid_bottom = _HM_Y0 + 5 * cell
    for k in range(1, 6):
        body.append(_text(x0 + (k - 0.5) * cell, grid_bottom + 16, k, "middle"))  # impact under its column
        body.append(_text(x0 - 8, _HM_Y0 + (5.5 - k) * cell + 4, k, "end"))  # probability beside its row
    middle = _HM_Y0 + 5 * cell // 2
    label_x = x0 - 42
    body.append(f'<text x="{x0 + 5 * cell // 2}" y="{grid_bottom + 34}" text-anchor="middle">Impact →</text>')
    body.append(_text(label_x, middle, "Probability →", "middle", extra=f'transform="rotate(-90 {label_x} {middle})"'))

    # The severity key under the grid: swatch (colour and hatching) and the band's score range, in rows as wide
    # as the chart.
    kx: float = 4  # advanced by each key's width, a fraction of a pixel
    ky = grid_bottom + 50
    for band in _SEVERITIES:
        word = f"{band.capitalize()} {_SEVERITY_RANGES[band]}"
        if kx > 4 and kx + 21 + len(word) * _CHAR > width:
            kx, ky = 4, ky + 24
        body += _cell(hatch, band, kx, ky, 16)
        body.append(f'<text x="{_n(kx + 21)}" y="{ky + 12}">{word}</text>')
        kx += 21 + len(word) * _CHAR + 14

    # The numbered list beside the grid (under the key on a phone), titles wrapped onto two lines at most.
    lx, ly = (4, ky + 44) if phone else (_HM_LEGEND_X, _HM_Y0 + 10)
    chars = int((width - lx - 22) / _CHAR)
    for number, risk, _p, _i in placed:
        body.append(_dot(lx + 8, ly, str(number), None))
        lines = _wrap(_clean(risk.title), chars, 2)
        for line_number, line in enumerate(lines):
            body.append(f'<text x="{lx + 22}" y="{ly + 4 + line_number * 15}">{escape(line)}</text>')
        ly += 15 * len(lines) + 8
    height = max(grid_bottom + 72, ly) if not phone else ly
    if phone:
        return _phone_svg("heatmap", ident, height, title, body, _hatch(hatch))

    bands = [severity(p, i) for _, _, p, i in placed]
    desc = f"{_count(len(placed), 'open risk')} by probability and impact: "
    desc += ", ".join(f"{bands.count(b)} {b}" for b in reversed(_SEVERITIES)) + ". "
    desc += "; ".join(
        f"{number}: {_clean(risk.title)} (probability {p}, impact {i}, {severity(p, i)})" for number, risk, p, i in placed
    )
    return _svg("heatmap", ident, height, title, desc + ".", body, _hatch(ident))


def _dot(cx: float, cy: float, number: str, tip: str | None) -> str:
    """A numbered dot on the page's background colour, so the number reads on every cell."""
    title = f"<title>{number}: {escape(tip)}</title>" if tip else ""
    return (
        f'<circle class="rp-dot" cx="{_n(cx)}" cy="{_n(cy)}" r="8" fill="#fff" '
        f'stroke="currentColor" stroke-width="1.5">{title}</circle>\n'
        + _text(cx, cy + 4, number, "middle", _SMALL, 'class="rp-dot-number"')
    )


# --- 6. portfolio timeline ------------------------------------------------------------------------

_PT_LEFT, _PT_RIGHT, _PT_TOP, _PT_ROW = 200, 680, 30, 28  # the plot runs from x=200 (more for long names) to x=680


def portfolio_timeline(
    rows: Sequence[PortfolioRow],
    start: dt.date | None = None,
    finish: dt.date | None = None,
    report_date: dt.date | None = None,
    *,
    id_prefix: str,
    title: str = "Portfolio milestones",
    phone: bool = False,
) -> Markup:
    """A row per project: status badge and name on the left, its span as a thin bar, its milestones as diamonds.

    A flagged row (reported better than the evidence) has a '⚠' between its badge and its name; the badge's
    tooltip and the text alternative give the reported colour beside the computed one when it is known.
    The days from `start` to `finish` (both included; from the data when None) fill x=L..680, L being 200 or
    the longest name's width after the badges, up to 360 (a longer name wraps onto two lines); milestones
    sit in the middle of their day (filled when reached, hollow when not, red with '!' when late), as does
    the dashed today line. Month gridlines and labels run along the top.

    With `phone`, the same chart for a narrow screen (see `_portfolio_phone`), named by the wide form's text.
    """
    ident = _ident(id_prefix)
    dates = [d for row in rows for d in (row.start, row.finish, *(m.date for m in row.milestones))]
    span = _span(dates, start, finish) if rows else None
    if span is None:
        return _empty("portfolio", ident, title, "No projects with dates to show.", phone)
    first, last = span
    if phone:
        scale = _TimeScale(first, (last - first).days + 1, _PH_X0, _PH_X1 - _PH_X0)
        return _portfolio_phone(rows, scale, report_date, ident, title)
    indent = 4 + (22 if any(r.status is not None for r in rows) else 0) + (14 if any(r.flagged for r in rows) else 0)
    left = _label_column([r.name for r in rows], indent, _PT_LEFT)
    scale = _TimeScale(first, (last - first).days + 1, left, _PT_RIGHT - left)
    bottom = _PT_TOP + len(rows) * _PT_ROW
    body = _month_grid(scale, _PT_TOP, bottom)
    words = []
    for index, row in enumerate(rows):
        top = _PT_TOP + index * _PT_ROW
        status = _status(row.status)
        colours = _portfolio_colours(row)
        name_x = 4
        if row.status is not None:
            body.append(_badge(status, 4, top + 6, 16, escape(colours)))
            name_x = 26
            if row.flagged:
                body.append(
                    _text(
                        name_x + 5,
                        top + 18,
                        f"{_FLAG}<title>{escape(colours)}</title>",
                        "middle",
                        extra=f'class="rp-flag rp-fill-red" font-weight="bold" fill="{_LIGHT["red"]}"',
                    )
                )
                name_x += 14
        body.append(_name(name_x, top + 18, row.name, int((left - name_x - 8) / _CHAR)))
        if row.start is not None and row.finish is not None:
            x1, x2 = scale.x(min(row.start, row.finish)), scale.end(max(row.start, row.finish))
            body.append(
                f'<rect class="rp-span" x="{_n(x1)}" y="{top + 11}" width="{_n(max(x2 - x1, 2))}" height="6" '
                f'fill-opacity=".15" stroke="currentColor" stroke-opacity=".5"/>'
            )
        for milestone in row.milestones:
            body += _milestone_mark(milestone, scale.mid(milestone.date), top + 14, 7)
        reached = sum(1 for m in row.milestones if m.done)
        late = sum(1 for m in row.milestones if m.late)
        upcoming = sorted((m for m in row.milestones if not m.done), key=lambda m: m.date)
        text = f"{_clean(row.name)}"
        text += f" ({colours})" if colours else ""
        text += f": {reached} of {_count(len(row.milestones), 'milestone')} reached, {late} late"
        text += f", next {_clean(upcoming[0].name)} on {upcoming[0].date.isoformat()}" if upcoming else ""
        words.append(text)
    body += _today_line(scale, report_date, _PT_TOP, bottom)
    body += _legend(_portfolio_legend(rows, report_date), 4, bottom + 38)
    desc = f"Milestones of {_count(len(rows), 'project')} from {first.isoformat()} to {last.isoformat()}"
    desc += f"; today is {report_date.isoformat()}. " if report_date is not None else ". "
    return _svg("portfolio", ident, bottom + 50, title, desc + "; ".join(words) + ".", body)


def _portfolio_legend(rows: Sequence[PortfolioRow], report_date: dt.date | None) -> list[tuple[str, str]]:
    """The portfolio timeline's legend: the marks it uses."""
    legend = [(_LEGEND_DONE, "reached"), (_LEGEND_OPEN, "not reached")]
    legend += [(_LEGEND_LATE, "late !")] if any(m.late for row in rows for m in row.milestones) else []
    legend += [(_LEGEND_TODAY, "today")] if report_date is not None else []
    legend += [(_LEGEND_FLAG, "reported better than the evidence")] if any(r.flagged for r in rows) else []
    return legend


def _portfolio_phone(
    rows: Sequence[PortfolioRow], scale: _TimeScale, report_date: dt.date | None, ident: str, title: str
) -> Markup:
    """The portfolio timeline for a phone, 360 units wide: each row is its badge, flag and name on a line of
    their own, then the project's span and milestones under them across the whole width (x=10..344)."""
    body: list[str] = []
    top = _PH_TOP
    for row in rows:
        colours = _portfolio_colours(row)
        name_x = 4
        if row.status is not None:
            body.append(_badge(_status(row.status), 4, top + 1, 16, escape(colours)))
            name_x = 26
            if row.flagged:
                body.append(
                    _text(
                        name_x + 5, top + 13, f"{_FLAG}<title>{escape(colours)}</title>", "middle",
                        extra=f'class="rp-flag rp-fill-red" font-weight="bold" fill="{_LIGHT["red"]}"',
                    )
                )  # fmt: skip
                name_x += 14
        name, lines = _phone_name(name_x, top, row.name, int((PHONE_WIDTH - name_x - 4) / _CHAR))
        body.append(name)
        middle = top + max(_PH_LINE * lines, 18) + 11
        if row.start is not None and row.finish is not None:
            x1, x2 = scale.x(min(row.start, row.finish)), scale.end(max(row.start, row.finish))
            body.append(
                f'<rect class="rp-span" x="{_n(x1)}" y="{_n(middle - 3)}" width="{_n(max(x2 - x1, 2))}" height="6" '
                f'fill-opacity=".15" stroke="currentColor" stroke-opacity=".5"/>'
            )
        for milestone in row.milestones:
            body += _milestone_mark(milestone, scale.mid(milestone.date), middle, 7)
        top = middle + 12
    bottom = top
    # The lines first: the names' backdrops cover them, the bars and marks are drawn over them.
    body = _month_grid(scale, _PH_TOP, bottom, PHONE_WIDTH) + _today_line(scale, report_date, _PH_TOP, bottom, PHONE_WIDTH) + body
    legend = _portfolio_legend(rows, report_date)
    body += _legend(legend, 4, bottom + 38, PHONE_WIDTH)
    height = bottom + 50 + 20 * max(_legend_rows(legend, 4, PHONE_WIDTH) - 1, 0)
    return _phone_svg("portfolio", ident, height, title, body)


def _portfolio_colours(row: PortfolioRow) -> str:
    """A row's colours in words: 'amber' alone, or 'amber reported, red computed ⚠' when the computed one is given."""
    status = _status(row.status) if row.status is not None else None
    if row.computed is None:
        return status or ""
    reported = f"{status} reported" if status else "nothing reported"
    computed = _status(row.computed)
    if computed == "none":
        return f"{reported}, not assessed"
    return f"{reported}, {computed} computed" + (f" {_FLAG}" if row.flagged else "")


# --- page and stylesheet ------------------------------------------------------------------------


def chart_block(chart: Markup) -> Markup:
    """A chart wrapped for a Markdown page: a raw HTML block that Python-Markdown passes through untouched
    (without a `markdown` attribute, which would stay in the page as invalid HTML)."""
    # Focusable: on a phone the box scrolls sideways, and a keyboard must be able to scroll it too.
    return Markup('<div class="rp-chart-box" tabindex="0">\n') + chart + Markup("\n</div>\n")


def chart_pair(wide: Markup, phone: Markup) -> Markup:
    """A chart in its two forms for a Markdown page: the wide one in its scrolling box, and the phone form,
    which CHART_CSS shows instead below 600px (`display: none` hides the other from screen readers too)."""
    return (
        Markup('<div class="rp-chart-pair">\n<div class="rp-chart-box rp-chart-wide" tabindex="0">\n')
        + wide
        + Markup('\n</div>\n<div class="rp-chart-phone">\n')
        + phone
        + Markup("\n</div>\n</div>\n")
    )


def _rules(prefix: str, statuses: Mapping[str, str], glyphs: Mapping[str, str], severities: Mapping[str, str],
           series: Sequence[str]) -> str:  # fmt: skip
    """The colour rules of one palette, each selector preceded by `prefix`."""
    lines = [
        f"{prefix}.rp-fill-{name} {{ fill: {colour}; }} {prefix}.rp-stroke-{name} {{ stroke: {colour}; }} "
        f"{prefix}.rp-on-{name} {{ {_GLYPH_PAINT[name]}: {glyphs[name]}; }}"
        for name, colour in statuses.items()
    ]
    lines += [f"{prefix}.rp-sev-{name} {{ fill: {colour}; }}" for name, colour in severities.items()]
    lines += [
        f"{prefix}.rp-line-{number} {{ stroke: {colour}; }} {prefix}.rp-mark-{number} {{ fill: {colour}; stroke: {colour}; }}"
        for number, colour in enumerate(series, 1)
    ]
    return "\n".join(lines)


CHART_CSS = f"""/* reporter's charts (reporter/render/charts.py). Text and axes use currentColor; these rules colour statuses,
   severity bands and series in Material's light (default) and dark (slate) palettes, and for print.
   Every colour also has a shape, glyph, dash, hatching or label, so nothing depends on colour alone. */
.rp-chart {{ display: block; width: 100%; height: auto; margin: 0.6em 0 1.2em; overflow: visible; }}
.rp-chart text {{ font-variant-numeric: tabular-nums; }}
/* On a phone a 700-unit chart would shrink its 12-unit text to about 6px: keep it 600px wide, scrolling sideways.
   A chart of weeks (burn-up, colour strip, milestone trend) opens at its right end, this week; one with names
   (timelines, risks) at its left, the names. A shadow at an edge shows there is more that way. */
@media screen and (max-width: 600px) {{
.rp-chart-box {{
  overflow-x: auto;
  background:
    linear-gradient(to right, var(--md-default-bg-color, #fff) 30%, transparent) left / 32px 100%,
    linear-gradient(to left, var(--md-default-bg-color, #fff) 30%, transparent) right / 32px 100%,
    radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, .3), transparent) left / 14px 100%,
    radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, .3), transparent) right / 14px 100%;
  background-repeat: no-repeat;
  background-attachment: local, local, scroll, scroll;
}}
.rp-chart-box > .rp-chart {{ min-width: 600px; }}
.rp-chart-box:has(> .rp-chart-burnup, > .rp-chart-strip, > .rp-chart-mta) {{ direction: rtl; }}
.rp-chart-box > .rp-chart {{ direction: ltr; }}
}}
/* A timeline has a phone form (names above their bars, the time axis across the screen): shown below 600px
   instead of the wide form, which a phone could only show scrolled. */
.rp-chart-phone {{ display: none; }}
/* A name there lies across gridlines and today's line: a backdrop of the page's colour keeps it readable. */
svg.rp-chart .rp-backdrop {{ fill: var(--md-default-bg-color, #fff); }}
@media screen and (max-width: 600px) {{
.rp-chart-pair > .rp-chart-wide {{ display: none; }}
.rp-chart-pair > .rp-chart-phone {{ display: block; }}
}}
{_rules("", _LIGHT, _GLYPH_LIGHT, _SEVERITY_LIGHT, _SERIES_LIGHT)}
{_rules('[data-md-color-scheme="slate"] ', _DARK, _GLYPH_DARK, _SEVERITY_DARK, _SERIES_DARK)}
/* Shapes on the page's background (hollow markers, risk dots, open milestones); svg.rp-chart outranks the palettes. */
svg.rp-chart .rp-hollow, svg.rp-chart .rp-dot, svg.rp-chart .rp-milestone.rp-open {{
fill: var(--md-default-bg-color, #fff);
}}
@media print {{
/* Paper is white whatever the screen's palette: black ink and the light palette's colours. */
.rp-chart {{ color: #000 !important; break-inside: avoid; }}
.rp-chart {{ print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
svg.rp-chart .rp-hollow, svg.rp-chart .rp-dot, svg.rp-chart .rp-milestone.rp-open {{ fill: #fff; }}
{_rules("[data-md-color-scheme] ", _LIGHT, _GLYPH_LIGHT, _SEVERITY_LIGHT, _SERIES_LIGHT)}
}}
"""
