"""The gather stage: the content as of the report date, plus what git history knows about it.

Reads everything the pages need before anything is computed or written (MkDocs' habit): the current
content, a snapshot at the end of every reporting week, each project's baseline plan and the last
change to each project. Each distinct blob is parsed once, and kept parsed on disk between builds.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from reporter.content.audience import AudienceView
from reporter.content.loader import LoadCache, check_files, load_content, paused_gc
from reporter.content.models import FIRST_DATE, LAST_DATE, Content, Plan, Project, Visibility
from reporter.content.parsecache import SourceStore, parsed_entry
from reporter.content.yamlsource import YamlProblem
from reporter.errors import ReporterError
from reporter.history.repository import Baseline, Freshness, History, Rename, current_id, read_history
from reporter.weeks import Week, weeks_between

Part = TypeVar("Part")
Result = TypeVar("Result")


class Workers(Protocol):
    """A way to compute independent parts of some work at once: what the site layer hands in
    (`reporter.site.workers`, its processes), as to compute's trends; history starts no process itself."""

    def ways(self, items: int) -> int:
        """Into how many parts to split this many items of work (1: not worth splitting)."""

    def map(self, compute: Callable[[Part], Result], parts: Sequence[Part]) -> list[Result]:
        """`[compute(part) for part in parts]`, in order; raises an exception when any part fails."""


# Inside the repository's .git folder: never committed, so no pull request can put data in it.
CACHE_FILE = "reporter/parsed.jsonl"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class WeekSnapshot:
    """The content as it stood at the end of a reporting week (None where history has no valid version),
    with every update dated in or before the week, even one committed later."""

    week: Week
    cutoff: dt.date  # the week's Sunday, or the report date for the current week
    content: Content | None

    @property
    def name(self) -> str:
        """The week's ISO name, 2026-W47."""
        return self.week.name


@dataclass(frozen=True)
class SiteData:
    """Everything the site is made from."""

    content: Content
    report_date: dt.date
    weeks: tuple[WeekSnapshot, ...] = ()  # oldest first; the last is the report date's week
    baselines: dict[str, tuple[Baseline, Plan]] = field(default_factory=dict)
    freshness: dict[str, Freshness] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what history is missing, said once
    cache_dir: Path | None = None  # where conversions are kept between builds (beside the parse store), if anywhere


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of a day, in UTC: a commit made that day counts for it."""
    return dt.datetime.combine(day, dt.time.max, dt.UTC)


def week_cutoffs(first: dt.date, report_date: dt.date) -> list[tuple[Week, dt.date]]:
    """(week, cut-off day) for every ISO week from the week of `first` to the week of `report_date`."""
    return [(week, week.cutoff(report_date)) for week in weeks_between(first, report_date)]


def place_late_updates(weeks: list[WeekSnapshot]) -> list[WeekSnapshot]:
    """The snapshots with each update in the week of its own date: an update dated in a week but committed
    after the week's end (written on Friday, merged on Monday) is added to that week's snapshot, and to
    every later one that lacks it, as it was first committed. Plans stay as committed by each cut-off, so
    a project whose folder was first committed after the week has no plan there and gets no update."""
    placed = list(weeks)
    later: Content | None = None
    for i in range(len(weeks) - 1, -1, -1):
        snapshot = weeks[i]
        if snapshot.content is None:
            continue
        if later is not None:
            content = _with_updates_from(snapshot.content, later, snapshot.cutoff)
            if content is not snapshot.content:
                placed[i] = dataclasses.replace(snapshot, content=content)
        later = placed[i].content
    return placed


def _with_updates_from(content: Content, later: Content, cutoff: dt.date) -> Content:
    """`content` plus the updates of `later` dated on or before `cutoff` that it lacks (the same object when none)."""
    later_projects = {p.id: p for p in later.projects}
    projects, changed = [], False
    for project in content.projects:
        newer = later_projects.get(project.id)
        if newer is not None:
            # Updates are sorted by date: comparing counts first keeps the usual case (nothing late) cheap.
            known = bisect.bisect_right(newer.updates, cutoff, key=lambda u: u.date)
            if known > len(project.updates) or (known and newer.updates[known - 1].key != _last_key(project)):
                project = _merged(project, newer.updates[:known])
                changed = True
        projects.append(project)
    return dataclasses.replace(content, projects=tuple(projects)) if changed else content


def _last_key(project: Project) -> tuple[dt.date, int] | None:
    return project.updates[-1].key if project.updates else None


def _merged(project: Project, candidates: tuple) -> Project:
    """The project with those of `candidates` it has no update of the same file for (date and sequence), oldest first."""
    have = {u.key for u in project.updates}
    extra = [u for u in candidates if u.key not in have]
    return dataclasses.replace(project, updates=tuple(sorted((*project.updates, *extra), key=lambda u: u.key)))


def load_weeks(
    history: History,
    report_date: dt.date,
    store: SourceStore,
    current: Content | None = None,
    cache: LoadCache | None = None,
    workers: Workers | None = None,
) -> list[WeekSnapshot]:
    """A snapshot of the content at the end of each reporting week from the first commit to `report_date`.

    `current` (the working tree) stands for the report date's week, so uncommitted changes count as now;
    `workers` parses the blobs the store lacks in parts at once (see `parse_history`).
    """
    if not history.available:
        return [WeekSnapshot(Week.of(report_date), report_date, current)] if current is not None else []
    cutoffs = week_cutoffs(history.commits[0].date.date(), report_date)
    states = history.states_at(end_of(day) for _, day in cutoffs)
    # Read every blob not parsed before in one batch, so that loading the snapshots reads nothing more.
    # (The commits name each blob once; walking the states would visit each once per week.)
    parse_history(history, report_date, store, workers)
    cache = LoadCache() if cache is None else cache
    weeks = []
    for (week, day), state in zip(cutoffs, states, strict=False):
        content = None
        if state is not None:
            files = history.files(state, history.content_dir.name, store)
            content, _ = check_files(files, cache)
        weeks.append(WeekSnapshot(week, day, content))
    if current is not None and weeks:
        weeks[-1] = WeekSnapshot(weeks[-1].week, report_date, current)
    return place_late_updates(follow_renames(weeks, history.renames()))


def parse_history(history: History, report_date: dt.date, store: SourceStore, workers: Workers | None = None) -> None:
    """Put into `store` every YAML blob committed by `report_date` that it lacks, parsed (or the problem that
    stopped its parse), all read in one batch: a clean clone's 52,000 files at 500 projects. With `workers`,
    when there are enough of them, they are parsed in parts at once, each part in the order of the serial
    path, so that the store holds the same entries and saves the same file."""
    last = end_of(report_date)
    # The commits name each blob once; walking the states would visit each once per week.
    missing = {
        change.blob
        for commit in history.commits
        if commit.date <= last
        for change in commit.changes
        if change.path.endswith(".yaml") and change.status != "D" and change.blob not in store
    }  # only what the loader reads: a README or a picture under content/ is no YAML to parse
    raws = list(history.read_blobs(missing).items())
    ways = 1 if workers is None else min(workers.ways(len(raws)), len(raws))
    if workers is None or ways < 2:
        entries = _parsed([raw for _, raw in raws])
    else:
        parts = _parts(raws, ways)
        try:
            entries = [entry for part in workers.map(_parsed, parts) for entry in part]
        except ReporterError:  # a worker failed (WorkerFailed): parsed here instead, as without workers
            entries = _parsed([raw for _, raw in raws])
    for (blob, _), entry in zip(raws, entries, strict=True):
        store.add(blob, entry)


def _parsed(raws: list[bytes]) -> list[dict[str, Any]]:
    """What the parse store keeps for each of these blobs, in order (a worker's part)."""
    return [parsed_entry(raw) for raw in raws]


def _parts(raws: list[tuple[str, bytes]], ways: int) -> list[list[bytes]]:
    """The blobs' bytes in `ways` runs, in order, of about as many bytes each (a plan takes longer to parse than
    an update: balanced by size, each process ends at about the same time)."""
    total = sum(len(raw) for _, raw in raws) or 1
    parts: list[list[bytes]] = [[] for _ in range(ways)]
    done = 0
    for _, raw in raws:
        parts[min(ways - 1, done * ways // total)].append(raw)
        done += len(raw)
    return [part for part in parts if part]


def follow_renames(weeks: list[WeekSnapshot], renames: list[Rename]) -> list[WeekSnapshot]:
    """The snapshots with each project under the id it has now: a project whose folder was renamed is one
    project across its ids, so its trend runs through the rename and old week pages link to its current
    page. An id is kept where the snapshot has a project under the new id already (not the same project)."""
    if not renames:
        return weeks
    followed = []
    for snapshot in weeks:
        content = snapshot.content
        if content is not None:
            after = end_of(snapshot.cutoff)
            ids = {p.id for p in content.projects}
            renamed = []
            for project in content.projects:
                now = current_id(renames, project.id, after)
                renamed.append(project if now == project.id or now in ids else dataclasses.replace(project, id=now))
            if any(new is not old for new, old in zip(renamed, content.projects, strict=True)):
                content = dataclasses.replace(content, projects=tuple(sorted(renamed, key=lambda p: p.id)))
                snapshot = dataclasses.replace(snapshot, content=content)
        followed.append(snapshot)
    return followed


def store_path(history: History) -> Path | None:
    """Where parsed blobs are kept between builds: reporter/ in the repository's git folder."""
    return Path(history.repo.git_dir) / CACHE_FILE if history.repo is not None else None  # type: ignore[attr-defined]


def gather(
    content_dir: Path | str,
    report_date: dt.date,
    *,
    as_of: str | None = None,
    preloaded: Content | None = None,
    store: SourceStore | None = None,
    cache: LoadCache | None = None,
    audience: Visibility | None = None,
    workers: Workers | None = None,
) -> SiteData:
    """Load the content and its history for a site reporting as of `report_date`.

    `as_of` rebuilds the past: a date (YYYY-MM-DD: the content as committed by the end of that day, and
    that day as the report date) or a revision (its commit's tree, and its commit day as the report date).
    Raises ContentError for invalid current content and ReporterError for an `as_of` history cannot give.
    `store` holds parsed blobs (default: see `store_path`, saved at the end); `cache`,
    what loading `preloaded` learnt, so that history does not validate the same files again.
    `audience` (the most restricted level it sees) leaves out everything marked beyond it (`for_audience`).
    `workers` parses the blobs of history not parsed before in parts at once (see `parse_history`).
    """
    with paused_gc():
        data = _gather(content_dir, report_date, as_of, preloaded, store, cache, workers)
    return data if audience is None else for_audience(data, audience)


def for_audience(data: SiteData, seen: Visibility) -> SiteData:
    """What the site is made from, as an audience that sees up to `seen` may see it: the content and every
    week's snapshot without what they or the current content mark beyond it, the baselines and freshness of
    the projects it sees only, their baselines' plans without hidden risks, and no note about a hidden project."""
    view = AudienceView(data.content, seen)
    content = view.content(data.content)
    weeks = tuple(w if w.content is None else dataclasses.replace(w, content=view.content(w.content)) for w in data.weeks)
    shown = {p.id for p in content.projects}
    baselines = {pid: (b, view.plan(pid, plan)) for pid, (b, plan) in data.baselines.items() if pid in shown}
    freshness = {pid: f for pid, f in data.freshness.items() if pid in shown}
    # A note about a project starts with its id (see `_gather`); the others are about git, not content.
    gone = {p.id for p in data.content.projects} - shown
    notes = tuple(n for n in data.notes if n.partition(":")[0] not in gone)
    return SiteData(content, data.report_date, weeks, baselines, freshness, notes, data.cache_dir)


def _gather(
    content_dir: Path | str,
    report_date: dt.date,
    as_of: str | None,
    preloaded: Content | None,
    store: SourceStore | None,
    cache: LoadCache | None,
    workers: Workers | None = None,
) -> SiteData:
    content_dir = Path(content_dir)
    history = read_history(content_dir)
    notes = list(history.notes)
    if store is None:
        store = SourceStore(store_path(history))
    cache = cache if cache is not None else LoadCache()

    if as_of is None:
        if preloaded is None and history.available:
            # History parsed first, in parts at once where there is much of it: the committed files of the
            # working tree are among its blobs, so that loading them parses only what is not committed.
            parse_history(history, report_date, store, workers)
        # Keyed by git's index where it vouches for a file: a warm build reads only what changed.
        content = preloaded or load_content(content_dir, store, cache, history.working_blobs())
    else:
        content, report_date, history = _past(history, as_of, store, cache)
        notes = [n for n in notes if "uncommitted" not in n]

    weeks = load_weeks(history, report_date, store, current=content, cache=cache, workers=workers)
    baselines = {}
    # A tag made after the report date (say, when rebuilding the past with --as-of) was no baseline yet.
    tags = {
        project_id: [b for b in baselines_of if b.date <= end_of(report_date)]
        for project_id, baselines_of in (history.baseline_tags() if history.repo is not None else {}).items()
    }
    for project in content.projects:
        baseline = history.baseline(project.id, project.plan.baseline, tags) if history.available else None
        if baseline is None:
            if project.plan.baseline:
                # Said, not silent: without it the "against the baseline" section would just disappear.
                names = ", ".join(sorted({b.name for b in tags.get(project.id, []) if b.name})) or "none"
                notes.append(
                    f"{project.id}: the plan's baseline '{project.plan.baseline}' has no tag "
                    f"baseline/{project.id}@{project.plan.baseline} (named baselines of {project.id}: {names})"
                )
            continue
        plan = _plan_of(history, store, baseline.blob)
        if plan is not None:
            baselines[project.id] = (baseline, plan)
    store.save()
    kept = store_path(history)
    return SiteData(
        content, report_date, tuple(weeks), baselines, history.freshness(), tuple(notes), kept.parent if kept else None
    )


def _past(history: History, as_of: str, store: SourceStore, cache: LoadCache) -> tuple[Content, dt.date, History]:
    if not history.available:
        raise ReporterError(f"--as-of {as_of} needs git history, and there is none: " + "; ".join(history.notes))
    if _DATE.match(as_of):
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            raise ReporterError(f"--as-of '{as_of}' is not a date (YYYY-MM-DD)") from None
        if not FIRST_DATE <= day <= LAST_DATE:
            raise ReporterError(f"--as-of {as_of} is outside the dates reporter accepts ({FIRST_DATE} to {LAST_DATE})")
        history = history.until(end_of(day))
        state = history.state_at(end_of(day))
        if state is None:
            raise ReporterError(f"--as-of {as_of}: the content was not committed yet on that day")
        label = f"{history.content_dir.name}@{as_of}"
    else:
        try:
            state, when = history.state_of(as_of)
        except ValueError as exc:
            raise ReporterError(f"--as-of: {exc}") from None
        day = when.date()
        history = history.until(end_of(day))
        label = f"{history.content_dir.name}@{as_of}"
    content, problems = check_files(history.files(state, label, store), cache)
    if content is None:
        shown = "\n".join(str(p) for p in problems[:10])
        raise ReporterError(f"--as-of {as_of}: the content of that time does not validate:\n{shown}")
    return content, day, history


def _plan_of(history: History, store: SourceStore, blob: str) -> Plan | None:
    """A plan from a blob, through the parse store; None when that version does not validate."""
    try:
        source = store.source(blob, lambda: history.read_blobs([blob])[blob])
        return Plan.model_validate(source.data)
    except (YamlProblem, ValidationError, KeyError):
        return None
