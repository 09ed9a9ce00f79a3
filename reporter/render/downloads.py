"""The files `reporter export` writes and the site offers under data/: CSV, one XLSX workbook and the summary PDF.

`export_files(model)` renders the site model's exported tables (`reporter.render.tables`) as a CSV file
each and as one workbook (`reporter.render.spreadsheet`), and the executive summary as a one-page PDF
(`reporter.render.pdf`). The same model gives the same bytes, so two builds of the same content give
the same files.
"""

from __future__ import annotations

from reporter.compute.site_model import SiteModel
from reporter.render.pdf import summary_pdf
from reporter.render.spreadsheet import csv_text, workbook
from reporter.render.tables import TABLE_NAMES, export_tables

DATA_DIR = "data"  # where the site keeps them, beside portfolio.json
WORKBOOK = "portfolio.xlsx"
SUMMARY_PDF = "executive-summary.pdf"
CSV_FILES = tuple(f"{name}.csv" for name in TABLE_NAMES)


def export_files(model: SiteModel) -> dict[str, bytes]:
    """Every exported file of the model, {file name: bytes}: one CSV per table, the workbook, the PDF."""
    tables = export_tables(model)
    portfolio = model.content.portfolio
    files = {f"{table.name}.csv": csv_text(table).encode("utf-8") for table in tables}
    files[WORKBOOK] = workbook(
        tables, title=f"{portfolio.organisation}: {portfolio.title}", author=portfolio.organisation, created=model.report_date
    )
    files[SUMMARY_PDF] = summary_pdf(model)
    return files
