"""Week pages remembered across builds (`PageRenderer.week_store`): a past week's page is not rendered again, and
never comes out stale.

A portfolio worked out by hand: two projects, Alpha and Beta, each with an update on Friday 2026-03-06 (week
2026-W10) and Friday 2026-03-13 (2026-W11). Every check compares a page from the store with the same page rendered
afresh by a renderer with no store (the truth), after changing one thing the week page prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest

from reporter.compute.site_model import SiteModel, site_model
from reporter.content.models import Colour
from reporter.history.gather import gather
from reporter.render.cache import ConvertedStore
from reporter.render.pages import PageRenderer, templates_dir

from builders import PORTFOLIO_YAML, plan_yaml, update_yaml
from conftest import GitRepo

D = dt.date
W10 = "weeks/2026-W10.md"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("remembered") / "repo")
    files = {"content/portfolio.yaml": PORTFOLIO_YAML}
    for name in ("Alpha", "Beta"):
        folder = f"content/projects/{name.lower()}"
        files[f"{folder}/plan.yaml"] = plan_yaml(name)
        files[f"{folder}/updates/2026-03-06.yaml"] = update_yaml("2026-03-06", f"Week ten of {name}.")
    repo.commit("Week 10", "2026-03-06T17:00:00+00:00", files=files)
    later = {
        f"content/projects/{n}/updates/2026-03-13.yaml": update_yaml("2026-03-13", f"Week eleven of {n}.")
        for n in ("alpha", "beta")
    }
    repo.commit("Week 11", "2026-03-13T17:00:00+00:00", files=later)
    return repo


def model_on(repo: GitRepo, day: dt.date) -> SiteModel:
    return site_model(gather(repo.root / "content", day))


def fresh(model: SiteModel) -> tuple[dict[str, str], dict[str, str]]:
    drawings: dict[str, str] = {}
    return PageRenderer().render(model, drawings=drawings), drawings


def remembered(model: SiteModel, store: ConvertedStore) -> tuple[dict[str, str], dict[str, str]]:
    drawings: dict[str, str] = {}
    return PageRenderer(week_store=store).render(model, drawings=drawings), drawings


def with_week(model: SiteModel, name: str, change) -> SiteModel:
    weeks = tuple(change(w) if w.name == name else w for w in model.weeks)
    return dataclasses.replace(model, weeks=weeks)


# Friday (the day of the updates), Sunday and the Monday after: W10's page is the same on each, so the store's copy
# made on one build day serves the others.
@pytest.mark.parametrize("days", [(D(2026, 3, 13), D(2026, 3, 15)), (D(2026, 3, 15), D(2026, 3, 16))])
def test_a_past_week_page_comes_from_the_store_on_a_later_build_day_as_rendered_afresh(repo, tmp_path, days):
    store_path = tmp_path / "weeks.jsonl"
    first = ConvertedStore(store_path, "week pages")
    remembered(model_on(repo, days[0]), first)
    assert first.added == 2  # W10 and W11, rendered
    first.save()
    second = ConvertedStore(store_path, "week pages")
    model = model_on(repo, days[1])
    pages, drawings = remembered(model, second)
    assert second.hits >= 1  # W10 at least: nothing it prints changed between the two days
    truth_pages, truth_drawings = fresh(model)
    assert pages[W10] == truth_pages[W10]
    assert pages == truth_pages and drawings == truth_drawings


def test_without_drawings_apart_a_remembered_page_holds_its_updates(repo):
    store = ConvertedStore()
    model = model_on(repo, D(2026, 3, 16))
    PageRenderer(week_store=store).render(model)
    again = PageRenderer(week_store=store).render(model)
    assert store.hits == 2
    assert "Week ten of Alpha." in again[W10]
    assert again == PageRenderer().render(model)


def _renamed(model: SiteModel) -> SiteModel:
    def rename(week):
        def project(p):
            return dataclasses.replace(p, plan=p.plan.model_copy(update={"name": "Alpha Prime"})) if p.id == "alpha" else p

        rows = tuple(dataclasses.replace(r, project=project(r.project)) for r in week.rows)
        entries = tuple((project(p), u) for p, u in week.entries)
        return dataclasses.replace(week, rows=rows, entries=entries)

    return with_week(model, "2026-W10", rename)


def _edited(model: SiteModel) -> SiteModel:
    def edit(week):
        def changed(u):
            return u.model_copy(update={"summary": "Week ten, corrected."}) if "Alpha" in u.summary else u

        rows = tuple(dataclasses.replace(r, update=changed(r.update)) for r in week.rows)
        entries = tuple((p, changed(u)) for p, u in week.entries)
        return dataclasses.replace(week, rows=rows, entries=entries)

    return with_week(model, "2026-W10", edit)


def _recoloured(model: SiteModel) -> SiteModel:
    def recolour(week):
        rows = tuple(dataclasses.replace(r, known=True, computed=Colour.red) if r.project.id == "beta" else r for r in week.rows)
        return dataclasses.replace(week, rows=rows)

    return with_week(model, "2026-W10", recolour)


def _person_page(model: SiteModel) -> SiteModel:
    return dataclasses.replace(model, mentions={**model.mentions, "Olga": (("Olga", "olga-petrova"),)})


@pytest.mark.parametrize(
    ("change", "shows"),
    [
        (_edited, "Week ten, corrected."),
        (_renamed, "Alpha Prime"),
        (_recoloured, '<b class="rp-red">'),
        (_person_page, "people/olga-petrova.md"),
    ],
    ids=["an update", "a project's name", "the computed colour", "a person's page"],
)
def test_each_thing_a_week_page_prints_changes_the_remembered_page(repo, change, shows):
    store = ConvertedStore()
    model = model_on(repo, D(2026, 3, 16))
    before_pages, before_drawings = remembered(model, store)
    changed = change(model)
    pages, drawings = remembered(changed, store)
    truth_pages, truth_drawings = fresh(changed)
    assert shows not in before_pages[W10] + "".join(before_drawings.values())
    assert shows in pages[W10] + "".join(drawings.values())
    assert pages[W10] == truth_pages[W10] and drawings == truth_drawings


def test_a_changed_template_misses(repo, tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    store = ConvertedStore()
    model = model_on(repo, D(2026, 3, 16))
    PageRenderer(folder, week_store=store).render(model)
    macros = folder / "_macros.j2"
    macros.write_text(macros.read_text(encoding="utf-8").replace("<p><strong>Accomplishments", "<p><b>Done"), encoding="utf-8")
    week = folder / "week.md.j2"
    week.write_text(week.read_text(encoding="utf-8").replace("## Updates", "## The updates"), encoding="utf-8")
    pages = PageRenderer(folder, week_store=store).render(model)
    assert store.hits == 0
    assert "## The updates" in pages[W10]
