"""Forecast slips where the site shows dates: the project page's milestones, baseline and changes.

The mini portfolio's alpha: cutover due 2026-06-19; the update of 2026-03-13 forecasts 2026-06-26,
7 days late. Design was due 2026-02-27 and done 2026-03-06.
"""

from __future__ import annotations

import datetime as dt

from reporter.compute.site_model import site_model
from reporter.history.gather import gather
from reporter.render.pages import PageRenderer

from builders import table_rows

D = dt.date
PLAN = "content/projects/alpha/plan.yaml"


def test_the_milestones_table_says_how_late_the_forecast_is(mini):
    page = PageRenderer().render(site_model(gather(mini, D(2026, 3, 13))))["projects/alpha.md"]
    milestones = table_rows(page.split("## Milestones", 1)[1].split("</table>", 1)[0])
    assert [
        "Cutover",
        "2026-06-19",
        "2026-06-26",
        "–",
        "upcoming · due 2026-06-19, forecast 2026-06-26: 7 days late · at risk",
    ] in milestones
    assert ["Design signed off", "2026-02-27", "–", "2026-03-06", "done 7 days late"] in milestones


UPDATE_0320 = """date: 2026-03-20
author: Grace Hopper
status: amber
summary: The vendor's test data is two weeks late.
progress:
  build: 15
forecasts:
  cutover: 2026-07-03
"""


def _two_weeks(repo):
    """Fri 13 Mar: the mini portfolio as it is (cutover forecast 2026-06-26); Fri 20 Mar: an update
    forecasts the cutover on 2026-07-03, while the plan keeps it due on 2026-06-19, and the vendor risk
    is mitigated."""
    repo.commit("Plan", "2026-03-13T17:00:00+00:00")
    plan = (repo.root / PLAN).read_text(encoding="utf-8")
    assert "    impact: 4\n" in plan
    repo.commit(
        "Update", "2026-03-20T17:00:00+00:00",
        files={
            "content/projects/alpha/updates/2026-03-20.yaml": UPDATE_0320,
            PLAN: plan.replace("    impact: 4\n", "    impact: 4\n    status: mitigated\n"),
        },
    )  # fmt: skip
    return gather(repo.root / "content", D(2026, 3, 20))


def test_changes_since_last_week_list_a_moved_forecast_and_a_mitigated_risk(repo):
    pages = PageRenderer().render(site_model(_two_weeks(repo)))
    expected = (
        "- **[Alpha Migration](../projects/alpha.md)**\n"
        "    - Forecast for Cutover moved &#43;7 days: 2026-06-26 → 2026-07-03\n"  # Jun 26 to Jul 3
        "    - Risk mitigated: Vendor late\n"
    )
    assert expected in pages["weeks/2026-W12.md"]
    assert expected in pages["projects/alpha.md"]  # both pages sit one folder down
    assert "Risk closed" not in pages["projects/alpha.md"]


def test_the_baseline_table_shows_the_forecast_slip_beside_the_planned_one(repo):
    page = PageRenderer().render(site_model(_two_weeks(repo)))["projects/alpha.md"]
    table = page.split("## Against the baseline", 1)[1].split("</table>", 1)[0]
    assert (
        "<tr><th>Date or total</th><th>Baseline</th><th>Current</th><th>Slip</th><th>Forecast</th><th>Forecast slip</th></tr>"
        in table
    )
    rows = table_rows(table)
    assert rows[0] == ["Project finish", "2026-06-26", "2026-06-26", "0 days", "–", "–"]
    # ("+" is escaped on the page, as every printed value is.) Done 2026-03-06, a week after the baseline's 2026-02-27
    assert rows[1] == ["Design signed off", "2026-02-27", "2026-02-27", "0 days", "2026-03-06", "&#43;7 days"]
    # the due date did not move, the forecast is 14 days after it
    assert rows[2] == ["Cutover", "2026-06-19", "2026-06-19", "0 days", "2026-07-03", "&#43;14 days"]
