"""The site from history: baselines, changes since last week, trends and `reporter build --as-of`."""

from __future__ import annotations

import html
import re
import shutil

from click.testing import CliRunner

from reporter.cli import main

UPDATES = "content/projects/alpha/updates"
PLAN = "content/projects/alpha/plan.yaml"


def _two_weeks(repo):
    """Fri 6 Mar: the plan and the first update. Fri 13 Mar: the second update (amber), cutover +14 days."""
    second = (repo.root / f"{UPDATES}/2026-03-13.yaml").read_text()
    (repo.root / f"{UPDATES}/2026-03-13.yaml").unlink()
    first = repo.commit("Plan and first update", "2026-03-06T17:00:00+00:00", "Grace Hopper")
    plan = (repo.root / PLAN).read_text().replace("due: 2026-06-19", "due: 2026-07-03")
    later = repo.commit(
        "Second update, cutover moved", "2026-03-13T17:00:00+00:00", "Ada Byron",
        {f"{UPDATES}/2026-03-13.yaml": second, PLAN: plan},
    )  # fmt: skip
    return first, later


def _build(repo, monkeypatch, *args):
    monkeypatch.chdir(repo.root)
    return CliRunner().invoke(main, ["build", "--site", "site", *args])


def _text(page) -> str:
    """A page's text as a reader sees it: tags removed, entities decoded, white space folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())


def _row(page_html: str, name: str) -> str:
    """The text of the home page's table row of a project, tags removed."""
    row = re.search(r"<tr>((?:(?!</tr>).)*?" + re.escape(name) + r".*?)</tr>", page_html, re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())


def test_the_site_shows_baseline_slip_changes_and_trend(repo, monkeypatch):
    _two_weeks(repo)
    result = _build(repo, monkeypatch, "--today", "2026-03-20")
    assert result.exit_code == 0, result.output
    home = (repo.root / "site/index.html").read_text()
    # Build progress 10% (update of 13 Mar): (40 x 100 + 120 x 10) / 160 = 32.5% -> 33%; planned, at that
    # update (the status date), not at the report date: the build had run 10 of its 75 working days,
    # (40 + 120 x 10/75) / 160 = 35%.
    assert "33% of 35%" in _row(home, "Alpha Migration")
    # No update is dated in W12 yet, so the home page still reports W11, when the cutover moved, and its
    # changes since the end of W10; W12 has no page to link to.
    home_text = _text(repo.root / "site/index.html")
    assert "Highlights of week 2026-W11" in home_text
    assert (
        "Since the end of week 2026-W10: Alpha Migration : ✔ Green → ▲ Amber Cutover moved +14 days: 2026-06-19 → 2026-07-03"
        in home_text
    )
    assert "weeks/2026-W12" not in home
    alpha = _text(repo.root / "site/projects/alpha/index.html")
    assert "Baseline: the plan as first committed, 2026-03-06." in alpha
    assert "Cutover 2026-06-19 2026-07-03 +14 days" in alpha
    assert "Project finish 2026-06-26 2026-06-26 0 days" in alpha
    # Trend, newest first, each week at the status date it had at its end: W12 (to today, Fri 20 Mar) and
    # W11 (to Sun 15 Mar) at the update of Fri 13 Mar (build day 10 of 75: 35% planned); W10 (to Sun 8 Mar)
    # at the update of Fri 6 Mar (day 5: (40 + 120 x 5/75) / 160 = 30%), which said build 5% (29% done).
    assert "2026-W12 (no updates) 33% 35%" in alpha and "weeks/2026-W12" not in alpha
    assert "2026-W11 33% 35%" in alpha and "2026-W10 29% 30%" in alpha
    week11 = _text(repo.root / "site/weeks/2026-W11/index.html")
    assert "Cutover moved +14 days: 2026-06-19 → 2026-07-03" in week11
    assert "✔ Green → ▲ Amber" in week11


def test_as_of_a_date_rebuilds_that_week_exactly(repo, monkeypatch):
    _two_weeks(repo)
    result = _build(repo, monkeypatch, "--as-of", "2026-03-06")
    assert result.exit_code == 0, result.output
    home = (repo.root / "site/index.html").read_text()
    assert "report date <strong>2026-03-06</strong>" in home
    # As of 6 Mar: build 5%, (40 x 100 + 120 x 5) / 160 = 28.75% -> 29%; planned (40 + 120 x 5/75) / 160 = 30%.
    assert "29% of 30%" in _row(home, "Alpha Migration")
    assert "✔ Green" in _row(home, "Alpha Migration")
    assert not (repo.root / "site/weeks/2026-W11").exists()
    alpha = (repo.root / "site/projects/alpha/index.html").read_text()
    assert "2026-07-03" not in alpha  # the cutover had not moved yet


def test_as_of_a_revision_uses_its_tree_and_commit_day(repo, monkeypatch):
    first, _ = _two_weeks(repo)
    by_date = _build(repo, monkeypatch, "--as-of", "2026-03-06")
    home_by_date = (repo.root / "site/index.html").read_text()
    shutil.rmtree(repo.root / "site")
    by_rev = _build(repo, monkeypatch, "--as-of", first[:10])
    assert (by_date.exit_code, by_rev.exit_code) == (0, 0)
    assert (repo.root / "site/index.html").read_text() == home_by_date


def test_as_of_errors_are_messages(repo, monkeypatch, tmp_path):
    _two_weeks(repo)
    unknown = _build(repo, monkeypatch, "--as-of", "no-such-rev")
    assert unknown.exit_code == 1
    assert "Error: --as-of: 'no-such-rev' is not a revision of this repository" in unknown.stderr
    early = _build(repo, monkeypatch, "--as-of", "2026-01-01")
    assert early.exit_code == 1
    assert "the content was not committed yet on that day" in early.stderr
    plain = tmp_path / "plain"
    shutil.copytree(repo.root / "content", plain / "content")
    monkeypatch.chdir(plain)
    result = CliRunner().invoke(main, ["build", "--as-of", "2026-03-06"])
    assert result.exit_code == 1
    assert "--as-of 2026-03-06 needs git history, and there is none" in result.stderr
    assert isinstance(result.exception, SystemExit)  # a message and exit 1, never a traceback


def test_without_git_the_build_works_and_says_so_once(repo, monkeypatch, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(repo.root / "content", plain / "content")
    monkeypatch.chdir(plain)
    result = CliRunner().invoke(main, ["build", "--today", "2026-03-20"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Note: content/ is not in a git repository") == 1
    assert "No earlier week in the history to compare with." in (plain / "site/index.html").read_text()
