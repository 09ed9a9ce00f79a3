"""The exported tables (`reporter.render.tables`) as CSV text and as one XLSX workbook, a sheet each.

CSV: UTF-8, comma-separated, every line ending in CRLF (RFC 4180), a header row, dates as YYYY-MM-DD,
numbers in plain notation with a point ('0.9474'), true/false for yes-no columns, an empty field for a
missing value.

XLSX (written with XlsxWriter, which writes the same bytes for the same tables: the site stays
reproducible): typed cells (dates as dates shown YYYY-MM-DD, numbers as numbers shown as the site rounds
them, booleans as booleans, text always as text), the header row bold and frozen, a filter on it, and
each column as wide as its longest value (long text wraps).

Formula injection: a spreadsheet reads a cell starting with = + - @ (or a tab or CR before one) as a
formula, so text from the YAML files could run one. Text is never written as a formula: in CSV such a
cell gets a leading apostrophe ("'=1+2"), which spreadsheets show as text; in XLSX it is a text cell
marked "quote prefix", so that it stays text when someone edits it, and keeps its value unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import xlsxwriter

from reporter.render.tables import COUNT, DATE, MONEY, PERCENT, RATIO, Table, Value

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# How numbers are shown in the workbook: as the site shows them (render.display), the cell keeping the
# exported precision.
NUMBER_FORMATS = {DATE: "yyyy-mm-dd", COUNT: "0", PERCENT: "0", RATIO: "0.00", MONEY: "#,##0"}
MAX_WIDTH = 60  # characters: wider text wraps in its cell
MIN_WIDTH = 6
CELL_TEXT_LIMIT = 32767  # characters: Excel's limit for one cell


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (it starts with = + - @, a tab or a CR)."""
    return text.startswith(FORMULA_STARTS)


def csv_text(table: Table) -> str:
    """The table as CSV text (see the module docstring)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_cell(c.header) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue()


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: a bool is an int
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return "'" + value if is_formula_like(value) else value


def workbook(tables: Iterable[Table], *, title: str, author: str, created: dt.date) -> bytes:
    """The tables as one XLSX workbook, a sheet each in order; `created` (the report date) is its creation
    date, so the same tables give the same bytes."""
    out = io.BytesIO()
    # strings_to_*: nothing is ever guessed from a string; every cell below is written by its kind.
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    book.set_properties({"title": title, "author": author, "created": dt.datetime.combine(created, dt.time())})
    formats = _Formats(book)
    for table in tables:
        _sheet(book, formats, table)
    book.close()
    return out.getvalue()


class _Formats:
    """XlsxWriter cell formats, made once per combination of properties."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.made: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **properties: Any) -> Any:
        key = tuple(sorted(properties.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format(dict(key))
        return self.made[key]


def _sheet(book: xlsxwriter.Workbook, formats: _Formats, table: Table) -> None:
    sheet = book.add_worksheet(table.title)
    widths = [_width(c.header, [row[i] for row in table.rows]) for i, c in enumerate(table.columns)]
    header = formats.get(bold=True, bottom=1, text_wrap=True, valign="top")
    for i, column in enumerate(table.columns):
        sheet.write_string(0, i, column.header, header)
        sheet.set_column(i, i, widths[i])
    for r, row in enumerate(table.rows, start=1):
        for i, (column, value) in enumerate(zip(table.columns, row, strict=True)):
            _cell(sheet, formats, r, i, column.kind, value, wrap=widths[i] >= MAX_WIDTH)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)


def _cell(sheet: Any, formats: _Formats, row: int, col: int, kind: str, value: Value, *, wrap: bool) -> None:
    if value is None:
        return  # an empty cell
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats.get(num_format=NUMBER_FORMATS[DATE]))
    elif isinstance(value, int | Decimal):
        # A rounded Decimal (2 or 4 places) is exactly the nearest double Excel stores anyway.
        sheet.write_number(row, col, float(value), formats.get(num_format=NUMBER_FORMATS.get(kind, "General")))
    else:
        properties: dict[str, Any] = {"valign": "top"}
        if wrap:
            properties["text_wrap"] = True
        if is_formula_like(value):
            properties["quote_prefix"] = True
        if len(value) > CELL_TEXT_LIMIT:  # what a cell holds at most; the CSV file keeps the whole text
            value = value[: CELL_TEXT_LIMIT - 1] + "…"
        sheet.write_string(row, col, value, formats.get(**properties))


def _width(header: str, values: list[Value]) -> int:
    """A column's width in characters: its longest value or header word, within MIN_WIDTH and MAX_WIDTH."""
    longest = max([len(word) for word in header.split()] + [len(_shown(v)) for v in values], default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def _shown(value: Value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)
