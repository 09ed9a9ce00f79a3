"""The evidence beside the reported colour wherever a stakeholder reads a status: the weekly page, the feed,
the home page's timeline and the executive summary.

A portfolio worked out by hand (one program, no tasks and no budgets: a plan without tasks goes by its
milestones, each weighing the working days of its stretch of the schedule; CPI is undefined; one overdue
milestone is amber, two are red). Committed on Friday 2026-03-06 (week 2026-W10) and Friday 2026-03-13 (2026-W11),
built on Friday 2026-03-13:

- Gamma: milestones due Wed 2026-03-04 (weighing Mar 2..4, 3 working days) and Wed 2026-03-11 (Mar 5..11,
  5). At its update of 03-06, 3 + 2 of the 8 days were planned and nothing was reached: ES 0, SPI(t) 0,
  red, while that update says green (⚠). At the report date both are overdue (and, planned 100% and 0%
  done, SPI(t) is below 0.85): red, while its update of 03-13 says amber (⚠).
- Delta: no milestones: green both weeks, as its updates say (no flag).
- Epsilon: first committed on 03-13 with an update dated Thu 03-05: the history has no figures for it in
  W10 (–); green in W11.
- Zeta: paused, update of 03-13 amber: not assessed.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from reporter.compute.site_model import site_model
from reporter.history.gather import gather
from reporter.render.pages import PageRenderer

from builders import table_rows
from conftest import GitRepo

D = dt.date
TODAY = D(2026, 3, 13)
ATOM = "{http://www.w3.org/2005/Atom}"

PORTFOLIO = """organisation: Example Org
title: Example status
programs:
  - id: core
    name: Core
"""


def plan(name: str, milestones: str = "", state: str = "active") -> str:
    return f"name: {name}\nprogram: core\nowner: Olga\nstate: {state}\nstart: 2026-03-02\nfinish: 2026-06-30\n" + (
        f"milestones:\n{milestones}" if milestones else ""
    )


GAMMA_MILESTONES = """  - id: m1
    name: Spec agreed
    due: 2026-03-04
  - id: m2
    name: Pilot ready
    due: 2026-03-11
"""


def update(day: str, status: str, summary: str = "Work goes on.") -> str:
    return f"date: {day}\nauthor: Olga\nstatus: {status}\nsummary: {summary}\n"


def build(tmp_path, today: dt.date = TODAY) -> dict[str, str]:
    repo = GitRepo(tmp_path / "repo")
    repo.commit(
        "Week 10", "2026-03-06T17:00:00+00:00",
        files={
            "content/portfolio.yaml": PORTFOLIO,
            "content/projects/gamma/plan.yaml": plan("Gamma", GAMMA_MILESTONES),
            "content/projects/gamma/updates/2026-03-06.yaml": update("2026-03-06", "green"),
            "content/projects/delta/plan.yaml": plan("Delta"),
            "content/projects/delta/updates/2026-03-06.yaml": update("2026-03-06", "green"),
        },
    )  # fmt: skip
    repo.commit(
        "Week 11", "2026-03-13T17:00:00+00:00",
        files={
            "content/projects/gamma/updates/2026-03-13.yaml": update("2026-03-13", "amber"),
            "content/projects/delta/updates/2026-03-13.yaml": update("2026-03-13", "green"),
            "content/projects/epsilon/plan.yaml": plan("Epsilon"),
            "content/projects/epsilon/updates/2026-03-05.yaml": update("2026-03-05", "green"),
            "content/projects/epsilon/updates/2026-03-13.yaml": update("2026-03-13", "green"),
            "content/projects/zeta/plan.yaml": plan("Zeta", state="paused"),
            "content/projects/zeta/updates/2026-03-13.yaml": update("2026-03-13", "amber"),
        },
    )  # fmt: skip
    return PageRenderer().render(site_model(gather(repo.root / "content", today)))


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    return build(tmp_path_factory.mktemp("evidence"))


GREEN = '<b class="rp-green">✔ Green</b>'
AMBER = '<b class="rp-amber">▲ Amber</b>'
RED = '<b class="rp-red">✖ Red</b>'


# --- the weekly page --------------------------------------------------------------------------------


def test_the_weekly_updates_table_shows_the_computed_colour_of_that_week_and_the_flag(pages):
    table = (
        "<tr><th>Project</th><th>Reported</th><th>Computed</th><th>Date</th><th>Author</th></tr>\n"
        "</thead>\n"
        "<tbody>\n"
        f'<tr><td><a href="../projects/delta.md">Delta</a></td><td>{GREEN}</td><td>{GREEN}</td>'
        f'<td><a href="#u-delta-2026-03-13">2026-03-13</a></td><td><a href="../people/olga.md">Olga</a></td></tr>\n'
        f'<tr><td><a href="../projects/epsilon.md">Epsilon</a></td><td>{GREEN}</td><td>{GREEN}</td>'
        f'<td><a href="#u-epsilon-2026-03-13">2026-03-13</a></td><td><a href="../people/olga.md">Olga</a></td></tr>\n'
        f'<tr><td><a href="../projects/gamma.md">Gamma</a></td><td>{AMBER}</td><td>{RED} ⚠</td>'
        f'<td><a href="#u-gamma-2026-03-13">2026-03-13</a></td><td><a href="../people/olga.md">Olga</a></td></tr>\n'
        f'<tr><td><a href="../projects/zeta.md">Zeta</a></td><td>{AMBER}</td><td>not assessed</td>'
        f'<td><a href="#u-zeta-2026-03-13">2026-03-13</a></td><td><a href="../people/olga.md">Olga</a></td></tr>\n'
        "</tbody>\n</table>\n</div>\n\n\n"  # the end of the wrapper that makes the table cards on a phone
        "⚠ reported better than the evidence · Computed: the colour the evidence gave at the end of the week.\n"
    )
    assert table in pages["weeks/2026-W11.md"]


def test_a_past_week_shows_the_colour_the_evidence_gave_then(pages):
    # Gamma's evidence at the end of W10, beside what it reported then; Epsilon had no history yet.
    table = (
        f'<tr><td><a href="../projects/delta.md">Delta</a></td><td>{GREEN}</td><td>{GREEN}</td>'
        f'<td><a href="#u-delta-2026-03-06">2026-03-06</a></td><td><a href="../people/olga.md">Olga</a></td></tr>\n'
        f'<tr><td><a href="../projects/epsilon.md">Epsilon</a></td><td>{GREEN}</td><td>–</td>'
        f'<td><a href="#u-epsilon-2026-03-05">2026-03-05</a></td><td><a href="../people/olga.md">Olga</a></td></tr>\n'
        f'<tr><td><a href="../projects/gamma.md">Gamma</a></td><td>{GREEN}</td><td>{RED} ⚠</td>'
        f'<td><a href="#u-gamma-2026-03-06">2026-03-06</a></td><td><a href="../people/olga.md">Olga</a></td></tr>\n'
        "</tbody>\n</table>\n</div>\n\n\n"
        "⚠ reported better than the evidence · Computed: the colour the evidence gave at the end of the week "
        "(– where the history has no figures for that week).\n"
    )
    assert table in pages["weeks/2026-W10.md"]


# --- the feed ---------------------------------------------------------------------------------------


def test_the_feed_shows_each_update_beside_the_computed_colour_of_its_week(pages):
    root = ET.fromstring(pages["feed.xml"])
    w11, w10 = root.findall(f"{ATOM}entry")
    assert w11.findtext(f"{ATOM}summary") == (
        "Delta: green reported, green computed; Epsilon: green reported, green computed; "
        "Gamma: amber reported, red computed ⚠; Zeta: amber reported, not assessed"
    )
    # W10: Epsilon was not in the history yet, so its reported colour stands alone.
    assert w10.findtext(f"{ATOM}summary") == (
        "Delta: green reported, green computed; Epsilon: green; Gamma: green reported, red computed ⚠"
    )
    assert "<p>⚠ reported better than the evidence</p>" in w11.findtext(f"{ATOM}content")


# --- the home page's portfolio timeline -----------------------------------------------------------


def test_the_home_timeline_flags_a_reported_colour_better_than_the_evidence(pages):
    home = pages["index.md"]
    # Rows by start (all 2026-03-02), then name; Zeta is paused, so not assessed.
    assert (
        "Delta (green reported, green computed): 0 of 0 milestones reached, 0 late; "
        "Epsilon (green reported, green computed): 0 of 0 milestones reached, 0 late; "
        "Gamma (amber reported, red computed ⚠): 0 of 2 milestones reached, 2 late, next Spec agreed on 2026-03-04; "
        "Zeta (amber reported, not assessed): 0 of 0 milestones reached, 0 late."
    ) in home
    assert home.count('class="rp-flag rp-fill-red"') == 2  # one row flagged, in the wide form and the phone's
    assert "<title>amber reported, red computed ⚠</title>" in home


# --- the executive summary --------------------------------------------------------------------------


def test_the_summary_lists_the_worst_first_and_its_health_line_adds_up(pages):
    page = pages["summary.md"]
    assert "**Health:** 4 projects: 1 red, 0 amber, 2 green, 1 not assessed · " in page
    assert "**Not assessed:** Zeta (the project is paused).\n" in page
    # 03-13 minus 03-04 and minus 03-11
    assert "**Overdue milestones:** Gamma: Spec agreed, overdue by 9 days; Gamma: Pilot ready, overdue by 2 days.\n" in page
    assert "No recent update" not in page  # every project reported this week
    rows = [cells[0] for cells in table_rows(page)]
    assert rows == ["Gamma", "Delta", "Epsilon", "Zeta"]  # red, green by name, not assessed
    # since the end of W10, worst first: Gamma's new colour, then the two projects first committed in W11
    assert (
        "**Changes since last week:**\n\n- Gamma: reported green → amber\n- Epsilon: new project\n- Zeta: new project\n"
    ) in page


def test_the_summary_names_a_stale_project_with_its_last_update(tmp_path):
    # Built a fortnight later with no new update: every active project's last update is 14 days old.
    repo_pages = build(tmp_path, today=D(2026, 3, 27))
    page = repo_pages["summary.md"]
    assert (
        "**No recent update:** Delta (last update 2026-03-13, 14 days ago); "
        "Epsilon (last update 2026-03-13, 14 days ago); Gamma (last update 2026-03-13, 14 days ago).\n"
    ) in page
