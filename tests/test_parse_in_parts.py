"""A cold build's YAML parsed in parts at once (`reporter.site.workers`): the parse store holds the same
entries, saves the same file and gives the same problems at the same places as the serial path, and the
snapshots of every week are the same, on any build day; a committed file YAML cannot read stops nothing."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest

from reporter.content.loader import check_files
from reporter.content.parsecache import SourceStore
from reporter.history.gather import _parts, gather, parse_history
from reporter.history.repository import read_history
from reporter.site.workers import ForkedWorkers, WorkerFailed, cores

from builders import PORTFOLIO_YAML, plan_yaml, update_yaml
from conftest import GitRepo

pytestmark = pytest.mark.usefixtures("only_this_thread")  # forks only where no other thread runs

C = "content/projects"
# An update whose quoted summary is never closed: the quote opens at line 3, column 10.
UNCLOSED = "date: 2026-03-13\nauthor: Olga\nsummary: 'open\nstatus: green\n"
# A plan with `owner` twice (a problem that does not stop the parse) and a budget of 165.000 (a warning).
DOUBLED = plan_yaml("Beta").replace("owner: Olga\n", "owner: Olga\nowner: Ivan\nbudget: 165.000\n")


class Counted(ForkedWorkers):
    """ForkedWorkers in parts however few the blobs, noting how many parts each map was given (in real processes)."""

    def __init__(self) -> None:
        super().__init__(min_items=1)
        self.parts: list[int] = []

    def map(self, compute, parts):
        self.parts.append(len(parts))
        return super().map(compute, parts)


class Failing(ForkedWorkers):
    """Workers whose every map fails, as when a child is killed."""

    def __init__(self) -> None:
        super().__init__(min_items=1)

    def map(self, compute, parts):
        raise WorkerFailed("a worker process ended without its results (exit code 9)")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """Three projects, an update each Friday 2026-03-06 to 2026-04-03 (5 weeks): in week 2 alpha's update is
    committed unreadable and fixed in week 3, beta's plan has a doubled key in week 2, fixed in week 3."""
    git = GitRepo(tmp_path_factory.mktemp("parts") / "repo")
    for week in range(5):
        day = dt.date(2026, 3, 6) + dt.timedelta(days=7 * week)
        files: dict[str, str | None] = {"content/portfolio.yaml": PORTFOLIO_YAML} if week == 0 else {}
        for project in ("alpha", "beta", "gamma"):
            if week == 0:
                files[f"{C}/{project}/plan.yaml"] = plan_yaml(project.title())
            files[f"{C}/{project}/updates/{day}.yaml"] = update_yaml(str(day), f"{project} week {week + 1}")
        if week == 1:
            files[f"{C}/alpha/updates/{day}.yaml"] = UNCLOSED
            files[f"{C}/beta/plan.yaml"] = DOUBLED
        if week == 2:
            files[f"{C}/alpha/updates/2026-03-13.yaml"] = update_yaml("2026-03-13", "alpha week 2, fixed")
            files[f"{C}/beta/plan.yaml"] = plan_yaml("Beta") + "budget: 165000\n"
        git.commit(f"week {week + 1}", f"{day}T16:00:00+00:00", files=files)
    return git.root


def stores_of(root, day, workers):
    """The parse store of the whole history by `day`, filled serially (workers None) or with `workers`, and saved."""
    history = read_history(root / "content")
    path = root.parent / f"parsed-{id(workers)}-{day}.jsonl"
    store = SourceStore(path)
    parse_history(history, day, store, workers)
    store.save()
    return store, path.read_bytes()


def entries(store):
    """The store's entries in the order it holds them: [(blob, entry)]."""
    return [(blob, store.entry(blob)) for blob in store]


# The Friday of the last update, the Saturday and the Monday after it, and the Wednesday of the week before.
DAYS = [dt.date(2026, 4, 3), dt.date(2026, 4, 4), dt.date(2026, 4, 6), dt.date(2026, 4, 1)]


@pytest.mark.parametrize("day", DAYS)
def test_blobs_parsed_in_parts_are_the_serial_entries_in_the_same_order(repo, day):
    serial, serial_file = stores_of(repo, day, None)
    workers = Counted()
    parallel, parallel_file = stores_of(repo, day, workers)
    assert workers.parts == [min(cores(), 4)]  # split, one part per core
    # portfolio + 3 plans + 15 updates in 5 weeks, + beta's doubled and fixed plans, + alpha's fixed update
    # of week 2: 1 + 3 + 15 + 2 + 1 = 22 blobs; by Wednesday 2026-04-01 week 5 is not committed: 22 - 3 = 19.
    assert len(serial) == (19 if day == dt.date(2026, 4, 1) else 22)
    assert entries(parallel) == entries(serial) and parallel_file == serial_file
    assert parallel.misses == serial.misses == len(serial)
    assert multiprocessing.active_children() == []


def test_each_entry_is_what_the_store_keeps_when_it_parses_a_file_itself(repo):
    # The serial path before parts: each blob through `SourceStore.source`, which parses, keeps and raises.
    history = read_history(repo / "content")
    parallel, _ = stores_of(repo, DAYS[0], Counted())
    raws = history.read_blobs(parallel)
    one_by_one = SourceStore()
    for blob, raw in raws.items():
        try:
            one_by_one.source(blob, lambda raw=raw: raw)
        except Exception:  # noqa: BLE001, S112 - the unreadable update: kept as its problem, like the others
            continue
    assert entries(one_by_one) == entries(parallel)


def _problems(repo, day, workers):
    history = read_history(repo / "content")
    store = SourceStore()
    parse_history(history, day, store, workers)
    state = history.state_at(dt.datetime.combine(day, dt.time.max, dt.UTC))
    _, problems = check_files(history.files(state, "content", store))
    return [str(p) for p in problems]


def test_problems_come_out_at_the_same_places_in_parts(repo):
    # Week 2's state (Sunday 2026-03-15): alpha's unclosed quote, beta's doubled owner and its 165.000.
    serial = _problems(repo, dt.date(2026, 3, 15), None)
    assert serial == _problems(repo, dt.date(2026, 3, 15), Counted())
    assert [p.split(": ", 1)[0] for p in serial] == [
        "content/projects/alpha/updates/2026-03-13.yaml:3:10",  # where the quote opens: line 3, column 10
        "content/projects/beta/plan.yaml:4:1",  # the second owner, on line 4 (name, program, owner, owner)
        "content/projects/beta/plan.yaml:5:9",  # 165.000 after "budget: " (8 characters): column 9
    ]
    assert "while scanning a quoted scalar started here" in serial[0]


@pytest.mark.parametrize("day", DAYS)
def test_gather_in_parts_gives_the_serial_weeks_and_the_bad_week_stops_nothing(repo, day):
    serial = gather(repo / "content", day, store=SourceStore())
    parallel = gather(repo / "content", day, store=SourceStore(), workers=Counted())
    assert repr(parallel.weeks) == repr(serial.weeks) and repr(parallel.content) == repr(serial.content)
    # Week 2 (to 2026-03-15) has the unreadable update: no valid content; the others have theirs.
    assert [(w.name, w.content is not None) for w in parallel.weeks][:3] == [
        ("2026-W10", True),
        ("2026-W11", False),
        ("2026-W12", True),
    ]


def test_a_failed_worker_leaves_the_serial_entries(repo):
    serial, serial_file = stores_of(repo, DAYS[0], None)
    failed, failed_file = stores_of(repo, DAYS[0], Failing())
    assert entries(failed) == entries(serial) and failed_file == serial_file


def test_few_blobs_are_parsed_here_and_a_warm_build_parses_none(repo):
    history = read_history(repo / "content")
    store = SourceStore()
    parse_history(history, DAYS[0], store, ForkedWorkers())  # 22 blobs, fewer than MIN_ITEMS: no process
    assert len(store) == 22 and multiprocessing.active_children() == []
    workers = Counted()
    parse_history(history, DAYS[0], store, workers)
    assert (workers.parts, store.misses) == ([], 22)  # nothing left to parse, nothing split


def test_parts_are_runs_in_order_of_about_as_many_bytes():
    # Sizes 40, 10, 10, 20, 20 (100 bytes) in 2 ways: a blob goes to part (bytes before it) * 2 // 100:
    # 0, 40, 50, 60, 80 before -> parts 0, 0, 1, 1, 1: 50 bytes each.
    raws = [(name, b"x" * size) for name, size in zip("abcde", (40, 10, 10, 20, 20), strict=True)]
    assert [[len(r) for r in part] for part in _parts(raws, 2)] == [[40, 10], [10, 20, 20]]
    assert _parts(raws[:1], 2) == [[b"x" * 40]]  # no empty part
