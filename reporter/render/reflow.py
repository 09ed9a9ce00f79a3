"""Tables that reflow into cards on a phone: each cell of a marked table labelled with its column's header.

A template marks a table that lists things (projects, milestones, tasks, weeks) with a wrapper,
`<div class="rp-reflow" markdown="1">` (`rp-reflow rp-figures` for a row of figures, whose first cell is
one of them, not the row's name). On a narrow screen the stylesheet shows each row as a card and
each cell on its own line after its column's name, which it reads from the cell's `data-label`; this
module writes those labels into the built page, since a Markdown table has no way to.
"""

from __future__ import annotations

import html
import itertools
import re

# Python-Markdown's table as it writes it: <table>, <thead> with one row of <th>, <tbody> of <tr> rows.
_REFLOW_TABLE = re.compile(r'(<div class="rp-reflow(?: [^"]*)?">\s*<table>)(.*?)(</table>)', re.S)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_BODY = re.compile(r"<tbody>.*?</tbody>", re.S)
_ROW = re.compile(r"<tr>.*?</tr>", re.S)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]*>")


def _plain(cell_html: str) -> str:
    """A header cell's text, as an attribute value: tags dropped, whitespace folded, quotes escaped."""
    text = " ".join(html.unescape(_TAG.sub("", cell_html)).split())
    return html.escape(text, quote=True)


def _label_rows(body: str, labels: list[str]) -> str:
    def label_row(row: re.Match[str]) -> str:
        column = itertools.count()

        def label(cell: re.Match[str]) -> str:
            index = next(column)
            return f'<td data-label="{labels[index]}"' if index < len(labels) and labels[index] else "<td"

        return _CELL.sub(label, row.group(0))

    return _ROW.sub(label_row, body)


def label_cells(html_page: str) -> str:
    """A built page with each cell of every table marked `rp-reflow` given its column header as `data-label`."""
    if 'class="rp-reflow"' not in html_page:
        return html_page

    def label_table(table: re.Match[str]) -> str:
        inner = table.group(2)
        thead = inner.split("</thead>", 1)[0] if "</thead>" in inner else ""
        labels = [_plain(h) for h in _HEADER.findall(thead)]
        inner = _BODY.sub(lambda body: _label_rows(body.group(0), labels), inner)
        return table.group(1) + inner + table.group(3)

    return _REFLOW_TABLE.sub(label_table, html_page)
