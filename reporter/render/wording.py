"""How the week's highlights are worded: one wording of each highlight, used by every output.

The site's home and week pages, the Atom feed and both digests (chat and email) all print the
sections this module returns, so a highlight reads the same wherever a reader meets it. Each output
only lays the lines out: a link or bold text for the project, a status chip or a word for a colour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporter.compute.changes import DateMove, ProjectChanges
from reporter.compute.highlights import WeekHighlights
from reporter.compute.milestones import DUE_SOON_DAYS
from reporter.content.models import Colour
from reporter.render import display

STATUS_ICONS = {"green": "✔", "amber": "▲", "red": "✖"}  # shape as well as colour, for colour-blind readers


def status_label(colour: Colour | None) -> str:
    """A status as plain text, icon and word: '✔ Green' ('– none' when there is none)."""
    if colour is None:
        return "– none"
    return f"{STATUS_ICONS[colour.value]} {colour.value.capitalize()}"


@dataclass(frozen=True)
class Line:
    """One highlight: the project it is about and what is said of it (empty when the name says it all).

    A colour change also carries its two colours and what follows them (`note`), for outputs that draw
    a status chip instead of the plain `text`, which is the same words."""

    project_id: str
    project_name: str
    text: str
    before: Colour | None = None
    after: Colour | None = None
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A titled group of highlights; `kind` names it for outputs that show only some (the one-page summary)."""

    kind: str  # attention, colours, reached, tasks, forecasts, thanks, risks, due, stale, silent, rewritten
    title: str
    lines: tuple[Line, ...]


def highlight_sections(h: WeekHighlights, due_soon_days: int = DUE_SOON_DAYS) -> tuple[Section, ...]:
    """The week's highlights as titled sections of lines, in reading order (what needs people first);
    sections without a line are left out."""
    sections = [
        Section(
            "attention",
            "Needs attention",
            tuple(
                Line(
                    b.project_id,
                    b.project_name,
                    ("New blocker: " if b.new else "Still blocked: ")
                    + b.blocker.text
                    + _details(("to unblock", b.blocker.owner), ("since", b.blocker.since)),
                )
                for b in h.blockers
            )
            + tuple(
                Line(a.project_id, a.project_name, "Ask: " + a.ask.text + _details(("of", a.ask.of), ("needed by", a.ask.by)))
                for a in h.asks
            ),
        ),  # fmt: skip
        Section(
            "colours",
            "Colour changes",
            tuple(
                Line(
                    c.project_id,
                    c.project_name,
                    f"{status_label(c.before)} → {status_label(c.after)} on {c.date}",
                    before=c.before,
                    after=c.after,
                    note=f"on {c.date}",
                )
                for c in h.colour_changes
            ),
        ),  # fmt: skip
        Section(
            "reached",
            "Milestones reached",
            tuple(
                Line(
                    m.project_id,
                    m.project_name,
                    f"{m.milestone.name} on {m.milestone.done}{_late(m.milestone.due, m.milestone.done)}",
                )
                for m in h.milestones_done
            ),
        ),  # fmt: skip
        Section(
            "tasks",
            "Tasks finished",
            tuple(Line(t.project_id, t.project_name, f"{t.task.name} on {t.date}") for t in h.tasks_finished),
        ),
        Section(
            "forecasts",
            "Forecasts moved",
            tuple(
                Line(
                    f.project_id,
                    f.project_name,
                    f"{f.milestone.name}: forecast moved {display.days(f.days, signed=True)}, "
                    f"{f.before} → {f.after}" + _against_due(f.milestone.due, f.before, f.after),
                )
                for f in h.forecasts_moved
            ),
        ),  # fmt: skip
        Section(
            "thanks",
            "Thanks to the teams",
            tuple(Line(a.project_id, a.project_name, f"{a.text} (reported by {a.author})") for a in h.accomplishments),
        ),
        Section(
            "risks",
            "Risks",
            tuple(
                Line(
                    r.project_id,
                    r.project_name,
                    f"New risk: {r.risk.title} (probability {r.risk.probability}, impact {r.risk.impact})",
                )
                for r in h.new_risks
            )
            + tuple(Line(r.project_id, r.project_name, f"Risk occurred: {r.risk.title}") for r in h.occurred_risks),
        ),  # fmt: skip
        Section(
            "due",
            f"Due in the next {due_soon_days} days",
            tuple(
                Line(m.project_id, m.project_name, f"{m.milestone.name}, {display.milestone_when(m.milestone.due, m.forecast)}")
                for m in h.milestones_due
            ),
        ),  # fmt: skip
        Section("stale", "No recent update", tuple(Line(s.project_id, s.project_name, "") for s in h.stale_projects)),
        Section("silent", "No update dated this week", tuple(Line(s.project_id, s.project_name, "") for s in h.not_reported)),
        Section(
            "rewritten",
            "Earlier updates rewritten",
            tuple(Line(r.project_id, r.project_name, f"the update of {r.date} was edited after its week") for r in h.rewritten),
        ),
    ]
    return tuple(s for s in sections if s.lines)


def plain_lines(h: WeekHighlights, due_soon_days: int = DUE_SOON_DAYS) -> tuple[str, ...]:
    """The highlights as lines of plain text, 'Section: Project: what' (for the feed)."""
    return tuple(plain_line(section, line) for section in highlight_sections(h, due_soon_days) for line in section.lines)


def plain_line(section: Section, line: Line) -> str:
    """One highlight as a line of plain text, 'Section: Project: what'."""
    return f"{section.title}: {line.project_name}" + (f": {line.text}" if line.text else "")


def _details(*parts: tuple[str, object]) -> str:
    """' (to unblock: Ann; since 2026-10-07)' or ' (of Ada; needed by 2026-12-09)' from the parts that are
    given; '' when none is."""
    given = [f"{label}: {value}" if label == "to unblock" else f"{label} {value}" for label, value in parts if value]
    return f" ({'; '.join(given)})" if given else ""


def _against_due(due: dt.date, before: dt.date, after: dt.date) -> str:
    """' (due 2026-11-27: 16 weeks late)', unless the move itself says it (from or to the due date)."""
    if due in (before, after):
        return ""
    return f" (due {due}: {display.slip((after - due).days)})"


def _late(due: dt.date, done: dt.date | None) -> str:
    if done is None or done <= due:
        return ""
    return f", {display.days((done - due).days)} late"


def change_line(c: ProjectChanges) -> str:
    """A project's changes in one line: 'reported green → amber; finish +7 days; forecast Beta +7 days;
    reached: Design; 1 task added; risk opened: Vendor late' (empty when nothing changed)."""
    parts: list[str] = []
    if c.new_project:
        parts.append("new project")
    if c.colour_changed:
        after = c.colour_after.value if c.colour_after else "none"
        parts.append(f"reported {c.colour_before.value if c.colour_before else 'none'} → {after}")
    parts += [_move(m) for m in c.dates_moved]
    parts += [f"forecast {_move(m)}" for m in c.forecasts_moved]
    if c.milestones_done:
        parts.append("reached: " + ", ".join(c.milestones_done))
    if c.tasks_added:
        parts.append(_count(len(c.tasks_added), "task") + " added")
    if c.tasks_removed:
        parts.append(_count(len(c.tasks_removed), "task") + " removed")
    for label, titles in (
        ("risk opened", c.risks_opened),
        ("risk mitigated", c.risks_mitigated),
        ("risk occurred", c.risks_occurred),
        ("risk closed", c.risks_closed),
    ):
        if titles:
            parts.append(f"{label}: " + ", ".join(titles))
    return "; ".join(parts)


def _move(move: DateMove) -> str:
    return f"{move.what} {display.days(move.days, signed=True)}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
