"""Benchmark of `reporter export` (CSV, XLSX, PDF) on a large portfolio, against the JSON export of the same model.

Makes a portfolio of about PROJECTS projects by copying the demo's eight (content/: plans with milestones,
risks, updates with asks and blockers) under new ids, computes its site model once, then times, best of
REPEAT runs, in wall and CPU seconds:

  floor   the JSON export of the model (`render.export.portfolio_json`): one text rendering of the same data;
  pages   every Markdown page of the site (`PageRenderer.render`), for scale: what a build renders anyway;
  csv     the five CSV files; xlsx  the workbook; pdf  the one-page summary; all  `export_files`, the three.

Prints the figures and the ratios to the floor. Run: `python benchmarks/export_benchmark.py`
(`--projects 50` for a quick look). Nothing here is a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporter.render.downloads import WORKBOOK, export_files  # noqa: E402
from reporter.render.export import portfolio_json  # noqa: E402
from reporter.render.pages import PageRenderer  # noqa: E402
from reporter.render.pdf import summary_pdf  # noqa: E402
from reporter.render.spreadsheet import csv_text, workbook  # noqa: E402
from reporter.render.tables import export_tables  # noqa: E402
from reporter.site.pipeline import make_model  # noqa: E402

REPORT_DATE = dt.date(2026, 11, 20)  # the demo's report date


def generate(target: Path, projects: int) -> int:
    """Copy the demo content into `target` with its projects repeated to about `projects`; returns how many."""
    source = ROOT / "content"
    shutil.copy(source / "portfolio.yaml", target / "portfolio.yaml")
    demo = sorted(p for p in (source / "projects").iterdir() if (p / "plan.yaml").is_file())
    made = 0
    for copy in range(max(1, projects // len(demo))):
        for project in demo:
            folder = target / "projects" / f"{project.name}-{copy:03d}"
            shutil.copytree(project, folder)
            plan = folder / "plan.yaml"
            text = plan.read_text(encoding="utf-8")
            plan.write_text(re.sub(r"^name: (.*)$", rf"name: \1 ({copy})", text, count=1, flags=re.M), encoding="utf-8")
            made += 1
    return made


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The best wall and CPU seconds of `repeat` runs."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        work()
        wall, cpu = min(wall, time.perf_counter() - began), min(cpu, time.process_time() - began_cpu)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reporter-export-bench-") as folder:
        content = Path(folder) / "content"
        (content / "projects").mkdir(parents=True)
        made = generate(content, args.projects)
        began = time.perf_counter()
        _, model = make_model(content, REPORT_DATE)
        print(f"{made} projects; site model in {time.perf_counter() - began:.1f} s (not part of the figures below)")
        tables = export_tables(model)
        rows = sum(len(t.rows) for t in tables)
        portfolio = model.content.portfolio
        files = export_files(model)
        print(f"{rows} rows in {len(tables)} tables; {WORKBOOK} {len(files[WORKBOOK]) / 1e6:.2f} MB")
        generated = dt.datetime.combine(REPORT_DATE, dt.time(), dt.UTC)
        runs = {
            "floor": lambda: portfolio_json(model.report, model.content, generated=generated),
            "pages": lambda: PageRenderer().render(model),
            "csv": lambda: [csv_text(t) for t in export_tables(model)],
            "xlsx": lambda: workbook(export_tables(model), title="t", author=portfolio.organisation, created=REPORT_DATE),
            "pdf": lambda: summary_pdf(model),
            "all": lambda: export_files(model),
        }
        results = {name: timed(work, args.repeat) for name, work in runs.items()}
    floor_wall, floor_cpu = results["floor"]
    print(f"{'':6} {'wall s':>8} {'cpu s':>8} {'wall/floor':>11} {'cpu/floor':>10}")
    for name, (wall, cpu) in results.items():
        print(f"{name:6} {wall:8.3f} {cpu:8.3f} {wall / floor_wall:11.2f} {cpu / floor_cpu:10.2f}")


if __name__ == "__main__":
    main()
