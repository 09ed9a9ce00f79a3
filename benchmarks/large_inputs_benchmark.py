"""Benchmark of large inputs: a long summary and a project with many updates build in time proportional
to their size.

Builds real sites (`reporter build`'s own `build_site`, MkDocs and Material, no git) of the mini test
portfolio (tests/fixtures/mini) with one project changed:

  floor     the mini portfolio as it is: what every build costs, whatever the input;
  summary   its plan's summary grown to 0.25, 0.5 and 1 MB of Markdown paragraphs;
  updates   500, 1,000 and 2,000 weekly updates of one project.

For each it prints wall and CPU seconds (best of REPEAT), the time above the floor, and that time per
unit of input against the smallest size's: a ratio near 1.0 means time proportional to size, 2.0 at
double the size would mean quadratic. Run: `python benchmarks/large_inputs_benchmark.py`
(`--repeat 1` for a quick look). Nothing here is a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporter.site.build import build_site  # noqa: E402

MINI = ROOT / "tests/fixtures/mini"
REPORT_DATE = dt.date(2026, 3, 20)
PARAGRAPH = "Integration testing found **two** defects in the ERP interface; fixes are in test. " * 4 + "\n\n"


def _with_summary(content: Path, size: int) -> None:
    """The alpha plan's summary grown to about `size` bytes of Markdown paragraphs."""
    plan = content / "projects/alpha/plan.yaml"
    text = PARAGRAPH * (size // len(PARAGRAPH) + 1)
    block = "summary: |\n" + "".join(f"  {line}\n" if line else "\n" for line in text[:size].splitlines())
    plan.write_text(plan.read_text().replace("summary: Move the ledger to the new platform.\n", block))


def _with_updates(content: Path, count: int) -> None:
    """`count` weekly updates of the beta project, the newest on the report date's Friday."""
    plan = content / "projects/beta/plan.yaml"
    first = REPORT_DATE - dt.timedelta(days=7 * (count - 1))
    plan.write_text(
        plan.read_text().replace("start: 2026-04-01", f"start: {first.isoformat()}").replace("2026-09-30", "2026-12-31")
    )
    updates = content / "projects/beta/updates"
    updates.mkdir()
    for i in range(count):
        day = first + dt.timedelta(days=7 * i)
        status = ("green", "amber", "red")[i % 3]
        (updates / f"{day.isoformat()}.yaml").write_text(
            f"date: {day.isoformat()}\nauthor: Alan Turing\nstatus: {status}\n"
            f"summary: Week {i + 1}, the launch plan moved on; **{i % 7}** open questions.\n"
            f"accomplishments:\n  - Closed question {i}\nforecasts:\n  launch: 2026-{9 + i % 3:02d}-30\n"
        )


def _timed(make: Callable[[Path], None], repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of building the mini portfolio changed by `make`."""
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="reporter-large-") as folder:
            root = Path(folder)
            shutil.copytree(MINI, root / "content")
            make(root / "content")
            cwd = os.getcwd()
            os.chdir(root)
            try:
                wall, cpu = time.perf_counter(), time.process_time()
                build_site(root / "content", root / "site", report_date=REPORT_DATE)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            finally:
                os.chdir(cwd)
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    return best_wall, best_cpu


def _series(
    name: str, unit: str, sizes: list[int], make: Callable[[Path, int], None], floor: tuple[float, float], repeat: int
) -> None:
    first: tuple[float, float] | None = None
    for size in sizes:
        wall, cpu = _timed(lambda content, size=size: make(content, size), repeat)
        above = (max(wall - floor[0], 1e-9), max(cpu - floor[1], 1e-9))
        if first is None:
            first = (above[0] / size, above[1] / size)
        ratio_wall, ratio_cpu = above[0] / size / first[0], above[1] / size / first[1]
        print(
            f"{name:8} {size:>9,} {unit:7} wall {wall:6.2f} s  cpu {cpu:6.2f} s  above floor: wall {above[0]:6.2f} s, "
            f"cpu {above[1]:6.2f} s  per {unit} vs smallest: wall {ratio_wall:.2f}x, cpu {ratio_cpu:.2f}x"
        )


def main() -> None:
    """Print the floor and both series."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per figure, the best kept (default 3)")
    args = parser.parse_args()
    floor = _timed(lambda content: None, args.repeat)
    print(f"floor    the mini portfolio          wall {floor[0]:6.2f} s  cpu {floor[1]:6.2f} s  (best of {args.repeat})")
    _series("summary", "bytes", [250_000, 500_000, 1_000_000], _with_summary, floor, args.repeat)
    _series("updates", "updates", [500, 1_000, 2_000], _with_updates, floor, args.repeat)


if __name__ == "__main__":
    main()
