"""Pages sized for reading at any portfolio size: each update in full once, bounded home-page lists.

A portfolio worked out by hand: 18 projects P01..P18 in one program, each with one milestone due Wednesday
2026-03-04 and never done, and an update on Friday 2026-03-06 (week 2026-W10) and Friday 2026-03-13
(2026-W11). At any report date from 2026-03-13 on, every project has one overdue milestone and, planned 100%
with 0% done, is red by the evidence, each overdue by the same number of days: "worst first" is by name.

- Home: 18 overdue milestones, 10 listed (P01..P10) and "… and 8 more"; the projects table shows the 15 that
  most need attention (P01..P15) of 18; the program table has the program with 18 projects.
- The program page lists all 18, and its timeline has a row for each.
- A project page shows its latest update in full and the earlier one as one line linking to its week page,
  whose section has that anchor; the earlier update's second line appears on the week page only.
"""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest

from reporter.compute.site_model import TREND_TABLE_WEEKS, ProjectHistory, site_model
from reporter.compute.trends import TrendPoint
from reporter.history.gather import gather
from reporter.render.pages import PageRenderer
from reporter.site.build import build_site

from builders import PORTFOLIO_YAML, plan_yaml, update_yaml
from conftest import GitRepo

D = dt.date
NAMES = [f"P{i:02d}" for i in range(1, 19)]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("sized") / "repo")
    first = {"content/portfolio.yaml": PORTFOLIO_YAML}
    for name in NAMES:
        folder = f"content/projects/{name.lower()}"
        first[f"{folder}/plan.yaml"] = plan_yaml(name, "2026-03-04")
        first[f"{folder}/updates/2026-03-06.yaml"] = update_yaml(
            "2026-03-06", f"Week ten of {name}.\n  Details of {name} in week ten."
        )
    repo.commit("Week 10", "2026-03-06T17:00:00+00:00", files=first)
    second = {
        f"content/projects/{name.lower()}/updates/2026-03-13.yaml": update_yaml("2026-03-13", f"Week eleven of {name}.")
        for name in NAMES
    }
    repo.commit("Week 11", "2026-03-13T17:00:00+00:00", files=second)
    return repo


def pages_on(repo: GitRepo, day: dt.date) -> dict[str, str]:
    return PageRenderer().render(site_model(gather(repo.root / "content", day)))


# Friday, Sunday and Monday: the lists are the same; only the days overdue move.
@pytest.mark.parametrize("day", [D(2026, 3, 13), D(2026, 3, 15), D(2026, 3, 16)])
def test_the_home_page_lists_are_bounded_worst_first_with_the_rest_one_click_away(repo, day):
    home = pages_on(repo, day)["index.md"]
    assert "**Overdue milestones: 18**" in home
    overdue = re.findall(r"^    - \[(P\d\d)\]\(projects/p\d\d\.md\): Spec agreed \(overdue", home, flags=re.M)
    assert overdue == NAMES[:10]
    assert "    - … and 8 more in the [executive summary](summary.md)\n" in home
    assert "The 15 of 18 projects that most need attention, worst computed colour first" in home
    projects_section = home[home.index("## Projects") : home.index("## Programs")]
    listed = re.findall(r"^<tr><td><a href=\"projects/p\d\d.md\">(P\d\d)</a>", projects_section, flags=re.M)
    assert listed == NAMES[:15]
    assert "Milestones of 15 projects from" in projects_section  # the timeline's text alternative
    programs = home[home.index("## Programs") : home.index("## Highlights")]
    assert '<tr><td><a href="programs/core.md">Core</a></td><td data-label="Projects">18</td>' in programs


def test_the_program_page_lists_every_project_and_charts_them(repo):
    page = pages_on(repo, D(2026, 3, 13))["programs/core.md"]
    assert re.findall(r"^<tr><td><a href=\"\.\./projects/p\d\d.md\">(P\d\d)</a>", page, flags=re.M) == NAMES
    assert '<title id="program-core-title">Core: milestones</title>' in page
    assert "Milestones of 18 projects from" in page


def test_each_update_is_in_full_once_and_listed_in_one_line_on_its_project_page(repo):
    pages = pages_on(repo, D(2026, 3, 16))
    project = pages["projects/p01.md"]
    # The latest in full, the earlier one as a line linking to its week page's section.
    assert "## Latest update\n\n### 2026-03-13" in project
    row = (
        '<tr><td><a href="../weeks/2026-W10.md#u-p01-2026-03-06">2026-03-06</a></td>'
        '<td><b class="rp-green">✔ Green</b></td><td>Week ten of P01.</td></tr>'
    )
    assert row in project
    where = [path for path, text in pages.items() if path.endswith(".md") and "Details of P01 in week ten." in text]
    assert where == ["weeks/2026-W10.md"]
    week = pages["weeks/2026-W10.md"]
    heading = next(line for line in week.splitlines() if line.startswith("### P01"))
    assert heading == "### P01 { #u-p01-2026-03-06 }"
    assert markdown.markdown(heading, extensions=["attr_list"]) == '<h3 id="u-p01-2026-03-06">P01</h3>'


def _point(week: int) -> TrendPoint:
    return TrendPoint(f"2026-W{week:02d}", D(2026, 1, 4) + dt.timedelta(weeks=week - 1), None, None, None, None, None, {})


def test_the_trend_table_shows_the_last_quarter_newest_first():
    history = ProjectHistory(None, None, None, tuple(_point(w) for w in range(1, 21)), None, None)
    assert TREND_TABLE_WEEKS == 13
    assert [p.week for p in history.recent_trend] == [f"2026-W{w:02d}" for w in range(20, 7, -1)]
    short = ProjectHistory(None, None, None, tuple(_point(w) for w in range(1, 4)), None, None)
    assert [p.week for p in short.recent_trend] == ["2026-W03", "2026-W02", "2026-W01"]


def test_the_built_site_has_every_chart_but_mkdocs_neither_converts_nor_indexes_them(repo, tmp_path):
    site = tmp_path / "site"
    build_site(repo.root / "content", site, report_date=D(2026, 3, 16))
    project = (site / "projects" / "p01" / "index.html").read_text()
    rendered = pages_on(repo, D(2026, 3, 16))["projects/p01.md"]
    # Every chart of the Markdown page is in the HTML page, whole, and no placeholder is left.
    charts = re.findall(r"<svg.*?</svg>", rendered, flags=re.S)
    assert len(charts) >= 3 and all(chart in project for chart in charts)
    assert "reporter drawing" not in project
    index = (site / "search" / "search_index.json").read_text()
    # (a timeline's phone form has no description of its own: its wide form's names it)
    descriptions = [found.group(1) for chart in charts if (found := re.search(r"<desc[^>]*>([^<]{20,60})", chart))]
    assert len(descriptions) == len(charts) - 1  # the timeline's phone form
    assert "<svg" not in index and not [d for d in descriptions if d in index]
    assert "Week eleven of P01." in index  # the text of the page is still found
    # An update kept apart from the week page's Markdown is in its HTML, its link made the person page's URL.
    week = (site / "weeks" / "2026-W10" / "index.html").read_text()
    assert '<h3 id="u-p01-2026-03-06">P01' in week
    assert '<em>by <a href="../../people/olga/index.html">Olga</a></em></p>\n<div class="rp-prose"><p>Week ten of P01.' in week
    assert "reporter drawing" not in week and ".md" not in re.sub(r"<script.*?</script>", "", week, flags=re.S)
    # So is the week's table, and a project's earlier updates: their links are the pages' URLs too.
    assert '<tr><td><a href="../../projects/p01/index.html">P01</a></td><td><b class="rp-' in week
    assert '<tr><td><a href="../../weeks/2026-W10/index.html#u-p01-2026-03-06">2026-03-06</a></td>' in project


def test_the_mkdocs_build_keeps_each_update_of_a_week_page_apart_from_its_markdown(repo):
    drawings: dict[str, str] = {}
    pages = PageRenderer().render(site_model(gather(repo.root / "content", D(2026, 3, 16))), drawings=drawings)
    week = pages["weeks/2026-W10.md"]
    assert "Details of P01 in week ten." not in week  # MkDocs neither converts nor indexes it
    (placeholder,) = [name for name, html in drawings.items() if "Details of P01 in week ten." in html]
    section = week[week.index("### P01 {") : week.index("### P02 {")]
    assert section == f"### P01 {{ #u-p01-2026-03-06 }}\n\n{placeholder}\n\n"
    assert drawings[placeholder] == (
        '<div class="rp-update">\n<p><strong>2026-03-06 · <b class="rp-green">✔ Green</b></strong>'
        ' · <em>by <a href="../people/olga.md">Olga</a></em></p>\n'
        '<div class="rp-prose"><p>Week ten of P01.\nDetails of P01 in week ten.</p></div>\n</div>'
    )


# A past week's page is the same Markdown whatever the day of the build, so MkDocs' conversion of it is remembered.
def test_a_past_week_page_is_the_same_on_any_build_day(repo):
    def week_page(day: dt.date) -> str:
        return PageRenderer().render(site_model(gather(repo.root / "content", day)), drawings={})["weeks/2026-W10.md"]

    assert week_page(D(2026, 3, 13)) == week_page(D(2026, 3, 16)) == week_page(D(2026, 3, 25))
