"""Hardening of the load stage: every bound with its own one-line message at file:line:col, likely
mistakes warned, symbolic links out of the content refused, YAML problems where they start."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.content.checks import MAX_CHAIN
from reporter.content.loader import MAX_UPDATES, check_content
from reporter.content.yamlsource import MAX_DEPTH, YamlProblem, parse
from reporter.errors import Problem, one_line

PLAN = "content/projects/alpha/plan.yaml"
UPDATE = "content/projects/alpha/updates/2026-03-13.yaml"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(content: Path) -> list[str]:
    return [str(p) for p in check_content(content)[1]]


# --- values the build could not use are refused by validate -------------------------------------


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # Booleans are not numbers: `progress: true` was read as 1%.
        ("progress: 100", "progress: true", "24:15: tasks[0].progress: 'true' is not a number"),
        ("effort: 40", "effort: false", "23:13: tasks[0].effort: 'false' is not a number"),
        # Timestamps and numbers are not dates (a number was read as seconds since 1970).
        (
            "due: 2026-06-19",
            "due: 2026-06-19T10:00:00+02:00",
            "16:10: milestones[1].due: '2026-06-19T10:00:00+02:00' is not a date (YYYY-MM-DD)",
        ),
        ("done: 2026-03-06", "done: 0", "13:11: milestones[0].done: '0' is not a date (YYYY-MM-DD)"),
        ("due: 2026-06-19", "due: 20260619", "16:10: milestones[1].due: '20260619' is not a date (YYYY-MM-DD)"),
        # The calendar's edges: date arithmetic there overflows.
        (
            "start: 2026-01-05",
            "start: 0001-01-01",
            "5:8: start: 0001-01-01 is outside the dates reporter accepts (1900-01-01 to 2200-12-31)",
        ),
        (
            "finish: 2026-06-26",
            "finish: 9999-12-31",
            "6:9: finish: 9999-12-31 is outside the dates reporter accepts (1900-01-01 to 2200-12-31)",
        ),
        # Numbers beyond what the figures compute exactly.
        (
            "budget: 100000",
            "budget: 1000000000000",
            "7:9: budget: '1000000000000' is too large: reporter accepts numbers below 1,000,000,000,000",
        ),
        ("budget: 100000", "budget: 12345.1234567", "7:9: budget: '12345.1234567' has more than 6 digits after the point"),
        ("budget: 100000", "budget: 1234567890.123456", "7:9: budget: '1234567890.123456' has more than 15 significant digits"),
        (
            "effort: 40",
            "effort: " + "9" * 5000,
            "23:13: tasks[0].effort: '" + "9" * 59 + "…' is too large: reporter accepts numbers below 1,000,000,000,000",
        ),
        # Ids: exactly the slug rule (no trailing newline), and short enough to name a file.
        (
            "milestone: design\n",
            'milestone: "design\\n"\n',
            "25:16: tasks[0].milestone: 'design\\n' is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout')",
        ),
        ("id: vendor", "id: " + "v" * 65, "34:9: risks[0].id: an id of 65 characters is too long: at most 64"),
        # Names: a person's name names their page.
        ("owner: Grace Hopper\nsponsor", "owner: " + "G" * 81 + "\nsponsor", "3:8: owner: 81 characters is too long: at most 80"),
        ("name: Alpha Migration", "name: " + "A" * 201, "1:7: name: 201 characters is too long: at most 200"),
        (
            "summary: Move",
            "baseline: q3 plan\nsummary: Move",
            "8:11: baseline: 'q3 plan' is not a baseline name: use letters, digits, '.', '_' and '-'",
        ),
    ],
)
def test_a_value_the_build_could_not_use_is_refused(mini, old, new, expected):
    _replace(mini / "projects/alpha/plan.yaml", old, new)
    assert _problems(mini) == [f"{PLAN}:{expected}"]


def test_reporting_bounds_keep_date_arithmetic_in_range(mini):
    text = (mini / "portfolio.yaml").read_text() + "reporting:\n  cadence_days: 100000\n  grace_days: 367\n"
    (mini / "portfolio.yaml").write_text(text)
    assert _problems(mini) == [
        "content/portfolio.yaml:11:17: reporting.cadence_days: '100000' is out of range: input should be less than or equal to 366",
        "content/portfolio.yaml:12:15: reporting.grace_days: '367' is out of range: input should be less than or equal to 366",
    ]


def test_a_folder_name_ending_in_a_newline_is_not_an_id(mini):
    (mini / "projects/alpha").rename(mini / "projects/alpha\n")
    assert _problems(mini) == [
        "content/projects/alpha\\n/plan.yaml:1:1: project folder 'alpha\\n' is not an id: rename it with lowercase "
        "letters, digits and hyphens"
    ]


def test_a_long_folder_name_is_not_an_id(mini):
    (mini / "projects/alpha").rename(mini / f"projects/{'a' * 65}")
    assert _problems(mini) == [
        f"content/projects/{'a' * 65}/plan.yaml:1:1: project folder '{'a' * 59}…' is not an id: rename it with "
        "lowercase letters, digits and hyphens, at most 64 characters"
    ]


# --- structure: nesting, chains, cycles, sizes, counts --------------------------------------------


def test_deep_nesting_is_refused_at_its_place():
    text = "a:\n" + "".join("  " * i + "  -\n" for i in range(MAX_DEPTH + 5))
    with pytest.raises(YamlProblem) as info:
        parse(text)
    # The list on line n + 1 (at column 2n - 1) is n levels deep: the first one too deep, MAX_DEPTH + 1
    # levels down, starts on line MAX_DEPTH + 2 at column 2 * MAX_DEPTH + 3 (the `-` of its first item).
    assert (info.value.line, info.value.col, info.value.message) == (
        MAX_DEPTH + 2,
        2 * MAX_DEPTH + 3,
        "lists and mappings nested more than 16 levels deep; no field needs that",
    )


def _tasks(count: int, depends: callable) -> str:
    lines = ["tasks:"]
    for i in range(count):
        lines += [f"  - id: t{i}", f"    name: T{i}", "    start: 2026-01-05", "    finish: 2026-02-27"]
        lines += [f"    depends_on: [{', '.join(depends(i))}]"]
    return "\n".join(lines) + "\n"


def _plan_with_tasks(mini: Path, tasks: str) -> None:
    """The alpha plan with these tasks instead of its own (and no updates, which name its tasks)."""
    for update in (mini / "projects/alpha/updates").iterdir():
        update.unlink()
    text = (mini / "projects/alpha/plan.yaml").read_text()
    text = text[: text.index("tasks:")] + tasks + text[text.index("risks:") :]
    (mini / "projects/alpha/plan.yaml").write_text(text)


def test_a_long_dependency_cycle_is_found_without_recursion(mini):
    # 3,000 tasks in one cycle: t0 needs t1, t1 needs t2, ... t2999 needs t0 (recursion stopped at 1,000).
    _plan_with_tasks(mini, _tasks(3000, lambda i: [f"t{(i + 1) % 3000}"]))
    assert _problems(mini) == [
        f"{PLAN}:22:17: tasks[0].depends_on: dependency cycle: t0 -> t1 -> t2 -> t3 -> ... -> t2999 -> t0 (3000 tasks)"
    ]


def test_a_dependency_chain_longer_than_the_bound_is_refused(mini):
    # t0 needs nothing, t1 needs t0, ...: the chain holds every task.
    _plan_with_tasks(mini, _tasks(MAX_CHAIN + 1, lambda i: [f"t{i - 1}"] if i else []))
    assert _problems(mini) == [f"{PLAN}:17:1: tasks: a chain of 501 tasks, each depending on the one before, is longer than 500"]
    _plan_with_tasks(mini, _tasks(MAX_CHAIN, lambda i: [f"t{i - 1}"] if i else []))
    assert _problems(mini) == []


def test_a_file_over_the_size_limit_is_refused_and_the_limit_is_configurable(mini, monkeypatch):
    plan = mini / "projects/alpha/plan.yaml"
    size = len(plan.read_bytes())  # 807, the largest file of the fixture
    assert size > max(len(p.read_bytes()) for p in mini.rglob("*.yaml") if p != plan)
    monkeypatch.setenv("REPORTER_MAX_FILE_BYTES", str(size - 1))
    assert _problems(mini) == [
        f"{PLAN}:1:1: the file is {size:,} bytes, more than the {size - 1:,} reporter reads; shorten it, or set "
        "REPORTER_MAX_FILE_BYTES to a larger number of bytes"
    ]
    monkeypatch.setenv("REPORTER_MAX_FILE_BYTES", str(size))
    assert _problems(mini) == []


def test_the_default_size_limit_takes_a_one_megabyte_summary(mini):
    _replace(mini / "projects/alpha/plan.yaml", "summary: Move the ledger to the new platform.", "summary: " + "word " * 200_000)
    assert _problems(mini) == []
    _replace(mini / "projects/alpha/plan.yaml", "summary: ", "summary: " + "word " * 200_000)
    assert len(_problems(mini)) == 1 and "more than the 2,000,000 reporter reads" in _problems(mini)[0]


def test_too_many_updates_in_one_project(mini):
    updates = mini / "projects/beta/updates"
    updates.mkdir()
    for i in range(MAX_UPDATES + 1):
        (updates / f"{2026 + i // 365}-{(i % 12) + 1:02d}-x{i}.yaml").write_bytes(b"")
    assert _problems(mini) == [
        "content/projects/beta/updates:1:1: 5001 update files, more than the 5,000 reporter reads per project"
    ]


# --- warnings for what is almost certainly a mistake ----------------------------------------------


def test_likely_mistakes_are_warned_at_their_place(mini):
    _replace(mini / "projects/alpha/updates/2026-03-13.yaml", "actual_cost: 36000.50", "actual_cost: 165.000")
    _replace(mini / "projects/alpha/updates/2026-03-13.yaml", "  - Test data from the vendor", "  - Test data, see ticket #4711")
    (mini / "projects/alpha/2026-03-20.yaml").write_text("date: 2026-03-20\n")
    (mini / "projects/alpha/updates/old").mkdir()
    (mini / "projects/alpha/updates/old/2026-01-09.yaml").write_text("date: 2026-01-09\n")
    (mini / "programs.yml").write_text("programs: []\n")
    content, problems = check_content(mini)
    assert content is not None  # warnings never fail validation
    assert [str(p) for p in problems] == [
        "content/programs.yml:1:1: warning: this file is not read: a project's files go in projects/<id>/ "
        "(plan.yaml, and updates/<date>.yaml)",
        "content/projects/alpha/2026-03-20.yaml:1:1: warning: this file is not read: updates go in "
        "projects/alpha/updates/, named by their date (YYYY-MM-DD.yaml)",
        f"{UPDATE}:8:27: warning: the text after ' #' is read as a comment and left out; put the whole text in quotes to keep it",
        f"{UPDATE}:14:14: warning: actual_cost: '165.000' has 3 decimals, so it reads as 165; if the point "
        "separates thousands, write 165000",
        "content/projects/alpha/updates/old/2026-01-09.yaml:1:1: warning: this file is not read: updates go in "
        "projects/alpha/updates/, named by their date (YYYY-MM-DD.yaml)",
    ]


def test_a_comment_after_a_space_and_quoted_hashes_are_not_warned():
    source = parse('a: text  # a comment\nb: "ticket #4711"\nc: |\n  line #4711\nd: 12.50\nbudget: 12.5\n')
    assert source.data == {"a": "text", "b": "ticket #4711", "c": "line #4711\n", "d": 12.5, "budget": 12.5}
    assert source.problems == []


# --- symbolic links -------------------------------------------------------------------------------


def test_symbolic_links_out_of_the_content_are_refused_without_reading_them(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the first line of a private file\n")
    (mini / "projects/alpha/updates/2026-03-20.yaml").symlink_to(secret)
    (mini / "projects/gamma").symlink_to(tmp_path, target_is_directory=True)
    (mini / "projects/beta/plan.yaml").unlink()
    (mini / "projects/beta/plan.yaml").symlink_to(FIXTURE_BETA_PLAN)
    result = CliRunner().invoke(main, ["validate", "content"])
    refused = (
        "a symbolic link to a place outside the content folder; reporter reads only files inside it, so put the file itself here"
    )
    assert result.output.splitlines() == [
        f"content/projects/alpha/updates/2026-03-20.yaml:1:1: {refused}",
        f"content/projects/beta/plan.yaml:1:1: {refused}",
        "content/projects/beta/plan.yaml:1:1: missing plan.yaml; every project folder needs one",
        f"content/projects/gamma:1:1: {refused}",
        "4 problems found",
    ]
    assert "root:x" not in result.output and str(tmp_path) not in result.output


def test_a_symbolic_link_inside_the_content_is_read(mini):
    update = mini / "projects/alpha/updates/2026-03-13.yaml"
    (mini / "shared.yaml").write_bytes(update.read_bytes())
    update.unlink()
    update.symlink_to(Path("../../../shared.yaml"))
    assert _problems(mini) == [
        "content/shared.yaml:1:1: warning: this file is not read: a project's files go in projects/<id>/ "
        "(plan.yaml, and updates/<date>.yaml)"
    ]
    assert len(check_content(mini)[0].projects[0].updates) == 2


FIXTURE_BETA_PLAN = Path(__file__).parent / "fixtures/mini/projects/beta/plan.yaml"


# --- one line each, at the place it starts --------------------------------------------------------


def test_messages_are_one_line_whatever_the_names_hold():
    problem = Problem("content/a\nb.yaml", 1, 1, "x\n\ry\x00z\u2028w\x1b[31m")
    assert str(problem) == "content/a\\nb.yaml:1:1: x\\n\\ry\\x00z\\u2028w\\x1b[31m"
    assert one_line("tab\there") == "tab\\there"


def test_a_name_with_a_newline_cannot_fake_a_problem_line(mini):
    _replace(mini / "projects/alpha/plan.yaml", "program: core", 'program: "core\\nfake.yaml:1:1: injected"')
    result = CliRunner().invoke(main, ["validate", "content"])
    assert result.output.splitlines() == [
        f"{PLAN}:2:10: program: 'core\\nfake.yaml:1:1: injected' is not an id: use lowercase letters, digits and "
        "hyphens (like 'crm-rollout')",
        "1 problem found",
    ]


def test_long_values_are_quoted_as_short_excerpts(mini):
    _replace(mini / "projects/alpha/updates/2026-03-13.yaml", "status: amber", "status: " + "x" * 5000)
    assert _problems(mini) == [f"{UPDATE}:3:9: status: '{'x' * 59}…' is not allowed; use 'green', 'amber' or 'red'"]


@pytest.mark.parametrize(
    "text, line, col, message",
    [
        ("a: 1\nb: x\x00y\n", 2, 5, "the file holds a control character (U+0000) here, which YAML does not allow; remove it"),
        (
            "a: 1\nb: 2\nc: x\x07\n",
            3,
            5,
            "the file holds a control character (U+0007) here, which YAML does not allow; remove it",
        ),
        (
            "a: 1\nb: 'unclosed\nc: 3\n",
            2,
            4,
            "YAML syntax error: while scanning a quoted scalar started here, found unexpected end of stream at line 4, column 1",
        ),
        (
            "a: {x: 1\nb: 2\n",
            1,
            4,
            "YAML syntax error: while parsing a flow mapping started here, did not find expected ',' or '}' at line 2, column 2",
        ),
    ],
)
def test_yaml_problems_are_at_the_place_they_start(text, line, col, message):
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert (info.value.line, info.value.col, info.value.message) == (line, col, message)


def test_a_nul_byte_in_a_file_is_reported_on_its_line(mini):
    (mini / "projects/alpha/updates/2026-03-13.yaml").write_bytes(b"date: 2026-03-13\nauthor: Gr\x00ace\n")
    assert _problems(mini) == [
        f"{UPDATE}:2:11: the file holds a control character (U+0000) here, which YAML does not allow; remove it"
    ]


def test_an_unreadable_size_limit_is_a_message(mini, monkeypatch):
    monkeypatch.setenv("REPORTER_MAX_FILE_BYTES", "lots")
    assert (
        _problems(mini)[0]
        == "content/portfolio.yaml:1:1: REPORTER_MAX_FILE_BYTES=lots is not a number of bytes; unset it or give one"
    )
