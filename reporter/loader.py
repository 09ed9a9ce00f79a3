"""Load a content folder: find its files, parse them with positions, validate them into models.

Every problem in every file is collected, so one run of `reporter validate` reports them all.
Pydantic's errors are translated here, at the boundary, into `file:line:col: field: message`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from reporter import checks
from reporter.errors import ContentError, Problem, display_path
from reporter.models import SLUG_PATTERN, Content, Plan, Portfolio, Project, Update
from reporter.yamlsource import Path_, Source, YamlProblem, decode, parse

M = TypeVar("M", bound=BaseModel)
UPDATE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """A model read from a file, with the file's name (as shown to users) and the places of its values."""

    model: M
    source: Source
    path: str

    def at(self, loc: Path_, message: str, *, key: bool = False) -> Problem:
        """A problem at the place of `loc` in this file, prefixed with the field's path."""
        line, col = self.source.position(loc, key=key)
        label = format_loc(loc)
        return Problem(self.path, line, col, f"{label}: {message}" if label else message)


class ContentFiles:
    """The files of a content folder by path relative to it ('projects/crm/plan.yaml'), wherever they live.

    A folder on disk and a snapshot of a git tree both present themselves this way, so one loader
    serves today's content and every version in history. `key` names a file's exact bytes (a git blob
    id) so that a file seen before is not parsed again; it is None where there is no such name.
    """

    def __init__(
        self,
        shown_root: str,
        paths: Iterable[str],
        read: Callable[[str], bytes],
        key: Callable[[str], str | None] = lambda path: None,
        folders: Iterable[str] = (),
        source: Callable[[str], Source] | None = None,
    ):
        self.shown_root = shown_root.rstrip("/")
        self.paths = sorted(set(paths))
        self.read = read
        self.key = key
        self._source = source
        self.project_folders = sorted(
            {p.split("/")[1] for p in self.paths if p.startswith("projects/") and p.count("/") >= 2} | set(folders)
        )

    @classmethod
    def from_folder(cls, root: Path) -> ContentFiles:
        """The files below a folder on disk (hidden files and folders left out)."""
        paths = [
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
        ]
        projects = root / "projects"
        folders = [p.name for p in projects.iterdir() if p.is_dir() and not p.name.startswith(".")] if projects.is_dir() else []
        return cls(display_path(root), paths, lambda rel: (root / rel).read_bytes(), folders=folders)

    def shown(self, path: str) -> str:
        """The path as printed in problems: 'content/projects/crm/plan.yaml'."""
        return f"{self.shown_root}/{path}" if self.shown_root not in ("", ".") else path

    def source(self, path: str) -> Source:
        """The parsed file (raises YamlProblem); a git snapshot answers from its store of parsed blobs."""
        if self._source is not None:
            return self._source(path)
        return parse(decode(self.read(path)))

    def __contains__(self, path: str) -> bool:
        return path in self._set

    @functools.cached_property
    def _set(self) -> set[str]:
        return set(self.paths)


# Parsed files by (key, model): the same blob is parsed once however many snapshots hold it.
ParseCache = dict[tuple[str, str], tuple["Parsed[Any] | None", "Source | None", list[Problem]]]


def load_content(content_dir: Path | str) -> Content:
    """Load and validate a whole content folder, or raise ContentError listing every problem."""
    content, problems = check_content(content_dir)
    errors = [p for p in problems if p.severity == "error"]
    if errors or content is None:
        raise ContentError(errors)
    return content


def check_content(content_dir: Path | str) -> tuple[Content | None, list[Problem]]:
    """Every problem in a content folder, and the content itself when it has no errors."""
    root = Path(content_dir)
    if not root.is_dir():
        shown = display_path(root)
        return None, [Problem(shown, 1, 1, "no such content folder; create it with `reporter init` or name another")]
    return check_files(ContentFiles.from_folder(root))


def check_files(files: ContentFiles, cache: ParseCache | None = None) -> tuple[Content | None, list[Problem]]:
    """Every problem in a set of content files, and the content itself when it has no errors."""
    reader = _Reader(files, {} if cache is None else cache)
    problems = reader.problems
    portfolio, portfolio_source = reader.read("portfolio.yaml", Portfolio)
    if portfolio is not None:
        problems += checks.check_portfolio(portfolio)
    program_ids = _program_ids(portfolio.model if portfolio else None, portfolio_source)

    projects: list[Project] = []
    if not files.project_folders:
        problems.append(Problem(files.shown("projects"), 1, 1, "no project folders; add projects/<id>/plan.yaml"))
    for folder in files.project_folders:
        project = _read_project(reader, folder, program_ids)
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
    if not re.match(SLUG_PATTERN, folder):
        message = f"project folder '{folder}' is not an id: rename it with lowercase letters, digits and hyphens"
        problems.append(Problem(files.shown(plan_path), 1, 1, message))
    if plan_path not in files:
        problems.append(Problem(files.shown(plan_path), 1, 1, "missing plan.yaml; every project folder needs one"))
        return None
    plan, _ = reader.read(plan_path, Plan)
    if plan is not None:
        problems += checks.check_plan(plan, program_ids)

    updates: list[Update] = []
    prefix = f"projects/{folder}/updates/"
    for path in files.paths:
        name = path[len(prefix) :]
        if not path.startswith(prefix) or "/" in name:
            continue
        name_match = UPDATE_NAME.match(name)
        if not name_match or not _is_date(name_match.group(1)):
            message = "an update's file name must be its date, YYYY-MM-DD.yaml"
            problems.append(Problem(files.shown(path), 1, 1, message))
            continue
        update, _ = reader.read(path, Update)
        if update is not None:
            file_date = dt.date.fromisoformat(name_match.group(1))
            problems += checks.check_update(update, file_date, plan.model if plan else None)
            updates.append(update.model)
    if plan is None or len(problems) > before:
        return None
    return Project(id=folder, plan=plan.model, updates=tuple(sorted(updates, key=lambda u: u.date)))


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _Reader:
    """Parses and validates files of one ContentFiles, collecting problems and reusing the cache."""

    def __init__(self, files: ContentFiles, cache: ParseCache):
        self.files, self.cache = files, cache
        self.problems: list[Problem] = []

    def read(self, path: str, model: type[M]) -> tuple[Parsed[M] | None, Source | None]:
        """Parse and validate one file, appending its problems; the model is None when it has any."""
        key = self.files.key(path)
        if key is not None and (key, model.__name__) in self.cache:
            parsed, source, found = self.cache[(key, model.__name__)]
        else:
            parsed, source, found = self._parse(path, model)
            if key is not None:
                self.cache[(key, model.__name__)] = (parsed, source, found)
        self.problems += found
        return parsed, source

    def _parse(self, path: str, model: type[M]) -> tuple[Parsed[M] | None, Source | None, list[Problem]]:
        shown = self.files.shown(path)
        if path not in self.files:
            return None, None, [Problem(shown, 1, 1, "missing file")]
        try:
            source = self.files.source(path)
        except YamlProblem as exc:
            return None, None, [Problem(shown, exc.line, exc.col, exc.message)]
        found = [Problem(shown, p.line, p.col, p.message) for p in source.problems]
        try:
            parsed: Parsed[M] | None = Parsed(model.model_validate(source.data), source, shown)
        except ValidationError as exc:
            found += [_translate(error, model, source, shown) for error in exc.errors()]
            parsed = None
        return (None if found else parsed), source, found


def _program_ids(portfolio: Portfolio | None, source: Source | None) -> set[str] | None:
    """The program ids plans may name; read from the raw data when portfolio.yaml has other problems,
    so that one mistake there does not hide the plans' own."""
    if portfolio is not None:
        return {p.id for p in portfolio.programs}
    if source is None or not isinstance(source.data, dict) or not isinstance(source.data.get("programs"), list):
        return None
    return {p["id"] for p in source.data["programs"] if isinstance(p, dict) and isinstance(p.get("id"), str)}


# --- pydantic errors in the users' words --------------------------------------------------------


def format_loc(loc: Path_) -> str:
    """('milestones', 2, 'due') -> 'milestones[2].due'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    return f"'{value}'"


def _translate(error: dict[str, Any], model: type[BaseModel], source: Source, shown: str) -> Problem:
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
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = f"{_describe(value)} is not a date (YYYY-MM-DD)"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        message = f"{_describe(value)} is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout')"
    elif kind == "enum":
        message = f"{_describe(value)} is not allowed; use {ctx.get('expected')}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"{_describe(value)} is not a whole number"
    elif kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        message = f"{_describe(value)} is not a number"
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

