"""Benchmark of the trend points of a cold build: every project's figures at every week's end, none remembered.

Gathers a portfolio (a folder holding content/ in git; without one, generates 100 projects x 104 weeks with
`history_benchmark.generate`), then computes `compute.trends.project_trends` with an empty store, as a clean
clone's first build does, serially or in parts on this machine's cores (`--workers`, the pipeline's
`site.workers.ForkedWorkers`). Prints the points, the CPU seconds of this process and of its children (the
workers, and git while gathering), the wall seconds, the peak RSS of this process and of its largest child, and
a hash of every point (each Decimal's digits, every date), which must not change with the code's speed.

Run: `python benchmarks/trends_benchmark.py PORTFOLIO [--workers] [--today 2026-12-04]`. Figures vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporter.compute.trends import project_trends  # noqa: E402
from reporter.content.loader import paused_gc  # noqa: E402
from reporter.history.gather import gather  # noqa: E402
from reporter.render.cache import ConvertedStore  # noqa: E402
from reporter.site.workers import ForkedWorkers  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("portfolio", nargs="?", type=Path, help="a folder with content/ in git (default: generated)")
    parser.add_argument("--workers", action="store_true", help="compute in parts on every core, as the pipeline does")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 12, 4))
    args = parser.parse_args()
    if args.portfolio is None:
        import history_benchmark

        args.portfolio = Path(tempfile.mkdtemp(prefix="reporter-trends-"))
        history_benchmark.generate(args.portfolio, 100, 104, 1000)
    os.chdir(args.portfolio)
    data = gather("content", args.today)
    snapshots = [(w.name, w.cutoff, w.content.as_of(w.cutoff) if w.content else None) for w in data.weeks]
    cpu, wall = time.process_time(), time.perf_counter()
    with paused_gc():  # as the pipeline computes the site model
        trends = project_trends(snapshots, ConvertedStore(None, "trends"), ForkedWorkers() if args.workers else None)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    digest = hashlib.sha256()
    for project_id in sorted(trends):
        for point in trends[project_id]:
            digest.update(repr((project_id, point)).encode())
    points = sum(map(len, trends.values()))
    print(
        f"{points} points: {cpu:.2f} s CPU here, {children.ru_utime + children.ru_stime:.2f} s in children "
        f"(with git's while gathering), {wall:.2f} s wall; peak RSS here "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, largest child {children.ru_maxrss / 1024:.0f} MB; "
        f"points hash {digest.hexdigest()[:16]}"
    )


if __name__ == "__main__":
    main()
