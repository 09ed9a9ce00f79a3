"""Work spread over this machine's cores: parts computed at once in forked processes and in this one.

`ForkedWorkers` is what the pipeline hands `compute.trends.project_trends`, so that a large portfolio's trend
points (about 50,000 for 500 projects and two years of weeks, none remembered on a clean clone) take both cores
of a CI runner; compute itself starts no process. A child is forked after the content is gathered, so it
shares the parent's memory (copied only where it writes) and is handed nothing: its part is already there.
It sends back only its results, pickled into a pipe as the parent unpickles them. Below `MIN_ITEMS` items, or
where processes cannot be forked, the work is done here, serially, as it would be without workers; so it is
while other threads run.

A child ignores Ctrl-C: the parent, interrupted, ends its children (SIGTERM) and waits for them, so none is
left behind. A part that fails in a child raises `WorkerFailed` here; its caller computes again here what
the child did not give (`project_trends` does it all serially, so that an error is raised as it would be).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, TypeVar

from reporter.errors import ReporterError

Part = TypeVar("Part")
Result = TypeVar("Result")

MIN_ITEMS = 2000  # below this, a fork and the results sent back cost more than the second core saves
MAX_WAYS = 4  # each process holds its own copy of what it touches: memory grows with the ways


class WorkerFailed(ReporterError):
    """A part of the work failed in another process (or that process ended without its results)."""


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ForkedWorkers:
    """Parts of some work computed at once: each but the first in a forked child, the first here."""

    def __init__(self, min_items: int = MIN_ITEMS, max_ways: int = MAX_WAYS) -> None:
        self.min_items = min_items
        self.max_ways = max_ways

    def ways(self, items: int) -> int:
        """How many parts to split `items` items into: one per core (at most `max_ways`), or 1 below
        `min_items`, where processes are not forked (a spawned child would need everything sent), and while other
        threads run (`mkdocs serve`'s: a lock one of them holds would stay held in the child for ever)."""
        if items < self.min_items or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
            return 1
        return max(1, min(cores(), self.max_ways))

    def map(self, compute: Callable[[Part], Result], parts: Sequence[Part]) -> list[Result]:
        """`[compute(part) for part in parts]`, in order, each part after the first in a child of its own;
        raises WorkerFailed when a child's part raised or the child ended without its results."""
        if len(parts) < 2:
            return [compute(part) for part in parts]
        context = multiprocessing.get_context("fork")
        children: list[tuple[multiprocessing.process.BaseProcess, BinaryIO]] = []
        finished = False
        try:
            for part in parts[1:]:
                # A plain pipe, read as a stream: the results are unpickled as they arrive, never held whole as
                # bytes beside their objects (half of a 500-project site's pages: 48 MB, at the render's peak).
                read_end, write_end = os.pipe()
                process = context.Process(target=_child, args=(compute, part, write_end), daemon=True)
                process.start()
                os.close(write_end)  # the child's end: the parent's copy closed, so a child that dies reads as EOF
                children.append((process, os.fdopen(read_end, "rb")))
            results = [compute(parts[0])]
            for child, receive in children:
                try:
                    done, value = pickle.load(receive)
                except EOFError:
                    child.join()
                    raise WorkerFailed(f"a worker process ended without its results (exit code {child.exitcode})") from None
                except Exception as exc:  # noqa: BLE001 - cut short (its results would not pickle): any unpickling error
                    raise WorkerFailed(f"a worker process's results could not be read ({type(exc).__name__}: {exc})") from None
                if not done:
                    raise WorkerFailed(f"a worker process failed: {value}")
                results.append(value)
            finished = True
            return results
        finally:
            for child, receive in children:
                receive.close()
                if not finished and child.is_alive():
                    child.terminate()
                child.join()


def _child(compute: Callable[[Any], Any], part: Any, write_end: int) -> None:
    """A child's work: its part computed and written to the pipe as it is pickled, `(True, results)`, or
    `(False, what went wrong)`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends its children
    gc.disable()  # a collection would write to every object, copying the parent's memory page by page
    try:
        message: tuple[bool, Any] = (True, compute(part))
    except Exception as exc:  # reported to the parent, which computes the part again itself
        message = (False, f"{type(exc).__name__}: {exc}")
    # A parent that stopped reading (it failed, and ends its children) leaves a broken pipe: nothing to say.
    with contextlib.suppress(OSError), os.fdopen(write_end, "wb") as send:
        try:
            pickle.dump(message, send, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - results that would not pickle: said instead, never a traceback
            # Read by the parent when nothing of the results was written yet; after part of them, the parent
            # reads a damaged stream and says that.
            with contextlib.suppress(Exception):
                pickle.dump((False, f"its results could not be sent: {type(exc).__name__}: {exc}"), send)
