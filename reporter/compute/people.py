"""People: what each person owns across the portfolio, and what of it is late or waiting on them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from reporter.compute.report import PortfolioReport
from reporter.content.models import Ask, Blocker, Risk, RiskStatus

_CLOSED = (RiskStatus.closed, RiskStatus.mitigated)


@dataclass(frozen=True)
class OwnedTask:
    """A task a person owns, with whether it is late (its finish has passed and it is not done)."""

    project_id: str
    project_name: str
    name: str
    finish: dt.date
    progress: float
    late: bool


@dataclass
class Person:
    """Everything one person is named for."""

    name: str
    slug: str
    manages: list[str] = field(default_factory=list)  # project ids
    sponsors: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    tasks: list[OwnedTask] = field(default_factory=list)
    risks: list[tuple[str, Risk]] = field(default_factory=list)  # (project id, open risk)
    blockers: list[tuple[str, Blocker]] = field(default_factory=list)  # waiting on them to unblock
    asks: list[tuple[str, Ask]] = field(default_factory=list)  # asked of them

    @property
    def late_tasks(self) -> list[OwnedTask]:
        """Tasks past their finish and not done."""
        return [t for t in self.tasks if t.late]

    @property
    def needs_attention(self) -> int:
        """How many things wait on this person: late tasks, blockers to lift and asks to answer."""
        return len(self.late_tasks) + len(self.blockers) + len(self.asks)


def person_slug(name: str) -> str:
    """A page name for a person: 'Femke Dijkstra' -> 'femke-dijkstra', 'Ana-María O'Neil' ->
    'ana-maria-o-neil'; letters of other scripts are kept ('Łukasz' -> 'łukasz', '王芳' -> '王芳')."""
    # Accents come off (NFKD splits 'í' into 'i' and a combining mark); any other letter stays.
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", plain.lower()).strip("-") or "someone"


def people(report: PortfolioReport) -> list[Person]:
    """Everyone named as a project's owner, sponsor or team member, a task's or risk's owner, the one to
    unblock a blocker or the one asked, sorted by name; blockers and asks from each latest update."""
    found: dict[str, Person] = {}

    def person(name: str) -> Person:
        key = " ".join(name.split())
        if key not in found:
            found[key] = Person(key, person_slug(key))
        return found[key]

    for figures in report.projects:
        plan, pid = figures.plan, figures.id
        person(plan.owner).manages.append(pid)
        if plan.sponsor:
            person(plan.sponsor).sponsors.append(pid)
        for member in plan.team:
            if member.name != plan.owner:
                person(member.name).member_of.append(pid)
        for task in figures.progress.tasks:
            if task.task.owner:
                done = float(task.progress)
                late = task.task.finish < figures.report_date and done < 100
                person(task.task.owner).tasks.append(OwnedTask(pid, plan.name, task.task.name, task.task.finish, done, late))
        for risk in plan.risks:
            if risk.owner and risk.status not in _CLOSED:
                person(risk.owner).risks.append((pid, risk))
        latest = figures.latest_update
        if latest is not None:
            for blocker in latest.blockers:
                if blocker.owner:
                    person(blocker.owner).blockers.append((pid, blocker))
            for ask in latest.asks:
                if ask.of:
                    person(ask.of).asks.append((pid, ask))
    everyone = sorted(found.values(), key=lambda p: p.name.lower())
    for p in everyone:  # a person's tasks in the order they are due (sorted is stable: plan order on a tie)
        p.tasks.sort(key=lambda t: t.finish)
    taken = {"index"}  # the people list itself
    for p in everyone:  # two spellings can share a slug ('Ana-Maria', 'Ana Maria'): keep pages apart
        slug, n = p.slug, 2
        while slug in taken:
            slug, n = f"{p.slug}-{n}", n + 1
        p.slug = slug
        taken.add(slug)
    return everyone
