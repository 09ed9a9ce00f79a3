"""Person and organisation pages in a real MkDocs build of the mini portfolio with declared people,
and the portfolio schema that editors use for them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from test_compute_people import DECLARED
from test_validate_people import UPDATE, _declare, _replace

from reporter.authoring.schema import json_schema
from reporter.cli import main
from reporter.content.yamlsource import parse


def test_pages_show_what_waits_on_whom_and_list_organisations_apart(mini):
    _declare(mini)
    _replace(mini / UPDATE, "of: Ada Byron", "of: Steering board (Ada Byron)")
    _replace(mini / UPDATE, "  - Test data from the vendor\n", "  - text: Test data from the vendor\n    owner: the vendor\n")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--site", "site", "--today", "2026-03-18"])
    assert result.exit_code == 0, result.output
    site = mini.parent / "site/people"
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == [
        "ada-byron", "alan-turing", "grace-hopper", "steering-board", "vendor-ltd",
    ]  # fmt: skip
    alan = (site / "alan-turing/index.html").read_text(encoding="utf-8")
    # Alan is not named in the ask: it waits on him as a member of the board, which the page links to.
    assert (
        'Ask of <a href="../steering-board/index.html">Steering board</a>, <a href="../../projects/alpha/index.html">Alpha Migration</a>'
        in alan
    )
    ada = (site / "ada-byron/index.html").read_text(encoding="utf-8")
    for shown in [
        "Role: Chief Operating Officer</li>",
        'Sits on: <a href="../steering-board/index.html">Steering board</a></li>',
        "Chat: @ada</li>",
        # Ada is named in the ask: it waits on her directly, not "of" the board.
        'Ask, <a href="../../projects/alpha/index.html">Alpha Migration</a>: Escalate to the vendor\'s account manager</li>',
        "Core Systems</a>, leader</li>",  # the program she leads
    ]:
        assert shown in ada, shown
    board = (site / "steering-board/index.html").read_text(encoding="utf-8")
    assert "Kind: board</li>" in board
    assert (
        'Members: <a href="../ada-byron/index.html">Ada Byron</a>, <a href="../alan-turing/index.html">Alan Turing</a>.' in board
    )
    vendor = (site / "vendor-ltd/index.html").read_text(encoding="utf-8")
    assert (
        'Blocker to lift, <a href="../../projects/alpha/index.html">Alpha Migration</a>: Test data from the vendor</li>' in vendor
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    people_table, organisations = index.split('id="organisations"')
    assert "Vendor Ltd" not in people_table and "Steering board" not in people_table
    assert 'href="steering-board/index.html"' in organisations and 'href="vendor-ltd/index.html"' in organisations


@pytest.mark.parametrize("today", ["2026-03-10", "2026-03-18"])
def test_names_link_to_their_person_or_organisation_page_by_identity(mini, today):
    # On 03-10 alpha's latest update is the one of 03-06 (no blocker, no ask); from 03-13 on, that of 03-13.
    _declare(mini)
    _replace(mini / "projects/alpha/plan.yaml", "sponsor: Ada Byron", "sponsor: '@ada  byron'")  # Ada, by identity
    _replace(mini / "projects/alpha/plan.yaml", "    contingency:", "    owner: Vendor Ltd (Alan Turing)\n    contingency:")
    _replace(mini / "projects/alpha/plan.yaml", "    owner: Grace Hopper\n", "    owner: '@grace hopper'\n")  # the task
    _replace(mini / UPDATE, "of: Ada Byron", "of: Steering board (Countess of Lovelace)")  # Ada's alias
    _replace(mini / UPDATE, "  - Test data from the vendor\n", "  - text: Test data from the vendor\n    owner: the vendor\n")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--site", "site", "--today", today])
    assert result.exit_code == 0, result.output
    site = mini.parent / "site"
    alpha = (site / "projects/alpha/index.html").read_text(encoding="utf-8")
    people = "../../people"
    for shown in [
        # Grace is declared nowhere: her page is named by the spelling written most often (without '@').
        f'owner <a href="{people}/grace-hopper/index.html">Grace Hopper</a> · '
        f'sponsor <a href="{people}/ada-byron/index.html">@ada byron</a></p>',
        f'<td data-label="Owner"><a href="{people}/grace-hopper/index.html">@grace hopper</a></td>',  # the task's owner
        # A risk owned by a vendor through a person: each links to its own page, the words between stay.
        f'owner <a href="{people}/vendor-ltd/index.html">Vendor Ltd</a> (<a href="{people}/alan-turing/index.html">'
        "Alan Turing</a>)",
        f'<em>By <a href="{people}/grace-hopper/index.html">Grace Hopper</a></em>',
    ]:
        assert shown in alpha, shown
    blocker = f'Test data from the vendor (to unblock: <a href="{people}/vendor-ltd/index.html">the vendor</a>)'
    ask = (
        f'(of <a href="{people}/steering-board/index.html">Steering board</a> '
        f'(<a href="{people}/ada-byron/index.html">Countess of Lovelace</a>))'
    )
    assert (blocker in alpha, ask in alpha) == ((True, True) if today == "2026-03-18" else (False, False))
    w10 = (site / "weeks/2026-W10/index.html").read_text(encoding="utf-8")
    assert f'<td><a href="{people}/grace-hopper/index.html">Grace Hopper</a></td></tr>' in w10  # the author
    if today == "2026-03-18":  # the week's page shows its updates in full
        w11 = (site / "weeks/2026-W11/index.html").read_text(encoding="utf-8")
        assert blocker in w11 and ask in w11
    core = (site / "programs/core/index.html").read_text(encoding="utf-8")
    assert f'Led by <a href="{people}/ada-byron/index.html">Ada Byron</a> · ' in core
    beta = (site / "projects/beta/index.html").read_text(encoding="utf-8")
    assert f'owner <a href="{people}/alan-turing/index.html">Alan Turing</a>' in beta
    # Every page linked is there.
    for slug in ("grace-hopper", "ada-byron", "alan-turing", "vendor-ltd", "steering-board"):
        assert (site / "people" / slug / "index.html").is_file()


def test_a_name_stays_text_inside_its_link(mini):
    _replace(
        mini / "projects/alpha/plan.yaml", "owner: Grace Hopper\nsponsor", "owner: '[x](javascript:y) <b>Grace</b>'\nsponsor"
    )
    result = CliRunner().invoke(main, ["build", "--content", "content", "--site", "site", "--today", "2026-03-18"])
    assert result.exit_code == 0, result.output
    alpha = (mini.parent / "site/projects/alpha/index.html").read_text(encoding="utf-8")
    # identity('[x](javascript:y) <b>Grace</b>') = 'x-javascript-y-b-grace-b': the page name; the words are text.
    assert (
        'owner <a href="../../people/x-javascript-y-b-grace-b/index.html">&#91;x&#93;(javascript:y) &lt;b&gt;Grace&lt;/b&gt;</a>'
        in alpha
    )
    assert "<b>Grace" not in alpha and 'href="javascript' not in alpha


def test_the_portfolio_schema_offers_people_and_organisations():
    schema = json_schema("portfolio")
    assert {"people", "organisations"} <= set(schema["properties"])
    assert schema["$defs"]["OrganisationKind"]["enum"] == [
        "vendor", "board", "team", "client", "partner", "authority", "other",
    ]  # fmt: skip
    validator = Draft202012Validator(schema)
    portfolio = parse("organisation: Example Org\nprograms: []\n" + DECLARED).data
    assert list(validator.iter_errors(portfolio)) == []
    wrong = parse("organisation: Example Org\nprograms: []\norganisations:\n  - name: X\n    kind: supplier\n").data
    assert [e.json_path for e in validator.iter_errors(wrong)] == ["$.organisations[0].kind"]
