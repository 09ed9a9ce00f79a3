"""Benchmark of the history stage on a large synthetic status repository.

Generates (with `git fast-import`, fixed dates and authors) a repository of PROJECTS projects with
WEEKS weekly updates each, spread over about COMMITS commits, then times:

  floor   plain `git log --raw` of content/ plus one `git cat-file --batch` over every blob it names;
  read    reporter's history read: the same log, parsed, and every blob's bytes (one batch);
  cold    with an empty parse store: the load stage (today's content, parsed once) and then the
          history stage (the log, the older versions not parsed yet, a snapshot per week, baselines);
  warm    the same again with the store the cold run saved: nothing is read or parsed twice.

Prints the figures and the ratios to the floor. Run: `python benchmarks/history_benchmark.py`
(`--projects 50 --weeks 20` for a quick look). Nothing here is a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporter.content.loader import LoadCache, load_content  # noqa: E402
from reporter.content.parsecache import SourceStore  # noqa: E402
from reporter.history.gather import gather, store_path  # noqa: E402
from reporter.history.repository import read_history  # noqa: E402

START = dt.date(2024, 12, 2)  # a Monday


def _plan(i: int, slip_weeks: int) -> str:
    start = START + dt.timedelta(days=7 * (i % 10))
    finish = start + dt.timedelta(days=7 * (80 + i % 20))
    milestones = "\n".join(
        f"  - id: m{k}\n    name: Milestone {k}\n    due: {start + dt.timedelta(days=7 * (20 * k + slip_weeks))}"
        for k in range(1, 4)
    )
    tasks = "\n".join(
        f"  - id: t{k}\n    name: Task {k}\n    owner: Owner {k}\n    start: {start + dt.timedelta(days=7 * 8 * (k - 1))}\n"
        f"    finish: {start + dt.timedelta(days=7 * 8 * k - 3)}\n    effort: {10 + k * 5}\n    milestone: m{min(3, 1 + k // 4)}"
        for k in range(1, 11)
    )
    return (
        f"name: Project {i:03d}\nprogram: prog-{i % 5}\nowner: Manager {i % 37}\nstart: {start}\nfinish: {finish}\n"
        f"budget: {100000 + 1000 * i}\nsummary: Synthetic project {i} for the benchmark.\n"
        f"milestones:\n{milestones}\ntasks:\n{tasks}\n"
        "risks:\n  - id: r1\n    title: Supplier late\n    probability: 3\n    impact: 3\n"
        "    mitigation: Weekly call\n    contingency: Second supplier\n"
    )


def _update(i: int, week: int, day: dt.date) -> str:
    colour = ("green", "amber", "red")[(i + week // 7) % 3]
    progress = "\n".join(f"  t{k}: {min(100, max(0, (week - 8 * (k - 1)) * 12))}" for k in range(1, 11))
    return (
        f"date: {day}\nauthor: Manager {i % 37}\nstatus: {colour}\n"
        f"summary: Week {week} of project {i}; work continues on the next tasks.\n"
        f"accomplishments:\n  - Finished item {week}\nnext_steps:\n  - Start item {week + 1}\n"
        f"progress:\n{progress}\nactual_cost: {1000 * week + i}\n"
    )


def generate(root: Path, projects: int, weeks: int, commits: int) -> int:
    """Write the synthetic repository with git fast-import; returns the number of commits made."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    per_week = max(1, commits // weeks)
    out: list[bytes] = []
    mark = 0

    def data(text: str) -> None:
        raw = text.encode()
        out.append(b"data %d\n" % len(raw) + raw + b"\n")

    def commit(when: dt.datetime, author: str, message: str, files: dict[str, str]) -> None:
        nonlocal mark
        mark += 1
        stamp = int(when.replace(tzinfo=dt.UTC).timestamp())
        out.append(f"commit refs/heads/main\nmark :{mark}\n".encode())
        out.append(f"author {author} <{author.replace(' ', '.').lower()}@example.org> {stamp} +0000\n".encode())
        out.append(f"committer {author} <{author.replace(' ', '.').lower()}@example.org> {stamp} +0000\n".encode())
        data(message)
        if mark > 1:
            out.append(f"from :{mark - 1}\n".encode())
        for path, text in files.items():
            out.append(f"M 100644 inline {path}\n".encode())
            data(text)

    portfolio = "organisation: Benchmark Org\nprograms:\n" + "".join(
        f"  - id: prog-{p}\n    name: Program {p}\n" for p in range(5)
    )
    first = {"content/portfolio.yaml": portfolio}
    first.update({f"content/projects/p{i:03d}/plan.yaml": _plan(i, 0) for i in range(projects)})
    commit(dt.datetime.combine(START, dt.time(8)), "Portfolio Office", "Initial plans", first)
    for week in range(weeks):
        friday = START + dt.timedelta(days=7 * week + 4)
        groups = [list(range(projects))[g::per_week] for g in range(per_week)]
        for g, group in enumerate(groups):
            files = {f"content/projects/p{i:03d}/updates/{friday}.yaml": _update(i, week, friday) for i in group}
            if week % 13 == 12:  # a replan now and then: milestones slip a week
                files.update({f"content/projects/p{i:03d}/plan.yaml": _plan(i, week // 13) for i in group[:3]})
            when = dt.datetime.combine(friday, dt.time(9)) + dt.timedelta(minutes=5 * g)
            commit(when, f"Manager {g % 37}", f"Week {week} updates ({g})", files)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    return mark


def floor(root: Path) -> tuple[float, int]:
    """Time plain `git log --raw` of content/ and one `git cat-file --batch` over its blobs."""
    began = time.perf_counter()
    log = subprocess.run(
        ["git", "log", "--raw", "--no-abbrev", "--format=%H", "--", "content"],
        cwd=root, capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    blobs = {line.split()[3] for line in log.splitlines() if line.startswith(":") and line.split()[3] != "0" * 40}
    subprocess.run(
        ["git", "cat-file", "--batch"], cwd=root, input="\n".join(sorted(blobs)).encode() + b"\n",
        capture_output=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - began, len(blobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="reporter-bench-"))
    began = time.perf_counter()
    made = generate(folder, args.projects, args.weeks, args.commits)
    print(f"generated {made} commits, {args.projects} projects, {args.weeks} weeks in {time.perf_counter() - began:.1f} s")
    try:
        floor_s, blob_count = min(floor(folder) for _ in range(3))
        print(f"floor  git log --raw + cat-file --batch ({blob_count} blobs): {floor_s:.2f} s  (best of 3)")

        read_s = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            history = read_history(folder / "content")
            history.read_blobs({c.blob for commit in history.commits for c in commit.changes if c.status != "D"})
            read_s = min(read_s, time.perf_counter() - began)
        ratio = read_s / floor_s
        print(f"read   history log + every blob's bytes:                 {read_s:.2f} s  ({ratio:.2f}x floor, best of 3)")

        today = START + dt.timedelta(days=7 * args.weeks - 1)
        content_dir = folder / "content"
        store_file = store_path(read_history(content_dir))
        # Timings on a shared machine wander: each figure is the best of a few runs.
        for run, repeats in (("cold", 2), ("warm", 3)):
            best: tuple[float, float, int, int, int, float] | None = None
            for _ in range(repeats):
                if run == "cold":
                    store_file.unlink(missing_ok=True)
                began = time.perf_counter()
                store, cache = SourceStore(store_file), LoadCache()
                content = load_content(content_dir, store, cache)
                loaded = time.perf_counter()
                parsed_by_load = store.misses
                cpu = time.process_time()  # this process only: git's own CPU is in the floor, not here
                data = gather(content_dir, today, preloaded=content, store=store, cache=cache)
                done, cpu = time.perf_counter(), time.process_time() - cpu
                store.save()
                figures = (loaded - began, done - loaded, parsed_by_load, store.misses - parsed_by_load, len(data.weeks), cpu)
                best = figures if best is None or figures[1] < best[1] else best
            load_s, history_s, by_load, by_history, weeks, cpu_s = best  # type: ignore[misc]
            print(
                f"{run:5}  load: {load_s:.2f} s ({by_load} files parsed); history stage: {history_s:.2f} s "
                f"wall, {cpu_s:.2f} s CPU "
                f"({by_history} more blobs parsed, {weeks} weekly snapshots) = {history_s / floor_s:.2f}x floor"
                f"  (best of {repeats})"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
