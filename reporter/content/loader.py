"""Load a content folder: find its files, parse them with positions, validate them into models.

Every problem in every file is collected, so one run of `reporter validate` reports them all.
Pydantic's errors are translated here, at the boundary, into `file:line:col: field: message`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import gc
import hashlib
import os
import re
import types
import typing
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reporter.content import checks
from reporter.content.directory import Directory
from reporter.content.models import MAX_ID, SLUG_PATTERN, Content, Plan, Portfolio, Project, Update, is_id
from reporter.content.parsecache import SourceStore
from reporter.content.parsed import Parsed, format_loc
from reporter.content.placeholders import check_placeholders
from reporter.content.yamlsource import Path_, Source, YamlProblem, decode, parse
from reporter.errors import ContentError, Problem, display_path, excerpt

M = TypeVar("M", bound=BaseModel)
# YYYY-MM-DD.yaml, or YYYY-MM-DD-2.yaml (to -99) for a second (third ...) update on one day.
UPDATE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-([2-9]|[1-9][0-9]))?\.yaml$")
UPDATE_NAME_RULE = "an update's file name must be its date, YYYY-MM-DD.yaml (YYYY-MM-DD-2.yaml for a second one that day)"


def update_order(path: str) -> tuple[str, int, str]:
    """The order update files are read in: by date, then the day's first, -2, -3 ... (a plain sort puts
    2026-03-06-2.yaml before 2026-03-06.yaml and -10 before -2); other names last, by name."""
    found = UPDATE_NAME.match(path.rsplit("/", 1)[-1])
    if found is None:
        return ("9999-99-99", 0, path)
    return (found.group(1), int(found.group(2) or 1), path)


def folder_of(path: str) -> str:
    """The group a content path belongs to: 'projects/<id>' for a project's files, '' for the rest."""
    parts = path.split("/", 2)
    return f"projects/{parts[1]}" if len(parts) == 3 and parts[0] == "projects" else ""


class ContentFiles:
    """The files of a content folder by path relative to it ('projects/crm/plan.yaml'), wherever they live.

    A folder on disk and a snapshot of a git tree both present themselves this way, so one loader
    serves today's content and every version in history. Files are grouped by project folder. `key`
    names a file's exact bytes (a git blob id) so that a file seen before is not parsed again, and
    `tokens` name each folder's exact set of files, so that a project unchanged since the previous
    snapshot is not loaded again; both are None where there are no such names.
    """

    def __init__(
        self,
        shown_root: str,
        groups: Mapping[str, Collection[str]],
        read: Callable[[str], bytes],
        key: Callable[[str], str | None] = lambda path: None,
        source: Callable[[str], Source] | None = None,
        tokens: Mapping[str, object] | None = None,
        blob_maps: dict[str, dict[str, str]] | None = None,
        additions: dict[str, tuple[dict[str, str], tuple[str, ...]]] | None = None,
    ):
        self.shown_root = shown_root.rstrip("/")
        self.groups = groups
        self.read = read
        self.key = key
        self.tokens = tokens
        self.blob_maps = blob_maps
        self.additions = additions or {}
        self._source = source
        self._sorted: dict[str, list[str]] = {}
        # Symbolic links that lead out of the content folder, by path: refused, never read.
        self.refused: list[str] = []
        self.project_folders = sorted(name.split("/")[1] for name in self.groups if name)

    @classmethod
    def from_folder(cls, root: Path, store: SourceStore | None = None, known: Mapping[str, str] | None = None) -> ContentFiles:
        """The files below a folder on disk (hidden files and folders left out).

        With a `store`, each file is named by its git blob id, so a file committed (or built) before
        is not parsed again, in a working tree as in history. `known` gives the blob ids of the files
        that git's index says are unchanged on disk (`History.working_blobs`): those are read only
        when the store lacks them; every other file is read and hashed."""
        groups: dict[str, list[str]] = {"": []}
        projects = root / "projects"
        for folder in projects.iterdir() if projects.is_dir() else []:
            if folder.is_dir() and not folder.name.startswith(".") and _inside(folder, root):
                groups[f"projects/{folder.name}"] = []  # an empty project folder is reported, not skipped
        found, refused = _walk(root)
        for relative in found:
            groups.setdefault(folder_of(relative), []).append(relative)
        if store is None:
            files = cls(display_path(root), groups, lambda rel: (root / rel).read_bytes())
            files.refused = refused
            return files

        @functools.cache
        def read(rel: str) -> bytes:
            return (root / rel).read_bytes()

        known = known or {}

        @functools.cache
        def blob(rel: str) -> str:
            indexed = known.get(rel)
            if indexed is not None:
                return indexed
            data = read(rel)
            return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # git's blob id

        files = cls(display_path(root), groups, read, key=blob, source=lambda rel: store.source(blob(rel), lambda: read(rel)))
        files.refused = refused
        return files

    def paths_of(self, folder: str) -> list[str]:
        """The files of one project folder ('crm'), sorted."""
        if folder not in self._sorted:
            self._sorted[folder] = sorted(self.groups.get(f"projects/{folder}", ()))
        return self._sorted[folder]

    def blob_map(self, folder: str) -> dict[str, str] | None:
        """{path: blob id} of a project folder in a git snapshot; None for a folder on disk."""
        return None if self.blob_maps is None else self.blob_maps.get(f"projects/{folder}")

    def added_since(self, folder: str, previous: dict[str, str]) -> tuple[str, ...] | None:
        """The paths added to a project folder since the snapshot whose file map was `previous`, when
        nothing else changed in between; None when that is not known."""
        known = self.additions.get(f"projects/{folder}")
        return known[1] if known is not None and known[0] is previous else None

    def token(self, folder: str) -> object | None:
        """A name for the exact files of a project folder in this snapshot, or None."""
        return None if self.tokens is None else self.tokens.get(f"projects/{folder}")

    def shown(self, path: str) -> str:
        """The path as printed in problems: 'content/projects/crm/plan.yaml'."""
        return f"{self.shown_root}/{path}" if self.shown_root not in ("", ".") else path

    def source(self, path: str) -> Source:
        """The parsed file (raises YamlProblem); a git snapshot answers from its store of parsed blobs."""
        if self._source is not None:
            return self._source(path)
        return parse(decode(self.read(path)))

    def __contains__(self, path: str) -> bool:
        return path in self.groups.get(folder_of(path), ())


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, symbolic links followed, is inside the folder `root`."""
    return path.resolve().is_relative_to(root.resolve())


def _walk(root: Path) -> tuple[list[str], list[str]]:
    """The files below `root` (hidden ones left out) as sorted relative paths, and the symbolic links
    that lead out of it. A link within the folder is followed like the file or folder it names; one
    that leads out is never read, so that a pull request cannot publish (or quote in a message) a file
    of the machine that builds it."""
    real_root = root.resolve()
    files: list[str] = []
    refused: list[str] = []
    seen = {real_root}
    folders = [(root, "")]  # each with its path relative to `root` and a slash ("" for the root)
    while folders:  # iterative: a deep tree cannot exhaust the stack
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                relative = prefix + entry.name  # text, not a Path: a portfolio has 50,000 files
                if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(real_root):
                    refused.append(relative)
                elif entry.is_dir():
                    real = Path(entry.path).resolve()
                    if real not in seen:  # a link back up the tree is not walked twice
                        seen.add(real)
                        folders.append((Path(entry.path), relative + "/"))
                elif entry.is_file():
                    files.append(relative)
    return sorted(files), sorted(refused)


OUTSIDE_LINK = (
    "a symbolic link to a place outside the content folder; reporter reads only files inside it, so put the file itself here"
)
UNREAD_FILE = "this file is not read: {where}"
MAX_UPDATES = 5_000  # update files per project: a century of weekly updates


# What a project's files are checked against besides themselves: the program ids (None when
# portfolio.yaml could not be read) and the declared people and organisations (`Directory.key`).
Context = tuple[frozenset[str] | None, str]


@dataclass
class LoadCache:
    """What loading many snapshots of the same content one after another can reuse."""

    # (blob, model) -> parse result: the same blob is parsed and validated once, whatever holds it.
    parsed: dict[tuple[str, str], tuple[Any, Any, list[Problem]]] = field(default_factory=dict)
    # (folder token, (program ids, declared names)) -> loaded project: a project unchanged since the last snapshot.
    projects: dict[tuple[object, Context], tuple[Project | None, list[Problem]]] = field(default_factory=dict)
    # (plan blob, program ids, declared names) -> the plan's own problems: a plan already checked.
    plans: dict[tuple[str, frozenset[str] | None, str], list[Problem]] = field(default_factory=dict)
    # (path, update blob, the plan's ids, whether it has a budget, declared names, whether it is the newest)
    # -> checked update: an update already checked against such a plan.
    updates: dict[
        tuple[str, str, tuple[frozenset[str], frozenset[str]], bool, str, bool], tuple[Update | None, list[Problem]]
    ] = field(default_factory=dict)
    # folder -> (its files, program ids and declared names, project) in the last snapshot loaded: the
    # next snapshot that only adds updates to it extends that project instead of loading it again.
    last: dict[str, tuple[dict[str, str], Context, Project]] = field(default_factory=dict)
    # plan blob -> (task ids, milestone ids) that its updates may name.
    plan_ids: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector paused while content loads. Loading makes hundreds of thousands of
    objects and no reference cycles, so each collection only rescans a heap that keeps growing: about
    a third of the load time on a large portfolio (see benchmarks/). Reference counting still frees
    everything as usual; the collector resumes as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_content(
    content_dir: Path | str,
    store: SourceStore | None = None,
    cache: LoadCache | None = None,
    known: Mapping[str, str] | None = None,
) -> Content:
    """Load and validate a whole content folder, or raise ContentError listing every problem (`known`: the
    blob ids git's index vouches for, see `ContentFiles.from_folder`)."""
    content, problems = check_content(content_dir, store, cache, known)
    errors = [p for p in problems if p.severity == "error"]
    if errors or content is None:
        raise ContentError(errors)
    return content


def check_content(
    content_dir: Path | str,
    store: SourceStore | None = None,
    cache: LoadCache | None = None,
    known: Mapping[str, str] | None = None,
) -> tuple[Content | None, list[Problem]]:
    """Every problem in a content folder, and the content itself when it has no errors; `store` keeps
    parsed files between runs (see `reporter.content.parsecache`)."""
    root = Path(content_dir)
    if not root.is_dir():
        shown = display_path(root)
        return None, [Problem(shown, 1, 1, "no such content folder; create it with `reporter init` or name another")]
    with paused_gc():
        return check_files(ContentFiles.from_folder(root, store, known), cache)


def check_files(files: ContentFiles, cache: LoadCache | None = None) -> tuple[Content | None, list[Problem]]:
    """Every problem in a set of content files, and the content itself when it has no errors."""
    cache = cache if cache is not None else LoadCache()
    reader = _Reader(files, cache)
    problems = reader.problems
    for link in files.refused:
        problems.append(Problem(files.shown(link), 1, 1, OUTSIDE_LINK))
    for path in files.groups.get("", ()):
        if path != "portfolio.yaml" and _is_yaml(path):
            where = "a project's files go in projects/<id>/ (plan.yaml, and updates/<date>.yaml)"
            problems.append(Problem(files.shown(path), 1, 1, UNREAD_FILE.format(where=where), severity="warning"))
    portfolio, portfolio_source = reader.read("portfolio.yaml", Portfolio)
    if portfolio is not None:
        problems += checks.check_portfolio(portfolio)
        reader.directory = Directory(portfolio.model)
    program_ids = _program_ids(portfolio.model if portfolio else None, portfolio_source)

    projects: list[Project] = []
    if not files.project_folders:
        problems.append(Problem(files.shown("projects"), 1, 1, "no project folders; add projects/<id>/plan.yaml"))
    programs_key = frozenset(program_ids) if program_ids is not None else None
    context: Context = (programs_key, reader.directory.key)
    for folder in files.project_folders:
        token = files.token(folder)
        memo_key = (token, context)
        if token is not None and memo_key in cache.projects:
            project, found = cache.projects[memo_key]
            problems += found
        else:
            before = len(problems)
            project = _extend_project(reader, folder, context)
            if project is None:
                project = _read_project(reader, folder, program_ids)
            if token is not None:
                cache.projects[memo_key] = (project, problems[before:])
            blobs = files.blob_map(folder)
            if blobs is not None and project is not None:
                cache.last[folder] = (blobs, context, project)
        if project is not None:
            projects.append(project)

    problems.sort()
    if portfolio is None or any(p.severity == "error" for p in problems):
        return None, problems
    return Content(portfolio=portfolio.model, projects=tuple(projects)), problems


def _read_project(reader: _Reader, folder: str, program_ids: set[str] | None) -> Project | None:
    files, problems = reader.files, reader.problems
    plan_path = f"projects/{folder}/plan.yaml"
    before = len(problems)
    if not is_id(folder):
        message = f"project folder '{excerpt(folder)}' is not an id: rename it with lowercase letters, digits and hyphens"
        if len(folder) > MAX_ID:
            message += f", at most {MAX_ID} characters"
        problems.append(Problem(files.shown(plan_path), 1, 1, message))
    if plan_path not in files:
        problems.append(Problem(files.shown(plan_path), 1, 1, "missing plan.yaml; every project folder needs one"))
        return None
    plan, _ = reader.read(plan_path, Plan)
    if plan is not None:
        plan_key = files.key(plan_path)
        directory = reader.directory
        if plan_key is None:
            problems += checks.check_plan(plan, program_ids) + checks.check_names(plan, directory)
        else:
            memo = (plan_key, frozenset(program_ids) if program_ids is not None else None, directory.key)
            if memo not in reader.cache.plans:
                reader.cache.plans[memo] = checks.check_plan(plan, program_ids) + checks.check_names(plan, directory)
            problems += reader.cache.plans[memo]

    updates: list[Update] = []
    prefix = f"projects/{folder}/updates/"
    paths = sorted(files.paths_of(folder), key=update_order)
    newest = next((p for p in reversed(paths) if p.startswith(prefix) and UPDATE_NAME.match(p[len(prefix) :])), None)
    if len(paths) > MAX_UPDATES + 1:
        message = f"{len(paths) - 1} update files, more than the {MAX_UPDATES:,} reporter reads per project"
        problems.append(Problem(files.shown(prefix.rstrip("/")), 1, 1, message))
        return None
    for path in paths:
        name = path[len(prefix) :]
        if not path.startswith(prefix) or "/" in name:
            if path != plan_path and _is_yaml(path):
                where = f"updates go in {prefix}, named by their date (YYYY-MM-DD.yaml)"
                problems.append(Problem(files.shown(path), 1, 1, UNREAD_FILE.format(where=where), severity="warning"))
            continue
        name_match = UPDATE_NAME.match(name)
        if not name_match or not _is_date(name_match.group(1)):
            problems.append(Problem(files.shown(path), 1, 1, UPDATE_NAME_RULE))
            continue
        model, found = _checked_update(reader, path, name_match, plan_path, plan.model if plan else None, newest=path == newest)
        problems += found
        if model is not None:
            updates.append(model)
    if plan is None or any(p.severity == "error" for p in problems[before:]):
        return None  # warnings (a TODO placeholder) do not keep a project off the site
    # Update files are named by their date and checked to match it, so `update_order` is date order.
    return Project(id=folder, plan=plan.model, updates=tuple(updates))


def _checked_update(
    reader: _Reader,
    path: str,
    name_match: re.Match[str],
    plan_path: str,
    plan: Plan | None,
    blobs: dict[str, str] | None = None,
    *,
    newest: bool = True,
) -> tuple[Update | None, list[Problem]]:
    """An update file read, validated and checked against its plan, with its problems (`blobs`: the
    folder's {path: blob id}, when the caller has it).

    Only the project's `newest` update must name tasks and milestones of today's plan: each older one
    was checked so when it was the newest (CI validates every change), against the plan as it stood
    then, and a later plan that drops a milestone does not make the history wrong."""
    files = reader.files
    if blobs is not None:
        update_key, plan_key = blobs.get(path), blobs.get(plan_path)
    else:
        update_key, plan_key = files.key(path), files.key(plan_path)
    ids = None
    if plan is not None and plan_key is not None:
        if plan_key not in reader.cache.plan_ids:
            tasks, milestones = checks.plan_ids(plan)
            reader.cache.plan_ids[plan_key] = (frozenset(tasks), frozenset(milestones))
        ids = reader.cache.plan_ids[plan_key]
    # What an update is checked against is the ids its plan defines, and whether it has a budget (an
    # actual cost without one is a warning): a plan whose dates moved checks its updates exactly as
    # before, so the result is kept by those, not by the plan's version.
    has_budget = plan is not None and plan.budget is not None
    memo = (path, update_key, ids, has_budget, reader.directory.key, newest) if update_key and ids is not None else None
    if memo is not None and memo in reader.cache.updates:
        return reader.cache.updates[memo]
    update, _ = reader.read(path, Update, report=False, key=update_key)
    found = list(reader.last_problems)
    model = update.model.numbered(int(name_match.group(2) or 1)) if update is not None else None
    if update is not None:
        day = dt.date.fromisoformat(name_match.group(1))
        found += checks.check_update(update, day, plan, ids, file_name=name_match.group(0), check_names=newest)
        found += checks.check_names(update, reader.directory)
    if memo is not None:
        reader.cache.updates[memo] = (model, found)
    return model, found


def _extend_project(reader: _Reader, folder: str, context: Context) -> Project | None:
    """The project of the last snapshot plus the update files added since, when that is all that
    changed (the common case week to week); None when it must be loaded afresh."""
    files = reader.files
    blobs = files.blob_map(folder)
    last = reader.cache.last.get(folder)
    if blobs is None or last is None or last[1] != context:
        return None
    old_blobs, _, old = last
    plan_path = f"projects/{folder}/plan.yaml"
    new_paths = files.added_since(folder, old_blobs)  # from history: no need to compare the folders
    if new_paths is None:
        # Dict views compare in C: the old files must all be there unchanged, and the plan the same.
        if blobs.get(plan_path) != old_blobs.get(plan_path) or not old_blobs.items() <= blobs.items():
            return None
        new_paths = tuple(blobs.keys() - old_blobs.keys())
    prefix = f"projects/{folder}/updates/"
    added = []
    latest = old.updates[-1].key if old.updates else None  # a project's updates are in key order
    ordered = sorted(new_paths, key=update_order)
    last_file = next((p for p in reversed(ordered) if p.startswith(prefix) and UPDATE_NAME.match(p[len(prefix) :])), None)
    for path in ordered:
        name = path[len(prefix) :]
        if not path.startswith(prefix) or "/" in name:
            continue  # not an update file: ignored by the loader too
        name_match = UPDATE_NAME.match(name)
        if not name_match or not _is_date(name_match.group(1)):
            return None  # let the full load report it
        key = (dt.date.fromisoformat(name_match.group(1)), int(name_match.group(2) or 1))
        newest = path == last_file and (latest is None or key > latest)
        model, found = _checked_update(reader, path, name_match, plan_path, old.plan, blobs, newest=newest)
        if model is None or any(p.severity == "error" for p in found):
            return None
        added.append(model)
    if not added:
        return old
    updates = old.updates + tuple(added)
    if old.updates and added[0].key < old.updates[-1].key:
        updates = tuple(sorted(updates, key=lambda u: u.key))
    return Project(id=folder, plan=old.plan, updates=updates)


def _is_yaml(path: str) -> bool:
    return path.lower().endswith((".yaml", ".yml"))


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _Reader:
    """Parses and validates files of one ContentFiles, collecting problems and reusing the cache."""

    def __init__(self, files: ContentFiles, cache: LoadCache):
        self.files, self.cache = files, cache
        self.directory = Directory()  # portfolio.yaml's, once it is read
        self.problems: list[Problem] = []
        self.last_problems: list[Problem] = []

    def read(
        self, path: str, model: type[M], report: bool = True, key: str | None = None
    ) -> tuple[Parsed[M] | None, Source | None]:
        """Parse and validate one file; its problems go to `problems` (or only to `last_problems` when
        not `report`); the model is None when it has any. `key`: the file's key, when known already."""
        key = key or self.files.key(path)
        if key is not None and (key, model.__name__) in self.cache.parsed:
            parsed, source, found = self.cache.parsed[(key, model.__name__)]
        else:
            parsed, source, found = self._parse(path, model)
            if key is not None:
                self.cache.parsed[(key, model.__name__)] = (parsed, source, found)
        self.last_problems = found
        if report:
            self.problems += found
        return (None if any(p.severity == "error" for p in found) else parsed), source

    def _parse(self, path: str, model: type[M]) -> tuple[Parsed[M] | None, Source | None, list[Problem]]:
        shown = self.files.shown(path)
        if path not in self.files:
            return None, None, [Problem(shown, 1, 1, "missing file")]
        try:
            source = self.files.source(path)
        except YamlProblem as exc:
            return None, None, [Problem(shown, exc.line, exc.col, exc.message)]
        found = [Problem(shown, p.line, p.col, p.message, p.severity) for p in source.problems]
        try:
            # Kept with its places only (see Source.placed): the cache holds every file to the end of the
            # load, and a file's data is not needed once its model is made.
            parsed = Parsed(model.model_validate(source.data), source.placed(), shown)
        except ValidationError as exc:
            found += [_translate(error, model, source, shown) for error in exc.errors()]
            return None, source, found
        found += check_placeholders(parsed, source.data)  # warnings of the file alone: kept with its parse
        if any(p.severity == "error" for p in found):
            return None, source, found  # with its data, all there is of it to read (see _program_ids)
        return parsed, parsed.source, found


def _program_ids(portfolio: Portfolio | None, source: Source | None) -> set[str] | None:
    """The program ids plans may name; read from the raw data when portfolio.yaml has other problems,
    so that one mistake there does not hide the plans' own."""
    if portfolio is not None:
        return {p.id for p in portfolio.programs}
    if source is None or not isinstance(source.data, dict) or not isinstance(source.data.get("programs"), list):
        return None
    return {p["id"] for p in source.data["programs"] if isinstance(p, dict) and isinstance(p.get("id"), str)}


# --- pydantic errors in the users' words --------------------------------------------------------


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    return f"'{excerpt(value)}'"


def _translate(error: ErrorDetails, model: type[BaseModel], source: Source, shown: str) -> Problem:
    loc: Path_ = tuple(part for part in error["loc"] if part != "[key]")
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    at_key = kind == "extra_forbidden" or "[key]" in error["loc"]
    if kind == "missing":
        message = f"missing required field '{loc[-1]}'"
        loc_for_label, loc = loc[:-1], loc[:-1]
        line, col = source.position(loc)
        label = format_loc(loc_for_label)
        return Problem(shown, line, col, f"{label}: {message}" if label else message)
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        message = f"unknown field '{loc[-1]}'"
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        message += f"; did you mean '{close[0]}'?" if close else (f"; known fields: {', '.join(known)}" if known else "")
    elif kind.startswith("reporter_"):  # a bound of reporter's own (models.py), worded there
        message = error["msg"]
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = f"{_describe(value)} is not a date (YYYY-MM-DD)"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        message = f"{_describe(value)} is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout')"
    elif kind == "string_pattern_mismatch" and loc[-1:] == ("baseline",):
        message = f"{_describe(value)} is not a baseline name: use letters, digits, '.', '_' and '-'"
    elif kind == "string_too_long":
        message = f"{len(str(value))} characters is too long: at most {ctx.get('max_length')}"
    elif kind == "enum":
        message = f"{_describe(value)} is not allowed; use {ctx.get('expected')}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"{_describe(value)} is not a whole number"
    elif kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"):
        message = f"{_describe(value)} is not a number" + (" (a finite one)" if kind == "finite_number" else "")
    elif kind == "too_short":
        message = f"needs at least {ctx.get('min_length')} item{'s' if ctx.get('min_length') != 1 else ''}"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = f"{_describe(value)} is out of range: {error['msg'].lower()}"
    elif kind == "string_type":
        message = f"expected text, got {_describe(value)}"
    elif kind == "list_type":
        message = f"expected a list, got {_describe(value)}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"expected a mapping of fields, got {_describe(value)}"
    else:
        message = f"{error['msg']} (got {_describe(value)})"
    line, col = source.position(loc, key=at_key)
    label = format_loc(loc)
    return Problem(shown, line, col, f"{label}: {message}" if label else message)


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """The field names of the model found by following `loc` down from `model` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) in (list, tuple) and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] from a type annotation."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation
