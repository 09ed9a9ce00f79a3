"""What search finds, week pages that stay light, and feeds of the newest quarter, on a real build.

A portfolio worked out by hand: 32 projects P01..P32 in one program, each with an update on Friday
2026-03-06 (week 2026-W10: 32 updates) whose summary says "Week ten of Pnn." and a second line
"Older detail of Pnn.", and P01 and P02 again on Friday 2026-03-13 (2026-W11: 2 updates, "Week eleven of Pnn.").

- Search finds each project's name and latest update, and each week's highlights; not the tables of
  figures (a project's "Schedule and cost", "Trend", "Earlier updates") nor the updates of a week page, so
  "Older detail of P01." (P01's earlier update, on the week page of 2026-W10 only) is in the site but not in
  the index, while P03's update of week ten, still its latest, is found on P03's page.
- The week of 32 updates lists its sections in its contents but not its 32 updates (more than 30); its
  table's dates link to each update. The week of 2 updates lists both, and no entry per update date.
- No page carries the marks that tell search what to skip.
- Highlights list ten lines a section: week ten's 32 "Thanks to the teams" lines (one accomplishment each) show
  P01..P10 and "… and 22 more", on the week's page (all of them are in its updates) and on the home page on
  Monday 2026-03-09, when week ten is the latest reporting week (linking the week's page).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from reporter.compute.site_model import site_model
from reporter.history.gather import gather
from reporter.render.pages import PageRenderer
from reporter.render.search_scope import RESUME, SKIP, searchable, unmarked
from reporter.site.build import build_site

from builders import PORTFOLIO_YAML, plan_yaml, update_yaml
from conftest import GitRepo

D = dt.date
NAMES = [f"P{i:02d}" for i in range(1, 33)]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("scope") / "repo")
    first = {"content/portfolio.yaml": PORTFOLIO_YAML}
    for name in NAMES:
        folder = f"content/projects/{name.lower()}"
        first[f"{folder}/plan.yaml"] = plan_yaml(name, "2026-05-04")
        first[f"{folder}/updates/2026-03-06.yaml"] = update_yaml(
            "2026-03-06", f"Week ten of {name}.\n  Older detail of {name}.", f"Shipped {name}"
        )
    repo.commit("Week 10", "2026-03-06T17:00:00+00:00", files=first)
    second = {
        f"content/projects/{n.lower()}/updates/2026-03-13.yaml": update_yaml("2026-03-13", f"Week eleven of {n}.")
        for n in NAMES[:2]
    }
    repo.commit("Week 11", "2026-03-13T17:00:00+00:00", files=second)
    return repo


def test_searchable_leaves_out_each_marked_part_and_unmarked_only_the_marks():
    page = f"<h1>A</h1>{SKIP}<h2>T</h2><table>1</table>{RESUME}<h2>B</h2>b{SKIP}<h2>C</h2>c"
    assert searchable(page) == "<h1>A</h1><h2>B</h2>b"  # a mark left open runs to the end
    assert unmarked(page) == "<h1>A</h1><h2>T</h2><table>1</table><h2>B</h2>b<h2>C</h2>c"
    assert searchable("<p>x</p>") == unmarked("<p>x</p>") == "<p>x</p>"


# Friday (the update's day), Monday and Wednesday of the next week: what is found does not move.
@pytest.mark.parametrize("day", [D(2026, 3, 13), D(2026, 3, 16), D(2026, 3, 18)])
def test_search_finds_names_latest_updates_and_highlights_but_not_tables_or_old_updates(repo, tmp_path, day):
    site = tmp_path / "site"
    build_site(repo.root / "content", site, report_date=day)
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    titles = {(d["location"], d["title"]) for d in docs}
    text = "\n".join(d["text"] for d in docs)

    p01 = {title for location, title in titles if location.startswith("projects/p01/")}
    assert {"P01", "Latest update", "Milestones", "Tasks", "Risks"} <= p01
    assert not p01 & {"Schedule and cost", "Trend", "Earlier updates"}
    assert "Week eleven of P01." in text and "Week ten of P03." in text
    assert "Older detail of P01." not in text
    assert "Older detail of P01." in (site / "weeks" / "2026-W10" / "index.html").read_text()
    week10 = {title for location, title in titles if location.startswith("weeks/2026-W10/")}
    assert week10 == {"Week 2026-W10", "Highlights"}
    for page in site.rglob("*.html"):
        assert "search: off" not in page.read_text() and "search: on" not in page.read_text(), page


def _contents(page: str) -> list[str]:
    """The entries of Material's contents list (the secondary nav) of a built page."""
    nav = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', page, flags=re.S)
    return re.findall(r'<a href="(#[^"]+)" class="md-nav__link">', nav.group(0)) if nav else []


def test_a_week_of_many_updates_lists_its_sections_not_its_updates_and_its_dates_link_each(repo, tmp_path):
    site = tmp_path / "site"
    build_site(repo.root / "content", site, report_date=D(2026, 3, 16))
    many = (site / "weeks" / "2026-W10" / "index.html").read_text()
    assert _contents(many) == ["#highlights", "#updates"]
    assert '<a href="#u-p07-2026-03-06">2026-03-06</a>' in many
    assert '<h3 id="u-p07-2026-03-06">P07' in many
    few = (site / "weeks" / "2026-W11" / "index.html").read_text()
    assert _contents(few) == ["#highlights", "#updates", "#u-p01-2026-03-13", "#u-p02-2026-03-13"]


def test_every_feed_holds_the_newest_thirteen_weeks(tmp_path):
    # One project with an update every Friday from 2026-01-02 (2026-W01) to 2026-04-10 (2026-W15): 15 weeks;
    # the feeds keep 2026-W03..2026-W15, newest first.
    content = tmp_path / "content"
    (content / "projects" / "p01" / "updates").mkdir(parents=True)
    (content / "portfolio.yaml").write_text(PORTFOLIO_YAML)
    (content / "projects" / "p01" / "plan.yaml").write_text(plan_yaml("P01", "2026-05-04"))
    for week in range(15):
        day = D(2026, 1, 2) + dt.timedelta(weeks=week)
        (content / "projects" / "p01" / "updates" / f"{day}.yaml").write_text(update_yaml(str(day), f"Week {week + 1}."))
    pages = PageRenderer().render(site_model(gather(content, D(2026, 4, 13))))
    for feed in ("feed.xml", "feeds/programs/core.xml", "feeds/projects/p01.xml"):
        weeks = re.findall(r"<title>Week (2026-W\d\d) ", pages[feed])
        assert weeks == [f"2026-W{w:02d}" for w in range(15, 2, -1)], feed


def test_highlights_list_ten_lines_a_section_and_say_where_the_rest_are(repo):
    pages = PageRenderer().render(site_model(gather(repo.root / "content", D(2026, 3, 9))))
    lines = [f"- [{n}](../projects/{n.lower()}.md): Shipped {n} (reported by Olga)\n" for n in NAMES[:10]]
    week = pages["weeks/2026-W10.md"]
    assert "**Thanks to the teams**\n\n" + "".join(lines) + "- … and 22 more in the updates below\n" in week
    home = pages["index.md"]
    on_home = "".join(line.replace("../projects/", "projects/") for line in lines)
    assert "**Thanks to the teams**\n\n" + on_home + "- … and 22 more on [the week's page](weeks/2026-W10.md)\n" in home
