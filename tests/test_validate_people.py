"""`reporter validate` on declared people and organisations: errors where a declaration does not hold,
warnings at file:line:col where a name is close to a declared one but is none of them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_compute_people import DECLARED, _replace

from reporter.cli import main
from reporter.content.loader import LoadCache, check_content
from reporter.content.parsecache import SourceStore

UPDATE = "projects/alpha/updates/2026-03-13.yaml"


def _declare(mini: Path, declared: str = DECLARED) -> None:
    (mini / "portfolio.yaml").write_text((mini / "portfolio.yaml").read_text() + declared)


def _problems(content: Path, store: SourceStore | None = None, cache: LoadCache | None = None) -> list[str]:
    return [str(p) for p in check_content(content, store, cache)[1]]


def test_the_declarations_are_clean(mini):
    _declare(mini)
    assert _problems(mini) == []


def test_a_name_close_to_a_declared_one_is_a_warning_with_the_fix(mini):
    _declare(mini)
    _replace(mini / UPDATE, "of: Ada Byron", "of: Steering bord (Ada Byrn)")  # line 11, the value at column 9
    _replace(mini / "projects/alpha/plan.yaml", "    owner: Grace Hopper", "    owner: Alan Turnig")  # line 20
    # Equal once normalised (case, spacing, '@'): that is Ada, no warning. Far from every name: free text.
    _replace(mini / "projects/alpha/plan.yaml", "sponsor: Ada Byron", "sponsor: '@ada  byron'")
    _replace(mini / "projects/beta/plan.yaml", "owner: Alan Turing", "owner: Charles Babbage")
    content, problems = check_content(mini)
    assert [(str(p), p.severity) for p in problems] == [
        (
            "content/projects/alpha/plan.yaml:20:12: warning: tasks[0].owner: 'Alan Turnig' is not a declared person "
            "or organisation; did you mean 'Alan Turing'?",
            "warning",
        ),
        (
            f"content/{UPDATE}:11:9: warning: asks[0].of: 'Ada Byrn' is not a declared person or organisation; "
            "did you mean 'Ada Byron'?",
            "warning",
        ),
        (
            f"content/{UPDATE}:11:9: warning: asks[0].of: 'Steering bord' is not a declared person or organisation; "
            "did you mean 'Steering board'?",
            "warning",
        ),
    ]
    assert content is not None and [p.id for p in content.projects] == ["alpha", "beta"]  # warnings keep them


def test_warnings_alone_do_not_fail_validate(mini):
    _declare(mini)
    _replace(mini / UPDATE, "of: Ada Byron", "of: Ada Byrn")
    result = CliRunner().invoke(main, ["validate", "content"])
    assert result.exit_code == 0
    assert result.stdout == (
        f"content/{UPDATE}:11:9: warning: asks[0].of: 'Ada Byrn' is not a declared person or organisation; "
        "did you mean 'Ada Byron'?\n"
    )


def test_without_declarations_no_name_is_a_misspelling(mini):
    _replace(mini / UPDATE, "of: Ada Byron", "of: Ada Byrn")
    assert _problems(mini) == []


def test_a_declaration_that_does_not_hold_is_an_error_at_its_place(mini):
    declared = DECLARED.replace("members: [Alan Turing]", "members: [Alan Turin, Vendor Ltd]")  # line 21
    declared = declared.replace("aliases: [the vendor]", "aliases: [the vendor, ada  byron]")  # line 24
    declared = declared.replace("member_of: [Steering board]", "member_of: [Alan Turing, Board]")  # line 16
    _declare(mini, declared)
    assert _problems(mini) == [
        "content/portfolio.yaml:16:17: people[0].member_of[0]: 'Alan Turing' is declared as a person, not as an organisation",
        "content/portfolio.yaml:16:30: people[0].member_of[1]: 'Board' is not a declared organisation; declare it under "
        "organisations",
        "content/portfolio.yaml:21:15: organisations[0].members[0]: 'Alan Turin' is not a declared person; did you mean "
        "'Alan Turing'?",
        "content/portfolio.yaml:21:27: organisations[0].members[1]: 'Vendor Ltd' is declared as an organisation, not as a person",
        "content/portfolio.yaml:24:27: organisations[1].aliases[1]: 'ada  byron' is declared already at line 11 (as "
        "'Ada Byron'); declare each person or organisation once, with its other spellings as aliases",
    ]


def test_a_misspelt_program_owner_is_a_warning_too(mini):
    _declare(mini)
    _replace(mini / "portfolio.yaml", "owner: Ada Byron", "owner: Ada Byrom")  # line 7
    assert _problems(mini) == [
        "content/portfolio.yaml:7:12: warning: programs[0].owner: 'Ada Byrom' is not a declared person or "
        "organisation; did you mean 'Ada Byron'?"
    ]


def test_files_kept_between_runs_are_checked_again_when_the_declarations_change(mini):
    # The loader keeps checked plans and updates by their bytes; the declared names are part of that key.
    store, cache = SourceStore(), LoadCache()
    _declare(mini)
    _replace(mini / UPDATE, "of: Ada Byron", "of: Ada Byrn")
    warning = (
        f"content/{UPDATE}:11:9: warning: asks[0].of: 'Ada Byrn' is not a declared person or organisation; "
        "did you mean 'Ada Byron'?"
    )
    assert _problems(mini, store, cache) == [warning]
    _replace(mini / "portfolio.yaml", "aliases: [Countess of Lovelace]", "aliases: [Countess of Lovelace, Ada Byrn]")
    assert _problems(mini, store, cache) == []  # now an alias: Ada
    _replace(mini / "portfolio.yaml", "aliases: [Countess of Lovelace, Ada Byrn]", "aliases: [Countess of Lovelace]")
    assert _problems(mini, store, cache) == [warning]
