"""Load a content folder: find its files, parse them with positions, validate them into models.

Every problem in every file is collected, so one run of `reporter validate` reports them all.
Pydantic's errors are translated here, at the boundary, into `file:line:col: field: message`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

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
    problems: list[Problem] = []
    if not root.is_dir():
        shown = display_path(root)
        return None, [Problem(shown, 1, 1, "no such content folder; create it with `reporter init` or name another")]

    portfolio, portfolio_source = _read(root / "portfolio.yaml", Portfolio, problems)
    if portfolio is not None:
        problems += checks.check_portfolio(portfolio)
    program_ids = _program_ids(portfolio.model if portfolio else None, portfolio_source)

    projects: list[Project] = []
    projects_dir = root / "projects"
    folders = sorted(p for p in projects_dir.iterdir() if p.is_dir()) if projects_dir.is_dir() else []
    if not folders:
        problems.append(Problem(display_path(projects_dir), 1, 1, "no project folders; add projects/<id>/plan.yaml"))
    for folder in folders:
        project = _read_project(folder, program_ids, problems)
        if project is not None:
            projects.append(project)

    problems.sort()
    if portfolio is None or any(p.severity == "error" for p in problems):
        return None, problems
    return Content(portfolio=portfolio.model, projects=tuple(projects)), problems


def _read_project(folder: Path, program_ids: set[str] | None, problems: list[Problem]) -> Project | None:
    plan_path = folder / "plan.yaml"
    before = len(problems)
    if not re.match(SLUG_PATTERN, folder.name):
        problems.append(
            Problem(
                display_path(plan_path),
                1,
                1,
                f"project folder '{folder.name}' is not an id: rename it with lowercase letters, digits and hyphens",
            )
        )
    if not plan_path.is_file():
        problems.append(Problem(display_path(plan_path), 1, 1, "missing plan.yaml; every project folder needs one"))
        return None
    plan, _ = _read(plan_path, Plan, problems)
    if plan is not None:
        problems += checks.check_plan(plan, program_ids)

    updates: list[Update] = []
    updates_dir = folder / "updates"
    for path in sorted(updates_dir.iterdir()) if updates_dir.is_dir() else []:
        if path.name.startswith(".") or path.is_dir():
            continue
        name_match = UPDATE_NAME.match(path.name)
        if not name_match or not _is_date(name_match.group(1)):
            problems.append(
                Problem(display_path(path), 1, 1, "an update's file name must be its date, YYYY-MM-DD.yaml")
            )
            continue
        update, _ = _read(path, Update, problems)
        if update is not None:
            file_date = dt.date.fromisoformat(name_match.group(1))
            problems += checks.check_update(update, file_date, plan.model if plan else None)
            updates.append(update.model)
    if plan is None or len(problems) > before:
        return None
    return Project(id=folder.name, plan=plan.model, updates=tuple(sorted(updates, key=lambda u: u.date)))


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _read(path: Path, model: type[M], problems: list[Problem]) -> tuple[Parsed[M] | None, Source | None]:
    """Parse and validate one file, appending its problems; the model is None when it has any."""
    shown = display_path(path)
    if not path.is_file():
        problems.append(Problem(shown, 1, 1, "missing file"))
        return None, None
    try:
        source = parse(decode(path.read_bytes()))
    except YamlProblem as exc:
        problems.append(Problem(shown, exc.line, exc.col, exc.message))
        return None, None
    found = [Problem(shown, p.line, p.col, p.message) for p in source.problems]
    try:
        parsed = Parsed(model.model_validate(source.data), source, shown)
    except ValidationError as exc:
        found += [_translate(error, model, source, shown) for error in exc.errors()]
        parsed = None
    problems += found
    return (None if found else parsed), source


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

