"""The demo: content/ replayed week by week into a scratch git repository, then built like any other.

A fresh clone of reporter holds the demo content in a handful of commits, which says nothing of how
the portfolio evolved. `replay` commits it the way a team would have, one dated commit per project
and reporting week (updates as they were written, plans as they stood, using demo/replay.yaml for
the changes made to them), so the demo site is built from real git history by the same code path
as a user's repository: baselines, slips, trends and "changes since last week" included.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

from reporter.content.loader import load_content
from reporter.content.models import Project
from reporter.content.yamlsource import decode, parse
from reporter.errors import ReporterError
from reporter.weeks import week_bounds, week_of

COMMIT_HOUR = 16  # updates land on Friday afternoons


def replay(content_dir: Path, replay_file: Path | None, repo_dir: Path) -> Path:
    """Replay `content_dir` into a new git repository at `repo_dir`; returns its content folder.

    Each ISO week gets one commit per project that changed in it, dated at the project's last update
    of the week. Raises ContentError when the content does not validate, ReporterError when git fails."""
    content = load_content(content_dir)
    changes = _changes(replay_file)
    if repo_dir.exists() and any(repo_dir.iterdir()):
        raise ReporterError(f"{repo_dir} is not empty; the demo replays into a new folder")
    repo_dir.mkdir(parents=True, exist_ok=True)
    _git(repo_dir, "init", "-q", "-b", "main")
    names = sorted({week_of(u.date) for p in content.projects for u in p.updates})
    weeks = [week_bounds(name) for name in names] or [week_bounds(week_of(min(p.plan.start for p in content.projects)))]
    portfolio_text = (content_dir / "portfolio.yaml").read_text(encoding="utf-8")
    first_monday = weeks[0][0]
    _commit(repo_dir, {"content/portfolio.yaml": portfolio_text}, first_monday, "Portfolio Office", "Portfolio and programs")
    for monday, sunday in weeks:
        for minute, project in enumerate(content.projects):
            project_changes = changes.get(project.id, [])
            files = _week_files(content_dir, project, sunday, project_changes, first_monday)
            if files and _write(repo_dir, files):
                this_week = [u for u in project.updates if monday <= u.date <= sunday]
                day = this_week[-1].date if this_week else monday + dt.timedelta(days=4)
                author, message = _describe(project, monday, sunday, project_changes)
                _commit(repo_dir, {}, dt.datetime.combine(day, dt.time(COMMIT_HOUR, minute), dt.UTC), author, message)
    return repo_dir / "content"


def _week_files(
    content_dir: Path, project: Project, sunday: dt.date, changes: list[dict], first_monday: dt.date
) -> dict[str, str]:
    """The files of a project as they stood at the end of the week ending `sunday`."""
    # A project appears with its first update (or in the first week, when it has none yet).
    appears = project.updates[0].date if project.updates else first_monday
    if sunday < appears:
        return {}
    folder = f"content/projects/{project.id}"
    files = {f"{folder}/plan.yaml": _plan_as_of(content_dir / "projects" / project.id / "plan.yaml", project, sunday, changes)}
    for update in project.updates:
        if update.date <= sunday:
            name = f"updates/{update.date.isoformat()}.yaml"
            files[f"{folder}/{name}"] = (content_dir / "projects" / project.id / name).read_text(encoding="utf-8")
    return files


def _plan_as_of(path: Path, project: Project, day: dt.date, changes: list[dict]) -> str:
    """The plan as it stood on `day`: later changes undone, later facts (done, raised, decided) removed."""
    if _settled(project, day, changes):
        return path.read_text(encoding="utf-8")  # nothing to undo: the file exactly as written
    # Read as reporter reads it (YAML 1.2 scalars, dates as text), never PyYAML's YAML 1.1 guesses.
    data: dict[str, Any] = parse(decode(path.read_bytes())).data
    for change in sorted(changes, key=lambda c: c["date"], reverse=True):
        if change["date"] > day:
            for where, value in change.get("before", {}).items():
                _set(data, where, value)
            for where in change.get("added", []):
                kind, item_id = where.split(".")
                data[kind] = [item for item in data.get(kind, []) if item.get("id") != item_id]
    for milestone in data.get("milestones", []):
        if milestone.get("done") is not None and _day(milestone["done"]) > day:
            del milestone["done"]
    data["risks"] = [r for r in data.get("risks", []) if r.get("raised") is None or _day(r["raised"]) <= day]
    data["decisions"] = [d for d in data.get("decisions", []) if _day(d["date"]) <= day]
    progress: dict[str, float] = {}
    named: set[str] = set()
    for update in project.updates:
        named.update(update.progress)
        if update.date <= day:
            progress.update(update.progress)
    for task in data.get("tasks", []):
        # A task no update ever names kept the plan's value throughout (done before reporting began,
        # or not started); one first named later had not moved before that.
        if task["id"] in progress:
            task["progress"] = progress[task["id"]]
        elif task["id"] in named:
            task["progress"] = 0
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _settled(project: Project, day: dt.date, changes: list[dict]) -> bool:
    """True when nothing in the plan happened after `day`: the plan of that day is the file as it is."""
    plan = project.plan
    return (
        all(c["date"] <= day for c in changes)
        and all(m.done is None or m.done <= day for m in plan.milestones)
        and all(r.raised is None or r.raised <= day for r in plan.risks)
        and all(d.date <= day for d in plan.decisions)
        and all(u.date <= day for u in project.updates)
    )


def _set(data: dict[str, Any], where: str, value: Any) -> None:
    parts = where.split(".")
    if len(parts) == 1:
        data[parts[0]] = value
        return
    kind, item_id, field = parts
    item = next((i for i in data.get(kind, []) if i.get("id") == item_id), None)
    if item is None:
        raise ReporterError(f"demo replay: {where}: no {kind[:-1]} '{item_id}' in the plan")
    item[field] = value


def _describe(project: Project, monday: dt.date, sunday: dt.date, changes: list[dict]) -> tuple[str, str]:
    for change in changes:
        if monday <= change["date"] <= sunday:
            return change.get("author", project.plan.owner), f"{project.plan.name}: {change['message']}"
    update = next((u for u in reversed(project.updates) if monday <= u.date <= sunday), None)
    if update is not None:
        return update.author, f"{project.plan.name}: update of {update.date}"
    return project.plan.owner, f"{project.plan.name}: plan"


def _changes(replay_file: Path | None) -> dict[str, list[dict]]:
    if replay_file is None or not replay_file.is_file():
        return {}
    data = yaml.safe_load(replay_file.read_text(encoding="utf-8")) or {}
    by_project: dict[str, list[dict]] = {}
    for change in data.get("changes", []):
        by_project.setdefault(change["project"], []).append(change)
    return by_project


def _write(repo_dir: Path, files: dict[str, str]) -> bool:
    """Write files that differ from what is there; True when anything changed."""
    changed = False
    for relative, text in files.items():
        target = repo_dir / relative
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        changed = True
    return changed


def _commit(repo_dir: Path, files: dict[str, str], when: dt.date | dt.datetime, author: str, message: str) -> None:
    _write(repo_dir, files)
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(9), dt.UTC)
    email = author.lower().replace(" ", ".") + "@veldmark.example"
    stamp = when.isoformat()
    _git(repo_dir, "add", "-A")
    _git(
        repo_dir,
        "commit",
        "-q",
        "-m",
        message,
        env={
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        },
    )


def _git(repo_dir: Path, *args: str, env: dict[str, str] | None = None) -> None:
    # Isolated from the user's git configuration: no hooks, signing or templates in a scratch repository.
    full_env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull, **(env or {})}
    try:
        subprocess.run(["git", *args], cwd=repo_dir, env=full_env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise ReporterError("the demo needs git, and no git executable was found") from None
    except subprocess.CalledProcessError as exc:
        raise ReporterError(f"git {args[0]} failed: {exc.stderr.strip()}") from None
