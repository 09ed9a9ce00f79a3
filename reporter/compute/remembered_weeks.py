"""A past week's highlights and plan changes, remembered across builds.

A week's highlights and the plan changes made during it depend only on the content as it stood at the
week's end and at the end of the week before, the week and its cut-off day: `week_key` hashes exactly
those (and reporter's version), so a build a week later, or after one new update, computes only the
weeks whose content it has not seen (the current week, and a week whose update was rewritten).

What is remembered is small: each item names its project, milestone, task, risk and update by position
in the content at the week's end, and is read back from that very content (the same objects a fresh
computation picks). An entry that does not read back against it is computed again, never trusted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any, TypeVar

from reporter import __version__
from reporter.compute.changes import DateMove, ProjectChanges
from reporter.compute.fingerprints import Fingerprints
from reporter.compute.highlights import (
    Accomplishment,
    AskItem,
    BlockerItem,
    ColourChange,
    ForecastMove,
    MilestoneEvent,
    RewrittenUpdate,
    RiskItem,
    StaleProject,
    TaskFinished,
    WeekHighlights,
    reporting_window,
)
from reporter.content.models import Colour, Content, Plan, Update

# Part of every key: a change to what an entry holds, or to how it is stored, starts afresh.
WEEK_FORMAT = 1
_PREFIX = f"reporter {__version__} week {WEEK_FORMAT}".encode()
_LISTS = 14  # the lists of an entry: 13 of highlights, then the plan changes


def week_key(fingerprints: Fingerprints, week: str, cutoff: dt.date, then: Content, previous: Content | None) -> str:
    """What a week's highlights and plan changes depend on, hashed: reporter's version, the week, its cut-off
    day, and the whole content at its end (`then`) and at the end of the week before (`previous`, None when
    history has none)."""
    before = fingerprints.content(previous) if previous is not None else b"none"
    parts = [_PREFIX, week.encode(), cutoff.isoformat().encode(), fingerprints.content(then), before]
    return hashlib.blake2b(b"\0".join(parts), digest_size=20).hexdigest()


def week_data(highlights: WeekHighlights, changes: Sequence[ProjectChanges], then: Content) -> str | None:
    """A week's highlights and plan changes as one line of JSON that names the records of `then` by position, or
    None when an item is not found there (it is then not remembered). Text, not lists: a store holds a hundred
    weeks at once, and their decoded lists would be tens of megabytes held through the build."""
    places = _Places(then)
    try:
        h = highlights
        data = [
            [[places.project(e.project_id), places.milestone(e)] for e in h.milestones_done],
            [[places.project(e.project_id), places.task(e), e.date.isoformat()] for e in h.tasks_finished],
            [[places.project(e.project_id), e.before.value, e.after.value, e.date.isoformat()] for e in h.colour_changes],
            [[places.project(e.project_id), places.risk(e)] for e in h.new_risks],
            [[places.project(e.project_id), places.risk(e)] for e in h.occurred_risks],
            [[*places.said(e.project_id, "blockers", e.blocker, e.date), e.new] for e in h.blockers],
            [places.said(e.project_id, "asks", e.ask, e.date) for e in h.asks],
            [places.said(e.project_id, "accomplishments", e.text, e.date, e.author) for e in h.accomplishments],
            [[places.project(e.project_id), places.milestone(e), _day(e.forecast)] for e in h.milestones_due],
            [places.project(e.project_id) for e in h.stale_projects],
            [[places.project(e.project_id), e.date.isoformat()] for e in h.rewritten],
            [
                [places.project(e.project_id), places.milestone(e), e.before.isoformat(), e.after.isoformat()]
                for e in h.forecasts_moved
            ],
            [places.project(e.project_id) for e in h.not_reported],
            [_changes_data(c) for c in changes],
        ]
    except LookupError:
        return None
    return json.dumps(data, separators=(",", ":"))


def week_from(text: Any, week: str, cutoff: dt.date, then: Content) -> tuple[WeekHighlights, tuple[ProjectChanges, ...]] | None:
    """The highlights and plan changes `week_data` gave this text for, read against `then`; None when it is not
    such text."""
    try:
        data = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(data, list) or len(data) != _LISTS:
        return None
    projects = then.projects
    start, end = reporting_window(week, cutoff)

    def who(p: int) -> tuple[str, str]:
        """The id and name of the project at position `p`, as every item names its project."""
        project = _at(projects, p)
        return project.id, project.plan.name

    def plan(p: int) -> Plan:
        return _at(projects, p).plan

    def said(p: int, u: int, kind: str, i: int) -> tuple[str, str, Update, Any]:
        update = _at(_at(projects, p).updates, u)
        return *who(p), update, _at(getattr(update, kind), i)

    def day(text: Any) -> dt.date:
        return dt.date.fromisoformat(text)

    try:
        (
            done,
            tasks,
            colours,
            new_risks,
            occurred,
            blockers,
            asks,
            accomplishments,
            due,
            stale,
            rewritten,
            moved,
            quiet,
            changes,
        ) = data
        highlights = WeekHighlights(
            week=week,
            start=start,
            end=end,
            milestones_done=tuple(MilestoneEvent(*who(p), _at(plan(p).milestones, m)) for p, m in done),
            tasks_finished=tuple(TaskFinished(*who(p), _at(plan(p).tasks, t), day(on)) for p, t, on in tasks),
            colour_changes=tuple(ColourChange(*who(p), Colour(was), Colour(now), day(on)) for p, was, now, on in colours),
            new_risks=tuple(RiskItem(*who(p), _at(plan(p).risks, r)) for p, r in new_risks),
            occurred_risks=tuple(RiskItem(*who(p), _at(plan(p).risks, r)) for p, r in occurred),
            blockers=tuple(_blocker(said(p, u, "blockers", i), new) for p, u, i, new in blockers),
            asks=tuple(_ask(said(p, u, "asks", i)) for p, u, i in asks),
            accomplishments=tuple(_accomplishment(said(p, u, "accomplishments", i)) for p, u, i in accomplishments),
            milestones_due=tuple(
                MilestoneEvent(*who(p), _at(plan(p).milestones, m), None if on is None else day(on)) for p, m, on in due
            ),
            stale_projects=tuple(StaleProject(*who(p)) for p in stale),
            rewritten=tuple(RewrittenUpdate(*who(p), day(on)) for p, on in rewritten),
            forecasts_moved=tuple(
                ForecastMove(*who(p), _at(plan(p).milestones, m), day(was), day(now)) for p, m, was, now in moved
            ),
            not_reported=tuple(StaleProject(*who(p)) for p in quiet),
        )
        return highlights, tuple(_changes_from(c) for c in changes)
    except (LookupError, TypeError, ValueError, AttributeError):
        return None


class _Places:
    """Where each record of a week's highlights is in the content at the week's end (by identity: the very
    objects the highlights were computed from)."""

    def __init__(self, then: Content):
        self._projects = then.projects
        self._index = {project.id: i for i, project in enumerate(then.projects)}

    def project(self, project_id: str) -> int:
        return self._index[project_id]

    def milestone(self, event: MilestoneEvent | ForecastMove) -> int:
        return _position(self._projects[self.project(event.project_id)].plan.milestones, event.milestone)

    def task(self, event: TaskFinished) -> int:
        return _position(self._projects[self.project(event.project_id)].plan.tasks, event.task)

    def risk(self, event: RiskItem) -> int:
        return _position(self._projects[self.project(event.project_id)].plan.risks, event.risk)

    def said(self, project_id: str, kind: str, item: object, day: dt.date, author: str | None = None) -> list[Any]:
        """[project, update, item] of an item of an update dated `day` (by `author`, for an accomplishment), newest
        update first: a week's items come from its last updates."""
        p = self.project(project_id)
        updates = self._projects[p].updates
        for u in range(len(updates) - 1, -1, -1):
            update = updates[u]
            if update.date != day or (author is not None and update.author != author):
                continue
            for i, said in enumerate(getattr(update, kind)):
                if said is item:
                    return [p, u, i]
        raise LookupError(f"{kind} item not in {project_id}'s updates of {day}")


T = TypeVar("T")


def _at(records: Sequence[T], position: Any) -> T:
    """The record at a stored position: a whole number within the records (not one counted from the end)."""
    if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position < len(records):
        raise IndexError(f"no record at {position!r}")
    return records[position]


def _position(records: Sequence[object], record: object) -> int:
    for i, candidate in enumerate(records):
        if candidate is record:
            return i
    raise LookupError("record not in the plan")


def _blocker(said: tuple[str, str, Update, Any], new: Any) -> BlockerItem:
    pid, name, update, blocker = said
    if not isinstance(new, bool):
        raise TypeError("new is not a boolean")
    return BlockerItem(pid, name, blocker, update.date, new)


def _ask(said: tuple[str, str, Update, Any]) -> AskItem:
    pid, name, update, ask = said
    return AskItem(pid, name, ask, update.date)


def _accomplishment(said: tuple[str, str, Update, Any]) -> Accomplishment:
    pid, name, update, text = said
    return Accomplishment(pid, name, text, update.author, update.date)


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _changes_data(c: ProjectChanges) -> list[Any]:
    """One project's plan changes as plain data (every field, in order)."""

    def moves(items: tuple[DateMove, ...]) -> list[list[str]]:
        return [[m.what, m.before.isoformat(), m.after.isoformat()] for m in items]

    return [
        c.project_id,
        c.name,
        c.new_project,
        moves(c.dates_moved),
        moves(c.forecasts_moved),
        list(c.milestones_done),
        list(c.tasks_added),
        list(c.tasks_removed),
        list(c.risks_opened),
        list(c.risks_mitigated),
        list(c.risks_occurred),
        list(c.risks_closed),
        _colour(c.colour_before),
        _colour(c.colour_after),
        list(c.notes),
    ]


def _changes_from(data: Any) -> ProjectChanges:
    """The plan changes `_changes_data` gave this data for; TypeError or ValueError when it is not such data."""
    project_id, name, new, dates, forecasts, done, added, removed, opened, mitigated, occurred, closed, before, after, notes = (
        data
    )

    def moves(items: Any) -> tuple[DateMove, ...]:
        return tuple(DateMove(_text(what), dt.date.fromisoformat(b), dt.date.fromisoformat(a)) for what, b, a in items)

    def texts(items: Any) -> tuple[str, ...]:
        return tuple(_text(item) for item in items)

    if not isinstance(new, bool):
        raise TypeError("new_project is not a boolean")
    return ProjectChanges(
        _text(project_id),
        _text(name),
        new_project=new,
        dates_moved=moves(dates),
        forecasts_moved=moves(forecasts),
        milestones_done=texts(done),
        tasks_added=texts(added),
        tasks_removed=texts(removed),
        risks_opened=texts(opened),
        risks_mitigated=texts(mitigated),
        risks_occurred=texts(occurred),
        risks_closed=texts(closed),
        colour_before=None if before is None else Colour(before),
        colour_after=None if after is None else Colour(after),
        notes=texts(notes),
    )


def _colour(colour: Colour | None) -> str | None:
    return None if colour is None else colour.value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value
