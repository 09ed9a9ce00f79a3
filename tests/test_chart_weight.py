"""Project pages that weigh little at two years of history (issue #14): the charts of a project with 105
weekly updates, rendered from a real git repository, stay under 35 KB together and say which weeks they mark.

The project, worked out by hand: planned 2024-12-02 to 2027-06-30, three milestones, and an update every
Friday from 2024-12-06 (2024-W49) to 2026-12-04 (2026-W49), 105 in all, one commit each. Week k (from 0)
reports green, amber or red as k % 3 is 0, 1 or 2, so the latest, week 104 (3 * 34 + 2), reports red.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from reporter.compute.site_model import site_model
from reporter.history.gather import gather
from reporter.render.pages import PageRenderer

from conftest import GitRepo

D = dt.date
FIRST_FRIDAY = D(2024, 12, 6)
WEEKS = 105
COLOURS = ("green", "amber", "red")
PLAN = (
    "name: Atlas\nprogram: core\nowner: Olga\nstart: 2024-12-02\nfinish: 2027-06-30\n"
    "milestones:\n"
    "  - id: m1\n    name: Design agreed\n    due: 2025-06-30\n"
    "  - id: m2\n    name: Pilot live\n    due: 2026-06-30\n"
    "  - id: m3\n    name: Rollout done\n    due: 2027-06-30\n"
    "tasks:\n"
    "  - id: t1\n    name: Design\n    start: 2024-12-02\n    finish: 2025-06-30\n    milestone: m1\n"
    "  - id: t2\n    name: Pilot\n    start: 2025-07-01\n    finish: 2026-06-30\n    milestone: m2\n"
    "  - id: t3\n    name: Rollout\n    start: 2026-07-01\n    finish: 2027-06-30\n    milestone: m3\n"
)


def update(week: int, day: dt.date) -> str:
    progress = {"t1": min(100, week * 4), "t2": min(100, max(0, (week - 30) * 2)), "t3": max(0, week - 82)}
    lines = "".join(f"  {task}: {value}\n" for task, value in progress.items())
    return f"date: {day}\nauthor: Olga\nstatus: {COLOURS[week % 3]}\nsummary: Week {week}.\nprogress:\n{lines}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("weight") / "repo")
    portfolio = "organisation: Example Org\ntitle: Example status\nprograms:\n  - id: core\n    name: Core\n"
    repo.commit(
        "Plan", "2024-12-02T09:00:00+00:00", files={"content/portfolio.yaml": portfolio, "content/projects/atlas/plan.yaml": PLAN}
    )
    for week in range(WEEKS):
        day = FIRST_FRIDAY + dt.timedelta(weeks=week)
        repo.commit(
            f"Week {week}", f"{day}T17:00:00+00:00", files={f"content/projects/atlas/updates/{day}.yaml": update(week, day)}
        )
    return repo


def charts_of(page: str) -> dict[str, str]:
    """{kind: the chart's SVG} of a page, kind as in its class (burnup, mta, strip, heatmap, timeline)."""
    return {
        re.search(r'class="rp-chart rp-chart-(\w+)"', svg).group(1): svg for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S)
    }


# The Friday of the last update, the Sunday after and the Wednesday before it: 105 weeks each day, to 2026-W49.
# On the Wednesday week 104's update is not written yet, so 2026-W49 still reports week 103's amber (103 % 3 = 1):
# the 13 weeks shown, 92 to 104, are then red 92, 95, 98, 101 (4), green 93, 96, 99, 102 (4), amber 94, 97, 100,
# 103 and 104 (5); from the Friday on, 104 is red: 4 green, 4 amber, 5 red.
@pytest.mark.parametrize(
    ("day", "counts"),
    [
        (D(2026, 12, 2), "4 green, 5 amber, 4 red"),
        (D(2026, 12, 4), "4 green, 4 amber, 5 red"),
        (D(2026, 12, 6), "4 green, 4 amber, 5 red"),
    ],
)
def test_a_project_page_at_two_years_weighs_little_and_says_which_weeks_it_marks(repo, day, counts):
    model = site_model(gather(repo.root / "content", day))
    assert len(model.histories["atlas"].trend) == WEEKS
    page = PageRenderer().render(model)["projects/atlas.md"]
    charts = charts_of(page)
    assert set(charts) == {"timeline", "mta", "burnup", "strip"}  # no open risk: no heat map
    assert sum(len(svg.encode()) for svg in charts.values()) <= 35_000  # was 171 KB: 105 markers and badges each
    # The 13 latest weeks (the trend table's) are marked: indexes 92 to 104, 2026-W37 to 2026-W49.
    note = "The last 13 of 105 weeks marked, from 2026-W37"
    assert note in charts["burnup"] and note in charts["mta"]
    assert charts["burnup"].count("</circle>") == 13  # an actual figure each week, each with its tooltip
    assert "The last 13 of 105 weeks shown, from 2026-W37" in charts["strip"]
    assert charts["strip"].count("<use ") == 26  # a reported and a computed badge for each of the 13 weeks
    assert "2026-W37: reported red" in charts["strip"]  # week 92: 92 % 3 = 2
    assert f"Reported status over the last 13 weeks of 105, 2026-W37 to 2026-W49: {counts}." in charts["strip"]
    assert (
        "The last 13 of 105 weeks. The burn-up and the milestone trend draw all 105 as lines and mark these 13; the "
        "colour strip shows these 13.\n\nEvery week's figures, colours and milestone forecasts: "
        "[atlas.csv](../data/trends/atlas.csv)."
    ) in page


def test_every_week_of_the_trend_is_in_the_projects_csv(repo):
    pages = PageRenderer().render(site_model(gather(repo.root / "content", D(2026, 12, 4))))
    rows = list(csv.reader(io.StringIO(pages["data/trends/atlas.csv"])))
    assert rows[0] == [
        "Week", "Figures as of", "Done %", "Planned %", "SPI(t)", "Reported", "Computed",
        "Forecast of Design agreed", "Forecast of Pilot live", "Forecast of Rollout done",
    ]  # fmt: skip
    mondays = [D(2024, 12, 2) + dt.timedelta(weeks=k) for k in range(WEEKS)]
    assert [r[0] for r in rows[1:]] == ["{}-W{:02d}".format(*day.isocalendar()[:2]) for day in mondays]  # oldest first
    # Figures as of each week's Sunday; the current week's as of the report date.
    assert (rows[1][:2], rows[-1][:2]) == (["2024-W49", "2024-12-08"], ["2026-W49", "2026-12-04"])
    # Week 104: Design and Pilot 100% and Rollout 104 - 82 = 22%, weighted by their working days (no effort is
    # given): 151, 261 and 261, so (151 * 100 + 261 * 100 + 261 * 22) / 673 = 46942 / 673 = 69.75%. It reports
    # red (104 % 3 = 2); no forecast is given, so each milestone's forecast is its due date.
    assert rows[-1][2] == "69.75" and rows[-1][5] == "red"
    assert rows[-1][7:] == ["2025-06-30", "2026-06-30", "2027-06-30"]
    assert [r[5] for r in rows[1:4]] == ["green", "amber", "red"]  # weeks 0, 1, 2: every week is there
