"""Person and organisation pages in a real MkDocs build of the mini portfolio with declared people,
and the portfolio schema that editors use for them."""

from __future__ import annotations

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
