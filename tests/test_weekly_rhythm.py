"""The weekly rhythm as teams run it: updates written on Friday, merged on Monday, the site built every day.

One real git history. Calendar: 2026-01-05 is a Monday (week 2026-W02); working days Monday to Friday.
The project runs Mon 5 Jan to Fri 30 Jan: 20 working days, one task of 20 person-days, exactly on plan.
- Fri 9 Jan (W02, working day 5): update, 25% done; merged Mon 12 Jan.
- Fri 16 Jan (W03, working day 10): update, 50% done; merged Mon 19 Jan.
Built on each day from Monday 19 to Sunday 25 January (week 2026-W04, in which nobody has reported yet),
every figure is the one of the update of Friday 16 January.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from click.testing import CliRunner

from reporter.cli import main

from conftest import GitRepo

PORTFOLIO = """\
organisation: Rhythm Org
programs:
  - id: core
    name: Core
"""
PLAN = """\
name: On Plan
program: core
owner: Pat Manager
start: 2026-01-05
finish: 2026-01-30
budget: 20000
milestones:
  - id: ship
    name: Shipped
    due: 2026-01-30
tasks:
  - id: work
    name: The work
    start: 2026-01-05
    finish: 2026-01-30
    effort: 20
    milestone: ship
"""


def _update(date: str, done: int, cost: int, text: str) -> str:
    return (
        f"date: {date}\nauthor: Pat Manager\nstatus: green\nsummary: {text}\n"
        f"accomplishments:\n  - {text}\nprogress:\n  work: {done}\nactual_cost: {cost}\n"
    )


@pytest.fixture(scope="module")
def rhythm(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("rhythm") / "repo")
    repo.commit("Plan", "2026-01-05T09:00:00+00:00", files={
        "content/portfolio.yaml": PORTFOLIO, "content/projects/on-plan/plan.yaml": PLAN,
    })  # fmt: skip
    # Written on Friday, merged on Monday morning.
    repo.commit("Update of 9 Jan", "2026-01-12T09:00:00+00:00", files={
        "content/projects/on-plan/updates/2026-01-09.yaml": _update("2026-01-09", 25, 5000, "First quarter done"),
    })  # fmt: skip
    repo.commit("Update of 16 Jan", "2026-01-19T09:00:00+00:00", files={
        "content/projects/on-plan/updates/2026-01-16.yaml": _update("2026-01-16", 50, 10000, "Half way"),
    })  # fmt: skip
    return repo


def _text(path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


@pytest.mark.parametrize("day", range(19, 26))  # Monday 19 to Sunday 25 January
def test_every_build_day_of_the_week_gives_the_same_site(rhythm, monkeypatch, day):
    monkeypatch.chdir(rhythm.root)
    site = f"site-{day}"
    result = CliRunner().invoke(main, ["build", "--site", site, "--today", f"2026-01-{day}", "--strict"])
    assert result.exit_code == 0, result.output  # --strict: no link to a page that does not exist
    home = _text(rhythm.root / site / "index.html")
    # Fri 16 Jan is working day 10 of 20: 50% planned, 50% done; PV = EV = AC = 10,000: SPI(t) 1.00, green.
    assert f"report date 2026-01-{day} · reporting week 2026-W03 · next updates due by 2026-01-23" in home
    row = re.search(r"On Plan ✔ Green ✔ Green \S* ?\S* 50% of 50% 1\.00 Shipped \(2026-01-30\) 2026-01-16", home)
    assert row, home
    assert "Reported better than the evidence" not in home
    # The week's highlights are those of W03, the week the update is dated in, whatever day it is.
    assert "Highlights of week 2026-W03" in home and "Half way" in home
    project = _text(rhythm.root / site / "projects/on-plan/index.html")
    assert "Figures as of 2026-01-16, the date of the latest update (the status date)" in project
    assert "| 1.00 |" not in project and "SPI(t) 1.00" in project
    # The update merged on Monday 19 Jan counts in W03, its own week: 50% of 50%, not 25%.
    assert "2026-W03 50% 50% 1.00" in project
    assert "2026-W02 25% 25% 1.00" in project
    assert "2026-W04 (no updates) 50% 50% 1.00" in project
    assert not (rhythm.root / site / "weeks/2026-W04").exists()
    week = _text(rhythm.root / site / "weeks/2026-W03/index.html")
    assert "Half way" in week


@pytest.mark.parametrize("day", range(19, 26))
def test_the_weekly_digest_with_no_week_is_last_weeks_on_every_day(rhythm, monkeypatch, day):
    monkeypatch.chdir(rhythm.root)
    result = CliRunner().invoke(main, ["weekly", "--today", f"2026-01-{day}"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Rhythm Org · week 2026-W03, 2026-01-12 to 2026-01-18"
    assert "| On Plan | ✔ Green | ✔ Green | 50% of 50% | 2026-01-16 | Shipped (2026-01-30) |" in lines


def test_the_demo_reads_the_same_on_every_day_of_the_week_after_its_updates(tmp_path):
    """The demo's updates are dated Friday 20 November; built on each day to Thursday 26 November, every
    project's figures are the same; only what is about time (staleness, overdue) may move."""
    import json
    import shutil as sh

    from reporter.authoring.demo import replay
    from reporter.site.pipeline import make_site

    from conftest import ROOT

    repo = tmp_path / "demo"
    content = tmp_path / "content"
    sh.copytree(ROOT / "content", content)
    replay(content, ROOT / "demo/replay.yaml", repo)

    def figures(day: int) -> dict:
        export = json.loads(make_site(repo / "content", dt.date(2026, 11, day)).pages["data/portfolio.json"])
        keep = ("status_date", "percent_complete", "planned_percent", "earned_value", "earned_schedule")
        return {p["id"]: {k: p[k] for k in keep} | {"colour": p["health"]["colour"]} for p in export["projects"]}

    friday = figures(20)
    assert friday["yard-management"]["status_date"] == "2026-11-20"
    for day in range(21, 27):
        then = figures(day)
        for project_id, shown in friday.items():
            if project_id == "antwerp-racking":  # stale since October: its colour is about time, not figures
                shown = {k: v for k, v in shown.items() if k != "colour"}
                then[project_id].pop("colour")
            assert then[project_id] == shown, (day, project_id)
