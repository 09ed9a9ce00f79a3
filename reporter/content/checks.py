"""Checks that span fields or files: dates in order, ids unique, references that resolve.

Each check takes a parsed file (model plus positions) and returns problems; none of them reads a file.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from reporter.content.directory import Directory, identity
from reporter.content.models import Plan, Portfolio, Update
from reporter.errors import Problem

if TYPE_CHECKING:
    from reporter.content.parsed import Parsed


def check_portfolio(parsed: Parsed[Portfolio]) -> list[Problem]:
    """Program ids are unique, and health thresholds are in order (red below amber)."""
    portfolio = parsed.model
    problems = _duplicates(parsed, "programs", [p.id for p in portfolio.programs])
    rules = portfolio.health
    for metric in ("spi_t", "cpi"):
        red, amber = getattr(rules, f"{metric}_red"), getattr(rules, f"{metric}_amber")
        if red > amber:
            problems.append(
                parsed.at(("health", f"{metric}_red"), f"{red} is above {metric}_amber ({amber}); red must be the lower")
            )
    if rules.overdue_milestones_red < rules.overdue_milestones_amber:
        problems.append(parsed.at(("health", "overdue_milestones_red"), "must be at least overdue_milestones_amber"))
    if portfolio.notify is not None:
        problems += _check_notify(parsed, {p.id for p in portfolio.programs})
    return problems + check_declared(parsed)


def check_declared(parsed: Parsed[Portfolio]) -> list[Problem]:
    """Each declared person and organisation is declared once (by name or alias, as identities
    match), `member_of` names declared organisations and `members` declared people; names the
    portfolio writes elsewhere close to a declared one are warnings."""
    portfolio, directory = parsed.model, Directory(parsed.model)
    problems: list[Problem] = []
    seen: dict[str, tuple[tuple, str]] = {}  # identity -> (where it is declared, as written)
    declared = [(("people", i), p.name, p.aliases) for i, p in enumerate(portfolio.people)]
    declared += [(("organisations", i), o.name, o.aliases) for i, o in enumerate(portfolio.organisations)]
    for where, name, aliases in declared:
        spellings = [(where + ("name",), name)] + [(where + ("aliases", j), a) for j, a in enumerate(aliases)]
        for at, spelling in spellings:
            key = identity(spelling)
            if key in seen and seen[key][0][:2] != where:
                first_line = parsed.source.position(seen[key][0])[0]
                message = (
                    f"'{spelling}' is declared already at line {first_line} (as '{seen[key][1]}'); declare each "
                    "person or organisation once, with its other spellings as aliases"
                )
                problems.append(parsed.at(at, message))
            seen.setdefault(key, (at, spelling))
    for i, person in enumerate(portfolio.people):
        for j, name in enumerate(person.member_of):
            problems += _reference(parsed, directory, ("people", i, "member_of", j), name, person=False)
    for i, org in enumerate(portfolio.organisations):
        for j, name in enumerate(org.members):
            problems += _reference(parsed, directory, ("organisations", i, "members", j), name, person=True)
    places: list[tuple[tuple, str | None]] = [(("programs", i, "owner"), p.owner) for i, p in enumerate(portfolio.programs)]
    places += [(("people", i, "organisation"), p.organisation) for i, p in enumerate(portfolio.people)]
    if portfolio.notify is not None:
        places += [(("notify", "contacts", i, "name"), c.name) for i, c in enumerate(portfolio.notify.contacts)]
    return problems + _misspelt(parsed, directory, places)


def _reference(parsed: Parsed, directory: Directory, at: tuple, name: str, person: bool) -> list[Problem]:
    """A problem when `name` is not a declared person (`person`) or organisation."""
    kind, section = ("person", "people") if person else ("organisation", "organisations")
    entry = directory.lookup(name)
    if entry is not None and entry.is_person == person:
        return []
    if entry is not None:
        wanted, found = ("a person", "an organisation") if person else ("an organisation", "a person")
        message = f"'{name}' is declared as {found}, not as {wanted}"
    else:
        close = directory.close_to(name)
        hint = f"did you mean '{close}'?" if close else f"declare it under {section}"
        message = f"'{name}' is not a declared {kind}; {hint}"
    return [parsed.at(at, message)]


def person_places(model: Plan | Update) -> list[tuple[tuple, str | None]]:
    """Every field of a plan or an update that names a person or an organisation, with its path."""
    if isinstance(model, Plan):
        return [
            (("owner",), model.owner),
            (("sponsor",), model.sponsor),
            *((("team", i, "name"), m.name) for i, m in enumerate(model.team)),
            *((("tasks", i, "owner"), t.owner) for i, t in enumerate(model.tasks)),
            *((("risks", i, "owner"), r.owner) for i, r in enumerate(model.risks)),
            *((("decisions", i, "by"), d.by) for i, d in enumerate(model.decisions)),
        ]
    return [
        (("author",), model.author),
        *((("blockers", i, "owner"), b.owner) for i, b in enumerate(model.blockers)),
        *((("asks", i, "of"), a.of) for i, a in enumerate(model.asks)),
        *((("decisions", i, "by"), d.by) for i, d in enumerate(model.decisions)),
    ]


def check_names(parsed: Parsed[Plan] | Parsed[Update], directory: Directory) -> list[Problem]:
    """A warning for each name in a plan or an update that is close to a declared person or
    organisation but is none: most likely a misspelling. Other free text is accepted as it is."""
    if not directory:
        return []
    return _misspelt(parsed, directory, person_places(parsed.model))


def _misspelt(parsed: Parsed, directory: Directory, places: list[tuple[tuple, str | None]]) -> list[Problem]:
    problems = []
    for at, text in places:
        for part, close in directory.misspelt(text) if text else []:
            message = f"'{part}' is not a declared person or organisation; did you mean '{close}'?"
            problems.append(_warning(parsed.at(at, message)))
    return problems


def _check_notify(parsed: Parsed[Portfolio], program_ids: set[str]) -> list[Problem]:
    """Channel ids are unique and each channel's program exists."""
    assert parsed.model.notify is not None
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, channel in enumerate(parsed.model.notify.channels):
        if channel.id in seen:
            first_line = parsed.source.position(("notify", "channels", seen[channel.id], "id"))[0]
            where = ("notify", "channels", i, "id")
            problems.append(parsed.at(where, f"duplicate id '{channel.id}': also used at line {first_line}"))
        seen.setdefault(channel.id, i)
        if channel.program is not None and channel.program not in program_ids:
            known = ", ".join(sorted(program_ids)) or "none"
            message = f"'{channel.program}' is not a program in portfolio.yaml (known: {known})"
            problems.append(parsed.at(("notify", "channels", i, "program"), message))
    return problems


def check_plan(parsed: Parsed[Plan], program_ids: set[str] | None) -> list[Problem]:
    """A plan's program exists, its dates are in order, its ids are unique and its references resolve."""
    plan = parsed.model
    problems: list[Problem] = []
    if program_ids is not None and plan.program not in program_ids:
        known = ", ".join(sorted(program_ids)) or "none"
        problems.append(parsed.at(("program",), f"'{plan.program}' is not a program in portfolio.yaml (known: {known})"))
    problems += _order(parsed, (), plan.start, plan.finish)
    problems += _duplicates(parsed, "milestones", [m.id for m in plan.milestones])
    problems += _duplicates(parsed, "tasks", [t.id for t in plan.tasks])
    problems += _duplicates(parsed, "risks", [r.id for r in plan.risks])

    milestone_ids = {m.id for m in plan.milestones}
    task_ids = {t.id for t in plan.tasks}
    for i, task in enumerate(plan.tasks):
        problems += _order(parsed, ("tasks", i), task.start, task.finish)
        if task.done is not None and task.done < task.start:
            problems.append(parsed.at(("tasks", i, "done"), f"{task.done} is before the task's start ({task.start})"))
        if task.milestone is not None and task.milestone not in milestone_ids:
            problems.append(parsed.at(("tasks", i, "milestone"), _unknown("milestone", task.milestone, milestone_ids)))
        for j, other in enumerate(task.depends_on):
            if other == task.id:
                problems.append(parsed.at(("tasks", i, "depends_on", j), "a task cannot depend on itself"))
            elif other not in task_ids:
                problems.append(parsed.at(("tasks", i, "depends_on", j), _unknown("task", other, task_ids)))
    cycle, longest = _dependency_order(plan)
    if cycle:
        index = [t.id for t in plan.tasks].index(cycle[0])
        shown = (
            " -> ".join(cycle)
            if len(cycle) <= 8
            else " -> ".join(cycle[:4] + ["..."] + cycle[-2:]) + f" ({len(cycle) - 1} tasks)"
        )
        problems.append(parsed.at(("tasks", index, "depends_on"), f"dependency cycle: {shown}"))
    elif longest > MAX_CHAIN:
        message = f"a chain of {longest} tasks, each depending on the one before, is longer than {MAX_CHAIN}"
        problems.append(parsed.at(("tasks",), message, key=True))
    for i, milestone in enumerate(plan.milestones):
        if milestone.done is not None and milestone.done < plan.start:
            problems.append(parsed.at(("milestones", i, "done"), f"{milestone.done} is before the project's start"))
    return problems


def plan_ids(plan: Plan) -> tuple[set[str], set[str]]:
    """The task ids and the milestone ids of a plan, which updates may name."""
    return {t.id for t in plan.tasks}, {m.id for m in plan.milestones}


def check_update(
    parsed: Parsed[Update],
    file_date: dt.date,
    plan: Plan | None,
    ids: tuple[AbstractSet[str], AbstractSet[str]] | None = None,
    *,
    file_name: str | None = None,
    check_names: bool = True,
) -> list[Problem]:
    """An update's date matches its file name (`file_name`, default YYYY-MM-DD.yaml), and, when
    `check_names`, the tasks and milestones it names exist in the plan (`ids`: the plan's `plan_ids`,
    when the caller has them already). An actual cost given for a plan without a budget is a warning:
    it is not used, since costs are only compared with a budget."""
    update = parsed.model
    problems: list[Problem] = []
    if update.date != file_date:
        name = file_name or f"{file_date}.yaml"
        problems.append(parsed.at(("date",), f"{update.date} does not match the file name {name}; rename one of them"))
    if plan is None:
        return problems
    if plan.budget is None and update.actual_cost is not None:
        problems.append(_warning(parsed.at(("actual_cost",), NO_BUDGET_FOR_COST, key=True)))
    if not check_names:
        return problems
    task_ids, milestone_ids = ids or plan_ids(plan)
    for task_id in update.progress:
        if task_id not in task_ids:
            problems.append(parsed.at(("progress", task_id), _unknown("task", task_id, task_ids), key=True))
    for milestone_id in update.forecasts:
        if milestone_id not in milestone_ids:
            problems.append(parsed.at(("forecasts", milestone_id), _unknown("milestone", milestone_id, milestone_ids), key=True))
    return problems


NO_BUDGET_FOR_COST = "the plan has no budget, so the actual cost is not used; add a budget to plan.yaml to get CPI and EAC"


def _warning(problem: Problem) -> Problem:
    """The same problem as a warning: shown by `reporter validate`, never failing it."""
    return Problem(problem.path, problem.line, problem.col, problem.message, severity="warning")


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"'{name}' is not a {kind} of this plan{hint}"


def _order(parsed: Parsed, at: tuple, start: dt.date, finish: dt.date) -> list[Problem]:
    if finish < start:
        return [parsed.at(at + ("finish",), f"{finish} is before start {start}")]
    return []


def _duplicates(parsed: Parsed, field: str, ids: list[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for i, item_id in enumerate(ids):
        if item_id in seen:
            first_line = parsed.source.position((field, seen[item_id], "id"))[0]
            problems.append(parsed.at((field, i, "id"), f"duplicate id '{item_id}': also used at line {first_line}"))
        else:
            seen[item_id] = i
    return problems


MAX_CHAIN = 500  # tasks in the longest depends_on chain


def _dependency_order(plan: Plan) -> tuple[list[str], int]:
    """The first cycle in the tasks' depends_on graph, as ids ending where they started ([] when none),
    and the number of tasks in the longest chain. Iterative (Kahn's algorithm), so that a chain of any
    length cannot exhaust the stack."""
    graph = {t.id: [d for d in dict.fromkeys(t.depends_on) if d != t.id] for t in plan.tasks}
    waiting = {task: sum(1 for d in deps if d in graph) for task, deps in graph.items()}
    needed_by: dict[str, list[str]] = {task: [] for task in graph}
    for task, deps in graph.items():
        for d in deps:
            if d in graph:
                needed_by[d].append(task)
    chain = dict.fromkeys(graph, 1)
    ready = [task for task, count in waiting.items() if count == 0]
    while ready:
        task = ready.pop()
        for later in needed_by[task]:
            chain[later] = max(chain[later], chain[task] + 1)
            waiting[later] -= 1
            if waiting[later] == 0:
                ready.append(later)
    left = [task for task in graph if waiting[task] > 0]  # on a cycle, or after one
    if not left:
        return [], max(chain.values(), default=0)
    # Walk back along unfinished dependencies until a task repeats: that stretch is a cycle.
    path: list[str] = []
    at: dict[str, int] = {}
    node = left[0]
    while node not in at:
        at[node] = len(path)
        path.append(node)
        node = next(d for d in graph[node] if d in graph and waiting[d] > 0)
    cycle = path[at[node] :]
    # Each task is followed by one it depends on; shown from the task that comes first in the file.
    first = min(range(len(cycle)), key=lambda k: list(graph).index(cycle[k]))
    cycle = cycle[first:] + cycle[:first]
    return cycle + [cycle[0]], 0
