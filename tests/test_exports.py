"""`reporter export`: the CSV files, the XLSX workbook and the one-page summary PDF, read back with csv, openpyxl and pypdf.

The mini portfolio's figures, worked out by hand (as of Alpha's status date, Friday 13 March 2026):
Alpha's tasks weigh 40 (design, done) + 120 (build, 10% done) = 160 person-days, so 40 + 12 = 52 done:
32.5%. Build runs 75 working days (2 March to 12 June, 15 weeks) of which 10 have passed: 16 planned,
so 56 of 160 planned: 35%. BAC 100,000: PV 35,000, EV 32,500, SPI 32,500 / 35,000 = 0.928571 -> 0.9286;
AC 36,000.50, CPI 32,500 / 36,000.50 = 0.902765 -> 0.9028, EAC BAC / CPI = 110,770.769 -> 110770.77.
Earned schedule: 52 was planned 40 working days (5 January to 27 February) plus 7.5 days of build in,
47.5 of the 50 working days to 13 March: SPI(t) 0.95; forecast 125 / 0.95 = 131.6 -> working day 132,
which is 7 working days after the planned finish of 26 June: Tuesday 7 July.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import column_index_from_string
from pypdf import PdfReader
from test_compute_people import _declare as _declare_people
from test_compute_people import _replace

from reporter.cli import main
from reporter.render.downloads import CSV_FILES, SUMMARY_PDF, WORKBOOK, export_files
from reporter.render.spreadsheet import MAX_WIDTH
from reporter.render.tables import export_tables
from reporter.site.pipeline import make_model

from conftest import ROOT, GitRepo

FILES = [*CSV_FILES, WORKBOOK, SUMMARY_PDF]

PORTFOLIO_HEADER = [
    "Project id", "Project", "Program", "State", "Owner", "Sponsor", "Reported", "Computed",
    "Reported better than the evidence", "Done %", "Planned %", "SPI(t)", "SPI", "CPI", "Budget (EUR)",
    "Actual cost (EUR)", "EAC (EUR)", "Start", "Finish", "Forecast finish", "Figures as of", "Last update", "Stale",
    "Next milestone", "Next milestone due", "Overdue milestones", "Milestones at risk",
]  # fmt: skip
ALPHA = [
    "alpha", "Alpha Migration", "Core Systems", "active", "Grace Hopper", "Ada Byron", "amber", "amber", "false",
    "32.50", "35.00", "0.9500", "0.9286", "0.9028", "100000.00", "36000.50", "110770.77", "2026-01-05", "2026-06-26",
    "2026-07-07", "2026-03-13", "2026-03-13", "false", "Cutover", "2026-06-19", "0", "1",
]  # fmt: skip


def _beta(report_date: str) -> list[str]:
    # Beta starts in April and has no update: nothing planned yet, so its evidence is green as of the report date.
    return [
        "beta", "Beta Launch", "Growth", "active", "Alan Turing", "", "", "green", "false", "0.00", "0.00", "", "", "",
        "", "", "", "2026-04-01", "2026-09-30", "", report_date, "", "false", "Public launch", "2026-09-30", "0", "0",
    ]  # fmt: skip


def _export(*args: str) -> object:
    return CliRunner().invoke(main, ["export", "--content", "content", "--out", "out", *args])


def _csv(folder: Path, name: str) -> list[list[str]]:
    raw = (folder / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # plain UTF-8, no byte order mark
    with (folder / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2026-03-16", "2026-03-20", "2026-03-22"])  # Monday, Friday, Sunday
def test_the_csv_files_hold_the_same_figures_whatever_the_day_of_the_export(mini, day):
    result = _export("--today", day)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"out/{name}" for name in FILES]
    out = mini.parent / "out"
    assert _csv(out, "portfolio.csv") == [PORTFOLIO_HEADER, ALPHA, _beta(day)]
    assert _csv(out, "milestones.csv") == [
        [
            "Project id",
            "Project",
            "Milestone id",
            "Milestone",
            "Due",
            "Forecast",
            "Done",
            "State",
            "Status",
            "Days late",
            "At risk",
        ],
        [
            "alpha",
            "Alpha Migration",
            "design",
            "Design signed off",
            "2026-02-27",
            "",
            "2026-03-06",
            "done",
            "done 7 days late",
            "7",
            "false",
        ],
        ["alpha", "Alpha Migration", "cutover", "Cutover", "2026-06-19", "2026-06-26", "", "upcoming", "upcoming", "", "true"],
        ["beta", "Beta Launch", "launch", "Public launch", "2026-09-30", "", "", "upcoming", "upcoming", "", "false"],
    ]
    assert _csv(out, "risks.csv") == [
        ["Project id", "Project", "Risk id", "Risk", "Probability", "Impact", "Status", "Owner", "Raised", "Mitigation", "Plan B"],
        ["alpha", "Alpha Migration", "vendor", "Vendor late", "3", "4", "open", "", "", "Weekly vendor check-in",
         "Use the old platform one more quarter"],
    ]  # fmt: skip
    assert _csv(out, "asks.csv") == [
        ["Project id", "Project", "Ask", "Of", "Needed by", "Update", "Author"],
        ["alpha", "Alpha Migration", "Escalate to the vendor's account manager", "Ada Byron", "", "2026-03-13", "Grace Hopper"],
    ]
    assert _csv(out, "blockers.csv") == [
        ["Project id", "Project", "Blocker", "To unblock", "Since", "Update", "Author"],
        ["alpha", "Alpha Migration", "Test data from the vendor", "", "", "2026-03-13", "Grace Hopper"],
    ]
    assert (out / "portfolio.csv").read_bytes().count(b"\r\n") == 3  # RFC 4180 line ends


PEOPLE_HEADER = [
    "Name", "Kind", "Role", "Organisation", "Declared", "Programs led", "Projects managed", "Projects sponsored",
    "Project teams", "Tasks", "Late tasks", "Open risks", "Open risk ids", "Asks waiting", "Blockers to lift",
]  # fmt: skip


@pytest.mark.parametrize("day", ["2026-03-11", "2026-03-16", "2026-03-20"])  # Wednesday before the update, Monday, Friday
def test_the_people_file_lists_who_owns_what_and_what_waits_on_them(mini, day):
    # Declared: Ada (who sits on the steering board), Alan, the board (Alan a member) and the vendor. Alpha's update of
    # 03-13 asks "Steering board (Ada Byron)" and has a blocker the vendor lifts; Grace owns alpha's open risk.
    _declare_people(mini)
    _replace(mini / "projects/alpha/plan.yaml", "    mitigation: Weekly", "    owner: Grace Hopper\n    mitigation: Weekly")
    assert _export("--today", day).exit_code == 0
    asked = 1 if day >= "2026-03-13" else 0  # before that update, the latest (03-06) asks nothing
    assert _csv(mini.parent / "out", "people.csv") == [
        PEOPLE_HEADER,
        # Ada leads core, sponsors alpha; the ask names her, so it waits on her directly.
        ["Ada Byron", "person", "Chief Operating Officer", "", "true", "core", "", "alpha", "", "0", "0", "0", "",
         str(asked), "0"],
        # Alan manages beta; the ask of the board waits on him as one of its members.
        ["Alan Turing", "person", "", "", "true", "", "beta", "", "", "0", "0", "0", "", str(asked), "0"],
        # Grace, declared nowhere, manages alpha, owns its task Design (done, so not late) and its open risk.
        ["Grace Hopper", "person", "", "", "false", "", "alpha", "", "", "1", "0", "1", "alpha/vendor", "0", "0"],
        ["Steering board", "organisation", "board", "", "true", "", "", "", "", "0", "0", "0", "", str(asked), "0"],
        ["Vendor Ltd", "organisation", "vendor", "", "true", "", "", "", "", "0", "0", "0", "", "0", str(asked)],
    ]  # fmt: skip
    book = openpyxl.load_workbook(mini.parent / "out" / WORKBOOK)
    assert book.sheetnames[-1] == "People"
    assert [c.value for c in book["People"][4]] == [
        "Grace Hopper", "person", None, None, False, None, "alpha", None, None, 1, 0, 1, "alpha/vendor", 0, 0,
    ]  # fmt: skip


def test_a_stale_project_and_an_overdue_milestone_move_with_the_report_date_only(mini):
    # As of Monday 22 June 2026, long after Alpha's last update (13 March; cadence 7 + grace 3 days), Alpha
    # is stale and Cutover (due 19 June) is 3 days overdue; the figures stay those of 13 March, its status date.
    assert _export("--today", "2026-06-22").exit_code == 0
    rows = _csv(mini.parent / "out", "portfolio.csv")
    alpha = next(dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[0] == "alpha")
    assert [alpha[k] for k in ("Done %", "Planned %", "SPI(t)", "Figures as of", "Stale", "Overdue milestones")] == [
        "32.50", "35.00", "0.9500", "2026-03-13", "true", "1",
    ]  # fmt: skip
    milestones = _csv(mini.parent / "out", "milestones.csv")
    cutover = next(row for row in milestones if row[2] == "cutover")
    assert cutover[7:10] == ["overdue", "overdue by 3 days", "3"]


# --- XLSX -----------------------------------------------------------------------------------------


def test_the_workbook_has_a_sheet_per_table_with_typed_cells(mini):
    assert _export("--today", "2026-03-20").exit_code == 0
    book = openpyxl.load_workbook(mini.parent / "out" / WORKBOOK)
    assert book.sheetnames == ["Portfolio", "Milestones", "Risks", "Asks", "Blockers", "People"]
    assert book.properties.title == "Example Org: Example status"
    assert book.properties.created == dt.datetime(2026, 3, 20)
    sheet = book["Portfolio"]
    assert sheet.freeze_panes == "A2"  # the header row stays in view
    assert sheet.auto_filter.ref == "A1:AA3"
    assert [c.value for c in sheet[1]] == PORTFOLIO_HEADER
    assert all(c.font.b for c in sheet[1])
    alpha = [(c.value, c.data_type, c.number_format) for c in sheet[2]]
    assert alpha == [
        ("alpha", "s", "General"), ("Alpha Migration", "s", "General"), ("Core Systems", "s", "General"),
        ("active", "s", "General"), ("Grace Hopper", "s", "General"), ("Ada Byron", "s", "General"),
        ("amber", "s", "General"), ("amber", "s", "General"), (False, "b", "General"),
        (32.5, "n", "0"), (35, "n", "0"), (0.95, "n", "0.00"), (0.9286, "n", "0.00"), (0.9028, "n", "0.00"),
        (100000, "n", "#,##0"), (36000.5, "n", "#,##0"), (110770.77, "n", "#,##0"),
        (dt.datetime(2026, 1, 5), "d", "yyyy-mm-dd"), (dt.datetime(2026, 6, 26), "d", "yyyy-mm-dd"),
        (dt.datetime(2026, 7, 7), "d", "yyyy-mm-dd"), (dt.datetime(2026, 3, 13), "d", "yyyy-mm-dd"),
        (dt.datetime(2026, 3, 13), "d", "yyyy-mm-dd"), (False, "b", "General"), ("Cutover", "s", "General"),
        (dt.datetime(2026, 6, 19), "d", "yyyy-mm-dd"), (0, "n", "0"), (1, "n", "0"),
    ]  # fmt: skip
    beta = [c.value for c in sheet[3]]
    assert beta[5:7] == [None, None] and beta[11:17] == [None] * 6  # no sponsor, no update, no budget: empty cells
    milestones = book["Milestones"]
    assert [c.value for c in milestones[3]] == [
        "alpha", "Alpha Migration", "cutover", "Cutover", dt.datetime(2026, 6, 19), dt.datetime(2026, 6, 26), None,
        "upcoming", "upcoming", None, True,
    ]  # fmt: skip
    # Each column as wide as its longest value ("Alpha Migration", 15 characters, plus 2), or its longest header word.
    # (The file stores a width in characters plus 0.71 for the cell's padding.)
    assert _width(sheet, "B") == pytest.approx(17 + 0.71, abs=0.01)
    assert _width(sheet, "I") == pytest.approx(len("evidence") + 2 + 0.71, abs=0.01)
    assert _width(book["Risks"], "K") == pytest.approx(len("Use the old platform one more quarter") + 2 + 0.71, abs=0.01)


def _width(sheet, letter: str) -> float:
    """A column's width as stored; openpyxl reads neighbouring columns of one width as one range."""
    index = column_index_from_string(letter)
    return next(d.width for d in sheet.column_dimensions.values() if d.min <= index <= d.max)


def test_the_workbook_and_the_csv_files_hold_the_same_cells(mini):
    assert _export("--today", "2026-03-20").exit_code == 0
    out = mini.parent / "out"
    book = openpyxl.load_workbook(out / WORKBOOK)
    for name, sheet in zip(CSV_FILES, book.worksheets, strict=True):
        rows = _csv(out, name)
        cells = [[_as_csv(c.value) for c in row] for row in sheet.iter_rows()]
        assert cells == [[re.sub(r"^(-?\d+)\.(\d*?)0*$", _trim, v) for v in row] for row in rows], name


def _trim(m: re.Match[str]) -> str:
    # The CSV keeps the exported decimals ("35.00"); the workbook's number is the same value (35).
    return m.group(1) + ("." + m.group(2) if m.group(2) else "")


def _as_csv(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- formula injection and names in any script --------------------------------------------------

DANGEROUS = {
    "name": '=HYPERLINK("http://evil.example/","Alpha")',
    "risk": "+1+2",
    "owner": "@SUM(A1:A9)",
    "ask": "-2+3+cmd|' /C calc'!A0",
    "of": "\t=1+1",
    "blocker": "\r=1+1",
}


def _plant(mini: Path) -> None:
    plan = mini / "projects/alpha/plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("name: Alpha Migration", f"name: '{DANGEROUS['name']}'")
    text = text.replace("title: Vendor late", f"title: '{DANGEROUS['risk']}'")
    text = text.replace("owner: Grace Hopper\nsponsor", "owner: '@SUM(A1:A9)'\nsponsor")
    plan.write_text(text, encoding="utf-8")
    update = mini / "projects/alpha/updates/2026-03-13.yaml"
    text = update.read_text(encoding="utf-8")
    text = text.replace("  - Test data from the vendor", '  - "\\r=1+1"')
    text = text.replace("  - text: Escalate to the vendor's account manager\n    of: Ada Byron",
                        "  - text: \"-2+3+cmd|' /C calc'!A0\"\n    of: \"\\t=1+1\"")  # fmt: skip
    update.write_text(text, encoding="utf-8")


def test_text_that_looks_like_a_formula_is_never_one(mini):
    _plant(mini)
    result = _export("--today", "2026-03-20")
    assert result.exit_code == 0, result.output
    out = mini.parent / "out"
    portfolio = _csv(out, "portfolio.csv")
    # CSV: a leading apostrophe, which spreadsheets read as "this is text".
    assert portfolio[1][1] == "'" + DANGEROUS["name"]
    assert portfolio[1][4] == "'" + DANGEROUS["owner"]
    assert _csv(out, "risks.csv")[1][3] == "'" + DANGEROUS["risk"]
    assert _csv(out, "asks.csv")[1][2:4] == ["'" + DANGEROUS["ask"], "'" + DANGEROUS["of"]]
    assert _csv(out, "blockers.csv")[1][2] == "'" + DANGEROUS["blocker"]
    assert portfolio[1][6] == "amber"  # other text is as it was
    # XLSX: a text cell (never a formula) marked quote prefix, its value unchanged.
    book = openpyxl.load_workbook(out / WORKBOOK)
    cells = [book["Portfolio"]["B2"], book["Portfolio"]["E2"], book["Risks"]["D2"], book["Asks"]["C2"], book["Asks"]["D2"]]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        (DANGEROUS[k], "s", True) for k in ("name", "owner", "risk", "ask", "of")
    ]
    blocker = book["Blockers"]["C2"]
    # openpyxl gives a CR back as the escape the file format stores it as (_x000D_).
    assert (blocker.data_type, blocker.quotePrefix, blocker.value.endswith("=1+1")) == ("s", True, True)
    assert (book["Portfolio"]["G2"].value, book["Portfolio"]["G2"].quotePrefix) == ("amber", False)
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)


def test_names_in_other_scripts_are_kept_in_every_export(mini):
    plan = mini / "projects/alpha/plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        .replace("name: Alpha Migration", "name: Migração Łódź–Zürich")
        .replace("sponsor: Ada Byron", "sponsor: Ольга Петрова")
        .replace("owner: Grace Hopper\nsponsor", "owner: 王芳\nsponsor"),
        encoding="utf-8",
    )
    assert _export("--today", "2026-03-20").exit_code == 0
    out = mini.parent / "out"
    row = _csv(out, "portfolio.csv")[1]
    assert row[1:6] == ["Migração Łódź–Zürich", "Core Systems", "active", "王芳", "Ольга Петрова"]
    sheet = openpyxl.load_workbook(out / WORKBOOK)["Portfolio"]
    assert [sheet["B2"].value, sheet["E2"].value, sheet["F2"].value] == ["Migração Łódź–Zürich", "王芳", "Ольга Петрова"]
    pages, text = _pdf_text((out / SUMMARY_PDF).read_bytes())
    assert pages == 1
    assert "Migração Łódź–Zürich" in text


def test_the_pdf_marks_a_character_its_font_lacks_rather_than_dropping_it(mini):
    (mini / "projects/alpha/updates/2026-03-13.yaml").write_text(
        (mini / "projects/alpha/updates/2026-03-13.yaml").read_text(encoding="utf-8").replace("of: Ada Byron", "of: 王芳"),
        encoding="utf-8",
    )
    assert _export("--today", "2026-03-20").exit_code == 0
    _, text = _pdf_text((mini.parent / "out" / SUMMARY_PDF).read_bytes())
    assert "Ask: Escalate to the vendor's account manager (of \ufffd\ufffd)" in text


# --- the PDF --------------------------------------------------------------------------------------


def test_the_pdf_is_one_page_with_the_summary_pages_lists(mini):
    assert _export("--today", "2026-03-20").exit_code == 0
    data = (mini.parent / "out" / SUMMARY_PDF).read_bytes()
    pages, text = _pdf_text(data)
    assert pages == 1
    assert PdfReader(io.BytesIO(data)).metadata.title == "Executive summary, week 2026-W11"
    lines = text.splitlines()
    assert lines[:3] == [
        "Executive summary, week 2026-W11",
        "Example Org · report date 2026-03-20",
        # Beta (no tasks) weighs its milestone's 131 working days (Apr 1 .. Sep 30), none done or planned by
        # Mar 20; Alpha 160 person-days, 52 done, 56 planned: 52 / 291 = 17.9%, 56 / 291 = 19.2%
        "Health: 2 projects: 0 red, 1 amber, 1 green, 0 not assessed · 18% done against 19% planned · SPI 0.93 · CPI 0.90",
    ]
    # Friday of W12 with no update dated in it yet: the summary reports W11, the newest week with updates.
    # The table, worst first, in the summary page's words, then what needs attention in W11.
    assert "Project Reported Computed Done vs planned SPI(t) As of Next milestone" in lines
    assert "Alpha Migration ▲ Amber ▲ Amber 33% of 35% 0.95 2026-03-13 Cutover (2026-06-19)" in lines
    assert "Beta Launch – none ✔ Green 0% of 0% n/a 2026-03-20 Public launch (2026-09-30)" in lines
    assert lines.index("Alpha Migration ▲ Amber ▲ Amber 33% of 35% 0.95 2026-03-13 Cutover (2026-06-19)") < lines.index(
        "Beta Launch – none ✔ Green 0% of 0% n/a 2026-03-20 Public launch (2026-09-30)"
    )


def test_the_demo_portfolio_fits_its_summary_whole_on_one_page(tmp_path):
    # The demo's summary page (report date 2026-11-20) lists 2 not assessed, 1 reported better than the
    # evidence, 3 overdue milestones, 1 without a recent update, 8 blockers and asks, 3 milestones due soon.
    shutil.copytree(ROOT / "content", tmp_path / "content")
    _, model = make_model(tmp_path / "content", dt.date(2026, 11, 20))
    pages, text = _pdf_text(export_files(model)[SUMMARY_PDF])
    assert pages == 1
    assert "more on the site" not in text
    assert sum(line.startswith("• ") for line in text.splitlines()) == 2 + 1 + 3 + 1 + 8 + 3
    assert "Health: 8 projects: 2 red, 2 amber, 2 green, 2 not assessed" in text


def test_a_large_portfolio_stays_on_one_page_and_says_how_many_more_each_list_has(mini):
    # 60 projects, each with an overdue milestone and an ask: no list fits whole, each keeps its first items.
    plan = (mini / "projects/alpha/plan.yaml").read_text(encoding="utf-8")
    update = (mini / "projects/alpha/updates/2026-03-13.yaml").read_text(encoding="utf-8")
    for n in range(60):
        folder = mini / f"projects/p{n:02d}"
        (folder / "updates").mkdir(parents=True)
        (folder / "plan.yaml").write_text(plan.replace("Alpha Migration", f"Project {n:02d}"), encoding="utf-8")
        (folder / "updates/2026-03-13.yaml").write_text(update, encoding="utf-8")
    assert _export("--today", "2026-06-22").exit_code == 0  # Cutover (19 June) is overdue everywhere
    pages, text = _pdf_text((mini.parent / "out" / SUMMARY_PDF).read_bytes())
    assert pages == 1
    overdue = [line for line in text.splitlines() if line.startswith("• ") and "Cutover, overdue by 3 days" in line]
    more = [int(n) for n in re.findall(r"… and (\d+) more on the site", text)]
    assert overdue and more
    assert len(overdue) + more[0] == 61  # every project with Cutover overdue, Alpha and the 60
    # Worst first and then by name: the shown ones are the first by name.
    assert overdue[0] == "• Alpha Migration: Cutover, overdue by 3 days"


# --- the command and the site ---------------------------------------------------------------------


def test_export_reads_the_report_date_from_mkdocs_yml_and_writes_nothing_on_bad_content(mini):
    (mini.parent / "mkdocs.yml").write_text("site_name: S\nplugins:\n  - reporter:\n      report_date: 2026-03-16\n")
    result = CliRunner().invoke(main, ["export", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert _csv(mini.parent / "out", "portfolio.csv")[2][20] == "2026-03-16"  # Beta's figures are as of the report date
    shutil.rmtree(mini.parent / "out")
    (mini / "projects/beta/plan.yaml").write_text("name: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--out", "out"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: 1 problem(s) in the content; nothing was written"
    assert "content/projects/beta/plan.yaml:2:1:" in result.output
    assert not (mini.parent / "out").exists()


def test_export_as_of_a_date_gives_the_portfolio_as_it_was(repo: GitRepo, monkeypatch):
    updates = repo.root / "content/projects/alpha/updates"
    second = (updates / "2026-03-13.yaml").read_text(encoding="utf-8")
    (updates / "2026-03-13.yaml").unlink()
    repo.commit("Plans and the first update", "2026-03-09T09:00:00+00:00")
    repo.commit("Second update", "2026-03-16T09:00:00+00:00", files={"content/projects/alpha/updates/2026-03-13.yaml": second})
    monkeypatch.chdir(repo.root)
    assert _export("--as-of", "2026-03-10").exit_code == 0
    alpha = dict(zip(*_csv(repo.root / "out", "portfolio.csv")[:2], strict=True))
    # As committed by 10 March: the first update only (green, build 5% done: 40 + 6 = 46 of 160 = 28.75%).
    assert [alpha[k] for k in ("Reported", "Done %", "Last update", "Figures as of")] == [
        "green",
        "28.75",
        "2026-03-06",
        "2026-03-06",
    ]
    assert _csv(repo.root / "out", "asks.csv")[1:] == []


def test_the_site_offers_the_exports_under_data_and_links_them(mini):
    result = CliRunner().invoke(main, ["build", "--content", "content", "--site", "site", "--today", "2026-03-20"])
    assert result.exit_code == 0, result.output
    assert _export("--today", "2026-03-20").exit_code == 0
    site, out = mini.parent / "site", mini.parent / "out"
    for name in FILES:  # the very same bytes as `reporter export` writes
        assert (site / "data" / name).read_bytes() == (out / name).read_bytes(), name
    home = (site / "index.html").read_text(encoding="utf-8")
    for name in FILES:
        assert f'href="data/{name}"' in home
    summary = (site / "summary/index.html").read_text(encoding="utf-8")
    assert f'href="../data/{SUMMARY_PDF}"' in summary and f'href="../data/{WORKBOOK}"' in summary


def test_a_plain_mkdocs_build_has_the_exports_too(mini):
    (mini.parent / "docs").mkdir()
    (mini.parent / "mkdocs.yml").write_text(
        "site_name: Mini\ntheme: {name: material}\nplugins:\n  - reporter:\n      report_date: 2026-03-20\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "built"], cwd=mini.parent, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert _export().exit_code == 0  # the report date from the same mkdocs.yml
    for name in FILES:
        assert (mini.parent / "built/data" / name).read_bytes() == (mini.parent / "out" / name).read_bytes(), name


def test_render_writes_the_exports_beside_the_pages_that_link_them(mini):
    result = CliRunner().invoke(main, ["render", "--content", "content", "--out", "pages", "--today", "2026-03-20"])
    assert result.exit_code == 0, result.output
    assert _export("--today", "2026-03-20").exit_code == 0
    for name in FILES:
        assert (mini.parent / "pages/data" / name).read_bytes() == (mini.parent / "out" / name).read_bytes(), name
    assert f"](data/{WORKBOOK})" in (mini.parent / "pages/index.md").read_text(encoding="utf-8")


def test_the_exports_are_the_same_bytes_for_the_same_model(mini):
    _, model = make_model(mini, dt.date(2026, 3, 20))
    assert export_files(model) == export_files(make_model(mini, dt.date(2026, 3, 20))[1])


def test_long_text_wraps_in_a_column_of_the_widest_width(mini):
    plan = mini / "projects/alpha/plan.yaml"
    long = "Weekly vendor check-in with the account manager, the delivery lead and our architect, minutes shared"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Weekly vendor check-in", long), encoding="utf-8")
    assert _export("--today", "2026-03-20").exit_code == 0
    risks = openpyxl.load_workbook(mini.parent / "out" / WORKBOOK)["Risks"]
    assert risks["J2"].value == long
    assert risks["J2"].alignment.wrap_text is True
    assert _width(risks, "J") == pytest.approx(MAX_WIDTH + 0.71, abs=0.01)


def test_text_longer_than_a_cell_holds_is_cut_with_an_ellipsis_in_the_workbook_only(mini):
    plan = mini / "projects/alpha/plan.yaml"
    long = "x" * 40_000
    plan.write_text(plan.read_text(encoding="utf-8").replace("Weekly vendor check-in", long), encoding="utf-8")
    assert _export("--today", "2026-03-20").exit_code == 0
    cell = openpyxl.load_workbook(mini.parent / "out" / WORKBOOK)["Risks"]["J2"].value
    assert (len(cell), cell[-2:]) == (32_767, "x…")
    assert _csv(mini.parent / "out", "risks.csv")[1][9] == long


def test_the_readme_documents_every_exported_column():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `reporter export`") :]
    section = section[: section.index("\n### ", 1)]
    _, model = make_model(ROOT / "tests/fixtures/mini", dt.date(2026, 3, 20))
    for table in export_tables(model):
        assert f"`{table.name}.csv`" in section
        missing = [c.header for c in table.columns if f"`{c.header.replace('(EUR)', '(currency)')}`" not in section]
        assert missing == [], table.name
