"""`reporter demo`: the demo content replayed week by week into git, then built like any repository."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

from click.testing import CliRunner

from reporter.authoring.demo import replay
from reporter.cli import main

from conftest import ROOT


def _log(repo) -> list[str]:
    out = subprocess.run(["git", "log", "--reverse", "--format=%cI %an %s"], cwd=repo, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_replay_commits_each_week_on_its_last_update_day(mini, tmp_path):
    # A Saturday update (21 March, ISO week 12) lands in its own week, on its own day.
    (mini / "projects/alpha/updates/2026-03-21.yaml").write_text(
        "date: 2026-03-21\nauthor: Ada Byron\nstatus: red\nsummary: Weekend incident.\n"
    )
    repo = tmp_path / "replayed"
    replay(mini, None, repo)
    assert _log(repo) == [
        "2026-03-02T09:00:00+00:00 Portfolio Office Portfolio and programs",  # Monday of the first week
        "2026-03-06T16:00:00+00:00 Grace Hopper Alpha Migration: update of 2026-03-06",
        "2026-03-06T16:01:00+00:00 Alan Turing Beta Launch: plan",  # no updates: there from the first week
        "2026-03-13T16:00:00+00:00 Grace Hopper Alpha Migration: update of 2026-03-13",
        "2026-03-21T16:00:00+00:00 Ada Byron Alpha Migration: update of 2026-03-21",
    ]
    # Alpha's plan as of week 10 (to Sun 8 March): the design milestone is done (6 March), and the build
    # task stands at the 5% the update of 6 March gave it, not at the plan's later value.
    first_plan = subprocess.run(
        ["git", "show", "HEAD~3:content/projects/alpha/plan.yaml"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout
    assert "  done: '2026-03-06'\n" in first_plan
    build = first_plan[first_plan.index("- id: build") :]
    assert "  progress: 5.0\n" in build


def test_replay_of_content_without_updates(mini, tmp_path):
    shutil.rmtree(mini / "projects/alpha/updates")
    repo = tmp_path / "replayed"
    replay(mini, None, repo)
    assert [line.split(" ", 1)[1] for line in _log(repo)] == [
        "Portfolio Office Portfolio and programs",
        "Grace Hopper Alpha Migration: plan",
        "Alan Turing Beta Launch: plan",
    ]


def test_the_demo_site_has_baselines_changes_and_trends(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["demo", "--site", str(site)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Demo site built: {site}/index.html\n"

    def text(page: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", (site / page).read_text(encoding="utf-8"))).split())

    wms = text("projects/wms-migration/index.html")
    # demo/replay.yaml: on 2 October the build milestone moved from 6 to 27 November (21 days).
    assert "Configuration and interfaces built 2026-11-06 2026-11-27 +21 days" in wms
    # Twelve weekly reports of the WMS project, 2026-W36 to W47, each a row of its trend table.
    assert len(re.findall(r"2026-W(3[6-9]|4[0-7]) \d+% \d+%", wms)) == 12
    home = text("index.html")
    # demo/replay.yaml: the temporary connection task was added on 19 November, in the report week.
    assert "Task added: Temporary 630 kVA connection for the first three Duisburg chargers" in home
    assert "Risk opened: The temporary connection limits Duisburg to three chargers at a time" in home
