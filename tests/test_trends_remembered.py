"""Trend points remembered across builds (`.git/reporter/trends.jsonl`): a build computes only the points of
project snapshots it has not seen, and its trends are exactly those of a build that remembers nothing."""

from __future__ import annotations

import datetime as dt
import json

from reporter.compute.fingerprints import Fingerprints
from reporter.compute.milestones import latest_forecasts
from reporter.compute.site_model import site_model
from reporter.compute.trends import point_key, project_trends
from reporter.content.models import Project
from reporter.render.cache import ConvertedStore
from reporter.site.pipeline import _figures_code, make_model

from builders import ALPHA_UPDATE_16_MARCH, ALPHA_UPDATES, make_update


def trends_of(model):
    """Every project's trend, in its exact form (repr keeps each Decimal's digits: 12.0 is not 12)."""
    return repr({pid: history.trend for pid, history in sorted(model.histories.items())})


def fresh(repo, day, audience=None):
    """The trends of a model computed with nothing remembered."""
    data, _ = make_model(repo.root / "content", day, audience=audience)
    return trends_of(site_model(data))


def snapshots_of(data):
    return [(w.name, w.cutoff, w.content.as_of(w.cutoff) if w.content else None) for w in data.weeks]


def store_path(repo, name="trends.jsonl"):
    return repo.root / ".git" / "reporter" / name


def stored(repo):
    """The trend store the last build left, as a build reads it."""
    return ConvertedStore(store_path(repo), f"trends {_figures_code()}")


def test_a_build_remembers_its_points_and_computes_only_new_snapshots(repo):
    # Mini portfolio committed on Mon 2 Mar (W10), with alpha's updates of 6 and 13 Mar (W10, W11) and beta's plan.
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    wednesday = dt.date(2026, 3, 18)  # W12: weeks W10, W11, W12 for alpha and beta: 3 x 2 = 6 points
    data, model = make_model(repo.root / "content", wednesday)
    lines = store_path(repo).read_text().splitlines()
    assert json.loads(lines[0])["reporter-store"].startswith("trends ") and len(lines) == 1 + 6
    assert trends_of(model) == fresh(repo, wednesday)

    store = stored(repo)
    again = project_trends(snapshots_of(data), store)
    assert (store.hits, store.added) == (6, 0)  # nothing computed again
    assert repr(again) == repr({pid: h.trend for pid, h in model.histories.items()})

    # One new update of alpha, on Mon 16 Mar (W12): only alpha's W12 point is new (1 computed, 5 remembered).
    repo.commit("Alpha update", "2026-03-16T17:00:00+00:00", files={f"{ALPHA_UPDATES}/2026-03-16.yaml": ALPHA_UPDATE_16_MARCH})
    data, model = make_model(repo.root / "content", wednesday)
    store = stored(repo)
    assert len(store.entries) == 6  # the build kept what it used: alpha's old W12 point is gone
    project_trends(snapshots_of(data), store)
    assert (store.hits, store.added) == (6, 0)
    assert trends_of(model) == fresh(repo, wednesday)
    latest = model.histories["alpha"].trend[-1]
    assert (latest.week, latest.reported, latest.forecasts["cutover"]) == ("2026-W12", "red", dt.date(2026, 7, 10))


def test_remembered_trends_equal_fresh_ones_on_every_weekday(repo):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    repo.commit("Alpha update", "2026-03-16T17:00:00+00:00", files={f"{ALPHA_UPDATES}/2026-03-16.yaml": ALPHA_UPDATE_16_MARCH})
    # Monday to Sunday of W12, then a Monday and a Friday later: the current week's cut-off is the report date,
    # so its points are computed for each day; the earlier weeks' are remembered from the first build.
    days = [dt.date(2026, 3, 16) + dt.timedelta(days=n) for n in range(7)] + [dt.date(2026, 3, 23), dt.date(2026, 4, 3)]
    for day in days:
        _, model = make_model(repo.root / "content", day)
        _, remembered = make_model(repo.root / "content", day)
        assert trends_of(model) == trends_of(remembered) == fresh(repo, day), day


def test_a_rewritten_earlier_update_is_computed_again(repo):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 20)  # Friday of W12
    make_model(repo.root / "content", day)
    old = (repo.root / ALPHA_UPDATES / "2026-03-06.yaml").read_text()
    repo.commit(
        "Alpha's first update corrected",
        "2026-03-19T09:00:00+00:00",
        files={f"{ALPHA_UPDATES}/2026-03-06.yaml": old.replace("build: 5", "build: 8")},
    )
    data, model = make_model(repo.root / "content", day)
    assert trends_of(model) == fresh(repo, day)
    # Only the W12 snapshot (the content now) has the corrected update: its key changes, W10's and W11's do not.
    store = stored(repo)
    project_trends(snapshots_of(data), store)
    assert (store.hits, store.added) == (6, 0) and len(store.entries) == 6
    alpha = model.histories["alpha"].trend
    # Design (40 person-days, 100% in the plan) and Build (120): W10 as committed then, build 5%:
    # (40 + 0.05 x 120) / 160 = 46 / 160 = 28.75%; W12, build 10% from the newest update (13 Mar):
    # (40 + 0.10 x 120) / 160 = 52 / 160 = 32.5%.
    assert [(p.week, p.percent_complete) for p in alpha] == [("2026-W10", 28.75), ("2026-W11", 32.5), ("2026-W12", 32.5)]


def test_a_damaged_or_tampered_store_is_ignored(repo):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 18)
    expected = fresh(repo, day)
    store_path(repo).write_text("not a store\n{]\n")
    _, model = make_model(repo.root / "content", day)
    assert trends_of(model) == expected

    # Entries of the right kind with wrong data in them: each is computed again, none is trusted.
    store = stored(repo)
    bad = [
        "NaN|||||",
        "12|||purple||",
        "|||||cutover=not a date",
        "|||||cutover",
        "1|2",
        ["a", "list"],
    ]
    for key, value in zip(list(store.entries), bad, strict=False):
        store.entries[key] = value
    store.used = set(store.entries)
    store.added = 1
    store.save()
    _, model = make_model(repo.root / "content", day)
    assert trends_of(model) == expected


def test_each_audience_keeps_its_own_store(repo):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 18)
    make_model(repo.root / "content", day)
    _, external = make_model(repo.root / "content", day, audience="external")
    assert store_path(repo).is_file() and store_path(repo, "trends-external.jsonl").is_file()
    assert trends_of(external) == fresh(repo, day, audience="external")


def test_keys_chain_updates_whatever_order_snapshots_come_in(repo):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    data, _ = make_model(repo.root / "content", dt.date(2026, 3, 18))
    alpha = next(p for p in data.content.projects if p.id == "alpha")
    portfolio, day = data.content.portfolio, dt.date(2026, 3, 18)
    shorter = Project(alpha.id, alpha.plan, alpha.updates[:1])
    shared = Fingerprints()
    longer_first = point_key(alpha, portfolio, day, shared), point_key(shorter, portfolio, day, shared)
    assert longer_first == (point_key(alpha, portfolio, day), point_key(shorter, portfolio, day))
    assert len(set(longer_first)) == 2
    # The key is of the content, not the project's id: a renamed project keeps its points.
    assert point_key(Project("renamed", alpha.plan, alpha.updates), portfolio, day) == longer_first[0]


def test_newest_forecasts_grow_with_the_updates_and_never_go_stale():
    d = dt.date
    first = make_update(d(2026, 3, 6), forecasts={"cutover": d(2026, 6, 26)})
    second = make_update(d(2026, 3, 13))
    third = make_update(d(2026, 3, 20), forecasts={"cutover": d(2026, 7, 10), "design": d(2026, 3, 27)})
    # Week by week, as a trend asks: each answer is its sequence's own.
    assert latest_forecasts((first,)) == {"cutover": d(2026, 6, 26)}
    assert latest_forecasts((first, second)) == {"cutover": d(2026, 6, 26)}
    assert latest_forecasts((first, second, third)) == {"cutover": d(2026, 7, 10), "design": d(2026, 3, 27)}
    # The same last update after other updates (a rewritten first one, or none): not the remembered answer.
    rewritten = make_update(d(2026, 3, 6), forecasts={"cutover": d(2026, 8, 28), "go-live": d(2026, 9, 4)})
    assert latest_forecasts((rewritten, second, third)) == {
        "cutover": d(2026, 7, 10),
        "go-live": d(2026, 9, 4),
        "design": d(2026, 3, 27),
    }
    assert latest_forecasts((second, third)) == {"cutover": d(2026, 7, 10), "design": d(2026, 3, 27)}
    # Out of order, as a list, or cut at a date: sorted first, the newest wins.
    assert latest_forecasts([third, first, second]) == latest_forecasts((first, second, third))
    assert latest_forecasts((first, second, third), d(2026, 3, 19)) == {"cutover": d(2026, 6, 26)}


def test_a_store_written_by_other_code_is_not_read(repo):
    repo.commit("Mini portfolio", "2026-03-02T10:00:00+00:00")
    day = dt.date(2026, 3, 18)
    make_model(repo.root / "content", day)
    header, *entries = store_path(repo).read_text().splitlines()
    # The same entries under the header another version of the compute code would write: none of them is used.
    other = json.dumps({**json.loads(header), "reporter-store": "trends 0123456789abcdef"})
    store_path(repo).write_text("\n".join([other, *entries]) + "\n")
    assert stored(repo).entries == {}
    assert len(entries) == 6 and ConvertedStore(store_path(repo), "trends 0123456789abcdef").entries
