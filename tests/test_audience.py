"""Builds per audience: a secret planted in every place a mark can hide is in no file of the site built for
an audience that may not see it, and in the site built for everyone (so that the test can fail)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from reporter.cli import main
from reporter.content.audience import AudienceView
from reporter.content.models import Content, Plan, Portfolio, Project, Update, UpdateVisibility, Visibility

from conftest import GitRepo

PORTFOLIO = """\
organisation: Example Org
title: Example status
currency: EUR
programs:
  - id: core
    name: Core Systems
    owner: Ada Byron
  - id: qzprogid
    name: Qzprogname
    description: Qzprogdesc
    owner: Qzprogowner
    visibility: internal
"""

ALPHA_PLAN = """\
name: Alpha Migration
program: core
owner: Grace Hopper
start: 2026-01-05
finish: 2026-06-26
budget: 100000
summary: Move the ledger to the new platform.
milestones:
  - id: design
    name: Design signed off
    due: 2026-02-27
    done: 2026-03-06
  - id: cutover
    name: Cutover
    due: 2026-06-19
  - id: qzhidms
    name: Qzhidms
    due: 2026-06-05
    visibility: internal
tasks:
  - id: build
    name: Build
    start: 2026-03-02
    finish: 2026-06-12
    effort: 120
    milestone: cutover
    depends_on: [qzsecrettask]
  - id: qzsecrettask
    name: Qzsecrettask
    owner: Qztaskboss
    start: 2026-01-05
    finish: 2026-02-27
    effort: 40
    milestone: qzhidms
    visibility: confidential
  - id: checks
    name: Checks
    start: 2026-03-02
    finish: 2026-06-05
    effort: 0
    milestone: qzhidms
risks:
  - id: vendor
    title: Vendor late
    probability: 3
    impact: 4
    mitigation: Weekly vendor check-in
  - id: qzriskid
    title: Qzrisktitle
    probability: 4
    impact: 5
    owner: Qzriskowner
    mitigation: Qzriskmitig
    visibility: internal
  - id: qzlaterisk
    title: Qzlaterisk
    probability: 2
    impact: 2
    owner: Grace Hopper
{late_risk_mark}"""

# A project marked confidential in a visible program: its name, people, milestone, task, risk and updates.
HIDDEN_PLAN = """\
name: Qzprojname
program: core
owner: Qzprojowner
sponsor: Qzprojsponsor
visibility: confidential
baseline: qznobaseline
start: 2026-01-05
finish: 2026-12-18
budget: 50000
summary: Qzprojsummary
milestones:
  - id: qzmsid
    name: Qzmilestone
    due: 2026-03-10
tasks:
  - id: qztaskid
    name: Qztaskname
    owner: Qztaskowner
    start: 2026-01-05
    finish: 2026-03-10
    effort: 10
    milestone: qzmsid
risks:
  - id: qzprojrisk
    title: Qzprojrisk
    probability: 5
    impact: 5
decisions:
  - date: 2026-01-10
    title: Qzprojdecision
"""

# An unmarked project in the internal program: hidden with its program.
PROGRAM_PLAN = """\
name: Qzinprogname
program: qzprogid
owner: Qzinprogowner
start: 2026-01-05
finish: 2026-09-30
budget: 25000
milestones:
  - id: launch
    name: Qzinprogmilestone
    due: 2026-03-11
"""


def _update(day: str, status: str, summary: str, cost: str, extra: str = "", task: str = "build", more: str = "") -> str:
    return (
        f"date: {day}\nauthor: Grace Hopper\nstatus: {status}\nsummary: {summary}\n"
        f"progress:\n  {task}: 10\n{more}actual_cost: {cost}\n{extra}"
    )


# Every hideable field of an update, each with its own secret; summary internal, the rest confidential.
ALPHA_NOW = _update(
    "2026-03-13",
    "amber",
    "Qzsummary",
    "36000",
    """\
accomplishments: [Qzaccomplish]
next_steps: [Qznextstep]
blockers:
  - text: Qzblocker
    owner: Qzblockowner
asks:
  - text: Qzask
    of: Qzaskof
decisions:
  - date: 2026-03-12
    title: Qzdecision
    by: Qzdecider
forecasts:
  cutover: 2026-08-27
visibility:
  summary: internal
  accomplishments: confidential
  next_steps: confidential
  blockers: confidential
  asks: confidential
  decisions: confidential
  forecasts: confidential
""",
    more="  qzsecrettask: 100\n",
)
# Last week's update: its own mark hides its summary; its blocker is marked only in a later commit.
ALPHA_BEFORE = _update(
    "2026-03-06",
    "green",
    "Qzoldsummary",
    "30000",
    "blockers: [Qzlateblocker]\nforecasts:\n  qzhidms: 2026-10-29\nvisibility:\n  summary: internal\n",
)

# Secrets and the narrowest audience that sees each: a build for an audience holds exactly those it sees.
SECRETS = {
    "Qzprogname": "internal",
    "Qzprogdesc": "internal",
    "Qzprogowner": "internal",
    "Qzinprogname": "internal",
    "Qzinprogowner": "internal",
    "Qzinprogmilestone": "internal",
    "Qzrisktitle": "internal",
    "Qzriskowner": "internal",
    "Qzriskmitig": "internal",
    "Qzlaterisk": "internal",
    "Qzsummary": "internal",
    "Qzoldsummary": "internal",
    "Qzlateblocker": "internal",
    "Qzprojname": None,
    "Qzprojowner": None,
    "Qzprojsponsor": None,
    "Qzprojsummary": None,
    "Qzmilestone": None,
    "Qztaskname": None,
    "Qztaskowner": None,
    "Qzprojrisk": None,
    "Qzprojdecision": None,
    "qznobaseline": None,  # the note about its missing baseline names the project
    "Qzaccomplish": None,
    "Qznextstep": None,
    "Qzblocker": None,
    "Qzblockowner": None,
    "Qzask": None,
    "Qzaskof": None,
    "Qzdecision": None,
    "Qzdecider": None,
    "2026-08-27": None,  # the hidden forecast
    "qzprojid": None,  # the hidden project's id names its pages and feeds
    "qzprogid": "internal",
    "qzriskid": "internal",
    "Qzhidms": "internal",  # a milestone marked internal: its name and id, and its forecast
    "2026-10-29": "internal",
    "Qzsecrettask": None,  # a task marked confidential: its name, its id where a task depends on it, its owner
    "Qztaskboss": None,  # the internal risk's id, in the risk register and its owner's row of the people file
}


@pytest.fixture
def secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real repository with two weeks of history and a secret in every hideable place."""
    repo = GitRepo(tmp_path / "repo")
    first = {
        "content/portfolio.yaml": PORTFOLIO,
        "content/projects/alpha/plan.yaml": ALPHA_PLAN.format(late_risk_mark=""),
        "content/projects/alpha/updates/2026-03-06.yaml": ALPHA_BEFORE,
        "content/projects/qzprojid/plan.yaml": HIDDEN_PLAN,
        "content/projects/qzprojid/updates/2026-03-06.yaml": _update("2026-03-06", "red", "Qzprojsummary", "1", task="qztaskid"),
        "content/projects/qzinprog/plan.yaml": PROGRAM_PLAN,
    }
    repo.commit("week 10", "2026-03-06T17:00:00+00:00", files=first)
    repo.git("tag", "baseline/qzprojid")
    second = {
        # The risk and last week's blocker were unmarked in week 10; marked now, they are hidden there too.
        "content/projects/alpha/plan.yaml": ALPHA_PLAN.format(late_risk_mark="    visibility: internal\n"),
        "content/projects/alpha/updates/2026-03-06.yaml": ALPHA_BEFORE.replace(
            "  summary: internal\n", "  summary: internal\n  blockers: internal\n"
        ),
        "content/projects/alpha/updates/2026-03-13.yaml": ALPHA_NOW,
        "content/projects/qzprojid/updates/2026-03-13.yaml": _update("2026-03-13", "red", "Qzprojsummary", "2", task="qztaskid"),
    }
    repo.commit("week 11", "2026-03-13T17:00:00+00:00", files=second)
    monkeypatch.chdir(repo.root)
    return repo.root / "content"


def _site_text(site: Path) -> dict[str, str]:
    """Every file of a built site as text, its path first: XLSX unzipped, PDF as its text, gzip unpacked."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(raw)) as book:
                body = "\n".join(book.read(name).decode("utf-8") for name in book.namelist())
        elif path.suffix == ".pdf":
            body = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
        elif path.suffix == ".gz":
            body = gzip.decompress(raw).decode("utf-8")
        else:
            body = raw.decode("utf-8", errors="replace")
        texts[path.relative_to(site).as_posix()] = f"{path.relative_to(site).as_posix()}\n{body}"
    return texts


def _found(texts: dict[str, str]) -> dict[str, list[str]]:
    """Each secret -> the files holding it (case-insensitively, as a search index may lowercase)."""
    lowered = {name: text.lower() for name, text in texts.items()}
    return {secret: [n for n, t in lowered.items() if secret.lower() in t] for secret in SECRETS}


def _build(site: str, *args: str, today: str = "2026-03-18"):
    result = CliRunner().invoke(main, ["build", "--content", "content", "--site", site, "--today", today, *args])
    assert result.exit_code == 0, result.output
    return Path(site)


@pytest.mark.parametrize("today", ["2026-03-16", "2026-03-20"])  # Monday and Friday of the week after the update
def test_a_site_for_an_audience_holds_no_secret_it_may_not_see_in_any_file(secrets, today):
    everyone = _found(_site_text(_build("site-all", today=today)))
    assert [s for s, files in everyone.items() if not files] == []  # every secret is planted where a site shows it
    external = _site_text(_build("site-external", "--audience", "external", today=today))
    assert {s: files for s, files in _found(external).items() if files} == {}
    internal = _found(_site_text(_build("site-internal", "--audience", "internal", today=today)))
    assert sorted(s for s, files in internal.items() if files) == sorted(s for s, seen in SECRETS.items() if seen)
    # the kinds of file read, so that none was skipped
    kinds = {Path(name).suffix for name in external}
    assert {".html", ".xml", ".ics", ".json", ".js", ".csv", ".xlsx", ".pdf", ".gz"} <= kinds
    assert "sitemap.xml" in external and "search/search_index.json" in external
    # The people file names everyone who owns or is asked something, so every hidden name is planted there too;
    # Grace, whom the external audience sees, owns only the hidden risk: none of it is counted for it.
    people = [s for s, files in everyone.items() if "data/people.csv" in files]  # ("Qzask" is in "Qzaskof")
    assert sorted(people) == [
        "Qzask", "Qzaskof", "Qzblockowner", "Qzinprogowner", "Qzlaterisk", "Qzprogowner", "Qzprojowner", "Qzprojsponsor",
        "Qzriskowner", "Qztaskboss", "Qztaskowner", "qzprogid", "qzprojid", "qzriskid",
    ]  # fmt: skip
    grace = next(row for row in csv.reader(io.StringIO(external["data/people.csv"])) if row[0] == "Grace Hopper")
    assert grace[5:15] == ["", "alpha", "", "", "0", "0", "0", "", "0", "0"]


def _home_text(site: Path) -> str:
    text = re.sub(r"<[^>]+>", " ", (site / "index.html").read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.mark.parametrize("today", ["2026-03-16", "2026-03-18", "2026-03-20"])  # Monday, Wednesday, Friday
def test_the_home_page_totals_for_an_audience_are_recomputed_without_the_hidden_projects(secrets, today):
    site = _build("site-external", "--audience", "external", today=today)
    # Only alpha is left. Its status date is 2026-03-13 whatever the build day: task build (effort 120,
    # 2026-03-02 to 2026-06-12, 75 working days) is 10% done = 12 of 120; 10 working days planned by then
    # = 16 of 120 = 13.33% (checks weighs 0; the confidential task, 40 person-days and done, is not in the
    # plan this audience sees). EV = 10% of 100000 = 10000, PV = 13333.33, AC = 36000:
    # SPI = 10000 / 13333.33 = 0.75, CPI = 10000 / 36000 = 0.2778 (below 0.85: computed red).
    exported = json.loads((site / "data/portfolio.json").read_text(encoding="utf-8"))["portfolio"]
    assert exported["project_ids"] == ["alpha"]
    assert (exported["bac"], exported["ev"], exported["pv"], exported["ac"]) == (100000.0, 10000.0, 13333.33, 36000.0)
    assert (exported["spi"], exported["cpi"], exported["percent_complete"], exported["planned_percent"]) == (
        0.75, 0.2778, 10.0, 13.33)  # fmt: skip
    assert exported["computed_colours"] == {"red": 1, "amber": 0, "green": 0}
    assert exported["reported_colours"] == {"red": 0, "amber": 1, "green": 0}
    home = _home_text(site)
    assert "Health ✖ Red 1 · ▲ Amber 0 · ✔ Green 0 10% done against 13% planned · SPI 0.75 · CPI 0.28" in home
    # The same content for everyone counts the hidden projects too: budgets 100000 + 50000 + 25000.
    everything = json.loads((_build("site-all", today=today) / "data/portfolio.json").read_text(encoding="utf-8"))
    assert everything["portfolio"]["project_ids"] == ["alpha", "qzinprog", "qzprojid"]
    assert everything["portfolio"]["bac"] == 175000.0
    # For everyone, alpha counts the confidential task: (12 + 40) of (120 + 40) done = 32.5%, and (16 + 40)
    # of 160 planned = 35%.
    (alpha,) = [p for p in everything["projects"] if p["id"] == "alpha"]
    assert (alpha["total_weight"], alpha["weight_done"], alpha["weight_planned"]) == (160.0, 52.0, 56.0)
    assert (alpha["percent_complete"], alpha["planned_percent"]) == (32.5, 35.0)


def test_the_plugin_option_builds_for_its_audience_and_the_export_beside_it_follows(secrets):
    Path("mkdocs.yml").write_text(
        "site_name: Status\ndocs_dir: docs\nplugins:\n  - search\n  - reporter:\n      audience: external\n",
        encoding="utf-8",
    )
    Path("docs").mkdir()
    site = _build("site")
    assert {s: files for s, files in _found(_site_text(site)).items() if files} == {}
    result = CliRunner().invoke(main, ["export", "--out", "exports", "--today", "2026-03-18"])
    assert result.exit_code == 0, result.output
    assert {s: files for s, files in _found(_site_text(Path("exports"))).items() if files} == {}
    # --audience on the command line wins over the plugin's: the internal audience sees the internal program.
    assert "Qzprogname" in (_build("site", "--audience", "internal") / "index.html").read_text(encoding="utf-8")


def test_the_digest_for_an_audience_holds_none_of_its_secrets(secrets):
    result = CliRunner().invoke(main, ["weekly", "--today", "2026-03-18", "--audience", "external"])
    assert result.exit_code == 0, result.output
    assert "Alpha Migration" in result.stdout
    assert [s for s in SECRETS if s.lower() in result.stdout.lower()] == []
    everyone = CliRunner().invoke(main, ["weekly", "--today", "2026-03-18"]).stdout
    assert "Qzprojname" in everyone and "Qzblocker" in everyone


def test_an_unknown_audience_is_a_usage_error(secrets):
    result = CliRunner().invoke(main, ["build", "--site", "site", "--audience", "clients"])
    assert result.exit_code == 2
    assert "'clients' is not one of 'external', 'internal'" in result.output
    assert not Path("site").exists()


def _content(portfolio: str, plan: str, update: str = "") -> Content:
    return Content(Portfolio.model_validate(yaml.safe_load(portfolio)), (
        Project("p", Plan.model_validate(yaml.safe_load(plan)),
                (Update.model_validate(yaml.safe_load(update)),) if update else ()),
    ))  # fmt: skip


PLAN = "name: P\nprogram: prog\nowner: O\nstart: 2026-01-05\nfinish: 2026-06-26\n"


@pytest.mark.parametrize(
    ("program_mark", "default", "project_mark", "program_external", "external", "internal"),
    [
        ("", "", "", True, True, True),  # unmarked: public
        ("", "default_visibility: internal\n", "", False, False, True),  # unmarked program: the default
        ("    visibility: public\n", "default_visibility: internal\n", "", True, True, True),  # its projects inherit
        ("    visibility: internal\n", "", "visibility: public\n", False, False, True),  # never less than its program
        ("", "", "visibility: confidential\n", True, False, False),
    ],
)
def test_a_thing_is_seen_as_marked_or_as_what_it_belongs_to(
    program_mark, default, project_mark, program_external, external, internal
):
    portfolio = f"organisation: O\n{default}programs:\n  - id: prog\n    name: Prog\n{program_mark}"
    content = _content(portfolio, PLAN + project_mark)
    external_view = AudienceView(content, Visibility.public).content(content)
    assert [p.id for p in external_view.portfolio.programs] == (["prog"] if program_external else [])
    assert [p.id for p in external_view.projects] == (["p"] if external else [])
    internal_view = AudienceView(content, Visibility.internal).content(content)
    assert [p.id for p in internal_view.projects] == (["p"] if internal else [])
    assert [p.id for p in internal_view.portfolio.programs] == ["prog"]


def test_what_is_marked_now_is_hidden_in_an_older_version_that_did_not_mark_it():
    before = _content("organisation: O\nprograms:\n  - id: prog\n    name: Prog\n", PLAN)
    now = _content("organisation: O\nprograms:\n  - id: prog\n    name: Prog\n    visibility: internal\n", PLAN)
    old = AudienceView(now, Visibility.public).content(before)
    assert (old.portfolio.programs, old.projects) == ([], ())


def test_content_with_nothing_marked_comes_back_as_the_same_objects():
    content = _content("organisation: O\nprograms:\n  - id: prog\n    name: Prog\n", PLAN)
    assert AudienceView(content, Visibility.public).content(content) is content


def test_a_hidden_field_reads_as_empty_and_the_marks_are_gone():
    update = "date: 2026-03-13\nauthor: A\nstatus: green\nsummary: S\nasks: [Q]\nactual_cost: 5\n"
    marks = "visibility:\n  summary: internal\n  actual_cost: confidential\n"
    content = _content("organisation: O\nprograms:\n  - id: prog\n    name: Prog\n", PLAN, update + marks)
    (shown,) = AudienceView(content, Visibility.internal).content(content).projects[0].updates
    # internal sees the summary, not the cost; neither audience sees the marks themselves
    assert (shown.summary, shown.asks[0].text, shown.actual_cost, shown.visibility) == ("S", "Q", None, UpdateVisibility())
    (shown,) = AudienceView(content, Visibility.public).content(content).projects[0].updates
    assert (shown.summary, shown.actual_cost) == ("", None)


def test_a_hidden_milestone_or_task_goes_with_every_reference_to_it():
    plan = PLAN + (
        "milestones:\n  - {id: m1, name: M1, due: 2026-03-31}\n"
        "  - {id: m2, name: M2, due: 2026-04-30, visibility: internal}\n"
        "tasks:\n  - {id: t1, name: T1, start: 2026-01-05, finish: 2026-03-31, milestone: m1}\n"
        "  - {id: t2, name: T2, start: 2026-01-05, finish: 2026-03-31, milestone: m2, visibility: confidential}\n"
        "  - {id: t3, name: T3, start: 2026-04-01, finish: 2026-04-30, milestone: m2, depends_on: [t1, t2]}\n"
    )
    update = "date: 2026-03-13\nauthor: A\nstatus: green\nsummary: S\nprogress: {t1: 50, t2: 80}\nforecasts: {m1: 2026-04-03, m2: 2026-05-08}\n"
    content = _content("organisation: O\nprograms:\n  - id: prog\n    name: Prog\n", plan, update)
    internal = AudienceView(content, Visibility.internal).content(content).projects[0]
    # internal sees m2 but not t2: t3 no longer waits on t2, and t2's progress is gone; no mark is left
    assert [(t.id, t.milestone, t.depends_on, t.visibility) for t in internal.plan.tasks] == [
        ("t1", "m1", [], None), ("t3", "m2", ["t1"], None),
    ]  # fmt: skip
    assert [(m.id, m.visibility) for m in internal.plan.milestones] == [("m1", None), ("m2", None)]
    assert (internal.updates[0].progress, len(internal.updates[0].forecasts)) == ({"t1": 50}, 2)
    external = AudienceView(content, Visibility.public).content(content).projects[0]
    # external sees neither: t3 leads to no milestone, m2's forecast is gone
    assert [(t.id, t.milestone, t.depends_on) for t in external.plan.tasks] == [("t1", "m1", []), ("t3", None, ["t1"])]
    assert [m.id for m in external.plan.milestones] == ["m1"]
    assert (external.updates[0].progress, external.updates[0].forecasts) == ({"t1": 50}, {"m1": dt.date(2026, 4, 3)})


def test_validate_points_at_a_visibility_that_is_no_level(secrets):
    plan = secrets / "projects/alpha/plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("visibility: internal", "visibility: secret", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "content"])
    assert result.exit_code == 1
    line = plan.read_text(encoding="utf-8").splitlines().index("    visibility: secret") + 1
    assert f"content/projects/alpha/plan.yaml:{line}:17: milestones[2].visibility:" in result.output  # the first mark
    assert "public" in result.output and "confidential" in result.output


def test_an_unknown_audience_in_mkdocs_yml_stops_the_build_with_a_message(secrets):
    Path("mkdocs.yml").write_text("site_name: S\nplugins:\n  - reporter:\n      audience: clients\n", encoding="utf-8")
    Path("docs").mkdir()
    for command in (["build", "--site", "site"], ["export"], ["weekly"]):
        result = CliRunner().invoke(main, [*command, "--today", "2026-03-18"])
        assert result.exit_code == 1
        assert "mkdocs.yml: audience 'clients' is not one of external, internal" in result.output
    assert not Path("site").exists() and not Path("exports").exists()


def test_editors_complete_the_marks_from_the_json_schema():
    from reporter.authoring.schema import all_schemas

    schemas = all_schemas()
    update = schemas["update"]
    assert list(update["$defs"]["UpdateVisibility"]["properties"]) == [
        "summary", "accomplishments", "next_steps", "blockers", "asks", "decisions", "actual_cost", "forecasts"]  # fmt: skip
    assert update["$defs"]["Visibility"]["enum"] == ["public", "internal", "confidential"]
    assert "visibility" in schemas["plan"]["properties"] and "visibility" in schemas["plan"]["$defs"]["Risk"]["properties"]
    assert "default_visibility" in schemas["portfolio"]["properties"]
    assert "visibility" in schemas["portfolio"]["$defs"]["Program"]["properties"]
