"""Trend points computed in parts at once (`reporter.site.workers`): the same points, in the same order, as the
serial path gives, on real portfolios and on any build day; an error raised as the serial path raises it;
and the workers' processes ended whatever happens (a part that fails, a child that dies, Ctrl-C)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sys
import time
from decimal import Decimal, InvalidOperation

import pytest

from reporter.compute.site_model import site_model
from reporter.compute.trends import _by_project, project_trends
from reporter.content.models import Content, Project, Task
from reporter.history.gather import gather
from reporter.render.cache import ConvertedStore
from reporter.site.workers import MAX_WAYS, MIN_ITEMS, ForkedWorkers, WorkerFailed, cores

from builders import PORTFOLIO, make_plan, make_task, make_update
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import history_benchmark  # noqa: E402
import shapes_portfolio  # noqa: E402

pytestmark = pytest.mark.usefixtures("only_this_thread")  # forks only where no other thread runs

EVERYWHERE = ForkedWorkers(min_items=1)  # in parts however few the points, so that small portfolios fork too
# history_benchmark's 8 projects x 30 weekly updates (Fridays from 2024-12-06), a replan in weeks 12 and 25.
LAST_FRIDAY = history_benchmark.START + dt.timedelta(days=7 * 29 + 4)  # 2025-06-27
SHAPES_LAST = dt.date(2021, 12, 3)  # shapes_portfolio's last commit, a Friday


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic") / "repo"
    history_benchmark.generate(root, 8, 30, 60)
    return root / "content"


@pytest.fixture(scope="module")
def shaped(tmp_path_factory):
    root = tmp_path_factory.mktemp("shapes") / "repo"
    shapes_portfolio.generate(root, 24, 2)
    return root / "content"


def snapshots_of(data):
    return [(w.name, w.cutoff, w.content.as_of(w.cutoff) if w.content else None) for w in data.weeks]


class Counted(ForkedWorkers):
    """ForkedWorkers that note how many parts each map was given (the parts still run in real processes)."""

    def __init__(self) -> None:
        super().__init__(min_items=1)
        self.parts: list[int] = []

    def map(self, compute, parts):
        self.parts.append(len(parts))
        return super().map(compute, parts)


# The Friday of the last update, the Saturday and the Monday after it, and the Wednesday after that.
DAYS = [LAST_FRIDAY, LAST_FRIDAY + dt.timedelta(days=1), LAST_FRIDAY + dt.timedelta(days=3), LAST_FRIDAY + dt.timedelta(days=5)]


@pytest.mark.parametrize("day", DAYS)
def test_points_computed_in_parts_are_the_serial_points_in_the_same_order(synthetic, day):
    snapshots = snapshots_of(gather(synthetic, day))
    serial = project_trends(snapshots)
    workers = Counted()
    parallel = project_trends(snapshots, workers=workers)
    assert workers.parts == [min(cores(), MAX_WAYS)]  # split, one part per core
    assert repr(parallel) == repr(serial)  # every Decimal's digits, every date, in the same order
    assert list(parallel) == [f"p{i:03d}" for i in range(8)]
    # 30 weeks of updates, and the week of the build day when it is after the last: 8 x 30 or 8 x 31 points.
    weeks = 30 if day.isocalendar()[1] == LAST_FRIDAY.isocalendar()[1] else 31
    assert sum(map(len, parallel.values())) == 8 * weeks
    assert parallel["p003"][-1].percent_complete == serial["p003"][-1].percent_complete != Decimal(0)


def test_points_in_parts_are_remembered_as_the_serial_ones(synthetic):
    snapshots = snapshots_of(gather(synthetic, LAST_FRIDAY))
    serial, parallel = ConvertedStore(None, "trends"), ConvertedStore(None, "trends")
    assert repr(project_trends(snapshots, serial)) == repr(project_trends(snapshots, parallel, EVERYWHERE))
    assert parallel.entries == serial.entries and parallel.added == serial.added == 8 * 30
    # A second build with the store: every point found, nothing to compute, no process started.
    workers = Counted()
    project_trends(snapshots, parallel, workers)
    assert (parallel.hits, workers.parts) == (8 * 30, [])


@pytest.mark.parametrize("day", [SHAPES_LAST, SHAPES_LAST + dt.timedelta(days=2), SHAPES_LAST + dt.timedelta(days=4)])
def test_the_site_model_in_parts_is_the_serial_one_on_every_plan_shape(shaped, day):
    # Plans without tasks, done plans, proposals, renamed projects, dropped milestones (benchmarks/shapes_portfolio).
    data = gather(shaped, day)
    serial, parallel = site_model(data), site_model(data, None, EVERYWHERE)
    assert repr({p: h.trend for p, h in parallel.histories.items()}) == repr({p: h.trend for p, h in serial.histories.items()})
    assert parallel.week_colours == serial.week_colours
    assert [w.name for w in parallel.weeks] == [w.name for w in serial.weeks]


def test_a_portfolio_is_split_only_when_it_pays():
    workers = ForkedWorkers()
    assert (workers.ways(0), workers.ways(MIN_ITEMS - 1)) == (1, 1)
    assert workers.ways(MIN_ITEMS) == min(cores(), MAX_WAYS)
    assert ForkedWorkers(max_ways=1).ways(10**6) == 1


def test_each_project_is_in_one_part_the_biggest_first():
    # Tasks in week order: a (3 points), b (2), c (1), d (2). The biggest first, each into the smaller part:
    # a -> part 1 (3), b -> part 2 (2), d -> part 2 (4), c -> part 1 (4); each part in the tasks' order.
    plan = make_plan(dt.date(2026, 1, 5), dt.date(2026, 3, 27))
    a, b, c, d = (Project(name, plan) for name in "abcd")
    tasks = [(p, PORTFOLIO, "w", dt.date(2026, 1, 9)) for p in (a, b, c, d, a, b, d, a)]
    assert _by_project(tasks, 2) == [[0, 2, 4, 7], [1, 3, 5, 6]]
    assert _by_project(tasks[:1], 2) == [[0]]  # no empty part


def _broken_content() -> list[tuple[str, dt.date, Content]]:
    """Two weeks of three projects; beta's plan has a task whose progress no Decimal can read (a record made
    past validation: nothing `reporter validate` accepts does this), so its figures raise InvalidOperation."""
    start, finish = dt.date(2026, 1, 5), dt.date(2026, 3, 27)
    good = make_plan(start, finish, tasks=[make_task("t", start, finish, effort=10)])
    bad_task = Task.model_construct(id="t", name="t", start=start, finish=finish, effort=None, progress="half", done=None)
    bad = good.model_copy(update={"tasks": [bad_task]})
    updates = (make_update(dt.date(2026, 1, 9), progress={"t": 20}),)
    projects = (Project("alpha", good, updates), Project("beta", bad, updates), Project("gamma", good, updates))
    content = Content(PORTFOLIO, projects)
    return [("2026-W02", dt.date(2026, 1, 11), content), ("2026-W03", dt.date(2026, 1, 18), content)]


def test_an_error_in_a_part_is_raised_as_the_serial_path_raises_it():
    weeks = _broken_content()
    with pytest.raises(InvalidOperation) as serial:
        project_trends(weeks)
    with pytest.raises(InvalidOperation) as parallel:
        project_trends(weeks, workers=EVERYWHERE)
    assert repr(parallel.value) == repr(serial.value)
    assert multiprocessing.active_children() == []


class Dying(ForkedWorkers):
    """ForkedWorkers whose children die before they send their results (as if killed)."""

    def __init__(self) -> None:
        super().__init__(min_items=1)

    def map(self, compute, parts):
        parent = os.getpid()
        return super().map(lambda part: compute(part) if os.getpid() == parent else os._exit(3), parts)


def test_a_worker_that_dies_leaves_the_points_as_the_serial_path_gives_them(synthetic):
    snapshots = snapshots_of(gather(synthetic, LAST_FRIDAY))
    assert repr(project_trends(snapshots, workers=Dying())) == repr(project_trends(snapshots))
    with pytest.raises(WorkerFailed, match="ended without its results \\(exit code 3\\)"):
        Dying().map(_squares, [[1], [2]])
    assert multiprocessing.active_children() == []


def _squares(part):
    return [n * n for n in part], os.getpid()


def _fails_in_part_two(part):
    if part == [2]:
        raise ValueError("part 2 cannot be done")
    return part


def test_parts_come_back_in_order_from_other_processes():
    results = ForkedWorkers().map(_squares, [[1, 2], [3], [4, 5, 6]])
    assert [squares for squares, _ in results] == [[1, 4], [9], [16, 25, 36]]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid() and len(set(pids)) == 3  # the first part here, each other in a child
    assert multiprocessing.active_children() == []


def test_a_part_that_fails_in_a_child_is_reported():
    with pytest.raises(WorkerFailed, match="a worker process failed: ValueError: part 2 cannot be done"):
        ForkedWorkers().map(_fails_in_part_two, [[1], [2], [3]])
    assert multiprocessing.active_children() == []


def _unsendable_in_a_child(part):
    parent = part[0]
    return part if os.getpid() == parent else (lambda: part)  # a function made here does not pickle


def test_results_that_do_not_pickle_are_reported_without_a_traceback(capfd):
    with pytest.raises(WorkerFailed, match="a worker process failed: its results could not be sent: "):
        ForkedWorkers().map(_unsendable_in_a_child, [[os.getpid()], [os.getpid()]])
    assert multiprocessing.active_children() == []
    assert "Traceback" not in capfd.readouterr().err


def _interrupted_here_while_the_child_works(part):
    if part == ["child"]:
        time.sleep(60)
        return part
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, while the parent computes its own part
    time.sleep(5)
    return part


def test_ctrl_c_ends_the_children():
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        ForkedWorkers().map(_interrupted_here_while_the_child_works, [["here"], ["child"]])
    assert multiprocessing.active_children() == []  # the child, a minute from done, was ended and waited for
    assert time.monotonic() - began < 30


def test_no_process_is_forked_while_other_threads_run():
    import threading

    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # as `mkdocs serve` runs its server beside the build
    server.start()
    try:
        assert ForkedWorkers().ways(10**6) == 1
    finally:
        stop.set()
        server.join()
    assert ForkedWorkers().ways(10**6) == min(cores(), MAX_WAYS)
