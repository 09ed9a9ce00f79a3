"""Real histories: several updates on one day, updates checked against the plan of their time, renamed projects.

Every case is a real git repository (fixed dates and authors) gathered and rendered as a build does.
2026-03-02 is a Monday; the default rules (1 overdue milestone amber, 2 red).
"""

from __future__ import annotations

import datetime as dt

import pytest

from reporter.compute.site_model import site_model
from reporter.content.loader import check_content
from reporter.history.gather import gather
from reporter.render.pages import PageRenderer

from conftest import GitRepo

D = dt.date
PORTFOLIO = "organisation: Example Org\ntitle: Example status\nprograms:\n  - id: core\n    name: Core\n"
# Build days: the Friday of the last update, the Saturday after, the Monday and the Wednesday of the next week.
BUILD_DAYS = [D(2026, 3, 13), D(2026, 3, 14), D(2026, 3, 16), D(2026, 3, 18)]


def plan(name: str, milestones: str = "") -> str:
    text = f"name: {name}\nprogram: core\nowner: Olga\nstart: 2026-03-02\nfinish: 2026-06-30\n"
    return text + (f"milestones:\n{milestones}" if milestones else "")


def update(day: str, status: str, summary: str = "Work goes on.", extra: str = "") -> str:
    return f'date: {day}\nauthor: Olga\nstatus: {status}\nsummary: "{summary}"\n{extra}'


def shown(problems) -> list[str]:
    """Problems as printed, from the content folder on."""
    return ["content/" + str(p).split("/content/", 1)[1] for p in problems]


def render(repo: GitRepo, today: dt.date) -> tuple[object, dict[str, str]]:
    model = site_model(gather(repo.root / "content", today))
    return model, PageRenderer().render(model)


# --- several updates on one day ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def same_day(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("same-day") / "repo")
    repo.commit(
        "W11", "2026-03-13T09:00:00+00:00",
        files={
            "content/portfolio.yaml": PORTFOLIO,
            "content/projects/gamma/plan.yaml": plan("Gamma"),
            "content/projects/gamma/updates/2026-03-06.yaml": update("2026-03-06", "green"),
            "content/projects/gamma/updates/2026-03-13.yaml": update("2026-03-13", "green", "Morning: all well."),
        },
    )  # fmt: skip
    # The afternoon's second update of the day, merged on Monday: it belongs to Friday's week.
    repo.commit(
        "W11 afternoon", "2026-03-16T08:00:00+00:00",
        files={"content/projects/gamma/updates/2026-03-13-2.yaml": update("2026-03-13", "red", "Afternoon: vendor failed.")},
    )  # fmt: skip
    return repo


@pytest.mark.parametrize("today", BUILD_DAYS[2:])
def test_the_days_last_update_is_the_status_and_each_has_its_own_anchor(same_day, today):
    model, pages = render(same_day, today)
    gamma = next(p for p in model.content.projects if p.id == "gamma")
    assert [(u.date, u.sequence, u.status.value) for u in gamma.updates] == [
        (D(2026, 3, 6), 1, "green"),
        (D(2026, 3, 13), 1, "green"),
        (D(2026, 3, 13), 2, "red"),
    ]
    figures = next(f for f in model.report.projects if f.id == "gamma")
    assert figures.reported.value == "red"  # the afternoon's update, the day's last
    week = pages["weeks/2026-W11.md"]
    assert "{ #u-gamma-2026-03-13 }" in week and "{ #u-gamma-2026-03-13-2 }" in week
    assert week.index("Morning: all well.") < week.index("Afternoon: vendor failed.")


def test_a_second_update_committed_late_is_in_its_own_week(same_day):
    # Built on Monday: the W11 snapshot (cut at Sunday 03-15) gets the -2 file committed on 03-16.
    model, _ = render(same_day, D(2026, 3, 16))
    w11 = next(w for w in model.weeks if w.week.name == "2026-W11")
    assert [(p.id, u.sequence) for p, u in w11.entries] == [("gamma", 1), ("gamma", 2)]


def test_update_file_names_for_several_a_day(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write(
        {
            "content/portfolio.yaml": PORTFOLIO,
            "content/projects/gamma/plan.yaml": plan("Gamma"),
            "content/projects/gamma/updates/2026-03-13.yaml": update("2026-03-13", "green"),
            "content/projects/gamma/updates/2026-03-13-1.yaml": update("2026-03-13", "green"),
            "content/projects/gamma/updates/2026-03-13-3.yaml": update("2026-03-12", "green"),
        }
    )
    _, problems = check_content(repo.root / "content")
    assert shown(problems) == [
        "content/projects/gamma/updates/2026-03-13-1.yaml:1:1: an update's file name must be its date, YYYY-MM-DD.yaml "
        "(YYYY-MM-DD-2.yaml for a second one that day)",
        "content/projects/gamma/updates/2026-03-13-3.yaml:1:7: date: 2026-03-12 does not match the file name "
        "2026-03-13-3.yaml; rename one of them",
    ]


# --- each update checked against the plan of its time -------------------------------------------------

PILOT = "  - id: pilot\n    name: Pilot\n    due: 2026-03-20\n"
LIVE = "  - id: live\n    name: Live\n    due: 2026-06-30\n"


@pytest.fixture(scope="module")
def dropped(tmp_path_factory) -> GitRepo:
    """W10: the plan has milestones pilot and live; the update of 03-06 forecasts the pilot. W11: the plan
    drops the pilot; the update of 03-13 forecasts only live."""
    repo = GitRepo(tmp_path_factory.mktemp("dropped") / "repo")
    repo.commit(
        "W10", "2026-03-06T17:00:00+00:00",
        files={
            "content/portfolio.yaml": PORTFOLIO,
            "content/projects/gamma/plan.yaml": plan("Gamma", PILOT + LIVE),
            "content/projects/gamma/updates/2026-03-06.yaml": update(
                "2026-03-06", "green", extra="forecasts:\n  pilot: 2026-03-27\n"
            ),
        },
    )  # fmt: skip
    repo.commit(
        "W11", "2026-03-13T17:00:00+00:00",
        files={
            "content/projects/gamma/plan.yaml": plan("Gamma", LIVE),
            "content/projects/gamma/updates/2026-03-13.yaml": update(
                "2026-03-13", "green", extra="forecasts:\n  live: 2026-06-30\n"
            ),
        },
    )  # fmt: skip
    return repo


def test_a_milestone_a_later_plan_dropped_is_no_error_in_an_older_update(dropped):
    content, problems = check_content(dropped.root / "content")
    assert problems == [] and content is not None


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_the_history_keeps_every_week_after_a_plan_drops_a_milestone(dropped, today):
    model, pages = render(dropped, today)
    assert [w.week.name for w in model.weeks] == ["2026-W11", "2026-W10"]
    assert all(w.entries for w in model.weeks)  # W11's snapshot loaded too: both weeks have their update
    assert "{ #u-gamma-2026-03-06 }" in pages["weeks/2026-W10.md"]


def test_the_newest_update_must_still_name_milestones_of_todays_plan(dropped, tmp_path):
    newest = dropped.root / "content/projects/gamma/updates/2026-03-13.yaml"
    original = newest.read_text(encoding="utf-8")
    try:
        newest.write_text(original.replace("live: 2026-06-30", "pilot: 2026-03-27"), encoding="utf-8")
        _, problems = check_content(dropped.root / "content")
        assert shown(problems) == [
            "content/projects/gamma/updates/2026-03-13.yaml:6:3: forecasts.pilot: 'pilot' is not a milestone of this plan"
        ]
    finally:
        newest.write_text(original, encoding="utf-8")


# --- a renamed project ----------------------------------------------------------------------------------

# Gamma: one milestone, due Fri 2026-03-20 (Mar 2..20, 15 working days), no tasks.
GATE = "  - id: gate\n    name: Gate\n    due: 2026-03-20\n"


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> GitRepo:
    """W10: projects/gamma with its update of 03-06. W11: the folder moved to projects/gamma-platform with
    `git mv`, and its plan renamed in the same commit; then its update of 03-13."""
    repo = GitRepo(tmp_path_factory.mktemp("renamed") / "repo")
    repo.commit(
        "W10", "2026-03-06T17:00:00+00:00",
        files={
            "content/portfolio.yaml": PORTFOLIO,
            "content/projects/gamma/plan.yaml": plan("Gamma", GATE),
            "content/projects/gamma/updates/2026-03-06.yaml": update("2026-03-06", "green", "Week ten."),
        },
    )  # fmt: skip
    repo.git("mv", "content/projects/gamma", "content/projects/gamma-platform")
    repo.commit(
        "Rename", "2026-03-09T09:00:00+00:00", files={"content/projects/gamma-platform/plan.yaml": plan("Gamma platform", GATE)}
    )
    repo.commit(
        "W11", "2026-03-13T17:00:00+00:00",
        files={"content/projects/gamma-platform/updates/2026-03-13.yaml": update("2026-03-13", "amber", "Week eleven.")},
    )  # fmt: skip
    return repo


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_a_renamed_project_is_one_project_across_its_ids(renamed, today):
    model, pages = render(renamed, today)
    assert [p.id for p in model.content.projects] == ["gamma-platform"]
    trend = model.histories["gamma-platform"].trend
    # The trend runs through the rename: W10 (under the old id then), W11 (and W12 on a build day in it).
    # At the end of W10, status date 03-06: 5 of the gate's 15 working days planned, nothing reached.
    weeks = [("2026-W10", "green"), ("2026-W11", "amber")] + ([("2026-W12", "amber")] if today >= D(2026, 3, 16) else [])
    assert [(p.week, p.reported.value) for p in trend] == weeks
    assert [p.planned_percent for p in trend][0] * 15 == 500
    week10 = pages["weeks/2026-W10.md"]
    assert "(../projects/gamma-platform.md)" in week10 and "projects/gamma.md" not in week10
    assert "{ #u-gamma-platform-2026-03-06 }" in week10
    assert "projects/gamma.md" not in pages
    # Not a new project since last week: the same project, its name changed
    changes = model.histories["gamma-platform"].changes
    assert changes is None or not changes.new_project


def test_renames_are_read_from_history_in_order(renamed):
    from reporter.history.repository import current_id, read_history

    history = read_history(renamed.root / "content")
    renames = history.renames()
    assert [(r.date.date(), r.old, r.new) for r in renames] == [(D(2026, 3, 9), "gamma", "gamma-platform")]
    end_w10 = dt.datetime(2026, 3, 8, 23, 59, tzinfo=dt.UTC)
    assert current_id(renames, "gamma", end_w10) == "gamma-platform"
    assert current_id(renames, "gamma", dt.datetime(2026, 3, 9, 12, tzinfo=dt.UTC)) == "gamma"  # after it: an id of its own
