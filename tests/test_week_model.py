"""The week model made cheaper (issue #14): each week's plan changes, and the forecasts they compare, are
computed from what the week before already knew, and come out exactly as computed from scratch."""

from __future__ import annotations

import datetime as dt
import gc
import weakref

import pytest
import yaml

from reporter.compute import updates as updates_module
from reporter.compute.changes import DateMove, content_changes, project_changes
from reporter.compute.milestones import latest_forecasts
from reporter.compute.updates import _NewestSoFar
from reporter.compute.weekly import reporting_weeks
from reporter.content.loader import check_content
from reporter.content.models import Colour, Content, Plan, Portfolio, Project, Update
from reporter.site.pipeline import make_model, make_site

from builders import PORTFOLIO_YAML, make_plan, make_update
from conftest import GitRepo

PLAN = """name: One
program: core
owner: Olga
start: 2026-03-02
finish: 2026-06-30
milestones:
  - id: m1
    name: Spec agreed
    due: {due}
"""


def update(day: str, status: str = "green", forecast: str = "") -> str:
    """An update by Olga on `day`, with m1's forecast when given."""
    extra = f"forecasts:\n  m1: {forecast}\n" if forecast else ""
    return f"date: {day}\nauthor: Olga\nstatus: {status}\nsummary: Week of {day}.\n{extra}"


def four_weeks(tmp_path) -> GitRepo:
    """Project one over W10-W13 of 2026, one commit a week (each on the Friday of its update):
    W10 plan (m1 due 30 Apr) and the first update; W11 an update forecasting m1 for 8 May; W12 m1's due
    date moved to 15 May, and an update; W13 an update that turns amber."""
    updates = "content/projects/one/updates"
    repo = GitRepo(tmp_path / "repo")
    repo.commit(
        "W10",
        "2026-03-06T17:00:00+00:00",
        files={
            "content/portfolio.yaml": PORTFOLIO_YAML,
            "content/projects/one/plan.yaml": PLAN.format(due="2026-04-30"),
            f"{updates}/2026-03-06.yaml": update("2026-03-06"),
        },
    )
    repo.commit(
        "W11", "2026-03-13T17:00:00+00:00", files={f"{updates}/2026-03-13.yaml": update("2026-03-13", forecast="2026-05-08")}
    )
    repo.commit(
        "W12",
        "2026-03-20T17:00:00+00:00",
        files={
            "content/projects/one/plan.yaml": PLAN.format(due="2026-05-15"),
            f"{updates}/2026-03-20.yaml": update("2026-03-20"),
        },
    )
    repo.commit("W13", "2026-03-27T17:00:00+00:00", files={f"{updates}/2026-03-27.yaml": update("2026-03-27", status="amber")})
    return repo


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 3, 27), dt.date(2026, 3, 28), dt.date(2026, 3, 30), dt.date(2026, 4, 1)],  # Fri, Sat, Mon, Wed
)
def test_each_week_shows_the_changes_made_in_it_whatever_the_build_day(tmp_path, day):
    repo = four_weeks(tmp_path)
    _, model = make_model(repo.root / "content", day)
    changes = {week.name: week.changes for week in model.weeks}
    assert list(changes) == ["2026-W13", "2026-W12", "2026-W11", "2026-W10"]  # newest first; none in W14 yet
    assert changes["2026-W10"] == ()  # the first snapshot: nothing to compare with
    (w11,) = changes["2026-W11"]
    # No forecast in W10, so m1 was expected on its due date, 30 Apr; W11's update says 8 May: 8 days later.
    assert w11.forecasts_moved == (DateMove("Spec agreed", dt.date(2026, 4, 30), dt.date(2026, 5, 8)),)
    assert w11.forecasts_moved[0].days == 8 and w11.dates_moved == () and not w11.colour_changed
    (w12,) = changes["2026-W12"]
    # The plan moved m1's due date 30 Apr -> 15 May (15 days); the forecast stays 8 May (W11's), so it did not move.
    assert w12.dates_moved == (DateMove("Spec agreed", dt.date(2026, 4, 30), dt.date(2026, 5, 15)),)
    assert w12.dates_moved[0].days == 15 and w12.forecasts_moved == () and not w12.colour_changed
    (w13,) = changes["2026-W13"]
    assert (w13.colour_before, w13.colour_after) == (Colour.green, Colour.amber)
    assert w13.dates_moved == w13.forecasts_moved == ()


def test_changes_with_the_very_same_plan_are_those_computed_from_a_copy_of_it(tmp_path):
    repo = four_weeks(tmp_path)
    data, _ = make_model(repo.root / "content", dt.date(2026, 3, 27))
    snapshots = [w.content for w in data.weeks]
    for before, after in zip(snapshots, snapshots[1:], strict=False):
        assert before is not None and after is not None
        for project in after.projects:
            old = next(p for p in before.projects if p.id == project.id)
            # A copy is equal but not the same object: the full comparison, field by field.
            copied = Project(old.id, old.plan.model_copy(deep=True), old.updates)
            assert project_changes(old, project) == project_changes(copied, project)
    # W10 -> W11 kept the plan object (only an update was added): the shortcut was taken there.
    assert snapshots[0].projects[0].plan is snapshots[1].projects[0].plan


def test_a_plan_changed_in_place_is_compared_in_full():
    # The shortcut is for the same object only: an equal-looking plan that differs is compared field by field.
    first, second = make_update(dt.date(2026, 3, 6)), make_update(dt.date(2026, 3, 13), status="red")
    content = _content(due="2026-04-30", updates=(first,))
    moved = _content(due="2026-05-15", updates=(first, second))
    (change,) = content_changes(content, moved).values()
    assert change.dates_moved == (DateMove("Spec agreed", dt.date(2026, 4, 30), dt.date(2026, 5, 15)),)
    assert (change.colour_before, change.colour_after) == (Colour.green, Colour.red)


def _content(due: str, updates: tuple) -> Content:
    plan = Plan.model_validate(yaml.safe_load(PLAN.format(due=due)))
    return Content(Portfolio.model_validate(yaml.safe_load(PORTFOLIO_YAML)), (Project("one", plan, updates),))


def test_newest_forecasts_of_a_sequence_one_update_longer_start_from_the_shorter_ones():
    d = dt.date
    first = make_update(d(2026, 3, 6), forecasts={"m1": d(2026, 5, 8)})
    second = make_update(d(2026, 3, 13))
    third = make_update(d(2026, 3, 20), forecasts={"m2": d(2026, 6, 5)})
    assert latest_forecasts((first, second)) == {"m1": d(2026, 5, 8)}
    # One longer, in a tuple of its own: W11's answer plus the new update's forecast.
    assert latest_forecasts((first, second, third)) == {"m1": d(2026, 5, 8), "m2": d(2026, 6, 5)}
    # The same second update after another first one: not W11's answer extended.
    other = make_update(d(2026, 3, 6), forecasts={"m1": d(2026, 7, 3)})
    assert latest_forecasts((other, second, third)) == {"m1": d(2026, 7, 3), "m2": d(2026, 6, 5)}
    # A sequence ending in an update remembered at another length (an update dropped before it).
    assert latest_forecasts((second, third)) == {"m2": d(2026, 6, 5)}
    assert latest_forecasts((first, second, third)) == {"m1": d(2026, 5, 8), "m2": d(2026, 6, 5)}
    assert latest_forecasts(()) == {}


def _reading_forecasts(read: list[dt.date]):
    """An update's forecasts, each update read noted in `read` by its date."""

    def forecasts(update):
        read.append(update.date)
        return update.forecasts

    return forecasts


def test_a_project_asked_about_at_two_lengths_in_turn_reads_each_new_update_once():
    # A week's highlights ask about the updates up to the week, its changes about those up to the week before and
    # up to the week again: the shorter sequence must not make the longer one start over from the first update.
    d = dt.date
    read: list[dt.date] = []
    so_far = _NewestSoFar(_reading_forecasts(read))
    updates = tuple(
        make_update(d(2026, 3, 6) + dt.timedelta(weeks=i), forecasts={"m1": d(2026, 5, 1) + dt.timedelta(days=i)})
        for i in range(6)
    )
    for week in range(1, 6):
        assert so_far(updates[: week + 1]) == {"m1": d(2026, 5, 1) + dt.timedelta(days=week)}
        assert so_far(updates[:week]) == {"m1": d(2026, 5, 1) + dt.timedelta(days=week - 1)}
        assert so_far(updates[: week + 1]) == {"m1": d(2026, 5, 1) + dt.timedelta(days=week)}
    # Week 1 reads the first two updates, then the first again (no shorter sequence was known); each later week
    # reads its one new update: 3 + 4 = 7 (remembering only the last sequence read 26, growing with the weeks).
    assert len(read) == 7
    assert read[:3] == [d(2026, 3, 6), d(2026, 3, 13), d(2026, 3, 6)]


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("999999999999", None),  # 12 digits: below 10^12, accepted
        ("1000000000000", "actual_cost: '1000000000000' is too large: reporter accepts numbers below 1,000,000,000,000"),
        ("-1000000000000", "actual_cost: '-1000000000000' is too large: reporter accepts numbers below 1,000,000,000,000"),
    ],
)
def test_whole_numbers_are_bounded_exactly_at_the_limit(mini, cost, message):
    update_file = mini / "projects/alpha/updates/2026-03-06.yaml"
    update_file.write_text(update_file.read_text().replace("actual_cost: 30000", f"actual_cost: {cost}"))
    _, problems = check_content(mini)
    found = [str(p) for p in problems if "actual_cost" in p.message]
    # actual_cost is the file's 11th line; its value starts in column 14.
    assert found == ([] if message is None else [f"content/projects/alpha/updates/2026-03-06.yaml:11:14: {message}"])


def test_the_weeks_read_each_update_once_for_their_forecasts(monkeypatch):
    # Ten weekly updates of one project: each week's highlights need the newest forecasts before the week. Computed
    # from the oldest week, each week starts from the week before's; from the newest, every week read its project's
    # whole history again (9 + 8 + ... + 1 = 45 reads here; 5.4 million at 500 projects over two years).
    d = dt.date
    read: list[dt.date] = []
    monkeypatch.setattr(updates_module, "_forecasts_so_far", _NewestSoFar(_reading_forecasts(read)))
    monkeypatch.setattr(updates_module, "_FORECASTS", {})
    plan = make_plan(d(2026, 1, 5), d(2026, 6, 30), milestones=[{"id": "m1", "name": "M1", "due": d(2026, 5, 29)}])
    weekly = tuple(
        make_update(d(2026, 1, 9) + dt.timedelta(weeks=i), forecasts={"m1": d(2026, 5, 29) + dt.timedelta(days=i)})
        for i in range(10)
    )
    content = Content(Portfolio.model_validate(yaml.safe_load(PORTFOLIO_YAML)), (Project("one", plan, weekly),))
    weeks = reporting_weeks(content, d(2026, 3, 16))
    assert [w.week.name for w in weeks] == [f"2026-W{n:02d}" for n in range(11, 1, -1)]  # still newest first
    # The first week has nothing before it; each later one reads the one update of the week before.
    assert read == [u.date for u in weekly[:9]]
    forecast_moves = [(m.before, m.after) for w in weeks[:2] for m in w.highlights.forecasts_moved]
    assert forecast_moves == [(d(2026, 6, 6), d(2026, 6, 7)), (d(2026, 6, 5), d(2026, 6, 6))]


@pytest.mark.parametrize("day", [dt.date(2026, 3, 27), dt.date(2026, 3, 30)])  # the Friday of the update, the Monday after
def test_a_computed_model_lets_go_of_its_content(tmp_path, day):
    """The sequences of updates remembered while the weeks are computed (`updates.forget_sequences`) are let go
    once the model is made: nothing computed holds the content after it (at 500 projects they held 400 MB, with
    the figures remembered for each update, through MkDocs' build)."""
    repo = four_weeks(tmp_path)
    data, model = make_model(repo.root / "content", day)
    newest = weakref.ref(data.content.projects[0].updates[-1])
    assert newest().date == dt.date(2026, 3, 27) and model.weeks[0].week.name == "2026-W13"
    del data, model
    gc.collect()
    assert newest() is None


def test_a_made_site_holds_nothing_of_the_content_but_its_portfolio(tmp_path):
    repo = four_weeks(tmp_path)

    def updates_alive() -> int:
        return sum(isinstance(o, Update) for o in gc.get_objects())

    gc.collect()
    before = updates_alive()
    made = make_site(repo.root / "content", dt.date(2026, 3, 30))
    # Rendering's reference cycles collected in make_site: not one of the four updates is left behind.
    assert updates_alive() == before
    assert [p.id for p in made.portfolio.programs] == ["core"] and "projects/one.md" in made.pages
