"""Git history: versions, snapshots, baselines (first version and tags), renames, shallow clones, no git."""

from __future__ import annotations

import datetime as dt
import subprocess

from reporter.compute.baseline import plan_variance
from reporter.compute.changes import content_changes
from reporter.content.loader import LoadCache, check_files
from reporter.history.repository import read_history

UTC = dt.UTC
PLAN = "content/projects/alpha/plan.yaml"


def _edit(repo, path: str, old: str, new: str) -> dict[str, str]:
    text = (repo.root / path).read_text(encoding="utf-8")
    assert old in text
    return {path: text.replace(old, new, 1)}


def _three_versions(repo):
    """v1 on Mon 5 Jan; v2 on Mon 12 Jan moves the cutover two weeks; v3 on Mon 19 Jan marks it done."""
    first = repo.commit("Plan", "2026-01-05T09:00:00+00:00", "Grace Hopper")
    second = repo.commit(
        "Move cutover", "2026-01-12T09:00:00+00:00", "Ada Byron", _edit(repo, PLAN, "due: 2026-06-19", "due: 2026-07-03")
    )
    third = repo.commit(
        "Cutover done",
        "2026-01-19T09:00:00+00:00",
        "Grace Hopper",
        _edit(repo, PLAN, "due: 2026-07-03\n", "due: 2026-07-03\n    done: 2026-01-16\n"),
    )
    return first, second, third


def test_versions_have_dates_authors_and_blobs(repo):
    first, second, third = _three_versions(repo)
    history = read_history(repo.root / "content")
    assert history.notes == []
    assert [(c.sha, c.date, c.author) for c in history.commits] == [
        (first, dt.datetime(2026, 1, 5, 9, tzinfo=UTC), "Grace Hopper"),
        (second, dt.datetime(2026, 1, 12, 9, tzinfo=UTC), "Ada Byron"),
        (third, dt.datetime(2026, 1, 19, 9, tzinfo=UTC), "Grace Hopper"),
    ]
    assert len(history.commits[0].changes) == 5  # portfolio.yaml, alpha's plan and two updates, beta's plan
    assert [(c.status, c.path) for c in history.commits[1].changes] == [("M", "projects/alpha/plan.yaml")]
    fresh = history.freshness()
    assert (fresh["alpha"].author, fresh["alpha"].sha) == ("Grace Hopper", third)
    assert (fresh["beta"].author, fresh["beta"].sha) == ("Grace Hopper", first)


def test_snapshots_give_the_content_as_of_each_moment_and_changes_between_them(repo):
    _three_versions(repo)
    history = read_history(repo.root / "content")
    moments = [dt.datetime(2026, 1, d, 23, 59, tzinfo=UTC) for d in (4, 11, 18, 25)]
    states = list(history.states_at(moments))
    assert states[0] is None  # before the first commit
    cache = LoadCache()
    snapshots = [check_files(history.files(s, "content"), cache)[0] for s in states[1:]]
    dues = [next(m.due for m in s.projects[0].plan.milestones if m.id == "cutover") for s in snapshots]
    assert dues == [dt.date(2026, 6, 19), dt.date(2026, 7, 3), dt.date(2026, 7, 3)]
    week2 = content_changes(snapshots[0], snapshots[1])["alpha"]
    assert [(m.what, m.before, m.after, m.days) for m in week2.dates_moved] == [
        ("Cutover", dt.date(2026, 6, 19), dt.date(2026, 7, 3), 14)
    ]
    assert week2.milestones_done == ()
    week3 = content_changes(snapshots[1], snapshots[2])["alpha"]
    assert (week3.dates_moved, week3.milestones_done) == ((), ("Cutover",))
    assert content_changes(snapshots[1], snapshots[2])["beta"].empty
    # Each distinct blob was parsed once: 5 files in v1, plus one new plan blob in each later version.
    assert len(cache.parsed) == 7


def test_baseline_is_the_first_committed_plan_and_variance_counts_the_slip(repo):
    first, _, _ = _three_versions(repo)
    history = read_history(repo.root / "content")
    baseline = history.baseline("alpha")
    assert (baseline.tag, baseline.sha) == ("", first)
    current, _ = check_files(history.files(history.state_of("HEAD")[0], "content"))
    old, _ = check_files(history.files(history.state_of(first)[0], "content"))
    variance = plan_variance(old.projects[0].plan, current.projects[0].plan)
    assert [(d.id, d.baseline, d.current, d.slip_days) for d in variance.dates] == [
        ("finish", dt.date(2026, 6, 26), dt.date(2026, 6, 26), 0),
        ("design", dt.date(2026, 2, 27), dt.date(2026, 2, 27), 0),
        ("cutover", dt.date(2026, 6, 19), dt.date(2026, 7, 3), 14),
    ]


def test_the_forecast_slip_is_against_the_baseline_due_date(repo):
    first, second, _ = _three_versions(repo)
    history = read_history(repo.root / "content")
    plans = {}
    for sha in (first, second, "HEAD"):
        content, _ = check_files(history.files(history.state_of(sha)[0], "content"))
        plans[sha] = content.projects[0].plan
    # v1: design due 2026-02-27, done 2026-03-06; cutover due 2026-06-19. The plan keeps its dates, the
    # newest update forecasts the cutover two weeks late.
    variance = plan_variance(plans[first], plans[first], {"cutover": dt.date(2026, 7, 3)})
    assert [(d.id, d.slip_days, d.forecast, d.forecast_slip_days) for d in variance.dates] == [
        ("finish", 0, None, None),
        ("design", 0, dt.date(2026, 3, 6), 7),  # done: its done date, a week after the baseline's due date
        ("cutover", 0, dt.date(2026, 7, 3), 14),  # the due date did not move, the forecast is 14 days later
    ]
    # v2 moves the cutover to 2026-07-03: without a forecast it is expected on its new due date
    moved = plan_variance(plans[first], plans[second])
    assert [(d.id, d.slip_days, d.forecast_slip_days) for d in moved.dates][2] == ("cutover", 14, 14)
    # v3: the cutover is done 2026-01-16, so a stale forecast no longer counts: 154 days before 2026-06-19
    done = plan_variance(plans[first], plans["HEAD"], {"cutover": dt.date(2026, 8, 1)})
    assert [(d.id, d.forecast, d.forecast_slip_days) for d in done.dates][2] == ("cutover", dt.date(2026, 1, 16), -154)


def test_the_newest_baseline_tag_wins_and_a_plan_may_name_another(repo):
    first, second, _ = _three_versions(repo)
    repo.git("tag", "baseline/alpha/original", first)
    repo.git("tag", "baseline/alpha/replan", second)
    repo.git("tag", "baseline/beta", first)
    history = read_history(repo.root / "content")
    assert [(b.tag, b.name, b.sha) for b in history.baseline_tags()["alpha"]] == [
        ("baseline/alpha/replan", "replan", second),
        ("baseline/alpha/original", "original", first),
    ]
    assert [(b.tag, b.name, b.sha) for b in history.baseline_tags()["beta"]] == [("baseline/beta", "", first)]
    assert history.baseline("alpha").sha == second
    assert history.baseline("alpha", "original").sha == first
    assert history.baseline("alpha", "no-such-name") is None


def test_a_renamed_project_keeps_its_first_version_as_baseline(repo):
    first = repo.commit("Plan", "2026-01-05T09:00:00+00:00")
    repo.git("mv", "content/projects/alpha", "content/projects/alpha-platform")
    renamed = repo.commit("Rename", "2026-01-12T09:00:00+00:00")
    history = read_history(repo.root / "content")
    assert [(c.status, c.old_path, c.path) for c in history.commits[1].changes if c.path.endswith("plan.yaml")] == [
        ("R", "projects/alpha/plan.yaml", "projects/alpha-platform/plan.yaml")
    ]
    assert history.baseline("alpha-platform").sha == first
    assert history.freshness()["alpha-platform"].sha == renamed


def test_a_shallow_clone_says_what_it_lacks(repo, tmp_path):
    _three_versions(repo)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True, capture_output=True)
    history = read_history(clone / "content")
    assert history.shallow
    assert len(history.commits) == 1
    assert history.notes == [
        "this is a shallow clone: history starts at 2026-01-19, so older baselines, trends and changes are "
        "missing; fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
    ]


def test_no_git_detached_head_and_uncommitted_changes(repo, tmp_path):
    import shutil

    plain = tmp_path / "plain"
    shutil.copytree(repo.root / "content", plain / "content")
    history = read_history(plain / "content")
    assert not history.available
    assert history.notes == [
        "content/ is not in a git repository: no baselines, trends or changes since last week; commit it to git to get them"
    ]
    first, second, _ = _three_versions(repo)
    repo.git("checkout", "-q", second)
    repo.write({"content/projects/beta/updates/2026-01-16.yaml": "date: 2026-01-16\n"})
    history = read_history(repo.root / "content")
    assert [c.sha for c in history.commits] == [first, second]
    assert history.notes == [
        f"HEAD is detached at {second[:8]}: history is read up to that commit",
        "content/ has uncommitted changes: they count as the current week",
    ]


def test_the_parse_store_on_disk_makes_a_warm_rebuild_parse_nothing(repo, tmp_path):
    from reporter.content.parsecache import SourceStore

    _three_versions(repo)
    history = read_history(repo.root / "content")
    states = [s for s in history.states_at([c.date for c in history.commits])]
    path = tmp_path / "cache/parsed.json"
    cold = SourceStore(path)
    cold_contents = [check_files(history.files(s, "content", cold))[0] for s in states]
    assert (cold.hits, cold.misses) == (8, 7)  # 15 file versions read across 3 snapshots, 7 distinct blobs
    cold.save()
    warm = SourceStore(path)
    warm_contents = [check_files(history.files(s, "content", warm))[0] for s in states]
    assert (warm.hits, warm.misses) == (15, 0)
    assert warm_contents == cold_contents
    before = path.read_bytes()
    warm.save()
    assert path.read_bytes() == before  # nothing new parsed: nothing written
    assert len(before.splitlines()) == 1 + 7  # the header, then one line per distinct blob
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][: len(lines[-1]) // 2])  # an interrupted append
    damaged = SourceStore(path)
    assert len(damaged) == 6  # the damaged line is skipped, the others kept
    again = [check_files(history.files(s, "content", damaged))[0] for s in states]
    assert again == cold_contents and damaged.misses == 1  # only the blob of the damaged line is parsed again
    damaged.save()
    assert len(SourceStore(path)) == 7  # appended after the damaged line, on a line of its own
    path.write_text('{"format": 2, "blobs": [not json')
    assert len(SourceStore(path)) == 0  # a file that is not a store is ignored, not trusted


def test_weekly_snapshots_follow_added_edited_and_removed_updates(repo):
    """Snapshots reuse the previous week's project only when updates were just added; an edit or a
    removal of an older update is seen in the week it was made."""
    from reporter.content.parsecache import SourceStore
    from reporter.history.gather import load_weeks

    updates = "content/projects/alpha/updates"
    repo.commit("Plan", "2026-03-06T17:00:00+00:00")  # week 10: updates of 03-06 and 03-13... both there
    repo.commit("Remove", "2026-03-13T17:00:00+00:00", files={f"{updates}/2026-03-13.yaml": None})  # week 11
    repo.commit(
        "Add back",
        "2026-03-20T17:00:00+00:00",
        files={f"{updates}/2026-03-20.yaml": "date: 2026-03-20\nauthor: G\nstatus: red\nsummary: Late.\n"},
    )  # week 12
    repo.commit(
        "Fix an old update",
        "2026-03-27T17:00:00+00:00",
        files=_edit(repo, f"{updates}/2026-03-06.yaml", "status: green", "status: amber"),
    )  # week 13
    history = read_history(repo.root / "content")
    weeks = load_weeks(history, dt.date(2026, 3, 29), SourceStore())
    alpha = [[(u.date.isoformat(), u.status.value) for u in w.content.projects[0].updates] for w in weeks]
    assert [w.name for w in weeks] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    assert alpha == [
        [("2026-03-06", "green"), ("2026-03-13", "amber")],
        [("2026-03-06", "green")],
        [("2026-03-06", "green"), ("2026-03-20", "red")],
        [("2026-03-06", "amber"), ("2026-03-20", "red")],
    ]


def test_the_parse_store_lives_in_the_git_folder_and_distrusts_odd_entries(repo):
    import json

    from reporter.content.parsecache import _HEADER, SourceStore
    from reporter.history.gather import gather, store_path

    _three_versions(repo)
    history = read_history(repo.root / "content")
    path = store_path(history)
    assert path == repo.root / ".git/reporter/parsed.jsonl"  # never in the work tree, never committed
    portfolio_blob = history.state_of("HEAD")[0].blob("portfolio.yaml")
    path.parent.mkdir(parents=True)
    # An entry of the wrong shape for a real blob is parsed afresh, not believed.
    path.write_text(_HEADER + "\n" + json.dumps([portfolio_blob, {"data": {"organisation": "Forged"}}]) + "\n")
    site = gather(repo.root / "content", dt.date(2026, 1, 23))
    assert site.content.portfolio.organisation == "Example Org"
    store = SourceStore(path)
    assert store.entry(portfolio_blob)["data"]["organisation"] == "Example Org"  # replaced by the real parse
