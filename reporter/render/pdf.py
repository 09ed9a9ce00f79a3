"""The one-page executive summary as a PDF: the lists of the site's summary page, laid out on one A4 page.

Written with fpdf2 (pure Python, installed with reporter), in DejaVu Sans, which reporter ships
(reporter/render/fonts/, under the Bitstream Vera licence beside it): the Latin, Greek and Cyrillic
scripts, and the status icons ✔ ▲ ✖ ⚠. A character the font lacks (Chinese, Japanese, Korean) is
printed as � rather than dropped without a trace; the site, the CSV files and the workbook keep every name.

The page says what `site_templates/summary.md.j2` says, in its order and its words (`render.display`,
`render.wording`): the health line, the projects not assessed, those reported better than the evidence,
the overdue milestones, those without a recent update, the projects by computed colour, the changes since
last week, then what needs attention and what is due soon. Each list is worst first already, so when the
page cannot hold every list in full, each keeps its first items, as many as fit for all alike (the room
left goes to the projects table, then to the lists in order), and says how many more there are ("… and 12
more on the site"). That is layout, not a choice of what matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue
from fpdf.fonts import FontFace, TTFFont

from reporter.compute.project_figures import ProjectFigures
from reporter.compute.site_model import SiteModel
from reporter.content.models import Colour
from reporter.render import display
from reporter.render.wording import change_line, highlight_sections, status_label

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
MISSING_GLYPH = "\ufffd"
SIZE = 8.5  # points: the body text
LINE = 3.8  # millimetres: one line of body text (8.5 points and a little leading)
TITLE_LINE = 8.0  # millimetres: the title's line
MARGIN = 14.0  # millimetres, on every side
INDENT = 4.0  # millimetres: a list item under its heading
ROW_PADDING = 0.4  # millimetres, above and below a table row's text
CELL_PADDING = 0.5  # millimetres, left and right of a table cell's text
# Status colours as on the site's print stylesheet, dark enough to read on paper; icon and word go with them.
INK = {Colour.green: (0, 110, 50), Colour.amber: (160, 85, 0), Colour.red: (176, 0, 32)}
GREY = (90, 90, 90)
# The projects table: (header, width in mm); the widths add up to A4's width less the margins (182 mm).
TABLE = (
    ("Project", 38.0),
    ("Reported", 18.0),
    ("Computed", 22.0),
    ("Done vs planned", 30.0),
    ("SPI(t)", 12.0),
    ("As of", 19.5),
    ("Next milestone", 42.5),
)


@dataclass(frozen=True)
class _List:
    """A titled list of the page: its items as text (worst first), shown as far as the page allows."""

    title: str
    items: tuple[str, ...]
    empty: str = ""  # said after the title when the list is empty ('none'); an empty list without it is left out


def summary_pdf(model: SiteModel) -> bytes:
    """The executive summary of `model` as a one-page PDF (the same model gives the same bytes)."""
    portfolio, summary, report = model.content.portfolio, model.summary, model.report
    hc, p = summary.health, report.portfolio
    title = f"Executive summary, week {report.week.name}"
    health = (
        f"{hc.projects} projects: {hc.red} red, {hc.amber} amber, {hc.green} green, {hc.not_assessed} not assessed · "
        f"{display.percent(p.percent_complete)} done against {display.percent(p.planned_percent)} planned · "
        f"SPI {display.ratio(p.spi)} · CPI {display.ratio(p.cpi)}"
    )
    before, after = _lists(model)
    pdf = _document(title, portfolio.organisation, model.report_date)
    table_cap, *caps = _caps(pdf, health, summary.projects, before + after)

    pdf.set_font(FONT, "B", 15)
    pdf.cell(0, TITLE_LINE, _text(pdf, title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", SIZE)
    pdf.set_text_color(*GREY)
    byline = f"{portfolio.organisation} · report date {model.report_date.isoformat()}"
    pdf.cell(0, LINE, _text(pdf, byline), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    _labelled(pdf, "Health:", health)
    pdf.ln(LINE / 2)
    for item_list, cap in zip(before, caps, strict=False):
        _list(pdf, item_list, cap)
    _projects(pdf, summary.projects, table_cap)
    for item_list, cap in zip(after, caps[len(before) :], strict=True):
        _list(pdf, item_list, cap)
    pdf.set_y(pdf.h - MARGIN - LINE)
    pdf.set_text_color(*GREY)
    pdf.cell(0, LINE, _text(pdf, f"{portfolio.organisation}: {portfolio.title} · the site's executive summary, as a PDF"))
    return bytes(pdf.output())


def _lists(model: SiteModel) -> tuple[list[_List], list[_List]]:
    """The summary page's lists before its projects table and after it, worded as the page words them."""
    summary, report = model.summary, model.report
    before = [
        _List("Not assessed", tuple(f"{n.figures.name} ({n.why})" for n in summary.not_assessed)),
        _List(
            "Reported better than the evidence",
            tuple(f"{f.name} ({_colour_word(f.reported)} reported, {_colour_word(f.colour)} computed)" for f in summary.flagged),
        ),
        _List(
            "Overdue milestones",
            tuple(f"{o.figures.name}: {o.status.milestone.name}, overdue by {display.days(o.days)}" for o in summary.overdue),
        ),
        _List("No recent update", tuple(f"{f.name} ({_last_update(f)})" for f in summary.stale)),
    ]
    after = []
    if model.history_available:
        after.append(_List("Changes since last week", tuple(f"{c.name}: {change_line(c)}" for c in summary.changes), "none"))
    for section in highlight_sections(report.highlights, model.due_soon_days):
        if section.kind in ("attention", "due"):
            after.append(_List(section.title, tuple(f"{line.project_name}: {line.text}" for line in section.lines)))
    return before, after


def _caps(pdf: FPDF, health: str, projects: tuple[ProjectFigures, ...], lists: list[_List]) -> list[int]:
    """How many items of each list the page shows: the projects table first, then `lists` in order.

    Every list gets as many items as fit for all of them alike; the room that leaves goes to the table
    and then to the lists in order, an item at a time."""
    fixed = TITLE_LINE + LINE  # the title, then the organisation and report date
    fixed += _lines(pdf, "Health: " + health, pdf.epw) * LINE + LINE / 2
    fixed += LINE + 2 * ROW_PADDING + LINE / 2  # the table's header, and the space after the table
    fixed += LINE * 2  # the footer
    room = pdf.h - 2 * MARGIN - fixed
    sizes = [len(projects)] + [len(item_list.items) for item_list in lists]
    # Every item takes a line at least: no more than `most` items of any list can be shown, so only those
    # are measured (a portfolio of 500 projects has lists of hundreds).
    most = _largest(0, max(sizes), lambda k: sum(min(k, n) for n in sizes) * LINE <= room)
    measured = [[_row_lines(pdf, f) for f in projects[:most]]]
    measured += [[_lines(pdf, item, _item_width(pdf)) for item in item_list.items[:most]] for item_list in lists]

    def height(caps: list[int]) -> float:
        rows, *items = measured
        total = sum(n * LINE + 2 * ROW_PADDING for n in rows[: caps[0]]) + (LINE if sizes[0] > caps[0] else 0)
        for item_list, item_lines, cap, size in zip(lists, items, caps[1:], sizes[1:], strict=True):
            if item_list.items or item_list.empty:
                total += LINE * (1 + sum(item_lines[:cap]) + (size > cap)) + LINE / 2  # heading, items, "… more"
        return total

    even = _largest(0, most, lambda k: height([k] * len(sizes)) <= room)
    caps = [min(even, size) for size in sizes]
    for i, size in enumerate(sizes):
        while caps[i] < min(size, most) and height(caps[:i] + [caps[i] + 1] + caps[i + 1 :]) <= room:
            caps[i] += 1
    return caps


def _document(title: str, author: str, report_date: dt.date) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.c_margin = CELL_PADDING
    pdf.set_auto_page_break(False)  # one page: what does not fit is counted, never pushed onto a second
    # The report date as the creation date: the same site model gives the same bytes, whenever it is built.
    pdf.set_creation_date(dt.datetime.combine(report_date, dt.time(), dt.UTC))
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_lang("en")
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(_font_file(name)))
    pdf.add_page()
    pdf.set_font(FONT, "", SIZE)
    return pdf


@cache
def _font_file(name: str) -> Path:
    return Path(str(resources.files("reporter.render").joinpath("fonts", name)))


def _text(pdf: FPDF, text: str) -> str:
    """The text with each character the font lacks shown as �, and line breaks as spaces (one item, one paragraph)."""
    font = pdf.current_font
    assert isinstance(font, TTFFont)  # always one of the shipped fonts
    cmap = font.cmap
    return "".join(c if ord(c) in cmap else (" " if c in "\r\n\t" else MISSING_GLYPH) for c in text)


def _item_width(pdf: FPDF) -> float:
    return pdf.epw - INDENT


def _lines(pdf: FPDF, text: str, width: float) -> int:
    result = pdf.multi_cell(width, LINE, _text(pdf, text), align="L", dry_run=True, output=MethodReturnValue.LINES)
    assert isinstance(result, list)  # the lines, as asked for
    return max(1, len(result))


def _largest(low: int, high: int, fits: Callable[[int], bool]) -> int:
    """The largest k in [low, high] with fits(k), fits being true up to some k and false after (low if none)."""
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _labelled(pdf: FPDF, label: str, text: str) -> None:
    pdf.set_font(FONT, "B", SIZE)
    pdf.write(LINE, _text(pdf, label + " "))
    pdf.set_font(FONT, "", SIZE)
    pdf.write(LINE, _text(pdf, text))
    pdf.ln(LINE)


def _list(pdf: FPDF, item_list: _List, cap: int) -> None:
    if not item_list.items and not item_list.empty:
        return
    pdf.set_font(FONT, "B", SIZE)
    pdf.cell(0, LINE, _text(pdf, f"{item_list.title}:" + (f" {item_list.empty}." if not item_list.items else "")))
    pdf.ln(LINE)
    pdf.set_font(FONT, "", SIZE)
    for item in item_list.items[:cap]:
        pdf.set_x(MARGIN)
        pdf.cell(INDENT, LINE, "•")
        pdf.multi_cell(_item_width(pdf), LINE, _text(pdf, item), align="L", new_x="LMARGIN", new_y="NEXT")
    _more(pdf, len(item_list.items) - cap)
    pdf.ln(LINE / 2)


def _more(pdf: FPDF, hidden: int) -> None:
    if hidden > 0:
        pdf.set_x(MARGIN + INDENT)
        pdf.set_text_color(*GREY)
        pdf.cell(0, LINE, _text(pdf, f"… and {hidden} more on the site"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)


def _project_cells(f: ProjectFigures) -> tuple[tuple[str, Colour | None], ...]:
    """A project's row of the table, worded as the summary page's table: (text, its status colour)."""
    return (
        (f.name, None),
        (status_label(f.reported), f.reported),
        (_computed(f), f.colour),
        (f"{display.percent(f.progress.percent_complete)} of {display.percent(f.progress.planned_percent)}", None),
        (display.ratio(f.earned_schedule.spi_t), None),
        (f.status_date.isoformat(), None),
        ("–" if f.next_milestone is None else f"{f.next_milestone.name} ({f.next_milestone.due.isoformat()})", None),
    )


def _row_lines(pdf: FPDF, f: ProjectFigures) -> int:
    """How many lines a project's row takes: its longest cell, wrapped to its column (less its padding, which
    multi_cell takes off as the table does)."""
    return max(_lines(pdf, text, width) for (text, _), (_, width) in zip(_project_cells(f), TABLE, strict=True))


def _projects(pdf: FPDF, projects: tuple[ProjectFigures, ...], cap: int) -> None:
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=tuple(width for _, width in TABLE),
        width=pdf.epw,
        align="LEFT",
        text_align="LEFT",
        v_align="TOP",
        line_height=LINE,
        padding=(ROW_PADDING, CELL_PADDING),
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD"),
    ) as table:
        heading = table.row()
        for header, _ in TABLE:
            heading.cell(header)
        for f in projects[:cap]:
            row = table.row()
            for text, colour in _project_cells(f):
                row.cell(_text(pdf, text), style=FontFace(color=INK[colour]) if colour is not None else None)
    _more(pdf, len(projects) - cap)
    pdf.ln(LINE / 2)


def _computed(f: ProjectFigures) -> str:
    """The Computed cell as the page's `computed` macro words it: '▲ Amber ⚠', or 'not assessed'."""
    if not f.health.assessed:
        return "not assessed"
    return status_label(f.colour) + (" ⚠" if f.health.reported_better_than_evidence else "")


def _colour_word(colour: Colour | None) -> str:
    return "none" if colour is None else colour.value


def _last_update(f: ProjectFigures) -> str:
    if f.staleness.last_update is None:
        return "no update yet"
    return f"last update {f.staleness.last_update.isoformat()}, {display.days_ago(f.staleness.days_since_update)}"
