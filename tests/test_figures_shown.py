"""Figures as the pages show them: the rows of a project's "Schedule and cost" table, the glossary's
definitions, and the health reasons, on small portfolios whose numbers are worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporter.compute.site_model import site_model
from reporter.history.gather import gather
from reporter.render.pages import PageRenderer

from builders import table_rows

PORTFOLIO = """\
organisation: Example Org
title: Example status
currency: EUR
programs:
  - id: core
    name: Core Systems
    owner: Ada Byron
"""

# Ten working days, Monday 2026-01-05 to Friday 2026-01-16 (PD = 10), one task over all of them.
PLAN = """\
name: Ten days
program: core
owner: Ada Byron
start: 2026-01-05
finish: 2026-01-16
{budget}tasks:
  - id: work
    name: Work
    start: 2026-01-05
    finish: 2026-01-16
    effort: 10
"""

UPDATE = """\
date: 2026-01-09
author: Ada Byron
status: green
summary: The week.
progress:
  work: {progress}
{cost}"""


def _pages(
    root: Path, *, budget: int | None, progress: str, cost: str | None, today: dt.date = dt.date(2026, 1, 9)
) -> dict[str, str]:
    """The pages of a one-project portfolio: the ten-day plan with one update on 2026-01-09."""
    content = root / "content"
    (content / "projects/ten/updates").mkdir(parents=True)
    (content / "portfolio.yaml").write_text(PORTFOLIO, encoding="utf-8")
    plan = PLAN.format(budget="" if budget is None else f"budget: {budget}\n")
    (content / "projects/ten/plan.yaml").write_text(plan, encoding="utf-8")
    update = UPDATE.format(progress=progress, cost="" if cost is None else f"actual_cost: {cost}\n")
    (content / "projects/ten/updates/2026-01-09.yaml").write_text(update, encoding="utf-8")
    return PageRenderer().render(site_model(gather(content, today)))


def _rows(page: str) -> dict[str, str]:
    """The "Schedule and cost" table as {label: value}, both halves of each row."""
    table = page.split("## Schedule and cost", 1)[1].split("Every figure is defined", 1)[0]
    rows: dict[str, str] = {}
    for cells in table_rows(table):
        for label, value in (cells[:2], cells[2:]):
            if label:
                rows[label] = value
    return rows


@pytest.fixture
def typical(tmp_path: Path) -> dict[str, str]:
    # On Friday 2026-01-09 (working day 5): planned 5/10, done 40%, spent 5,000 of 10,000.
    return _pages(tmp_path, budget=10000, progress="40", cost="5000")


def test_glossary_forecast_finish_is_the_formula_the_code_uses(typical):
    glossary = typical["glossary.md"]
    assert (
        "**IEAC(t)** = PD ÷ SPI(t), forecast duration\n"
        ": The independent estimate at completion, in time: working days from the start to the forecast\n"
    ) in glossary
    assert (
        "**Forecast finish**\n"
        ": The date of working day number ⌈IEAC(t)⌉ (IEAC(t) rounded up to a whole working day), counted like\n"
        "  PD: the start is working day 1, so the forecast finish is start + (⌈IEAC(t)⌉ − 1) working days, and\n"
    ) in glossary
    assert "Start + PD ÷ SPI(t) working days" not in glossary  # the old, one day late, formula


def test_forecast_finish_on_the_page_is_working_day_ceil_ieac_t(typical):
    rows = _rows(typical["projects/ten.md"])
    # ES = 4 (0.4 of the plan is planned by the end of day 4), AT = 5: SPI(t) = 0.8, IEAC(t) = 10 / 0.8
    # = 12.5, rounded up to working day 13: days 11, 12, 13 are Jan 19, 20, 21. Start + 13 working
    # days would be Jan 22.
    assert (rows["Earned schedule (ES)"], rows["Actual time (AT)"], rows["SPI(t)"]) == (
        "4 working days",
        "5 working days",
        "0.80",
    )
    assert rows["Forecast finish"] == "2026-01-21"


def test_ieac_t_row_shows_the_forecast_duration(typical):
    assert _rows(typical["projects/ten.md"])["Forecast duration IEAC(t)"] == "12.5 working days"  # 10 / 0.8


def test_schedule_and_cost_table_with_the_typical_eac(typical):
    rows = _rows(typical["projects/ten.md"])
    # PV = 10000 x 5/10 = 5000, EV = 10000 x 0.4 = 4000, AC = 5000: SPI = CPI = 0.8;
    # EAC = BAC / CPI = 12500, ETC = 7500, VAC = -2500; TCPI = 6000 / 5000 = 1.2.
    assert {k: rows[k] for k in ("Planned value (PV)", "Earned value (EV)", "Actual cost (AC)", "SPI / CPI")} == {
        "Planned value (PV)": "5,000 EUR",
        "Earned value (EV)": "4,000 EUR",
        "Actual cost (AC)": "5,000 EUR",
        "SPI / CPI": "0.80 / 0.80",
    }
    assert rows["EAC (BAC / CPI)"] == "12,500 EUR"
    assert "EAC (AC + (BAC − EV), CPI not yet known)" not in rows
    assert rows["EAC atypical / combined"] == "11,000 EUR / 14,375 EUR"  # 5000 + 6000; 5000 + 6000 / 0.64
    assert rows["ETC / VAC"] == "7,500 EUR / −2,500 EUR"
    assert rows["TCPI"] == "1.20"


def test_schedule_and_cost_table_with_the_atypical_eac(tmp_path):
    # Nothing spent yet (AC = 0): CPI = EV / 0 is undefined, so the EAC is AC + (BAC - EV) = 0 + 6000.
    rows = _rows(_pages(tmp_path, budget=10000, progress="40", cost="0")["projects/ten.md"])
    assert rows["SPI / CPI"] == "0.80 / n/a"
    assert rows["EAC (AC + (BAC − EV), CPI not yet known)"] == "6,000 EUR"
    assert "EAC (BAC / CPI)" not in rows
    assert rows["TCPI"] == "0.60"  # 6000 / 10000


def test_tcpi_once_the_budget_is_spent(tmp_path):
    # AC = 12,000 of a 10,000 budget: (10000 - 4000) / (10000 - 12000) would be -3.
    rows = _rows(_pages(tmp_path, budget=10000, progress="40", cost="12000")["projects/ten.md"])
    assert rows["TCPI"] == "n/a: the budget is spent (AC ≥ BAC)"
    assert rows["Cost variance (CV)"] == "−8,000 EUR"
    assert rows["EAC (BAC / CPI)"] == "30,000 EUR"  # 10000 x 12000 / 4000


def test_tcpi_when_the_budget_is_spent_exactly(tmp_path):
    rows = _rows(_pages(tmp_path, budget=10000, progress="40", cost="10000")["projects/ten.md"])
    assert rows["TCPI"] == "n/a: the budget is spent (AC ≥ BAC)"


def test_glossary_explains_the_eac_row_and_a_spent_budget(typical):
    glossary = typical["glossary.md"]
    assert 'the row says so: "EAC (AC + (BAC − EV), CPI not yet known)"' in glossary
    spent = 'divide by zero or give a negative number), so TCPI shows "n/a: the budget is spent (AC ≥ BAC)".'
    assert spent in glossary


def test_a_health_reason_rounds_as_the_table_does(tmp_path):
    # EV = 100000 x 0.3396 = 33,960 against AC = 40,000: CPI = 0.849, which every table shows as 0.85.
    # PV = 50,000; ES = 3.396 of AT = 5: SPI(t) = 0.6792. Both are below the red threshold, 0.85.
    page = _pages(tmp_path, budget=100000, progress="33.96", cost="40000")["projects/ten.md"]
    rows = _rows(page)
    assert (rows["Earned value (EV)"], rows["SPI / CPI"], rows["SPI(t)"]) == ("33,960 EUR", "0.68 / 0.85", "0.68")
    header = table_rows(page.split("<th>Computed health</th>", 1)[1])[0]
    assert header[3:5] == ["0.68", "0.85"]  # SPI(t) and CPI at the top of the page
    # The reported green is better than the computed red: the reasons are listed under a warning.
    assert "    - SPI(t) 0.68 is below 0.85\n    - CPI 0.849 is below 0.85\n" in page  # never "0.84", nor "0.85 is below"


def test_the_timeline_shows_a_task_percent_as_the_tasks_table_does(tmp_path):
    page = _pages(tmp_path, budget=10000, progress="12.5", cost="1000")["projects/ten.md"]
    tasks = page.split("## Tasks", 1)[1]
    assert table_rows(tasks)[0] == ["Work", "–", "2026-01-05", "2026-01-16", "10", "13%", "50%", "–"]
    timeline = page.split("## Schedule and cost", 1)[0]
    assert 'class="rp-bar-pct">13%</text>' in timeline and "12.5%" not in timeline
    assert "Work (2026-01-05 to 2026-01-16, 13% done" in timeline  # the chart's text alternative
