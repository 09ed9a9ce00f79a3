"""`reporter diff BASE HEAD` and `reporter validate --base REV`: what a change does to the status, on a real git repository.

The mini portfolio (tests/fixtures/mini) is committed on main on 2026-03-13; the change to Alpha,
worked out by hand:

- the cutover milestone moves from 2026-06-19 to 2026-07-31 and the finish from 2026-06-26 to
  2026-08-07: 42 calendar days each, exactly six weeks, so 6 x 5 = 30 working days (Monday to Friday).
  The baseline is the plan as first committed, so against the baseline it is +42 days too. Alpha's
  cutover forecast (2026-06-26, in its update) does not move: its expected date stays 2026-06-26;
- the budget goes from 100,000 to 90,000 EUR. Alpha is 32.5% complete with AC 36,000.50: EV falls from
  32,500 to 29,250, CPI from 0.90 (amber) to 29,250 / 36,000.50 = 0.81, below 0.85: red. The EAC
  (BAC / CPI = AC / 32.5%) stays 110,771 EUR, so it is not listed;
- a milestone (go-live-review) and a risk (vendor-insolvency, probability 2, impact 5) are added.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.compute.status_diff import RiskChange, ScopeChange, status_diff
from reporter.content.models import Content, Milestone, Portfolio, Program, Project, Risk, RiskStatus

from builders import make_plan, make_task, make_update
from conftest import GitRepo

D = dt.date


def _slip(repo: GitRepo) -> None:
    plan = repo.root / "content/projects/alpha/plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("finish: 2026-06-26", "finish: 2026-08-07").replace("budget: 100000", "budget: 90000")
    text = text.replace(
        "    due: 2026-06-19\n", "    due: 2026-07-31\n  - id: go-live-review\n    name: Go-live review\n    due: 2026-07-15\n"
    )
    text += "  - id: vendor-insolvency\n    title: Vendor insolvency\n    probability: 2\n    impact: 5\n"
    plan.write_text(text, encoding="utf-8")


@pytest.fixture
def slipped(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """main holds the mini portfolio; the working tree slips Alpha (see the module docstring)."""
    repo.commit("the mini portfolio", "2026-03-13T17:00:00+00:00")
    _slip(repo)
    monkeypatch.chdir(repo.root)
    return repo


def _diff(*args: str):
    return CliRunner().invoke(main, ["diff", *args, "--today", "2026-03-13"])


ALPHA_LINES = (
    "- Computed colour: ▲ Amber → ✖ Red\n"
    "- Milestone Cutover, due: 2026-06-19 → 2026-07-31, +42 days (+30 working days); against the baseline (2026-06-19): +42 days\n"
    "- Finish: 2026-06-26 → 2026-08-07, +42 days (+30 working days); against the baseline (2026-06-26): +42 days\n"
    "- Milestone added: Go-live review (`go-live-review`)\n"
    "- Risk opened: Vendor insolvency (probability 2, impact 5)\n"
    "- Budget: 100,000 EUR → 90,000 EUR (−10,000 EUR)\n"
)


def test_the_comment_names_each_change_with_its_days(slipped: GitRepo):
    result = _diff("main")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "<!-- reporter diff -->\n"
        "## Status review: main → the working tree\n"
        "\n"
        "As of 2026-03-13: 1 project changes.\n"
        "\n"
        "### Alpha Migration (`alpha`)\n"
        "\n" + ALPHA_LINES
    )


def test_two_revisions_give_the_same_comment_as_the_working_tree(slipped: GitRepo):
    slipped.git("checkout", "-q", "-b", "slip")
    slipped.commit("slip the cutover", "2026-03-14T09:00:00+00:00")
    result = _diff("main", "slip")
    assert result.output.splitlines()[1] == "## Status review: main → slip"
    assert result.output.endswith("### Alpha Migration (`alpha`)\n\n" + ALPHA_LINES)
    assert _diff("slip", "slip").output.splitlines()[3] == "As of 2026-03-13: no project's status changes."


@pytest.mark.parametrize("day", ["2026-03-13", "2026-03-14", "2026-03-15"])  # Friday, Saturday, Sunday
def test_the_day_it_runs_on_changes_nothing_but_the_date(slipped: GitRepo, day: str):
    result = CliRunner().invoke(main, ["diff", "main", "--today", day])
    assert result.output.splitlines()[3] == f"As of {day}: 1 project changes."
    assert result.output.endswith(ALPHA_LINES)


def test_github_annotations_sit_on_the_changed_lines(slipped: GitRepo):
    result = _diff("main", "--format", "github")
    plan = "content/projects/alpha/plan.yaml"
    assert result.output.splitlines() == [
        "::notice file=content/projects/alpha/updates/2026-03-13.yaml,line=3,col=9::Alpha Migration: Computed colour: ▲ Amber → ✖ Red",
        f"::notice file={plan},line=16,col=10::Alpha Migration: Milestone Cutover, due: 2026-06-19 → 2026-07-31, +42 days (+30 working days); against the baseline (2026-06-19): +42 days",
        f"::notice file={plan},line=6,col=9::Alpha Migration: Finish: 2026-06-26 → 2026-08-07, +42 days (+30 working days); against the baseline (2026-06-26): +42 days",
        f"::notice file={plan},line=17,col=5::Alpha Migration: Milestone added: Go-live review (`go-live-review`)",
        f"::notice file={plan},line=43,col=5::Alpha Migration: Risk opened: Vendor insolvency (probability 2, impact 5)",
        f"::notice file={plan},line=7,col=9::Alpha Migration: Budget: 100,000 EUR → 90,000 EUR (−10,000 EUR)",
    ]


def test_an_unknown_revision_is_a_message(slipped: GitRepo):
    result = _diff("nosuch")
    assert result.exit_code == 1
    assert result.output == "Error: nosuch: 'nosuch' is not a revision of this repository\n"


# --- review rules ---------------------------------------------------------------------------------------

RULES = "review:\n  slip_needs_reason: 10\n  red_needs_ask_or_blocker: true\n"


def _validate_base(*args: str):
    return CliRunner().invoke(main, ["validate", "--base", "main", "--today", "2026-03-13", *args])


def test_a_slip_beyond_the_rule_needs_a_reason_at_its_line(repo: GitRepo, monkeypatch: pytest.MonkeyPatch):
    portfolio = repo.root / "content/portfolio.yaml"
    portfolio.write_text(portfolio.read_text(encoding="utf-8") + RULES, encoding="utf-8")
    repo.commit("the mini portfolio with review rules", "2026-03-13T17:00:00+00:00")
    _slip(repo)
    monkeypatch.chdir(repo.root)
    result = _validate_base()
    assert result.exit_code == 1
    assert result.output == (
        "content/projects/alpha/plan.yaml:16:10: milestones[1].due: milestone 'cutover' moves 30 working days later "
        "(2026-06-19 → 2026-07-31), more than the 10 the portfolio allows without a reason; say why in milestones[1].reason\n"
        "content/projects/alpha/plan.yaml:6:9: finish: the finish moves 30 working days later (2026-06-26 → 2026-08-07), "
        "more than the 10 the portfolio allows without a reason; say why in finish_reason\n"
        "2 problems found\n"
    )
    annotations = _validate_base("--format", "github").output.splitlines()
    assert annotations[0].startswith(
        "::error file=content/projects/alpha/plan.yaml,line=16,col=10::milestones[1].due: milestone 'cutover' moves 30 working days later"
    )
    assert annotations[1].startswith("::error file=content/projects/alpha/plan.yaml,line=6,col=9::finish: the finish moves")
    # The same problems are listed under the comment the pull request gets.
    comment = CliRunner().invoke(main, ["diff", "main", "--today", "2026-03-13"]).output
    assert comment.endswith(
        "### Review rules broken\n"
        "\n"
        "- `content/projects/alpha/plan.yaml:16:10`: milestones[1].due: milestone 'cutover' moves 30 working days later "
        "(2026-06-19 → 2026-07-31), more than the 10 the portfolio allows without a reason; say why in milestones[1].reason\n"
        "- `content/projects/alpha/plan.yaml:6:9`: finish: the finish moves 30 working days later (2026-06-26 → 2026-08-07), "
        "more than the 10 the portfolio allows without a reason; say why in finish_reason\n"
    )
    plan = repo.root / "content/projects/alpha/plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "    due: 2026-07-31\n", "    due: 2026-07-31\n    reason: The vendor delivers the test data six weeks late\n"
    )
    plan.write_text(text.replace("budget: 90000", "budget: 90000\nfinish_reason: The cutover moved"), encoding="utf-8")
    fixed = _validate_base()
    assert fixed.exit_code == 0, fixed.output
    assert fixed.output == "content: no problems found\n"


def test_turning_red_needs_an_ask_or_a_blocker(repo: GitRepo, monkeypatch: pytest.MonkeyPatch):
    portfolio = repo.root / "content/portfolio.yaml"
    portfolio.write_text(portfolio.read_text(encoding="utf-8") + RULES, encoding="utf-8")
    repo.commit("the mini portfolio with review rules", "2026-03-13T17:00:00+00:00")
    update = repo.root / "content/projects/alpha/updates/2026-03-13.yaml"
    text = update.read_text(encoding="utf-8").replace("status: amber", "status: red")
    with_help = text
    text = text[: text.index("blockers:")] + text[text.index("progress:") :]  # no blockers, no asks
    update.write_text(text, encoding="utf-8")
    monkeypatch.chdir(repo.root)
    result = _validate_base()
    assert result.exit_code == 1
    assert result.output == (
        "content/projects/alpha/updates/2026-03-13.yaml:3:9: status: turns the project red without an ask or a blocker; "
        "add what is needed under asks or blockers\n"
        "1 problem found\n"
    )
    update.write_text(with_help, encoding="utf-8")
    assert _validate_base().exit_code == 0


# --- the figures, pure ----------------------------------------------------------------------------------


def _content(*risks: Risk, milestones: tuple = (), tasks: tuple = ()) -> Content:
    portfolio = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])
    plan = make_plan(D(2026, 1, 5), D(2026, 6, 26), risks=list(risks), milestones=list(milestones), tasks=list(tasks))
    return Content(portfolio, (Project("alpha", plan),))


def _risk(risk_id: str, status: RiskStatus = RiskStatus.open) -> Risk:
    return Risk(id=risk_id, title=risk_id.capitalize(), probability=3, impact=4, status=status)


def test_risks_opened_occurred_mitigated_closed_reopened_and_removed():
    base = _content(_risk("a"), _risk("b"), _risk("c"), _risk("d", RiskStatus.closed), _risk("e"))
    head = _content(
        _risk("a", RiskStatus.occurred),
        _risk("b", RiskStatus.mitigated),
        _risk("c", RiskStatus.closed),
        _risk("d"),
        _risk("f"),
        _risk("g", RiskStatus.occurred),
    )
    [project] = status_diff(base, head, D(2026, 3, 13)).projects
    assert project.risks == (
        RiskChange("a", "A", "occurred", 3, 4),
        RiskChange("b", "B", "mitigated", 3, 4),
        RiskChange("c", "C", "closed", 3, 4),
        RiskChange("d", "D", "reopened", 3, 4),
        RiskChange("f", "F", "opened", 3, 4),
        RiskChange("g", "G", "occurred", 3, 4),
        RiskChange("e", "E", "removed", 3, 4),
    )


def test_scope_added_and_removed_and_projects_added_and_removed():
    base = _content(tasks=(make_task("old", D(2026, 1, 5), D(2026, 2, 6)),))
    head = _content(tasks=(make_task("new", D(2026, 1, 5), D(2026, 2, 6)),))
    [project] = status_diff(base, head, D(2026, 3, 13)).projects
    assert project.scope == (ScopeChange("task", "added", "new", "new"), ScopeChange("task", "removed", "old", "old"))
    empty = Content(base.portfolio, ())
    assert [(p.id, p.kind) for p in status_diff(empty, head, D(2026, 3, 13)).projects] == [("alpha", "added")]
    assert [(p.id, p.kind) for p in status_diff(head, empty, D(2026, 3, 13)).projects] == [("alpha", "removed")]
    assert status_diff(head, head, D(2026, 3, 13)).projects == ()


def test_a_new_forecast_moves_the_milestone_against_its_baseline_too():
    cutover = Milestone(id="cutover", name="Cutover", due=D(2026, 6, 19))
    plan = make_plan(D(2026, 1, 5), D(2026, 6, 26), milestones=[cutover])
    portfolio = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])
    first = make_update(D(2026, 3, 6), forecasts={"cutover": D(2026, 6, 26)})
    second = make_update(D(2026, 3, 13), forecasts={"cutover": D(2026, 7, 10)})
    base = Content(portfolio, (Project("alpha", plan, (first,)),))
    head = Content(portfolio, (Project("alpha", plan, (first, second)),))
    baseline = make_plan(D(2026, 1, 5), D(2026, 6, 26), milestones=[Milestone(id="cutover", name="Cutover", due=D(2026, 6, 12))])
    [project] = status_diff(base, head, D(2026, 3, 13), {"alpha": baseline}).projects
    # 2026-06-26 (Friday) to 2026-07-10 (Friday): 14 days, two weeks of 5 working days; the baseline had
    # 2026-06-12, four weeks before 2026-07-10: +28 days.
    assert [(m.kind, m.before, m.after, m.days, m.working_days, m.baseline, m.against_baseline) for m in project.moves] == [
        ("forecast", D(2026, 6, 26), D(2026, 7, 10), 14, 10, D(2026, 6, 12), 28)
    ]
