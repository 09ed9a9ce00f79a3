"""Authoring: `reporter init`, `reporter new project`, `reporter new update`, `validate --format github`, CI files."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import shlex
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from reporter.authoring.annotations import escape_data, escape_property, github_annotation
from reporter.authoring.scaffold import init_files, yaml_text
from reporter.authoring.schema import schema_files
from reporter.cli import main
from reporter.content.loader import check_content, load_content
from reporter.content.models import Blocker, Plan, Update
from reporter.content.parsed import Parsed
from reporter.content.placeholders import check_placeholders
from reporter.content.yamlsource import decode, parse
from reporter.errors import Problem

from conftest import ROOT

TODAY = "2026-11-20"
INIT_FILES = [
    ".github/workflows/status-site.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "README.md",
    "content/portfolio.yaml",
    "content/projects/example-project/plan.yaml",
    f"content/projects/example-project/updates/{TODAY}.yaml",
    "docs/about.md",
    "mkdocs.yml",
    "schemas/plan.schema.json",
    "schemas/portfolio.schema.json",
    "schemas/update.schema.json",
]


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _parsed_update(path: Path, shown: str) -> Parsed[Update]:
    source = parse(decode(path.read_bytes()))
    return Parsed(Update.model_validate(source.data), source, shown)


# --- reporter init ---------------------------------------------------------------------------------


def test_init_writes_a_repository_that_validates_and_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run("init", "status", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"status/{name}" for name in INIT_FILES]
    assert _tree(tmp_path / "status") == INIT_FILES

    monkeypatch.chdir(tmp_path / "status")
    result = _run("validate", "content")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "content: no problems found\n")
    content = load_content("content")
    assert [p.id for p in content.projects] == ["example-project"]
    assert [u.date for u in content.projects[0].updates] == [dt.date(2026, 11, 20)]
    assert content.projects[0].plan.start == dt.date(2026, 11, 2)  # the Monday two weeks before

    result = _run("build", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Site built: site/index.html\n"
    assert "Example project" in (tmp_path / "status/site/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "status/site/projects/example-project/index.html").is_file()
    assert (tmp_path / "status/site/about/index.html").is_file()


def test_init_defaults_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run("init", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == INIT_FILES
    assert _tree(tmp_path) == INIT_FILES


def test_init_writes_nothing_when_any_file_exists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "status/docs").mkdir(parents=True)
    (tmp_path / "status/README.md").write_text("ours\n", encoding="utf-8")
    (tmp_path / "status/docs/about.md").write_text("also ours\n", encoding="utf-8")
    result = _run("init", "status", "--today", TODAY)
    assert result.exit_code == 1
    assert result.output == (
        "Error: these 2 files exist already, so nothing was written:\n  status/README.md\n  status/docs/about.md\n"
    )
    assert _tree(tmp_path / "status") == ["README.md", "docs/about.md"]
    assert (tmp_path / "status/README.md").read_text(encoding="utf-8") == "ours\n"


def test_init_counts_a_file_where_a_folder_goes_as_a_clash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").write_text("a file, not a folder\n", encoding="utf-8")
    result = _run("init", "--today", TODAY)
    assert (result.exit_code, result.output) == (1, "Error: docs exists already; nothing was written\n")
    assert _tree(tmp_path) == ["docs"]


def test_init_refuses_a_file_as_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "status").write_text("", encoding="utf-8")
    result = _run("init", "status")
    assert (result.exit_code, result.output) == (1, "Error: status is a file, not a folder\n")


def test_init_schemas_are_those_of_reporter_schema():
    files = init_files(dt.date(2026, 11, 20))
    assert {name: files[f"schemas/{name}"] for name in schema_files()} == schema_files()


def test_init_vscode_settings_map_each_schema_to_its_files():
    files = init_files(dt.date(2026, 11, 20))
    mapping = json.loads(files[".vscode/settings.json"])["yaml.schemas"]
    content_files = [name for name in files if name.startswith("content/")]
    matched = {
        schema.removeprefix("./"): sorted(f for f in content_files if fnmatch.fnmatch(f, glob))
        for schema, glob in mapping.items()
    }
    assert matched == {
        "schemas/portfolio.schema.json": ["content/portfolio.yaml"],
        "schemas/plan.schema.json": ["content/projects/example-project/plan.yaml"],
        "schemas/update.schema.json": ["content/projects/example-project/updates/2026-11-20.yaml"],
    }
    assert all(schema.removeprefix("./") in files for schema in mapping)


# --- the CI files init writes ----------------------------------------------------------------------


def _reporter_calls(script_lines: list[str]) -> list[str]:
    """The `reporter ...` command lines among the lines of CI scripts."""
    lines = [line.strip() for block in script_lines for line in block.splitlines()]
    return [line for line in lines if line.startswith("reporter ")]


def _assert_is_a_cli_call(line: str) -> None:
    """The command and every option of a `reporter ...` line exist: click parses it without error."""
    args = shlex.split(line)[1:]
    command: click.Command = main
    name = "reporter"
    while isinstance(command, click.Group):
        name, args = args[0], args[1:]
        assert name in command.commands, f"{line}: no command '{name}'"
        command = command.commands[name]
    command.make_context(name, list(args))


def test_github_workflow_reviews_pull_requests_publishes_then_notifies():
    workflow = yaml.safe_load(init_files(dt.date(2026, 11, 20))[".github/workflows/status-site.yml"])
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    # No branch named: the jobs check for the repository's default branch, whatever its name.
    assert triggers["push"] is None and "pull_request" in triggers and "workflow_dispatch" in triggers
    assert triggers["schedule"] == [{"cron": "0 6 * * 1"}, {"cron": "0 9 * * 1-5"}]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["env"] == {"REPORTER_PACKAGE": ""}
    jobs = workflow["jobs"]
    assert jobs["review"]["if"] == "github.event_name == 'pull_request'"
    assert "github.ref_name == github.event.repository.default_branch" in jobs["build"]["if"]
    assert "github.event.schedule == '0 6 * * 1'" in jobs["build"]["if"]
    assert jobs["notify"]["if"] == "github.event_name == 'schedule' && github.event.schedule == '0 6 * * 1'"
    assert jobs["remind"]["if"] == "github.event_name == 'schedule' && github.event.schedule == '0 9 * * 1-5'"
    # Build, publish, then send: the digest links to the site as published.
    assert (jobs["deploy"]["needs"], jobs["notify"]["needs"]) == ("build", "deploy")
    uses = {job: [s["uses"] for s in spec["steps"] if "uses" in s] for job, spec in jobs.items()}
    assert uses == {
        "review": ["actions/checkout@v5", "actions/setup-python@v6", "actions/cache@v5", "actions/upload-artifact@v6"],
        "build": ["actions/checkout@v5", "actions/setup-python@v6", "actions/cache@v5", "actions/upload-pages-artifact@v4"],
        "deploy": ["actions/deploy-pages@v5"],
        "notify": ["actions/checkout@v5", "actions/setup-python@v6"],
        "remind": ["actions/checkout@v5", "actions/setup-python@v6"],
    }
    assert all(spec["steps"][0]["with"] == {"fetch-depth": 0} for name, spec in jobs.items() if name != "deploy")
    assert jobs["review"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert jobs["notify"]["permissions"] == jobs["remind"]["permissions"] == {"contents": "write"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"

    calls = _reporter_calls([s["run"] for spec in jobs.values() for s in spec["steps"] if "run" in s])
    assert calls == [
        'reporter validate --format github --base "$BASE_SHA" content',
        'reporter diff "$BASE_SHA" HEAD --content content --format github',
        'reporter diff "$BASE_SHA" HEAD --content content --out status-diff.md',
        "reporter build --content content --site site",
        "reporter build --content content --site site",
        'reporter notify --content content --site-url "$SITE_URL"',
        "reporter remind --content content",
    ]
    for line in calls:
        _assert_is_a_cli_call(line)
    # The stores of earlier builds come back before each build (a new cache per run, the latest restored).
    for job in ("review", "build"):
        (cache,) = [s for s in jobs[job]["steps"] if s.get("uses") == "actions/cache@v5"]
        assert cache["with"] == {"path": ".git/reporter", "key": "reporter-${{ github.run_id }}", "restore-keys": "reporter-"}
        names = [s.get("name") for s in jobs[job]["steps"]]
        assert names.index(cache["name"]) == names.index("Build the site" + (" as a preview" if job == "review" else "")) - 1
    # The marker line `reporter diff` writes is what the comment step looks for.
    assert "head -n 1 status-diff.md" in jobs["review"]["steps"][5]["run"]


def test_the_github_workflow_is_actionlint_clean(tmp_path: Path):
    # actionlint, from the test dependency that bundles its binary: syntax, expressions, action inputs and runtimes.
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    workflow = tmp_path / "status-site.yml"
    workflow.write_text(
        init_files(dt.date(2026, 11, 20), "https://git.example.org/tools/reporter")[".github/workflows/status-site.yml"]
    )
    run = subprocess.run([actionlint, "-no-color", str(workflow)], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, "")


def test_gitlab_ci_reviews_merge_requests_publishes_then_notifies():
    pipeline = yaml.safe_load(init_files(dt.date(2026, 11, 20))[".gitlab-ci.yml"])
    assert pipeline["variables"] == {"REPORTER_PACKAGE": "", "GIT_DEPTH": 0}
    merge_request = [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert pipeline["validate"]["rules"] == pipeline["review"]["rules"] == pipeline["preview"]["rules"] == merge_request
    assert pipeline["pages"]["rules"] == [
        {"if": '$REPORTER_SCHEDULE == "remind"', "when": "never"},
        {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"},
    ]
    assert pipeline["pages"]["artifacts"] == {"paths": ["public"]}
    assert pipeline["preview"]["artifacts"]["expose_as"] == "status site preview"
    # Both builds bring back what reporter keeps in the git folder (a path inside the project, as GitLab requires).
    assert pipeline["preview"]["cache"] == pipeline["pages"]["cache"] == {"key": "reporter", "paths": [".git/reporter"]}
    assert pipeline["notify"]["needs"] == ["pages"]
    assert pipeline["notify"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "schedule" && $REPORTER_SCHEDULE == "weekly" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'}
    ]
    assert pipeline["remind"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "schedule" && $REPORTER_SCHEDULE == "remind" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'}
    ]
    jobs = ("validate", "review", "preview", "pages", "notify", "remind")
    scripts = pipeline["default"]["before_script"] + [line for job in jobs for line in pipeline[job]["script"]]
    calls = _reporter_calls(scripts)
    assert calls == [
        'reporter validate --base "$CI_MERGE_REQUEST_DIFF_BASE_SHA" content',
        'reporter diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA" HEAD --content content --out status-diff.md',
        "reporter build --content content --site public",
        "reporter build --content content --site public",
        'reporter notify --content content --site-url "$CI_PAGES_URL"',
        "reporter remind --content content",
    ]
    for line in calls:
        _assert_is_a_cli_call(line)
    # The comment script is Python that compiles (it runs on GitLab, not here).
    script = pipeline["review"]["script"][1]
    compile(script[script.index("\n") + 1 : script.rindex("PY")], "review", "exec")


def test_pre_commit_config_uses_the_hook_this_repository_defines():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["reporter-validate"]
    assert hooks[0]["pass_filenames"] is False
    _assert_is_a_cli_call(hooks[0]["entry"])

    config = yaml.safe_load(
        init_files(dt.date(2026, 11, 20), "https://git.example.org/tools/reporter")[".pre-commit-config.yaml"]
    )
    assert config == {
        "repos": [{"repo": "https://git.example.org/tools/reporter", "rev": "v0.1.0", "hooks": [{"id": "reporter-validate"}]}]
    }


def test_init_source_sets_where_ci_installs_reporter_from():
    files = init_files(dt.date(2026, 11, 20), "https://git.example.org/tools/reporter")
    package = "git+https://git.example.org/tools/reporter@v0.1.0"
    assert yaml.safe_load(files[".github/workflows/status-site.yml"])["env"] == {"REPORTER_PACKAGE": package}
    assert yaml.safe_load(files[".gitlab-ci.yml"])["variables"]["REPORTER_PACKAGE"] == package


# --- reporter new project -----------------------------------------------------------------------------


def test_new_project_writes_a_plan_that_validates(mini):
    result = _run("new", "project", "gamma", "--name", "Gamma: the sequel", "--owner", "Ada Byron", "--start", "2026-04-06")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "content/projects/gamma/plan.yaml\n", "")
    result = _run("validate", "content")
    assert (result.exit_code, result.stdout) == (0, "")
    gamma = next(p for p in load_content(mini).projects if p.id == "gamma")
    assert gamma.plan.name == "Gamma: the sequel"
    assert (gamma.plan.owner, gamma.plan.program, gamma.plan.state.value) == ("Ada Byron", "core", "active")
    assert (gamma.plan.start, gamma.plan.finish) == (dt.date(2026, 4, 6), dt.date(2026, 6, 29))
    assert (gamma.plan.milestones, gamma.plan.tasks, gamma.plan.risks) == ([], [], [])


def test_new_project_every_commented_example_validates_when_uncommented(mini):
    _run("new", "project", "gamma", "--program", "growth", "--start", "2026-04-06", "--finish", "2026-09-25")
    path = mini / "projects/gamma/plan.yaml"
    text = path.read_text(encoding="utf-8")
    # Remove "# " from every commented field (not the explanations): the examples must fit together.
    lines = [
        line[2:] if line.startswith("# ") and (line[2:3] == " " or ":" in line.split()[1]) else line for line in text.splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = next(p for p in load_content(mini).projects if p.id == "gamma").plan
    assert plan.program == "growth"
    assert [m.id for m in plan.milestones] == ["design-signed-off"]
    assert [t.id for t in plan.tasks] == ["design"]
    assert plan.budget == Decimal(250000)


def test_new_project_leaves_todo_placeholders_that_warn(mini):
    result = _run("new", "project", "gamma", "--start", "2026-04-06")
    assert result.exit_code == 0
    assert result.stderr == "Fill in name and owner (still TODO), then run `reporter validate`.\n"
    path = mini / "projects/gamma/plan.yaml"
    source = parse(decode(path.read_bytes()))
    shown = "content/projects/gamma/plan.yaml"
    parsed = Parsed(Plan.model_validate(source.data), source, shown)
    assert [(str(p), p.severity) for p in check_placeholders(parsed, source.data)] == [
        (f"{shown}:7:7: warning: name: still a placeholder; write it, or it is published as it is", "warning"),
        (f"{shown}:13:8: warning: owner: still a placeholder; write it, or it is published as it is", "warning"),
    ]
    # `reporter validate` reports them as warnings: shown, counted, and no failure.
    validated = _run("validate", "content")
    assert validated.exit_code == 0
    assert validated.stdout.splitlines() == [str(p) for p in check_placeholders(parsed, source.data)]
    assert validated.stderr == "content: no problems found, 2 warnings\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["alpha"], "Error: content/projects/alpha/plan.yaml exists already; nothing was written\n"),
        (
            ["Gamma Project"],
            "Error: 'Gamma Project' is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout')\n",
        ),
        (["gamma", "--program", "grwth"], "Error: 'grwth' is not a program in portfolio.yaml (known: core, growth)\n"),
        (
            ["gamma", "--content", "elsewhere"],
            "Error: elsewhere/portfolio.yaml: no such file; is the content folder right (--content)?\n",
        ),
    ],
    ids=["exists", "not-a-slug", "unknown-program", "no-portfolio"],
)
def test_new_project_refusals(mini, args, message):
    before = _tree(mini)
    alpha_plan = (mini / "projects/alpha/plan.yaml").read_text(encoding="utf-8")
    result = _run("new", "project", *args)
    assert (result.exit_code, result.output) == (1, message)
    assert _tree(mini) == before
    assert (mini / "projects/alpha/plan.yaml").read_text(encoding="utf-8") == alpha_plan


# --- reporter new update --------------------------------------------------------------------------------

LATEST = """\
date: 2026-03-20
author: Grace Hopper
status: red
dimensions:
  schedule: red
  budget: amber
summary: Vendor still late.
next_steps:
  - Escalate to the vendor's CEO
  - "Plan B: use the old platform"
blockers:
  - Test data from the vendor
  - text: "No test environment, #2"
    owner: Ops
    since: 2026-03-16
progress:
  design-work: 100
forecasts:
  design: 2026-03-06
"""


EXTRA_TASKS = """\
  - id: testing
    name: Testing
    start: 2026-03-16
    finish: 2026-06-12
    progress: 5
  - id: training
    name: Training
    start: 2026-05-04
    finish: 2026-06-12
"""


def test_new_update_carries_the_previous_facts_over(mini):
    (mini / "projects/alpha/updates/2026-03-20.yaml").write_text(LATEST, encoding="utf-8")
    plan = (mini / "projects/alpha/plan.yaml").read_text(encoding="utf-8")
    (mini / "projects/alpha/plan.yaml").write_text(plan.replace("risks:\n", EXTRA_TASKS + "risks:\n"), encoding="utf-8")
    result = _run("new", "update", "alpha", "--date", "2026-03-27")
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/projects/alpha/updates/2026-03-27.yaml\n"

    result = _run("validate", "content")
    # The TODO summary validates; it is a warning once placeholders are checked, never an error.
    assert result.exit_code == 0
    assert [str(p) for p in check_content(mini)[1] if p.severity == "error"] == []
    new = load_content(mini).projects[0].updates[-1]
    assert new.date == dt.date(2026, 3, 27)
    assert (new.author, new.status.value) == ("Grace Hopper", "red")
    assert new.dimensions.model_dump(exclude_none=True, mode="json") == {"schedule": "red", "budget": "amber"}
    assert new.summary == "TODO: what happened this week, in a few sentences\n"
    assert (new.accomplishments, new.next_steps, new.asks, new.decisions) == ([], [], [], [])
    assert new.blockers == [
        Blocker(text="Test data from the vendor"),
        Blocker(text="No test environment, #2", owner="Ops", since=dt.date(2026, 3, 16)),
    ]
    # design-work reached 100 (final); build's last value (10) is from the 2026-03-13 update; testing has
    # started but was never reported, so its value is the plan's; training has not started yet.
    assert new.progress == {"build": 10, "testing": 5}
    # The cost comes from the newest update that gave one; a forecast of a done milestone is dropped.
    assert new.actual_cost == Decimal("36000.50")
    assert new.forecasts == {"cutover": dt.date(2026, 6, 26)}

    text = (mini / "projects/alpha/updates/2026-03-27.yaml").read_text(encoding="utf-8")
    assert (
        "# On 2026-03-20 you planned to:\n"
        "#   - Escalate to the vendor's CEO\n"
        "#   - Plan B: use the old platform\n"
        "# Say how each went: what got done under accomplishments, what did not under next_steps or blockers.\n"
        '# Successes to shout out, one per line: write them as "- ..." lines in place of the [].\n'
        "accomplishments: []\n"
    ) in text
    assert "  build: 10  # Build, planned 2026-03-02 to 2026-06-12\n" in text
    assert "  cutover: 2026-06-26  # Cutover, due 2026-06-19\n" in text


def test_new_update_summary_is_a_placeholder_that_warns(mini):
    _run("new", "update", "alpha", "--date", "2026-03-20")
    shown = "content/projects/alpha/updates/2026-03-20.yaml"
    parsed = _parsed_update(mini / "projects/alpha/updates/2026-03-20.yaml", shown)
    warnings = check_placeholders(parsed, parsed.source.data)
    assert [str(w) for w in warnings] == [
        f"{shown}:21:10: warning: summary: still a placeholder; write it, or it is published as it is"
    ]
    assert [github_annotation(w) for w in warnings] == [
        f"::warning file={shown},line=21,col=10::summary: still a placeholder; write it, or it is published as it is"
    ]
    text = (mini / "projects/alpha/updates/2026-03-20.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[20:22] == ["summary: |", "  TODO: what happened this week, in a few sentences"]


def test_first_update_of_a_project(mini):
    result = _run("new", "update", "beta")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"content/projects/beta/updates/{dt.date.today().isoformat()}.yaml\n"
    result = _run("validate", "content")
    # The TODO summary validates; it is a warning once placeholders are checked, never an error.
    assert result.exit_code == 0
    assert [str(p) for p in check_content(mini)[1] if p.severity == "error"] == []
    beta = load_content(mini).projects[1]
    first = beta.updates[-1]
    assert (first.author, first.status.value, first.blockers, first.progress) == (beta.plan.owner, "green", [], {})


def test_new_update_never_overwrites(mini):
    path = mini / "projects/alpha/updates/2026-03-13.yaml"
    before = path.read_bytes()
    result = _run("new", "update", "alpha", "--date", "2026-03-13")
    assert (result.exit_code, result.output) == (
        1,
        "Error: content/projects/alpha/updates/2026-03-13.yaml exists already; nothing was written\n",
    )
    assert path.read_bytes() == before


def test_new_update_of_an_unknown_project(mini):
    result = _run("new", "update", "gamma", "--date", "2026-03-20")
    assert (result.exit_code, result.output) == (
        1,
        "Error: no project 'gamma' (content/projects/gamma/plan.yaml is missing); create it with `reporter new project gamma`\n",
    )


def test_new_update_sends_to_validate_when_an_earlier_update_is_broken(mini):
    (mini / "projects/alpha/updates/2026-03-13.yaml").write_text("date: 2026-03-13\nstatus: blue\n", encoding="utf-8")
    result = _run("new", "update", "alpha", "--date", "2026-03-20")
    assert (result.exit_code, result.output) == (
        1,
        "Error: content/projects/alpha/updates/2026-03-13.yaml has problems; run `reporter validate` and fix them first\n",
    )
    assert not (mini / "projects/alpha/updates/2026-03-20.yaml").exists()


def test_new_update_of_the_example_project_that_init_writes(tmp_path, monkeypatch):
    # The example plan (start 2026-11-02) has tasks without `progress`, whose default is the int 0:
    # on 2026-11-16 "build" has started with no update yet, on 2027-01-15 "rollout" has, unreported.
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--today", TODAY).exit_code == 0
    for date, progress in (("2026-11-16", {"build": 0}), ("2027-01-15", {"build": 10, "rollout": 0})):
        result = _run("new", "update", "example-project", "--date", date)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"content/projects/example-project/updates/{date}.yaml\n"
        assert yaml.safe_load((tmp_path / result.stdout.strip()).read_text(encoding="utf-8"))["progress"] == progress
    result = _run("validate", "content")
    assert result.exit_code == 0, result.output
    assert [str(p) for p in check_content(tmp_path / "content")[1] if p.severity == "error"] == []


def test_new_update_for_every_project_of_the_demo_content(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    projects = sorted(p.name for p in (tmp_path / "content/projects").iterdir())
    assert len(projects) == 8
    for project in projects:
        result = _run("new", "update", project, "--date", "2026-11-27")
        assert result.exit_code == 0, result.output
        assert result.stdout == f"content/projects/{project}/updates/2026-11-27.yaml\n"
    result = _run("validate", "content")
    assert result.exit_code == 0, result.output
    content, problems = check_content(tmp_path / "content")
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert [p.updates[-1].date for p in content.projects] == [dt.date(2026, 11, 27)] * 8


@given(st.text())
def test_yaml_text_reads_back_as_the_same_text(text):
    assert parse(f"key: {yaml_text(text)}\n").data == {"key": text}


# --- reporter validate --format github -------------------------------------------------------------------


def test_validate_format_github_annotates_each_problem(mini):
    updates = mini / "projects/alpha/updates"
    text = (updates / "2026-03-06.yaml").read_text(encoding="utf-8")
    (updates / "2026-03-06.yaml").write_text(text.replace("status: green", "status: blue"), encoding="utf-8")
    text = (updates / "2026-03-13.yaml").read_text(encoding="utf-8")
    (updates / "2026-03-13.yaml").write_text(text.replace("  build: 10", "  build: 10%"), encoding="utf-8")
    (mini / "projects/a,b:c").mkdir()
    result = _run("validate", "--format", "github", "content")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=content/projects/a%2Cb%3Ac/plan.yaml,line=1,col=1::missing plan.yaml; every project folder needs one",
        "::error file=content/projects/a%2Cb%3Ac/plan.yaml,line=1,col=1::project folder 'a,b:c' is not an id: "
        "rename it with lowercase letters, digits and hyphens",
        "::error file=content/projects/alpha/updates/2026-03-06.yaml,line=3,col=9::status: 'blue' is not allowed; "
        "use 'green', 'amber' or 'red'",
        "::error file=content/projects/alpha/updates/2026-03-13.yaml,line=13,col=10::progress.build: '10%25' is not a number",
    ]
    assert result.stderr == "4 problems found\n"


def test_validate_format_github_on_clean_content(mini):
    result = _run("validate", "--format", "github", "content")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "content: no problems found\n")


def test_github_escaping():
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    warning = Problem("content/x,y.yaml", 2, 3, "summary: 50%\nmore", severity="warning")
    # A problem is one line before it is annotated: its newline arrives escaped as the two characters \n.
    assert github_annotation(warning) == "::warning file=content/x%2Cy.yaml,line=2,col=3::summary: 50%25\\nmore"


def test_new_update_takes_an_id_never_a_path(mini, tmp_path):
    outside = tmp_path / "outside"
    (outside / "x").mkdir(parents=True)
    (outside / "x/plan.yaml").write_text((mini / "projects/alpha/plan.yaml").read_text())
    before = _tree(tmp_path)
    result = _run("new", "update", "../../outside/x", "--date", "2026-03-20")
    assert result.exit_code == 1
    assert (
        result.stderr == "Error: '../../outside/x' is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout')\n"
    )
    assert _tree(tmp_path) == before
