"""What a change does to the status, as a pull request comment (Markdown) and as notes on the changed lines.

Renderings of `reporter.compute.status_diff.StatusDiff`: nothing is computed here. Every name from the
content is escaped with `reporter.render.text.inline`; figures go through `reporter.render.display`.
The comment starts with the hidden line `COMMENT_MARKER`, so that CI finds its own comment and
updates it instead of adding one per push.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reporter.compute.status_diff import DateMove, ProjectDiff, RiskChange, ScopeChange, StatusDiff
from reporter.content.models import Colour, Content, Milestone, Risk, Task
from reporter.errors import Problem
from reporter.render import display, text
from reporter.render.wording import status_label

COMMENT_MARKER = "<!-- reporter diff -->"
_RISK_WORDS = {
    "opened": "Risk opened",
    "occurred": "Risk occurred",
    "mitigated": "Risk mitigated",
    "closed": "Risk closed",
    "reopened": "Risk reopened",
    "removed": "Risk removed",
}


def render_markdown(diff: StatusDiff, base: str, head: str, rule_breaks: list[Problem] | None = None) -> str:
    """The comment: a heading naming the two revisions, a section per project that changes, then the rules broken."""
    count = len(diff.projects)
    lines = [
        COMMENT_MARKER,
        f"## Status review: {text.inline(base)} → {text.inline(head)}",
        "",
        f"As of {diff.report_date}: "
        + (
            f"{count} project{'s' if count != 1 else ''} change{'s' if count == 1 else ''}."
            if count
            else "no project's status changes."
        ),
    ]
    for project in diff.projects:
        lines += ["", f"### {text.inline(project.name)} (`{project.id}`)", ""]
        lines += [f"- {line}" for line in project_lines(project, diff.currency)]
    if rule_breaks:
        lines += ["", "### Review rules broken", ""]
        # A rule's message is reporter's own words with ids (slugs), dates and numbers: nothing to escape.
        lines += [f"- `{p.path}:{p.line}:{p.col}`: {p.message}" for p in rule_breaks]
    return "\n".join(lines) + "\n"


def project_lines(project: ProjectDiff, currency: str) -> list[str]:
    """One project's changes, a line each, in reading order: colours, dates, scope, risks, money."""
    if project.kind == "added":
        return [f"New project: reports {_colour(project.reported_after)}, computes {_colour(project.computed_after)}"]
    if project.kind == "removed":
        return [f"Project removed (it reported {_colour(project.reported_before)}, computed {_colour(project.computed_before)})"]
    lines = []
    if project.reported_changed:
        lines.append(f"Reported colour: {_colour(project.reported_before)} → {_colour(project.reported_after)}")
    if project.computed_changed:
        lines.append(f"Computed colour: {_colour(project.computed_before)} → {_colour(project.computed_after)}")
    lines += [move_line(move) for move in project.moves]
    lines += [scope_line(change) for change in project.scope]
    lines += [risk_line(change) for change in project.risks]
    if project.budget_changed:
        lines.append(f"Budget: {_money_move(project.budget_before, project.budget_after, currency)}")
    if project.eac_changed:
        lines.append(f"EAC: {_money_move(project.eac_before, project.eac_after, currency)}")
    return lines


def move_line(move: DateMove) -> str:
    """'Milestone Cutover, due: 2026-06-19 → 2026-07-31, +42 days (+30 working days); against the baseline
    (2026-06-19): +42 days'."""
    what = "Finish" if move.kind == "finish" else f"Milestone {text.inline(move.name)}, {move.kind}"
    line = (
        f"{what}: {move.before} → {move.after}, {display.days(move.days, signed=True)} "
        f"({_signed(move.working_days)} working day{'s' if abs(move.working_days) != 1 else ''})"
    )
    if move.baseline is not None and move.against_baseline is not None:
        line += f"; against the baseline ({move.baseline}): {display.days(move.against_baseline, signed=True)}"
    return line


def scope_line(change: ScopeChange) -> str:
    """'Milestone added: Go-live review (`go-live-review`)'."""
    return f"{change.kind.capitalize()} {change.change}: {text.inline(change.name)} (`{change.id}`)"


def risk_line(change: RiskChange) -> str:
    """'Risk opened: Vendor insolvency (probability 3, impact 4)'."""
    return f"{_RISK_WORDS[change.change]}: {text.inline(change.title)} (probability {change.probability}, impact {change.impact})"


def notices(diff: StatusDiff, head: Content) -> list[tuple[str, tuple[str | int, ...], str]]:
    """Each change as (file relative to the content, the value's keys, a one-line message), for annotations
    on the changed lines: plan dates, scope and risks at the plan, colours and forecasts at the newest update."""
    projects = {p.id: p for p in head.projects}
    found: list[tuple[str, tuple[str | int, ...], str]] = []
    for project in diff.projects:
        plan_file = f"projects/{project.id}/plan.yaml"
        current = projects.get(project.id)
        if current is None:
            continue  # a removed project has no line left to point at
        latest = next((u for u in reversed(current.updates) if u.date <= diff.report_date), None)
        update_file = f"projects/{project.id}/updates/{latest.date}.yaml" if latest is not None else plan_file
        name = project.name
        if project.kind == "added":
            found.append((plan_file, ("name",), f"{name}: " + project_lines(project, diff.currency)[0]))
            continue
        plan = current.plan
        if project.reported_changed or project.computed_changed:
            colours = [line for line in project_lines(project, diff.currency) if "colour:" in line]
            found.append((update_file, ("status",), f"{name}: " + "; ".join(colours)))
        for move in project.moves:
            if move.kind == "finish":
                keys: tuple[str | int, ...] = ("finish",)
                where = plan_file
            elif move.kind == "due":
                keys, where = ("milestones", _index(plan.milestones, move.id), "due"), plan_file
            elif latest is not None and move.id in latest.forecasts:
                keys, where = ("forecasts", str(move.id)), update_file
            else:
                keys, where = ("milestones", _index(plan.milestones, move.id)), plan_file
            found.append((where, keys, f"{name}: {move_line(move)}"))
        for change in project.scope:
            items = plan.milestones if change.kind == "milestone" else plan.tasks
            keys = (f"{change.kind}s", _index(items, change.id)) if change.change == "added" else (f"{change.kind}s",)
            found.append((plan_file, keys, f"{name}: {scope_line(change)}"))
        for risk in project.risks:
            keys = ("risks", _index(plan.risks, risk.id)) if risk.change != "removed" else ("risks",)
            found.append((plan_file, keys, f"{name}: {risk_line(risk)}"))
        if project.budget_changed:
            found.append(
                (
                    plan_file,
                    ("budget",),
                    f"{name}: Budget: {_money_move(project.budget_before, project.budget_after, diff.currency)}",
                )
            )
        if project.eac_changed:
            eac = _money_move(project.eac_before, project.eac_after, diff.currency)
            found.append((update_file if latest is not None else plan_file, ("actual_cost",), f"{name}: EAC: {eac}"))
    return found


def _index(items: Sequence[Milestone | Task | Risk], item_id: str | None) -> int:
    return next(i for i, item in enumerate(items) if item.id == item_id)


def _colour(colour: Colour | None) -> str:
    return status_label(colour)


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else (f"{display.MINUS}{-value}" if value < 0 else "0")


def _money_move(before: Decimal | None, after: Decimal | None, currency: str) -> str:
    moved = f"{display.amount(before, currency)} → {display.amount(after, currency)}"
    if before is not None and after is not None:
        moved += f" ({display.signed_amount(after - before, currency)})"
    return moved
