"""People: who owns what, and what waits on them, from the mini portfolio; names matched by identity
and resolved to the people and organisations portfolio.yaml declares."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporter.compute.people import MAX_SLUG_BYTES, OwnedTask, People, people, person_slug
from reporter.compute.report import assess
from reporter.content.directory import Directory, identity
from reporter.content.loader import load_content
from reporter.content.models import DeclaredPerson

from conftest import FIXTURES

# People and organisations declared in the mini portfolio (lines 10 to 24 of its portfolio.yaml).
DECLARED = """\
people:
  - name: Ada Byron
    role: Chief Operating Officer
    email: ada@example.org
    handle: "@ada"
    aliases: [Countess of Lovelace]
    member_of: [Steering board]
  - name: Alan Turing
organisations:
  - name: Steering board
    kind: board
    members: [Alan Turing]
  - name: Vendor Ltd
    kind: vendor
    aliases: [the vendor]
"""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _everyone(content: Path, day: dt.date) -> People:
    loaded = load_content(content)
    return people(assess(loaded, day), loaded.portfolio)


def test_people_of_the_mini_portfolio():
    found = {p.name: p for p in _everyone(FIXTURES / "mini", dt.date(2026, 3, 20)).people}
    assert list(found) == ["Ada Byron", "Alan Turing", "Grace Hopper"]
    ada, alan, grace = found["Ada Byron"], found["Alan Turing"], found["Grace Hopper"]
    assert (ada.manages, ada.sponsors, ada.programs) == ([], ["alpha"], ["core"])  # Ada leads the core program
    # The update of 13 March asks Ada Byron to escalate to the vendor; the blocker names nobody to lift it.
    assert [(w.project_id, w.item.text, w.via) for w in ada.asks] == [("alpha", "Escalate to the vendor's account manager", None)]
    assert ada.needs_attention == 1
    assert (alan.manages, alan.tasks, alan.needs_attention, alan.programs) == (["beta"], [], 0, [])
    # Grace owns the design task, done (100%) by its finish on 27 February: not late.
    assert grace.tasks == [OwnedTask("alpha", "Alpha Migration", "Design", dt.date(2026, 2, 27), 100.0, False)]
    assert grace.late_tasks == [] and grace.manages == ["alpha"]


def test_a_task_past_its_finish_and_not_done_is_late(mini):
    _replace(mini / "projects/alpha/plan.yaml", "progress: 100", "progress: 50")
    grace = next(p for p in _everyone(mini, dt.date(2026, 3, 20)).people if p.name == "Grace Hopper")
    # Design finished on 27 February by the plan, half done on 20 March: late, and waiting on Grace.
    assert grace.late_tasks == [OwnedTask("alpha", "Alpha Migration", "Design", dt.date(2026, 2, 27), 50.0, True)]
    assert grace.needs_attention == 1


def test_identity_ignores_case_accents_spacing_and_a_leading_at():
    assert identity("@Margot") == identity("margot") == identity("  Margot ") == "margot"
    assert identity("Ana-María  O'Neil") == identity("ana maria o neil") == "ana-maria-o-neil"
    assert identity("Łukasz Żak") == "łukasz-zak"  # Ż is Z with a dot (NFKD); Ł has no decomposition


def test_spellings_of_one_name_are_one_person_shown_as_most_often_written(mini):
    # Without declarations: '@ada byron' is Ada Byron, 'grace  hopper' is Grace Hopper.
    _replace(mini / "projects/alpha/updates/2026-03-13.yaml", "of: Ada Byron", "of: '@ada byron'")
    _replace(mini / "projects/alpha/plan.yaml", "    owner: Grace Hopper\n", "    owner: grace  hopper\n")
    everyone = _everyone(mini, dt.date(2026, 3, 20))
    assert [(p.name, p.slug) for p in everyone.people] == [
        ("Ada Byron", "ada-byron"),  # 'Ada Byron' (sponsor) and '@ada byron' (asked) once each: the one without '@'
        ("Alan Turing", "alan-turing"),
        ("Grace Hopper", "grace-hopper"),  # 'Grace Hopper' (owner) and 'grace hopper' (task) once each: the first in order
    ]
    ada, _, grace = everyone.people
    assert (ada.sponsors, [w.item.text for w in ada.asks]) == (["alpha"], ["Escalate to the vendor's account manager"])
    assert (grace.manages, [t.name for t in grace.tasks]) == (["alpha"], ["Design"])
    assert everyone.organisations == ()


def _declare(mini: Path) -> None:
    """The mini portfolio with DECLARED, an ask of the steering board and Ada, and a blocker the vendor lifts."""
    (mini / "portfolio.yaml").write_text((mini / "portfolio.yaml").read_text() + DECLARED)
    update = mini / "projects/alpha/updates/2026-03-13.yaml"
    _replace(update, "of: Ada Byron", "of: Steering board (Ada Byron)")
    _replace(update, "  - Test data from the vendor\n", "  - text: Test data from the vendor\n    owner: the vendor\n")


# The update of 13 March is the latest from that Friday on; before it, the one of 6 March asks nothing.
@pytest.mark.parametrize("day", [dt.date(2026, 3, 13), dt.date(2026, 3, 16), dt.date(2026, 3, 18), dt.date(2026, 3, 20)])
def test_an_ask_of_a_board_waits_on_the_board_the_person_named_and_every_member(mini, day):
    _declare(mini)
    everyone = _everyone(mini, day)
    assert [p.name for p in everyone.people] == ["Ada Byron", "Alan Turing", "Grace Hopper"]  # no vendor, no board
    assert [(o.name, o.kind.value, o.slug) for o in everyone.organisations] == [
        ("Steering board", "board", "steering-board"),
        ("Vendor Ltd", "vendor", "vendor-ltd"),
    ]
    ada, alan, grace = everyone.people
    board, vendor = everyone.organisations
    ask = "Escalate to the vendor's account manager"
    # 'Steering board (Ada Byron)': the board and Ada directly; Alan sits on the board (its `members`).
    assert [(w.project_id, w.item.text, w.via) for w in board.asks] == [("alpha", ask, None)]
    assert [(w.project_id, w.item.text, w.via) for w in ada.asks] == [("alpha", ask, None)]  # named: not "via"
    assert [(w.project_id, w.item.text, w.via) for w in alan.asks] == [("alpha", ask, board)]
    # 'the vendor' is Vendor Ltd's alias: the blocker waits on the vendor, who has no declared members.
    assert [(w.project_id, w.item.text) for w in vendor.blockers] == [("alpha", "Test data from the vendor")]
    assert (vendor.members, grace.needs_attention) == ([], 0)
    assert (ada.needs_attention, alan.needs_attention, board.needs_attention, vendor.needs_attention) == (1, 1, 1, 1)
    # Ada sits on the board by her `member_of`, Alan by the board's `members`: both listed, in declared order.
    assert [(m.name, m.slug) for m in board.members] == [("Ada Byron", "ada-byron"), ("Alan Turing", "alan-turing")]
    assert ([b.name for b in ada.bodies], [b.name for b in alan.bodies]) == (["Steering board"], ["Steering board"])
    assert (ada.declared, ada.role, ada.email, ada.handle, ada.aliases) == (
        True, "Chief Operating Officer", "ada@example.org", "@ada", ["Countess of Lovelace"],
    )  # fmt: skip
    assert (grace.declared, ada.programs, ada.sponsors) == (False, ["core"], ["alpha"])


@pytest.mark.parametrize("day", [dt.date(2026, 3, 6), dt.date(2026, 3, 9), dt.date(2026, 3, 12)])
def test_before_the_ask_is_written_nothing_waits(mini, day):
    _declare(mini)
    everyone = _everyone(mini, day)
    assert [(n.name, n.needs_attention) for n in (*everyone.people, *everyone.organisations)] == [
        ("Ada Byron", 0),
        ("Alan Turing", 0),
        ("Grace Hopper", 0),
        ("Steering board", 0),
        ("Vendor Ltd", 0),
    ]


def test_an_alias_and_a_role_in_parentheses_name_the_declared_person(mini):
    _declare(mini)
    _replace(mini / "projects/alpha/plan.yaml", "sponsor: Ada Byron", "sponsor: countess of LOVELACE")
    _replace(mini / "projects/beta/plan.yaml", "owner: Alan Turing", "owner: Alan Turing (interim)")
    everyone = _everyone(mini, dt.date(2026, 3, 20))
    ada, alan, _ = everyone.people
    assert (ada.name, ada.sponsors, alan.name, alan.manages) == ("Ada Byron", ["alpha"], "Alan Turing", ["beta"])


def test_a_list_of_names_is_each_of_them():
    portfolio = load_content(FIXTURES / "mini").portfolio
    assert Directory(portfolio).resolve("Ada  and Alan") == ("Ada and Alan",)  # nobody declared: the text, tidied
    declared = Directory(portfolio.model_copy(update={"people": [DeclaredPerson(name="Ada"), DeclaredPerson(name="Alan")]}))
    ada, alan = declared.people
    assert declared.resolve("Ada and Alan") == declared.resolve("Board (Ada, Alan)") == (ada, alan)
    assert declared.resolve("Ada Lovelace and Charles") == ("Ada Lovelace and Charles",)  # no part is declared


def test_person_slugs_are_page_names():
    assert person_slug("Femke Dijkstra") == "femke-dijkstra"
    assert person_slug("Ana-María  O'Neil") == "ana-maria-o-neil"  # accent dropped, punctuation to '-'
    assert person_slug("Łukasz Żak") == "łukasz-zak"
    assert person_slug("王芳") == "王芳"
    assert person_slug("!!!") == "someone"


def test_a_long_name_is_cut_to_a_safe_page_name_and_two_such_names_keep_their_pages_apart(mini):
    # 80 letters of 4 bytes each (CJK Extension B) would name a 320-byte file: over the 255 a file name may have.
    first, second = "\U00020000" * 79 + "\U00020001", "\U00020000" * 79 + "\U00020002"
    _replace(mini / "projects/alpha/plan.yaml", "owner: Grace Hopper", f"owner: {first}")
    _replace(mini / "projects/beta/plan.yaml", "owner: Alan Turing", f"owner: {second}")
    slugs = [p.slug for p in _everyone(mini, dt.date(2026, 3, 20)).people if p.manages]
    cut = "\U00020000" * (MAX_SLUG_BYTES // 4)  # 120 bytes: 30 letters, the same for both names
    assert slugs == [cut, f"{cut}-2"]
    assert max(len(f"{s}.md".encode()) for s in slugs) == 120 + 5  # '-2.md'


def test_a_person_called_index_does_not_replace_the_people_list(mini):
    _replace(mini / "projects/beta/plan.yaml", "owner: Alan Turing", "owner: Index")
    assert [(p.name, p.slug) for p in _everyone(mini, dt.date(2026, 3, 20)).people] == [
        ("Ada Byron", "ada-byron"),
        ("Grace Hopper", "grace-hopper"),
        ("Index", "index-2"),
    ]


def test_each_name_as_written_is_resolved_to_the_pages_it_names(mini):
    _declare(mini)
    loaded = load_content(mini)
    names = ["Sanne and Ada Byron and the vendor", "Somebody New", "@GRACE  hopper"]  # as an older update may say
    mentions = people(assess(loaded, dt.date(2026, 3, 18)), loaded.portfolio, names).mentions
    assert mentions["Steering board (Ada Byron)"] == (
        ("Steering board", "steering-board"), (" (", ""), ("Ada Byron", "ada-byron"), (")", ""),
    )  # fmt: skip
    assert mentions["the vendor"] == (("the vendor", "vendor-ltd"),)  # an alias links whole
    assert mentions["Grace Hopper"] == (("Grace Hopper", "grace-hopper"),)  # undeclared, with a page
    # Sanne is nobody declared: her words stay text beside the two declared names.
    assert mentions["Sanne and Ada Byron and the vendor"] == (
        ("Sanne and ", ""), ("Ada Byron", "ada-byron"), (" and ", ""), ("the vendor", "vendor-ltd"),
    )  # fmt: skip
    assert mentions["Somebody New"] == (("Somebody New", ""),)  # named only in an older update: no page
    assert mentions["@GRACE  hopper"] == (("@GRACE  hopper", "grace-hopper"),)  # by identity
