"""Past weeks' highlights and plan changes remembered across builds (`.git/reporter/highlights.jsonl`): a build
computes only the weeks whose content it has not seen, and its weeks are exactly those of a build that
remembers nothing, on every day of the week."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil

import pytest

from reporter.authoring.demo import replay
from reporter.compute.fingerprints import Fingerprints
from reporter.compute.remembered_weeks import week_data, week_from
from reporter.compute.site_model import site_model
from reporter.compute.weekly import reporting_weeks
from reporter.render.cache import ConvertedStore
from reporter.site.pipeline import _figures_code, make_model

from builders import ALPHA_UPDATE_16_MARCH, ALPHA_UPDATES
from conftest import ROOT


def store_path(root, name="highlights.jsonl"):
    return root / ".git" / "reporter" / name


def stored(root):
    """The highlights store the last build left, as a build reads it."""
    return ConvertedStore(store_path(root), f"highlights {_figures_code()}")


def weeks_read(data, store):
    """The reporting weeks of gathered data, computed with `store` (and so counting its hits and additions)."""
    at_end_of = {w.name: w.content.as_of(w.cutoff) if w.content else None for w in data.weeks}
    return reporting_weeks(data.content.as_of(data.report_date), data.report_date, at_end_of, store, Fingerprints())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo content replayed into a git repository: 17 reporting weeks of 8 projects (to 20 November 2026)."""
    tmp = tmp_path_factory.mktemp("remembered")
    shutil.copytree(ROOT / "content", tmp / "content")
    return replay(tmp / "content", ROOT / "demo/replay.yaml", tmp / "demo")


# Friday 20 November (the day of the demo's last updates), the Saturday, the Monday and the Wednesday after.
@pytest.mark.parametrize("day", [dt.date(2026, 11, 20), dt.date(2026, 11, 21), dt.date(2026, 11, 23), dt.date(2026, 11, 25)])
def test_remembered_weeks_equal_fresh_ones_on_every_weekday(demo, day):
    data, first = make_model(demo, day)
    data, second = make_model(demo, day)  # every week read from the store the first build left
    fresh = site_model(data)  # nothing remembered
    assert len(fresh.weeks) == 17
    assert first.weeks == second.weeks == fresh.weeks
    assert repr(second.weeks) == repr(fresh.weeks)
    store = stored(demo.parent)
    weeks_read(data, store)
    assert (store.hits, store.added) == (17, 0)


def test_the_demo_weeks_hold_every_kind_of_item_the_store_names(demo):
    """The equality above covers each kind of item (all but a rewritten update, tested below): so many of
    each in the demo's 17 weeks, as the fresh computation finds them."""
    _, model = make_model(demo, dt.date(2026, 11, 20))
    counts: dict[str, int] = {}
    for week in model.weeks:
        for field in dataclasses.fields(week.highlights):
            items = getattr(week.highlights, field.name)
            if isinstance(items, tuple) and items:
                counts[field.name] = counts.get(field.name, 0) + len(items)
        counts["changes"] = counts.get("changes", 0) + len(week.changes)
    assert counts == {
        "milestones_done": 7,
        "tasks_finished": 11,
        "colour_changes": 5,
        "new_risks": 17,
        "occurred_risks": 5,
        "blockers": 17,
        "asks": 17,
        "accomplishments": 180,
        "milestones_due": 22,
        "stale_projects": 4,
        "forecasts_moved": 43,
        "not_reported": 1,
        "changes": 40,
    }


def test_a_new_update_computes_its_own_week_only(repo):
    # Mini portfolio committed on Mon 2 Mar (W10), with alpha's updates of 6 and 13 Mar (W10, W11).
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    wednesday = dt.date(2026, 3, 18)  # W12: the reporting weeks are W10 and W11 (no update in W12 yet)
    make_model(repo.root / "content", wednesday)
    before = stored(repo.root)
    assert len(before.entries) == 2
    # Alpha's update of Mon 16 Mar: a new reporting week, W12; W10 and W11 read as they were.
    repo.commit("Alpha update", "2026-03-16T17:00:00+00:00", files={f"{ALPHA_UPDATES}/2026-03-16.yaml": ALPHA_UPDATE_16_MARCH})
    data, model = make_model(repo.root / "content", wednesday)
    weeks_read(data, before)
    assert (before.hits, before.added) == (2, 1)
    assert model.weeks == site_model(data).weeks
    w12 = model.weeks[0]
    assert w12.name == "2026-W12"
    assert [(c.project_id, c.colour_before, c.colour_after) for c in w12.changes] == [("alpha", "amber", "red")]
    assert [(c.project_id, c.before, c.after) for c in w12.highlights.colour_changes] == [("alpha", "amber", "red")]
    store = stored(repo.root)
    weeks_read(data, store)
    assert (store.hits, store.added, len(store.entries)) == (3, 0, 3)


def test_a_rewritten_update_is_told_from_the_store_too(repo):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    old = (repo.root / ALPHA_UPDATES / "2026-03-06.yaml").read_text()
    repo.commit(
        "Alpha's first update corrected",
        "2026-03-19T09:00:00+00:00",
        files={f"{ALPHA_UPDATES}/2026-03-06.yaml": old.replace("build: 5", "build: 8")},
    )
    repo.commit("Alpha update", "2026-03-19T17:00:00+00:00", files={f"{ALPHA_UPDATES}/2026-03-16.yaml": ALPHA_UPDATE_16_MARCH})
    sunday = dt.date(2026, 3, 22)
    make_model(repo.root / "content", sunday)
    data, model = make_model(repo.root / "content", sunday)
    assert model.weeks == site_model(data).weeks
    w12 = model.weeks[0].highlights
    assert [(r.project_id, r.date) for r in w12.rewritten] == [("alpha", dt.date(2026, 3, 6))]
    # Read back from the store: the update named is the 6 March one, as it now reads.
    store = stored(repo.root)
    weeks_read(data, store)
    assert (store.hits, store.added) == (3, 0)


def test_a_damaged_or_tampered_entry_is_computed_again(demo):
    day = dt.date(2026, 11, 23)
    make_model(demo, day)
    store = stored(demo.parent)
    good = next(iter(store.entries.values()))
    lists = json.loads(good)
    out_of_range = [[[99, 0]], *lists[1:]]  # a project that is not in the content
    from_the_end = [[[-1, 0]], *lists[1:]]  # a position counted from the end: not one the store writes
    wrong_kind = [*lists[:5], [[0, 0, 0, "yes"]], *lists[6:]]  # a blocker's "new" that is not a boolean
    bad = ["not json", json.dumps(lists[:-1]), json.dumps(out_of_range), json.dumps(from_the_end), json.dumps(wrong_kind)]
    bad += [["a", "list"], 12]
    for key, value in zip(list(store.entries), bad, strict=False):
        store.entries[key] = value
    store.used, store.added = set(store.entries), 1
    store.save()
    data, model = make_model(demo, day)
    assert model.weeks == site_model(data).weeks
    assert all(isinstance(value, str) for value in stored(demo.parent).entries.values())


def test_an_item_not_in_the_content_is_not_remembered(demo):
    data, model = make_model(demo, dt.date(2026, 11, 20))
    week = next(w for w in model.weeks[1:] if w.highlights.blockers)  # a past week: its cut-off is its Sunday
    snapshot = next(w.content for w in data.weeks if w.name == week.name)
    assert snapshot is not None
    then = snapshot.as_of(week.sunday)
    text = week_data(week.highlights, week.changes, then)
    assert week_from(text, week.name, week.sunday, then) == (week.highlights, week.changes)
    # The same week against a content without its projects: nothing to name them by.
    assert week_data(week.highlights, week.changes, dataclasses.replace(then, projects=())) is None


def test_each_audience_keeps_its_own_store(repo):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 18)
    make_model(repo.root / "content", day)
    data, external = make_model(repo.root / "content", day, audience="external")
    assert store_path(repo.root).is_file() and store_path(repo.root, "highlights-external.jsonl").is_file()
    assert external.weeks == site_model(data).weeks
