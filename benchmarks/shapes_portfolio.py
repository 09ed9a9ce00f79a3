"""A portfolio shaped like a real one, built and checked: plans without tasks, renames, sparse updates.

Generates a git repository (fixed dates and authors, one commit a month) of PROJECTS projects over
YEARS years, in six shapes taken from a real public portfolio of 654 projects:

  gates     milestones and no tasks, active, an update every month or two, milestones reached on time
  bare      neither tasks nor milestones, `state: done`, a few updates long ago
  closed    milestones never marked done, `state: done`
  proposal  `state: proposed`, its planned start long past, an update or two before it
  moved     milestones and no tasks, its folder renamed (`git mv`) halfway, `state: done` at the end
  dropped   tasks, an old update forecasting a milestone the plan later removed

then gathers and computes the site model at the report date, as `reporter build` does, and checks
what the issue asks: every done project is done (100%, finished, never red for lateness), no
proposed project is red, each renamed project's trend starts before its rename. Prints the counts and
the time each stage took. Run: `python benchmarks/shapes_portfolio.py` (`--projects 60 --years 1` for
a quick look); exits 1 when a check fails. `tests/test_plan_shapes_portfolio.py` runs it small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporter.compute.site_model import SiteModel, site_model  # noqa: E402
from reporter.content.models import Colour, State  # noqa: E402
from reporter.history.gather import gather  # noqa: E402

SHAPES = ("gates", "bare", "closed", "proposal", "moved", "dropped")
PORTFOLIO = "organisation: Shapes Org\ntitle: Shapes\nprograms:\n" + "".join(
    f"  - id: prog-{k}\n    name: Program {k}\n" for k in range(4)
)


@dataclass(frozen=True)
class Shaped:
    """A generated project: its shape, its id at the start and at the end."""

    shape: str
    first_id: str
    final_id: str


def _month(start: dt.date, n: int) -> dt.date:
    """The first Friday on or after the 1st of the n-th month after `start`'s month."""
    year, month = divmod(start.month - 1 + n, 12)
    first = dt.date(start.year + year, month + 1, 1)
    return first + dt.timedelta(days=(4 - first.weekday()) % 7)


def _milestones(start: dt.date, months: int, *, done: bool, last_done: dt.date | None = None, extra: str = "") -> str:
    lines = []
    for k in range(1, 5):
        due = _month(start, months * k // 4)
        lines.append(f"  - id: m{k}\n    name: Milestone {k}\n    due: {due}\n")
        if done and (last_done is None or due <= last_done):
            lines.append(f"    done: {due}\n")
    return "milestones:\n" + "".join(lines) + extra


def _plan(i: int, shape: str, start: dt.date, finish: dt.date, body: str, state: str = "active") -> str:
    return (
        f"name: Project {i:03d} ({shape})\nprogram: prog-{i % 4}\nowner: Manager {i % 29}\nstate: {state}\n"
        f"start: {start}\nfinish: {finish}\n{body}"
    )


def _update(day: dt.date, status: str, extra: str = "") -> str:
    return f"date: {day}\nauthor: Manager\nstatus: {status}\nsummary: Monthly note.\n{extra}"


def generate(root: Path, projects: int, years: int) -> tuple[list[Shaped], dt.date]:
    """The repository under `root`, one commit a month; the generated projects and the last commit's day."""
    first = dt.date(2020, 1, 3)
    months = 12 * years
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Gen",
        "GIT_AUTHOR_EMAIL": "gen@example.org",
        "GIT_COMMITTER_NAME": "Gen",
        "GIT_COMMITTER_EMAIL": "gen@example.org",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_SYSTEM": "/dev/null",
    }

    def git(*args: str, day: dt.date | None = None) -> None:
        stamp = {} if day is None else {"GIT_AUTHOR_DATE": f"{day}T17:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T17:00:00+00:00"}
        subprocess.run(["git", *args], cwd=root, env={**env, **stamp}, check=True, capture_output=True)

    def write(path: str, text: str) -> None:
        target = root / "content" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    root.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "-b", "main")
    shaped = []
    for i in range(projects):
        shape = SHAPES[i % len(SHAPES)]
        pid = f"p{i:03d}-{shape}"
        shaped.append(Shaped(shape, pid, f"{pid}-renamed" if shape == "moved" else pid))
    rename_month = months // 2
    for n in range(months):
        day = _month(first, n)
        if n == 0:
            write("portfolio.yaml", PORTFOLIO)
        for i, project in enumerate(shaped):
            start = _month(first, i % 12)
            span = 6 + i % 18  # months of planned work
            finish = _month(start, span)
            folder = f"projects/{project.final_id if project.shape == 'moved' and n > rename_month else project.first_id}"
            if n == 0:
                write(f"{folder}/plan.yaml", _initial_plan(i, project.shape, start, finish, span))
            updating = day >= start and (n + i) % (1 + i % 3) == 0 and day <= _month(finish, 2)
            if project.shape in ("bare", "closed") and updating and n < i % 12 + 3:
                write(f"{folder}/updates/{day}.yaml", _update(day, "amber"))
            elif project.shape == "gates" and updating:
                write(f"{folder}/plan.yaml", _plan(i, "gates", start, finish, _milestones(start, span, done=True, last_done=day)))
                write(f"{folder}/updates/{day}.yaml", _update(day, "green"))
            elif project.shape == "proposal" and n in (0, 1) and day < start:
                write(f"{folder}/updates/{day}.yaml", _update(day, "green"))
            elif project.shape == "moved" and updating:
                write(f"{folder}/updates/{day}.yaml", _update(day, "amber"))
            elif project.shape == "dropped" and updating and n < months - 2:
                write(f"{folder}/updates/{day}.yaml", _update(day, "green", "forecasts:\n  pilot: " + f"{finish}\n"))
            if project.shape == "dropped" and n == months - 2:  # the pilot is dropped from the plan
                write(f"{folder}/plan.yaml", _dropped_plan(i, start, finish, with_pilot=False))
            if project.shape == "dropped" and n == months - 1:  # and the next update no longer names it
                write(f"{folder}/updates/{day}.yaml", _update(day, "green", f"forecasts:\n  live: {finish}\n"))
            if project.shape == "moved" and n == months - 1:
                body = _milestones(start, span, done=True)
                write(f"{folder}/plan.yaml", _plan(i, "moved", start, finish, body, state="done"))
        if n == rename_month:
            for project in shaped:
                if project.shape == "moved":
                    git("mv", f"content/projects/{project.first_id}", f"content/projects/{project.final_id}")
        git("add", "-A")
        git("commit", "-q", "--allow-empty", "-m", f"Month {n}", day=day)
    return shaped, _month(first, months - 1)


def _dropped_plan(i: int, start: dt.date, finish: dt.date, *, with_pilot: bool) -> str:
    pilot = f"  - id: pilot\n    name: Pilot\n    due: {start + dt.timedelta(days=60)}\n" if with_pilot else ""
    body = (
        f"milestones:\n{pilot}  - id: live\n    name: Live\n    due: {finish}\n"
        f"tasks:\n  - id: build\n    name: Build\n    start: {start}\n    finish: {finish}\n    effort: 40\n"
    )
    return _plan(i, "dropped", start, finish, body)


def _initial_plan(i: int, shape: str, start: dt.date, finish: dt.date, span: int) -> str:
    if shape == "bare":
        return _plan(i, shape, start, finish, "", state="done")
    if shape == "closed":
        return _plan(i, shape, start, finish, _milestones(start, span, done=False), state="done")
    if shape == "proposal":
        return _plan(i, shape, start, finish, _milestones(start, span, done=False), state="proposed")
    if shape == "dropped":
        return _dropped_plan(i, start, finish, with_pilot=True)
    return _plan(i, shape, start, finish, _milestones(start, span, done=False))


def check(model: SiteModel, shaped: list[Shaped]) -> list[str]:
    """What the issue asks of such a portfolio, as failures (none when all holds)."""
    failures = []
    for f in model.report.projects:
        if f.state == State.done:
            if f.progress.percent_complete != 100 or not f.earned_schedule.finished:
                failures.append(f"{f.id}: done, but {f.progress.percent_complete}% and finished={f.earned_schedule.finished}")
            if f.colour == Colour.red:
                failures.append(f"{f.id}: done, and red: {f.health.reasons}")
        if f.state == State.proposed and f.colour == Colour.red:
            failures.append(f"{f.id}: proposed, and red: {f.health.reasons}")
    for project in shaped:
        if project.shape == "moved":
            trend = model.histories[project.final_id].trend
            if not trend or trend[0].week >= "2021":  # renamed halfway: its trend must start before
                failures.append(f"{project.final_id}: its trend starts at {trend[0].week if trend else 'none'}")
    return failures


def main() -> int:
    """Generate, build and check; print what was found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=654)
    parser.add_argument("--years", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        shaped, last = generate(Path(tmp) / "repo", args.projects, args.years)
        generated = time.perf_counter()
        data = gather(Path(tmp) / "repo" / "content", last)
        gathered = time.perf_counter()
        model = site_model(data)
        computed = time.perf_counter()
    figures = model.report.projects
    done = [f for f in figures if f.state == State.done]
    proposed = [f for f in figures if f.state == State.proposed]
    print(f"{len(figures)} projects, {len(model.weeks)} weeks, report date {last}")
    complete, done_red = sum(f.progress.percent_complete == 100 for f in done), sum(f.colour == Colour.red for f in done)
    proposed_red, unassessed = sum(f.colour == Colour.red for f in proposed), sum(f.colour is None for f in proposed)
    print(f"done: {len(done)}, of them at 100% {complete}, red {done_red}")
    print(f"proposed: {len(proposed)}, red {proposed_red}, not assessed {unassessed}")
    no_figure = sum(f.progress.percent_complete is None for f in figures)
    print(f"without a percent complete: {no_figure}; portfolio {model.report.portfolio.percent_complete}")
    print(f"generate {generated - began:.1f} s, gather {gathered - generated:.1f} s, compute {computed - gathered:.1f} s")
    failures = check(model, shaped)
    for failure in failures[:20]:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
