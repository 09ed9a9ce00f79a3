"""New files for authors: a status repository (`reporter init`), a project's plan and a weekly update (`reporter new`).

Nothing here ever overwrites a file: every target is checked before the first is written, and files are
created with exclusive mode so a file that appears meanwhile is not clobbered either. What is written
validates as it is; a value only a person can give is a `TODO:` placeholder (see `reporter.content.placeholders`).
The weekly update is pre-filled from the project's earlier updates, so a PM changes what changed instead
of retyping what did not.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from reporter import __version__
from reporter.authoring.schema import schema_files
from reporter.compute.updates import updates_at
from reporter.content.loader import UPDATE_NAME, update_order
from reporter.content.models import MAX_ID, Ask, Blocker, Plan, Portfolio, Update, is_id
from reporter.content.placeholders import placeholder
from reporter.content.yamlsource import YamlProblem, decode, parse
from reporter.errors import ReporterError, display_path, excerpt
from reporter.weeks import week_of

M = TypeVar("M", bound=BaseModel)
TEMPLATES = "init_templates"
_TOKEN = re.compile(r"__([A-Z_]+)__")


class ExistingFiles(ReporterError):
    """Some of the files a command would write exist already; nothing was written."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        if len(paths) == 1:
            super().__init__(f"{paths[0]} exists already; nothing was written")
        else:
            listing = "\n".join(f"  {p}" for p in paths)
            super().__init__(f"these {len(paths)} files exist already, so nothing was written:\n{listing}")


# --- reporter init ---------------------------------------------------------------------------------


def init_files(today: dt.date, source: str | None = None) -> dict[str, str]:
    """Every file of a new status repository: relative path -> text.

    `today` dates the example project's first update (its plan is laid around it); `source` is the
    git repository reporter is installed from in CI and by pre-commit (None leaves it for the team to set).
    """
    values = _init_values(today, source)
    files: dict[str, str] = {}
    root = resources.files("reporter.authoring") / TEMPLATES
    for relative, template in _walk(root, ""):
        # Dot-files are stored without their dot ("dot-github/..."), so the template folder itself
        # carries no .gitignore or .github that git or an editor would act on.
        target = "/".join("." + part[4:] if part.startswith("dot-") else part for part in relative.split("/"))
        files[_fill(target, values)] = _fill(template.read_text(encoding="utf-8"), values)
    for name, text in schema_files().items():
        files[f"schemas/{name}"] = text
    return dict(sorted(files.items()))


def init_repository(target: Path, today: dt.date, source: str | None = None) -> list[Path]:
    """Write a new status repository into `target` (created if needed); returns the files written.

    Raises ExistingFiles, before writing anything, when any of the files exists already.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise ReporterError(f"{display_path(target)} is a file, not a folder")
    files = {target / relative: text for relative, text in init_files(today, source).items()}
    _write_all(files)
    return list(files)


def _init_values(today: dt.date, source: str | None) -> dict[str, str]:
    """The values filled into the init templates: the example project's dates and where reporter comes from."""
    # The example plan starts on the Monday two weeks before `today`, so its first update (dated today)
    # falls in the third week: discovery done, build under way, the pilot and hand-over ahead.
    start = today - dt.timedelta(days=today.weekday() + 14)
    day = lambda n: (start + dt.timedelta(days=n)).isoformat()  # noqa: E731 - a table of offsets reads best
    rev = f"v{__version__}"
    return {
        "TODAY": today.isoformat(),
        "START": day(0),
        "SCOPE_DUE": day(4),
        "DISCOVERY_FINISH": day(11),
        "BUILD_START": day(14),
        "BUILD_FINISH": day(60),
        "PILOT_DUE": day(67),
        "ROLLOUT_START": day(70),
        "FINISH": day(95),
        "REPORTER_REV": rev,
        # Empty when unknown: the CI jobs then stop with a message saying where to set it.
        "REPORTER_PACKAGE": json.dumps(f"git+{source}@{rev}" if source else ""),
        "REPORTER_REPO": yaml_text(source or "https://example.invalid/set-the-reporter-repository"),
    }


def _walk(folder: Traversable, prefix: str) -> Iterable[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from _walk(entry, relative + "/")
        else:
            yield relative, entry


def _fill(text: str, values: dict[str, str]) -> str:
    """Replace each __NAME__ token with its value; an unknown token is a bug in the templates."""

    def value(match: re.Match) -> str:
        if match.group(1) not in values:
            raise KeyError(f"unknown template token {match.group(0)}")
        return values[match.group(1)]

    return _TOKEN.sub(value, text)


# --- reporter new project ----------------------------------------------------------------------------


def new_project(
    content_dir: Path,
    project_id: str,
    *,
    program: str | None = None,
    name: str | None = None,
    owner: str | None = None,
    start: dt.date,
    finish: dt.date | None = None,
) -> Path:
    """Write projects/<project_id>/plan.yaml, a commented plan skeleton; returns its path.

    The program defaults to the first of portfolio.yaml; a missing name or owner is a TODO placeholder.
    """
    _check_id(project_id)
    portfolio = _read(Path(content_dir) / "portfolio.yaml", Portfolio)
    known = [p.id for p in portfolio.programs]
    if not known:
        raise ReporterError("portfolio.yaml has no programs; add the one this project belongs to first")
    if program is None:
        program = known[0]
    elif program not in known:
        raise ReporterError(f"'{program}' is not a program in portfolio.yaml (known: {', '.join(known)})")
    finish = finish or start + dt.timedelta(weeks=12)
    if finish < start:
        raise ReporterError(f"the finish {finish} is before the start {start}")
    path = Path(content_dir) / "projects" / project_id / "plan.yaml"
    if path.exists():
        raise ExistingFiles([display_path(path)])
    text = plan_text(project_id, program, name, owner, start, finish, portfolio.currency)
    _write_all({path: text})
    return path


def plan_text(
    project_id: str, program: str, name: str | None, owner: str | None, start: dt.date, finish: dt.date, currency: str
) -> str:
    """A new plan: the required fields filled in, every optional one shown commented out with an example."""
    on = lambda days: (start + dt.timedelta(days=days)).isoformat()  # noqa: E731
    return f"""\
# The plan of project '{project_id}': what it will deliver, when, with whom and for how much.
# Each field is explained in the comment above it; the README's "Content format" has the full reference.
# Optional fields are shown commented out with an example: remove the "# " to use one.
# Dates are YYYY-MM-DD; ids are lowercase letters, digits and hyphens. Check with `reporter validate`.

# The project's name, as stakeholders know it.
name: {yaml_text(name or placeholder("the project's name"))}

# The id of the program in portfolio.yaml this project belongs to.
program: {program}

# The project manager, who writes the weekly updates.
owner: {yaml_text(owner or placeholder("the project manager"))}

# The executive who pays for and backs the project.
# sponsor: Ada Byron

# Where the project is: proposed, active, paused, done or cancelled.
state: active

# What the project is and why it matters, in a sentence or two (Markdown).
# summary: Replace the paper delivery notes with signatures on the drivers' phones.

# What success looks like, one line each.
# objectives:
#   - Every delivery signed for on a phone by the end of the year

# Planned start and finish. The finish may not be before the start.
start: {start.isoformat()}
finish: {finish.isoformat()}

# Budget at completion, in the portfolio's currency ({currency}).
# budget: 250000

# The baseline the plan is compared against, the <name> of a git tag baseline/{project_id}@<name>;
# without it, the newest such tag, else the plan as first committed.
# baseline: approved

# The people on the project; allocation is the percent of their time they give it.
# team:
#   - name: Ada Byron
#     role: Project manager
#     allocation: 50

# Dated commitments. Set `done` to the date one was reached, once it is; the weekly updates give a
# forecast for each milestone that is not done yet.
# milestones:
#   - id: design-signed-off
#     name: Design signed off by the steering group
#     due: {on(27)}
#     description: The steering group approves scope, design and budget.

# Planned work. `effort` is in person-days and weights the project's progress; `progress` (0 to 100)
# is reported by the weekly updates; `milestone` names the milestone the task leads to and
# `depends_on` the tasks that must finish first.
# tasks:
#   - id: design
#     name: Design
#     owner: Ada Byron
#     start: {on(0)}
#     finish: {on(25)}
#     effort: 30
#     progress: 0
#     milestone: design-signed-off
#     depends_on: []

# What may go wrong. probability and impact are 1 to 5 (rare/minimal to almost certain/severe);
# status is open, mitigated, occurred or closed; mitigation is what is done now, contingency plan B.
# risks:
#   - id: vendor-capacity
#     title: The vendor lacks people during the peak season
#     probability: 3
#     impact: 4
#     owner: Ada Byron
#     status: open
#     raised: {on(0)}
#     mitigation: Named consultants written into the contract.
#     contingency: Bring in the integrator's second team at our cost.

# Decisions taken, so nobody has to ask again why (rationale in Markdown).
# decisions:
#   - date: {on(0)}
#     title: Pilot with one depot first
#     by: Steering group
#     rationale: A smaller first step, with the busiest depot left until the pilot has run a month.
"""


# --- reporter new update -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Carried:
    """What a new update carries over from the earlier ones: the newest value of each fact."""

    previous: Update | None
    progress: dict[str, Decimal]  # task id -> newest percent given
    forecasts: dict[str, dt.date]  # milestone id -> newest forecast
    actual_cost: Decimal | None
    cost_date: dt.date | None


def _check_id(project_id: str) -> None:
    if not is_id(project_id):
        longer = f", at most {MAX_ID} characters" if len(project_id) > MAX_ID else ""
        raise ReporterError(
            f"'{excerpt(project_id)}' is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout'){longer}"
        )


def new_update(content_dir: Path, project_id: str, date: dt.date) -> Path:
    """Write projects/<project_id>/updates/<date>.yaml pre-filled from the earlier updates; returns its path."""
    _check_id(project_id)  # an id, never a path: nothing is written outside the content folder
    folder = Path(content_dir) / "projects" / project_id
    plan_path = folder / "plan.yaml"
    if not plan_path.is_file():
        raise ReporterError(
            f"no project '{project_id}' ({display_path(plan_path)} is missing); "
            f"create it with `reporter new project {project_id}`"
        )
    path = folder / "updates" / f"{date.isoformat()}.yaml"
    if path.exists():
        raise ExistingFiles([display_path(path)])
    plan = _read(plan_path, Plan)
    earlier = _read_updates(folder / "updates", before=date)
    portfolio_path = Path(content_dir) / "portfolio.yaml"
    currency = _read(portfolio_path, Portfolio).currency if portfolio_path.is_file() else None
    _write_all({path: update_text(project_id, plan, earlier, date, currency)})
    return path


def update_text(project_id: str, plan: Plan, earlier: list[Update], date: dt.date, currency: str | None = None) -> str:
    """A new weekly update, pre-filled from `earlier` (the project's updates before `date`, any order).

    Carried over: author, status and dimensions of the newest update; its blockers and asks; the newest
    progress of every task below 100% that has started (or been reported on); the newest actual cost;
    the newest forecast of every milestone not done. Last week's next steps are listed in a comment as
    the things to report on. The summary is a TODO placeholder: nobody but the PM can write it.
    """
    carried = _carry(earlier)
    prev = carried.previous
    out: list[str] = []
    add = out.append

    add(f"# Weekly update of {_comment(plan.name)} ({project_id}) for {date.isoformat()}, week {week_of(date)}.")
    if prev is not None:
        add(f"# Pre-filled from the update of {prev.date.isoformat()}: check every value, change what changed")
        add("# and delete what is over.")
    else:
        add("# The project's first update: fill in the week and set the status.")
    add('# The README\'s "Content format" explains every field; check the file with `reporter validate`.')
    add("")
    add("# The date of the update; it must match the file name.")
    add(f"date: {date.isoformat()}")
    add("")
    add("# Who writes the update.")
    add(f"author: {yaml_text(prev.author if prev else plan.owner)}")
    add("")
    add("# Overall status: green (on track), amber (at risk, in hand) or red (needs help to recover).")
    if prev is not None:
        add(f"# Carried over from {prev.date.isoformat()}: change it if it changed.")
        add(f"status: {prev.status.value}")
    else:
        add("# There is no earlier update: green is only a starting point, set the real status.")
        add("status: green")
    add("")
    add("# The status of each dimension, green, amber or red; leave out the ones you do not report.")
    dimensions = prev.dimensions.model_dump(exclude_none=True) if prev else {}
    if dimensions:
        add("dimensions:")
        out += [f"  {name}: {colour.value}" for name, colour in dimensions.items()]
    else:
        add("# dimensions:")
        out += [f"#   {name}: green" for name in ("schedule", "scope", "budget", "resources")]
    add("")
    add("# The week in a few sentences (Markdown). Replace the TODO: the update is published as it is written.")
    add("summary: |")
    add(f"  {placeholder('what happened this week, in a few sentences')}")
    add("")
    if prev is not None and prev.next_steps:
        add(f"# On {prev.date.isoformat()} you planned to:")
        out += [f"#   - {_comment(step)}" for step in prev.next_steps]
        add("# Say how each went: what got done under accomplishments, what did not under next_steps or blockers.")
    add('# Successes to shout out, one per line: write them as "- ..." lines in place of the [].')
    add("accomplishments: []")
    add("")
    add('# What happens next, one per line: write them as "- ..." lines in place of the [].')
    add("next_steps: []")
    add("")
    add("# What stops progress: a line of text, or text with owner (who can unblock it) and since (a date).")
    out += _items("blockers", prev, "solved", ("owner", "since"))
    add("")
    add("# Help needed from outside the team: a line of text, or text with of (whom) and by (a date).")
    out += _items("asks", prev, "answered", ("of", "by"))
    add("")
    add("# Decisions taken this week: date, title, by (who) and rationale (Markdown).")
    add("# decisions:")
    add(f"#   - date: {date.isoformat()}")
    add("#     title: Keep the old label printers for the first month")
    add("#     by: Steering group")
    add("")
    out += _progress_lines(plan, carried, date)
    add("")
    add(f"# Actual cost to date, in {currency or 'the currency of portfolio.yaml'}.")
    if carried.actual_cost is not None:
        assert carried.cost_date is not None  # a cost is carried with the date of its update
        add(f"# Carried over from {carried.cost_date.isoformat()}: update it from the latest finance figures.")
        add(f"actual_cost: {_number(carried.actual_cost)}")
    else:
        add("# actual_cost: 0")
    add("")
    out += _forecast_lines(plan, carried)
    return "\n".join(out) + "\n"


def _carry(earlier: list[Update]) -> _Carried:
    """The newest value of each fact across the earlier updates (a newer update naming it wins), as the
    site reads them (`reporter.compute.updates`)."""
    said = updates_at(earlier)
    cost, cost_date = said.cost if said.cost is not None else (None, None)
    return _Carried(said.latest, dict(said.progress), dict(said.forecasts), cost, cost_date)


def _items(key: str, prev: Update | None, gone: str, details: tuple[str, str]) -> list[str]:
    """The blockers or asks of the previous update, written out again for the PM to prune."""
    items: list[Blocker] | list[Ask] = getattr(prev, key) if prev else []
    if prev is None or not items:
        return [f"{key}: []"]
    lines = [f"# Carried over from {prev.date.isoformat()}: delete the ones that are {gone}.", f"{key}:"]
    for item in items:
        extra = [(name, getattr(item, name)) for name in details if getattr(item, name) is not None]
        if not extra:
            lines.append(f"  - {yaml_text(item.text)}")
            continue
        lines.append(f"  - text: {yaml_text(item.text)}")
        lines += [f"    {name}: {_value(value)}" for name, value in extra]
    return lines


def _progress_lines(plan: Plan, carried: _Carried, date: dt.date) -> list[str]:
    lines = ["# Percent complete (0 to 100) of each task as of today; the newest update naming a task counts."]
    rows = []
    for task in plan.tasks:
        last = carried.progress.get(task.id, task.progress)
        # Tasks not due to start yet and never reported on would only be noise; 100% is final, and so is
        # a done date in the plan.
        finished = task.done is not None and task.done <= date
        if last < 100 and not finished and (task.id in carried.progress or task.start <= date):
            rows.append(f"  {task.id}: {_number(last)}  # {_comment(task.name)}, planned {task.start} to {task.finish}")
    if rows:
        lines.append("# Carried over: the last value given for each task under way; set the ones that moved.")
        return lines + ["progress:"] + rows
    lines.append("# No task is under way yet. Name a task by its id in the plan:")
    example = plan.tasks[0].id if plan.tasks else "task-id"
    return lines + ["# progress:", f"#   {example}: 10"]


def _forecast_lines(plan: Plan, carried: _Carried) -> list[str]:
    lines = ["# The forecast date of each milestone not done yet."]
    rows = [
        f"  {m.id}: {carried.forecasts[m.id].isoformat()}  # {_comment(m.name)}, due {m.due}"
        for m in plan.milestones
        if m.done is None and m.id in carried.forecasts
    ]
    if rows:
        lines.append("# Carried over: change a date when the forecast moves.")
        return lines + ["forecasts:"] + rows
    open_milestones = [m for m in plan.milestones if m.done is None]
    example = open_milestones[0] if open_milestones else None
    return lines + [
        "# forecasts:",
        f"#   {example.id}: {example.due.isoformat()}" if example else "#   milestone-id: 2027-01-29",
    ]


# --- reading and writing ------------------------------------------------------------------------------


def _read(path: Path, model: type[M]) -> M:
    """One content file as its model, or a ReporterError sending the user to `reporter validate`."""
    shown = display_path(path)
    if not path.is_file():
        raise ReporterError(f"{shown}: no such file; is the content folder right (--content)?")
    try:
        return model.model_validate(parse(decode(path.read_bytes())).data)
    except (YamlProblem, ValidationError):
        raise ReporterError(f"{shown} has problems; run `reporter validate` and fix them first") from None


def _read_updates(folder: Path, before: dt.date) -> list[Update]:
    """The updates in a folder dated (by file name) before `before`; later ones are not even read."""
    if not folder.is_dir():
        return []
    earlier = []
    for path in sorted(folder.iterdir(), key=lambda p: update_order(p.name)):
        match = UPDATE_NAME.match(path.name)
        if path.is_file() and match and match.group(1) < before.isoformat():
            earlier.append(_read(path, Update).numbered(int(match.group(2) or 1)))
    return earlier


def _write_all(files: dict[Path, str]) -> None:
    """Create every file, or none when any exists; a file that appears meanwhile is not overwritten."""
    clashes: list[str] = []
    for path in files:
        # A file where a folder must go (a file named `docs`) blocks as surely as the file itself.
        taken = [p for p in (path, *path.parents) if (p.exists() or p.is_symlink()) and (p == path or not p.is_dir())]
        clashes += [display_path(p) for p in taken[:1] if display_path(p) not in clashes]
    if clashes:
        raise ExistingFiles(clashes)
    for path, text in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise ExistingFiles([display_path(path)]) from None
        except OSError as exc:
            raise ReporterError(f"{display_path(path)}: cannot write it: {exc.strerror or exc}") from None


# --- YAML values, written so that they read back as the same text --------------------------------------

# Plain (unquoted) text is used only when it cannot be read as anything else: it starts with a letter,
# holds no character YAML treats specially, and is not a word some YAML reader takes for a boolean or null.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,;()'/&+\-_?!%€$£]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def yaml_text(text: str) -> str:
    """Text as a YAML scalar: plain when that is safe, else double-quoted (JSON strings are valid YAML)."""
    if _PLAIN.fullmatch(text) and text == text.strip() and text.lower() not in _RESERVED:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # JSON leaves some characters raw that a YAML reader refuses or reads as a line break: escape those.
    return "".join(c if _printable(c) else f"\\u{ord(c):04x}" for c in quoted)


def _printable(char: str) -> bool:
    """Whether YAML lets this character stand as it is inside a quoted scalar or a comment."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    ) and char not in "\u2028\u2029"


def _value(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return yaml_text(str(value))


def _number(value: int | float | Decimal) -> str:
    """A number as written in YAML: whole numbers without a decimal point, others as they are.

    Any number the models hold: an int (a task's default `progress` is 0), a float or a Decimal."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _comment(text: str) -> str:
    """Text for a comment line: on one line, whatever it held."""
    return "".join(c if _printable(c) else "?" for c in " ".join(str(text).split()))
