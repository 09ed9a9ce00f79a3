"""End-to-end benchmark of `reporter build` on large synthetic portfolios.

For each portfolio size (default 500 projects, two years of weekly updates, the shape of
`history_benchmark.py`), generated into a git repository with fixed dates and authors, it measures:

  cold          `reporter build` with no parse store, Markdown cache or previous site;
  warm          the same build again, nothing changed;
  incremental   one new update committed (the weekly case), then the build: the week's first update,
                which changes every project page (its changes since last week, its trend table);
  second        another project's update in the same week, then the build: what most of a week's
                builds are;
  mkdocs        a plain `mkdocs build` of the same generated Markdown pages (`reporter render`'s output),
                without the reporter plugin: the cost of the pages themselves;
  floor         the raw git floor: `git log --raw` of content/ plus one `git cat-file --batch`.

Each build runs in a child process; wall time, CPU seconds (user + system, the child and its git
processes) and peak memory (the largest resident set of the child or any of its processes) come from
the operating system. Prints pages, site size, time per page and the ratios: reporter's own stages
(build minus the plain mkdocs build) against the plain build, and growth between sizes.

Run: `python benchmarks/build_benchmark.py` (`--projects 100,250,500,1000` for the growth line,
`--projects 50 --weeks 20` for a quick look). Nothing here is a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from history_benchmark import START, _update, floor, generate  # noqa: E402

BIN = Path(sys.executable).parent
MKDOCS_YML = """site_name: Benchmark portfolio
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - reporter:
      content_dir: content
      report_date: {report_date}
"""
# The plain build: the same theme, search and Markdown extensions as reporter's pages need, no plugin.
PLAIN_YML = """site_name: Benchmark portfolio (plain)
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions: [tables, admonition, def_list, attr_list, md_in_html]
"""


def measured(command: list[str], cwd: Path) -> dict[str, float]:
    """Run `command` in a child process that reports its own children's wall, CPU and peak memory."""
    probe = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode\n"
        "wall = time.perf_counter() - t\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'rc': rc, 'wall': wall, 'cpu': u.ru_utime + u.ru_stime, 'peak_mb': u.ru_maxrss / 1024}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout)
    if figures["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd} (exit {figures['rc']})")
    return figures


def site_figures(site: Path) -> tuple[int, int]:
    """HTML pages and total bytes of a built site."""
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, size


def commit_update(root: Path, project: int, weeks: int) -> None:
    """Commit one new update to one project: the weekly case of an incremental build."""
    day = START + dt.timedelta(days=7 * weeks + 4)
    path = root / "content" / "projects" / f"p{project:03d}" / "updates" / f"{day}.yaml"
    path.write_text(_update(project, weeks, day))
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00Z", "GIT_COMMITTER_DATE": f"{day}T10:00:00Z"}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "One new update"],
        cwd=root, check=True, env=env,
    )  # fmt: skip


def bench(projects: int, weeks: int, commits: int, keep: Path | None) -> dict[str, float]:
    """Generate one portfolio and measure every figure; returns them for the growth line."""
    root = keep or Path(tempfile.mkdtemp(prefix=f"reporter-build-{projects}-"))
    began = time.perf_counter()
    made = generate(root, projects, weeks, commits)
    # The report date is the Friday of the week after the last one, so the incremental update counts.
    report_date = START + dt.timedelta(days=7 * weeks + 4)
    (root / "docs").mkdir()
    (root / "docs" / ".keep").write_text("")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(report_date=report_date))
    # What the builds write is never committed: the incremental commit holds one update, as a team's would.
    (root / ".gitignore").write_text("/site/\n/rendered/\n/plain-site/\n/plain.yml\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "Site config"],
        cwd=root, check=True,
    )  # fmt: skip
    print(f"\n== {projects} projects, {weeks} weeks: {made} commits generated in {time.perf_counter() - began:.1f} s")
    try:
        reporter = [str(BIN / "reporter")]
        results: dict[str, float] = {}
        shutil.rmtree(root / ".git" / "reporter", ignore_errors=True)  # the parse store and Markdown cache
        for run in ("cold", "warm"):
            figures = measured([*reporter, "build"], root)
            results[run] = figures["wall"]
            results[f"{run}_cpu"] = figures["cpu"]
            results[f"{run}_peak"] = figures["peak_mb"]
            print(f"{run:12} {figures['wall']:7.1f} s wall {figures['cpu']:7.1f} s CPU  peak {figures['peak_mb']:6.0f} MB")
        pages, size = site_figures(root / "site")
        commit_update(root, projects // 2, weeks)
        figures = measured([*reporter, "build"], root)
        results["incremental"], results["incremental_cpu"] = figures["wall"], figures["cpu"]
        print(f"{'incremental':12} {figures['wall']:7.1f} s wall {figures['cpu']:7.1f} s CPU  peak {figures['peak_mb']:6.0f} MB")
        commit_update(root, projects // 2 + 1, weeks)
        figures = measured([*reporter, "build"], root)
        results["second"], results["second_cpu"] = figures["wall"], figures["cpu"]
        print(f"{'second':12} {figures['wall']:7.1f} s wall {figures['cpu']:7.1f} s CPU  peak {figures['peak_mb']:6.0f} MB")

        rendered = root / "rendered"
        measured([*reporter, "render", "--out", str(rendered)], root)
        plain = root / "plain.yml"
        plain.write_text(PLAIN_YML.format(docs=rendered, site=root / "plain-site"))
        figures = measured([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(plain)], root)
        results["mkdocs"], results["mkdocs_cpu"] = figures["wall"], figures["cpu"]
        print(f"{'mkdocs':12} {figures['wall']:7.1f} s wall {figures['cpu']:7.1f} s CPU  (plain build of the same pages)")

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        floor_s, blobs = floor(root)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        floor_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(f"{'floor':12} {floor_s:7.1f} s wall {floor_cpu:7.1f} s CPU  (git log --raw + cat-file --batch, {blobs} blobs)")

        home = (root / "site" / "index.html").stat().st_size
        biggest = max(p.stat().st_size for p in (root / "site").rglob("*.html"))
        print(
            f"site         {pages} pages, {size / 1e6:.1f} MB; home page {home / 1e3:.0f} KB, "
            f"largest page {biggest / 1e3:.0f} KB; {1000 * results['cold'] / pages:.0f} ms per page cold"
        )
        own = results["cold_cpu"] - results["mkdocs_cpu"]
        print(
            f"ratios       reporter's own stages (cold build - plain mkdocs, CPU) {own:.1f} s = "
            f"{own / results['mkdocs_cpu']:.2f}x the plain mkdocs build; cold {results['cold'] / floor_s:.0f}x the git floor"
        )
        results["pages"], results["size_mb"] = pages, size / 1e6
        return results
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", default="500", help="portfolio sizes, comma-separated (default 500)")
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (one size only)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.projects.split(",")]
    if args.keep and len(sizes) > 1:
        parser.error("--keep takes one portfolio size")
    # About ten projects per commit, as the history benchmark's 500 projects in 5,000 commits.
    results = {n: bench(n, args.weeks, max(args.weeks, n * args.weeks // 10), args.keep) for n in sizes}
    if len(sizes) > 1:
        print("\ngrowth (cold wall time, against the size before)")
        for small, big in zip(sizes, sizes[1:], strict=False):
            print(f"  {small} -> {big} projects ({big / small:.1f}x): {results[big]['cold'] / results[small]['cold']:.2f}x time")


if __name__ == "__main__":
    main()
