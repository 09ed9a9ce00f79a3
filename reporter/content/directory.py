"""Who a name in the content is: the portfolio's declared people and organisations, and how a name
written in a plan or an update (free text) resolves to them.

A name is matched by its identity: case, accents, a leading '@', spacing and punctuation do not
count, so '@margot', 'Margot' and 'margot' are one person. The portfolio may declare people and
organisations with aliases; 'Investment board (Margot Lindqvist)' resolves to both the board and
Margot when they are declared. Pure: no I/O.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from reporter.content.models import OrganisationKind, Portfolio

CLOSE = 0.85  # difflib ratio of two identities from which a name is taken for a misspelling of the other

# 'Body (Name)': what is asked of a body, with the person inside it who answers.
_PARENTHESES = re.compile(r"(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)")
# Several people inside the parentheses: 'Board (Margot Lindqvist, Pieter de Vries)'.
_SEPARATORS = re.compile(r"\s*(?:[,;&/+]|\band\b)\s*")


def identity(name: str) -> str:
    """A name as it is matched: 'Ana-María  O'Neil' -> 'ana-maria-o-neil', '@Margot' -> 'margot'.
    Accents come off (NFKD splits 'í' into 'i' and a combining mark); letters of other scripts stay."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", plain.lower()).strip("-")


@dataclass(frozen=True)
class Entry:
    """A declared person (`kind` None) or organisation, and where it is declared in portfolio.yaml."""

    name: str
    kind: OrganisationKind | None
    index: int  # in `people` or `organisations`

    @property
    def is_person(self) -> bool:
        """Whether this is a person rather than an organisation."""
        return self.kind is None

    @property
    def where(self) -> tuple[str, int]:
        """Its place in portfolio.yaml, as a path of keys."""
        return ("people" if self.is_person else "organisations", self.index)


class Directory:
    """The declared people and organisations of a portfolio, looked up by identity."""

    def __init__(self, portfolio: Portfolio | None = None) -> None:
        people = portfolio.people if portfolio is not None else []
        organisations = portfolio.organisations if portfolio is not None else []
        self.people = tuple(Entry(" ".join(p.name.split()), None, i) for i, p in enumerate(people))
        self.organisations = tuple(Entry(" ".join(o.name.split()), o.kind, i) for i, o in enumerate(organisations))
        # identity -> entry; the first declaration wins (a repeat is an error of check_portfolio's).
        self._by_key: dict[str, Entry] = {}
        for entry, names in self._declared(portfolio):
            for name in names:
                key = identity(name)
                if key:
                    self._by_key.setdefault(key, entry)
        # What a loaded file is checked against, for the loader's caches: every declared spelling.
        spellings = "\n".join(sorted(f"{k}\t{e.name}" for k, e in self._by_key.items()))
        self.key = hashlib.sha256(spellings.encode()).hexdigest() if spellings else ""
        self._bodies: dict[Entry, list[Entry]] = {e: [] for e in self.people}
        if portfolio is not None:
            for person, declared in zip(self.people, portfolio.people, strict=True):
                for name in [*declared.member_of, *([declared.organisation] if declared.organisation else [])]:
                    self._join(person, self.lookup(name))
            for body, org in zip(self.organisations, portfolio.organisations, strict=True):
                for name in org.members:
                    member = self.lookup(name)
                    if member is not None and member.is_person:
                        self._join(member, body)
        # Names repeat across thousands of updates: each is judged once per directory.
        self._close: dict[str, str | None] = {}
        self._misspelt: dict[str, list[tuple[str, str]]] = {}
        self._resolved: dict[str, tuple[Entry | str, ...]] = {}

    def _declared(self, portfolio: Portfolio | None) -> Iterator[tuple[Entry, list[str]]]:
        if portfolio is None:
            return
        for entry, person in zip(self.people, portfolio.people, strict=True):
            yield entry, [person.name, *person.aliases]
        for entry, org in zip(self.organisations, portfolio.organisations, strict=True):
            yield entry, [org.name, *org.aliases]

    def _join(self, person: Entry, body: Entry | None) -> None:
        if body is not None and not body.is_person and body not in self._bodies[person]:
            self._bodies[person].append(body)

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def lookup(self, name: str) -> Entry | None:
        """The declared person or organisation this name (or one of its aliases) is, if any."""
        return self._by_key.get(identity(name))

    def resolve(self, text: str) -> tuple[Entry | str, ...]:
        """Who a name written in the content is: the declared entries it names, or the text itself
        (spacing tidied) when it names nobody declared. 'Investment board (Margot Lindqvist)' is both
        the board and Margot; 'Margot Lindqvist (CFO)' is Margot; 'Sanne and Margot' is both."""
        if text not in self._resolved:
            whole = self.lookup(text)
            found = [whole] if whole is not None else [e for part in self.parts(text) if (e := self.lookup(part)) is not None]
            self._resolved[text] = tuple(dict.fromkeys(found)) if found else (" ".join(text.split()),)
        return self._resolved[text]

    @staticmethod
    def parts(text: str) -> list[str]:
        """The names a text may hold: itself, a body and the names in parentheses after it, and the
        names a list joins ('Sanne Verhoeven and Margot Lindqvist')."""
        match = _PARENTHESES.fullmatch(text.strip())
        pieces = [match.group("outer"), match.group("inner")] if match else [text]
        found = []
        for piece in (p.strip() for p in pieces):
            found.append(piece)
            found += [p for p in _SEPARATORS.split(piece) if p and p != piece]
        return found

    def bodies(self, person: Entry) -> list[Entry]:
        """The organisations a declared person sits on or belongs to, in the order they are declared."""
        order = {e: i for i, e in enumerate(self.organisations)}
        return sorted(self._bodies.get(person, []), key=order.__getitem__)

    def members(self, body: Entry) -> list[Entry]:
        """The declared people who sit on or belong to an organisation, in the order they are declared."""
        return [p for p in self.people if body in self._bodies[p]]

    def misspelt(self, text: str) -> list[tuple[str, str]]:
        """(part, declared name) for each part of `text` that names nobody declared but is close to a
        declared name or alias: what a 'did you mean' warning says."""
        if not self:
            return []
        if text not in self._misspelt:
            found = []
            if self.lookup(text) is None:
                for part in dict.fromkeys(self.parts(text)):
                    if self.lookup(part) is None and (close := self.close_to(part)) is not None:
                        found.append((" ".join(part.split()), close))
            self._misspelt[text] = found
        return self._misspelt[text]

    def close_to(self, name: str) -> str | None:
        """The declared name whose identity is close to this name's (difflib ratio at least CLOSE)."""
        key = identity(name)
        if key not in self._close:
            matches = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=CLOSE) if key else []
            self._close[key] = self._by_key[matches[0]].name if matches else None
        return self._close[key]
