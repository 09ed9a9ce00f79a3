"""People and organisations: what each owns across the portfolio, and what of it is late or waiting on them.

A name written in the content is matched by its identity and resolved to the portfolio's declared
people and organisations (`reporter.content.directory`): '@margot', 'Margot' and an alias are one
person, and an ask of 'Investment board (Margot Lindqvist)' waits on the board and on Margot. What
is asked of an organisation also waits on each declared person who sits on it, saying through which.
Vendors, boards and teams are organisations, listed apart from people.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from reporter.compute.report import PortfolioReport
from reporter.content.directory import Directory, Entry, identity
from reporter.content.models import Ask, Blocker, OrganisationKind, Portfolio, Risk, RiskStatus

_CLOSED = (RiskStatus.closed, RiskStatus.mitigated)
MAX_SLUG_BYTES = 120  # of a page name: far below the 255 bytes a file name may have, with '-2.md' after it


@dataclass(frozen=True)
class OwnedTask:
    """A task a person owns, with whether it is late (its finish has passed and it is not done)."""

    project_id: str
    project_name: str
    name: str
    finish: dt.date
    progress: float
    late: bool


@dataclass(frozen=True)
class Link:
    """A person or an organisation as another's page names it: its name and its page."""

    name: str
    slug: str


@dataclass(frozen=True)
class Waiting:
    """A blocker or an ask from a project's latest update that waits on someone: addressed to them, or
    to an organisation they sit on (`via`)."""

    project_id: str
    item: Blocker | Ask
    via: Organisation | None = None


@dataclass(eq=False)  # each is one person or organisation: compared and hashed by identity
class Named:
    """Everything a person or an organisation is named for."""

    name: str
    slug: str
    declared: bool = False  # in portfolio.yaml's people or organisations
    aliases: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)  # ids of the programs they lead
    manages: list[str] = field(default_factory=list)  # project ids
    sponsors: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)  # project teams
    tasks: list[OwnedTask] = field(default_factory=list)
    risks: list[tuple[str, Risk]] = field(default_factory=list)  # (project id, open risk)
    blockers: list[Waiting] = field(default_factory=list)  # waiting on them to unblock
    asks: list[Waiting] = field(default_factory=list)  # asked of them

    @property
    def late_tasks(self) -> list[OwnedTask]:
        """Tasks past their finish and not done."""
        return [t for t in self.tasks if t.late]

    @property
    def needs_attention(self) -> int:
        """How many things wait on them: late tasks, blockers to lift and asks to answer."""
        return len(self.late_tasks) + len(self.blockers) + len(self.asks)

    @property
    def link(self) -> Link:
        """How other pages name and link to them."""
        return Link(self.name, self.slug)


@dataclass(eq=False)
class Person(Named):
    """A person: what they own and what waits on them, with what the portfolio declares of them."""

    role: str = ""
    email: str | None = None
    handle: str | None = None
    organisation: str | None = None  # as declared
    organisation_link: Link | None = None  # its page, when it is a declared organisation
    bodies: list[Link] = field(default_factory=list)  # other declared organisations they sit on


@dataclass(eq=False)
class Organisation(Named):
    """A vendor, board, team or client: what it owns, what waits on it, and who sits on it."""

    kind: OrganisationKind = OrganisationKind.other
    description: str = ""
    members: list[Link] = field(default_factory=list)  # declared people who sit on it


# A name as written, in pieces: each piece's text and the page name (slug) it links to, "" for none.
# 'Investment board (Margot Lindqvist)' is (('Investment board', 'investment-board'), (' (', ''),
# ('Margot Lindqvist', 'margot-lindqvist'), (')', '')); '@margot' is (('@margot', 'margot-lindqvist'),).
Mention = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class People:
    """The people and the organisations of a portfolio, each sorted by name, with unique page names, and
    each name written in the content, resolved to their pages (`mentions`)."""

    people: tuple[Person, ...]
    organisations: tuple[Organisation, ...]
    mentions: dict[str, Mention] = field(default_factory=dict)


def person_slug(name: str) -> str:
    """A page name for a person: 'Femke Dijkstra' -> 'femke-dijkstra', 'Ana-María O'Neil' ->
    'ana-maria-o-neil'; letters of other scripts are kept ('Łukasz' -> 'łukasz', '王芳' -> '王芳'), and
    a long name is cut to MAX_SLUG_BYTES of UTF-8 so that it stays a file name."""
    slug = identity(name).encode()[:MAX_SLUG_BYTES].decode(errors="ignore").strip("-")
    return slug or "someone"


def people(report: PortfolioReport, portfolio: Portfolio | None = None, mentioned: Iterable[str] = ()) -> People:
    """Everyone named as a program's owner, a project's owner, sponsor or team member, a task's or
    risk's owner, the one to unblock a blocker or the one asked (blockers and asks from each latest
    update), and everyone `portfolio` declares; each name resolved to its declared person or
    organisation, other names grouped by identity. Each of those names, and each name in `mentioned`
    (older updates' blockers, asks and authors), is resolved to the pages it names (`People.mentions`);
    a name in `mentioned` names no one new."""
    directory = Directory(portfolio)
    found: dict[Hashable, Named] = {}
    spellings: dict[Hashable, Counter[str]] = {}
    keys: dict[str, Hashable] = {}  # a name as written -> its identity: names repeat across projects
    written: dict[str, None] = {}  # every name as written, in order, for `mentions`

    def named(entry: Entry | str) -> Named:
        if isinstance(entry, str):  # nobody declared: grouped by identity, shown as most often written
            if entry not in keys:
                keys[entry] = identity(entry) or entry
            key: Hashable = keys[entry]
            spellings.setdefault(key, Counter())[entry] += 1
            if key not in found:
                found[key] = Person(entry, "")
            return found[key]
        if entry not in found:
            found[entry] = _declared(entry, portfolio)
        return found[entry]

    def each(text: str | None) -> list[Named]:
        if text:
            written[text] = None
        return list(dict.fromkeys(named(e) for e in directory.resolve(text))) if text else []

    def waiting(text: str | None, pid: str, item: Blocker | Ask) -> Iterable[tuple[Named, Waiting]]:
        if text:
            written[text] = None
        entries = directory.resolve(text) if text else ()
        direct = [named(e) for e in entries]
        yield from ((n, Waiting(pid, item)) for n in dict.fromkeys(direct))
        reached = set(map(id, direct))
        for body in (e for e in entries if isinstance(e, Entry) and not e.is_person):
            for member in directory.members(body):
                person = named(member)
                if id(person) not in reached:
                    reached.add(id(person))
                    via = named(body)
                    assert isinstance(via, Organisation)
                    yield person, Waiting(pid, item, via)

    for entry in (*directory.people, *directory.organisations):
        named(entry)
    for program in portfolio.programs if portfolio else []:
        for n in each(program.owner):
            n.programs.append(program.id)
    for figures in report.projects:
        plan, pid = figures.plan, figures.id
        owners = each(plan.owner)
        for n in owners:
            n.manages.append(pid)
        for n in each(plan.sponsor):
            n.sponsors.append(pid)
        for member in plan.team:
            for n in each(member.name):
                if n not in owners and pid not in n.member_of:
                    n.member_of.append(pid)
        for task in figures.progress.tasks:
            done = float(task.progress)
            late = task.task.finish < figures.report_date and done < 100
            for n in each(task.task.owner):
                n.tasks.append(OwnedTask(pid, plan.name, task.task.name, task.task.finish, done, late))
        for risk in plan.risks:
            if risk.status not in _CLOSED:
                for n in each(risk.owner):
                    n.risks.append((pid, risk))
        latest = figures.latest_update
        if latest is not None:
            for blocker in latest.blockers:
                for n, w in waiting(blocker.owner, pid, blocker):
                    n.blockers.append(w)
            for ask in latest.asks:
                for n, w in waiting(ask.of, pid, ask):
                    n.asks.append(w)
    for key, counts in spellings.items():
        # The spelling most often written names the page; on a tie, one without '@', then the first in order.
        found[key].name = min(counts, key=lambda s: (-counts[s], s.startswith("@"), s))
    everyone = sorted(found.values(), key=lambda n: (n.name.lower(), n.name))
    for n in everyone:  # tasks in the order they are due (sorted is stable: plan order on a tie)
        n.tasks.sort(key=lambda t: t.finish)
    _page_names(everyone)
    _link_declared(everyone, directory, found)
    pages = {key: n.slug for key, n in found.items()}
    mentions = {text: _mention(text, directory, pages) for text in (*written, *mentioned) if text and text.strip()}
    return People(
        tuple(n for n in everyone if isinstance(n, Person)),
        tuple(n for n in everyone if isinstance(n, Organisation)),
        mentions,
    )


def _mention(text: str, directory: Directory, pages: dict[Hashable, str]) -> Mention:
    """A name as written, in pieces linked to the pages of whom it names. A name that is one declared
    person or organisation (or an alias), or one undeclared name with a page, links whole; a text that names
    several ('Investment board (Margot Lindqvist)', 'Sanne and Margot') links each declared name in it."""
    entries = directory.resolve(text)
    whole = directory.lookup(text)
    if whole is not None:
        return ((text, pages.get(whole, "")),)
    if len(entries) == 1 and isinstance(entries[0], str):  # nobody declared: grouped by identity
        return ((text, pages.get(identity(entries[0]) or entries[0], "")),)
    spans: list[tuple[int, int, str]] = []  # (start, end, slug) of each declared name found in the text
    for part in directory.parts(text):
        entry = directory.lookup(part)
        if entry is None or entry not in pages or any(slug == pages[entry] for _, _, slug in spans):
            continue
        start = text.find(part)
        while start >= 0 and any(start < end and start + len(part) > begin for begin, end, _ in spans):
            start = text.find(part, start + 1)
        if start >= 0:
            spans.append((start, start + len(part), pages[entry]))
    pieces, at = [], 0
    for start, end, slug in sorted(spans):
        pieces += [(text[at:start], "")] if start > at else []
        pieces.append((text[start:end], slug))
        at = end
    pieces += [(text[at:], "")] if at < len(text) else []
    return tuple(pieces)


def _declared(entry: Entry, portfolio: Portfolio | None) -> Named:
    """A declared person or organisation, with what portfolio.yaml says of them and nothing owned yet."""
    assert portfolio is not None  # there are declared entries only in a portfolio
    if entry.is_person:
        person = portfolio.people[entry.index]
        return Person(
            entry.name,
            "",
            declared=True,
            aliases=list(person.aliases),
            role=person.role,
            email=person.email,
            handle=person.handle,
            organisation=person.organisation,
        )
    org = portfolio.organisations[entry.index]
    return Organisation(entry.name, "", declared=True, aliases=list(org.aliases), kind=org.kind, description=org.description)


def _page_names(everyone: list[Named]) -> None:
    taken = {"index"}  # the people list itself
    for n in everyone:  # two names can share a page name once cut short: keep pages apart
        base = person_slug(n.name)
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        n.slug = slug
        taken.add(slug)


def _link_declared(everyone: list[Named], directory: Directory, found: dict[Hashable, Named]) -> None:
    """Each declared person's organisations and each declared organisation's members, as links."""
    for entry in directory.people:
        person = found[entry]
        assert isinstance(person, Person)
        home = directory.lookup(person.organisation) if person.organisation else None
        person.organisation_link = found[home].link if home is not None and not home.is_person else None
        person.bodies = [found[b].link for b in directory.bodies(entry) if b != home]
    for entry in directory.organisations:
        org = found[entry]
        assert isinstance(org, Organisation)
        org.members = [found[m].link for m in directory.members(entry)]
