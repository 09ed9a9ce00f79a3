"""Weight of a project page's charts at two years of weekly history (issue #14, "pages sized for reading").

Generates (with `benchmarks/history_benchmark.generate`: fixed dates and authors) a repository of PROJECTS
projects with WEEKS weekly updates, computes the site model once, and prints the bytes of each chart of the
first project's page (burn-up, milestone trend, colour strip, risks, timeline) and of the home page's
portfolio chart, as they go into the pages. Run: `python benchmarks/chart_weight.py` (`--weeks 20` for a
short history). Nothing here is a test; the figures depend only on the generated content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from history_benchmark import START, generate  # noqa: E402

from reporter.render.figures_charts import portfolio_chart, project_charts  # noqa: E402
from reporter.site.pipeline import make_model  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=3)
    parser.add_argument("--weeks", type=int, default=105)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reporter-charts-") as folder:
        root = Path(folder)
        generate(root, args.projects, args.weeks, args.weeks)
        report_date = START + dt.timedelta(days=7 * (args.weeks - 1) + 4)  # the last update's Friday
        data, model = make_model(root / "content", report_date)
    project = sorted(model.histories)[0]
    history = model.histories[project]
    figures = model.report.project(project)
    charts = project_charts(figures, history.trend, history.baseline_plan)
    print(f"{project}: {len(history.trend)} weeks of trend, report date {report_date}")
    for name, chart in charts.items():
        print(f"  {name:16} {len(str(chart).encode()):7d} bytes")
    print(f"  {'all':16} {sum(len(str(c).encode()) for c in charts.values()):7d} bytes")
    home = portfolio_chart(model.home.projects.items, model.report_date)
    print(f"home portfolio chart {len(str(home).encode()):7d} bytes ({len(model.home.projects.items)} projects)")


if __name__ == "__main__":
    main()
