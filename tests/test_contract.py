"""Validate is the contract: whatever `reporter validate` accepts, gather, compute, render and the MkDocs
build take without an exception. Content is generated with hypothesis at the edges of what validation
allows: the first and last accepted dates, the largest and smallest numbers, the longest ids and names,
names in other scripts, long dependency chains, several updates a project."""

from __future__ import annotations

import datetime as dt
import json
import os
import string
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from reporter.content.loader import check_content
from reporter.content.models import FIRST_DATE, LAST_DATE, MAX_ID, MAX_NAME, MAX_PERSON
from reporter.site.build import build_site
from reporter.site.pipeline import make_site

from conftest import GitRepo

# Letters of several scripts, digits, punctuation and Markdown/HTML that must stay inert.
LETTERS = string.ascii_letters + "éøßŁżΩЖ王芳ا"
TEXT_ALPHABET = LETTERS + string.digits + " .,;:!?-_'\"()[]*`#<>&/\\|~%$€"

dates = st.one_of(st.sampled_from([FIRST_DATE, LAST_DATE, dt.date(2026, 3, 13)]), st.dates(FIRST_DATE, LAST_DATE))
ids = st.one_of(
    st.just("a" * MAX_ID),
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
)
texts = st.text(TEXT_ALPHABET, min_size=1, max_size=120).filter(str.strip)
names = st.one_of(st.just("N" * MAX_NAME), st.text(TEXT_ALPHABET, min_size=1, max_size=40).filter(str.strip))
# A person's name names their page: the longest, in letters of three bytes each, still names a file.
people = st.one_of(st.just("王" * MAX_PERSON), st.text(LETTERS + " ", min_size=1, max_size=30).filter(str.strip))
percents = st.one_of(st.sampled_from([0, 100, 0.000001, 99.999999]), st.integers(0, 100))
efforts = st.one_of(st.sampled_from([0, 0.000001, 999_999_999_999]), st.integers(0, 10_000))
money = st.one_of(
    st.sampled_from([0, 0.01, 999_999_999_999.99]),
    st.decimals(0, 10**9, places=2, allow_nan=False, allow_infinity=False).map(float),
)


def _ordered(pair: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    return (pair[0], pair[1]) if pair[0] <= pair[1] else (pair[1], pair[0])


@st.composite
def plans(draw: Callable, program_ids: list[str]) -> dict[str, Any]:
    """A plan that validates: dates in order, references that resolve, dependencies without cycles."""
    start, finish = _ordered((draw(dates), draw(dates)))
    milestone_ids = draw(st.lists(ids, max_size=3, unique=True))
    milestones = []
    for milestone_id in milestone_ids:
        milestone: dict[str, Any] = {"id": milestone_id, "name": draw(names), "due": draw(dates).isoformat()}
        if draw(st.booleans()):
            milestone["done"] = draw(st.dates(start, LAST_DATE)).isoformat()
        milestones.append(milestone)
    task_ids = draw(st.lists(ids, max_size=30, unique=True))
    chain = draw(st.booleans())  # each task depending on the one before: the longest chain
    tasks = []
    for i, task_id in enumerate(task_ids):
        task_start, task_finish = _ordered((draw(dates), draw(dates)))
        task: dict[str, Any] = {"id": task_id, "name": draw(names), "start": task_start.isoformat()}
        task |= {"finish": task_finish.isoformat(), "progress": draw(percents), "effort": draw(efforts)}
        if i and (chain or draw(st.booleans())):
            task["depends_on"] = [task_ids[i - 1]] if chain else draw(st.lists(st.sampled_from(task_ids[:i]), max_size=2))
        if milestone_ids and draw(st.booleans()):
            task["milestone"] = draw(st.sampled_from(milestone_ids))
        if draw(st.booleans()):
            task["done"] = draw(st.dates(task_start, LAST_DATE)).isoformat()
        if draw(st.booleans()):
            task["owner"] = draw(people)
        tasks.append(task)
    plan: dict[str, Any] = {
        "name": draw(names),
        "program": draw(st.sampled_from(program_ids)),
        "owner": draw(people),
        "state": draw(st.sampled_from(["proposed", "active", "paused", "done", "cancelled"])),
        "summary": draw(texts),
        "start": start.isoformat(),
        "finish": finish.isoformat(),
        "milestones": milestones,
        "tasks": tasks,
        "team": [{"name": draw(people), "allocation": draw(percents)}],
        "risks": [{"id": "r", "title": draw(names), "probability": draw(st.integers(1, 5)), "impact": draw(st.integers(1, 5))}],
    }
    if draw(st.booleans()):
        plan["budget"] = draw(money)
    return plan


@st.composite
def updates(draw: Callable, plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Up to four updates of a plan, by date, each naming only the plan's tasks and milestones."""
    days = draw(st.lists(dates, max_size=4, unique=True))
    found = {}
    for day in days:
        update: dict[str, Any] = {
            "date": day.isoformat(),
            "author": draw(people),
            "status": draw(st.sampled_from(["green", "amber", "red"])),
            "summary": draw(texts),
            "accomplishments": draw(st.lists(texts, max_size=2)),
            "blockers": [{"text": draw(texts), "owner": draw(people), "since": draw(dates).isoformat()}],
            "asks": [{"text": draw(texts), "of": draw(people), "by": draw(dates).isoformat()}],
        }
        if plan["tasks"]:
            update["progress"] = {draw(st.sampled_from(plan["tasks"]))["id"]: draw(percents)}
        if plan["milestones"]:
            update["forecasts"] = {draw(st.sampled_from(plan["milestones"]))["id"]: draw(dates).isoformat()}
        if "budget" in plan and draw(st.booleans()):
            update["actual_cost"] = draw(money)
        found[day.isoformat()] = update
    return found


@st.composite
def portfolios(draw: Callable) -> tuple[dict[str, Any], dict[str, tuple[dict[str, Any], dict[str, dict[str, Any]]]]]:
    """portfolio.yaml and one to three projects (plan and updates by id)."""
    program_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    amber, red = sorted(draw(st.lists(st.floats(0.000001, 999_999, allow_nan=False), min_size=2, max_size=2)), reverse=True)
    overdue_amber = draw(st.integers(1, 10_000))
    portfolio = {
        "organisation": draw(names),
        "description": draw(texts),
        "programs": [{"id": p, "name": draw(names), "owner": draw(people)} for p in program_ids],
        "reporting": {
            "cadence_days": draw(st.sampled_from([1, 7, 366])),
            "grace_days": draw(st.sampled_from([0, 3, 366])),
            "working_days": draw(
                st.lists(st.sampled_from(["monday", "wednesday", "saturday", "sunday"]), min_size=1, unique=True)
            ),
        },
        "health": {
            "spi_t_amber": round(amber, 6),
            "spi_t_red": round(red, 6),
            "overdue_milestones_amber": overdue_amber,
            "overdue_milestones_red": draw(st.integers(overdue_amber, 10_000)),
        },
    }
    projects = {}
    for project_id in draw(st.lists(ids, min_size=1, max_size=3, unique=True)):
        plan = draw(plans(program_ids))
        projects[project_id] = (plan, draw(updates(plan)))
    return portfolio, projects


def _write(root: Path, portfolio: dict, projects: dict) -> Path:
    """The content as files: JSON is YAML, and keeps every value exactly as generated."""
    content = root / "content"
    (content / "projects").mkdir(parents=True)
    (content / "portfolio.yaml").write_text(json.dumps(portfolio, ensure_ascii=False), encoding="utf-8")
    for project_id, (plan, dated) in projects.items():
        folder = content / "projects" / project_id
        (folder / "updates").mkdir(parents=True)
        (folder / "plan.yaml").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        for day, update in dated.items():
            (folder / "updates" / f"{day}.yaml").write_text(json.dumps(update, ensure_ascii=False), encoding="utf-8")
    return content


def _bounded(examples: int) -> settings:
    """A bounded number of examples a run (well under a minute in CI), no time limit on each, and no
    example database written into the working tree."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        # No shrinking: an example is a whole portfolio, and shrinking one takes minutes; a failure is
        # printed as generated, and becomes a regular test case once understood.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@_bounded(40)
@given(portfolios(), dates)
def test_what_validate_accepts_gathers_computes_and_renders(generated, report_date):
    with tempfile.TemporaryDirectory(prefix="reporter-contract-") as folder:
        content = _write(Path(folder), *generated)
        accepted, problems = check_content(content)
        assert accepted is not None, [str(p) for p in problems if p.severity == "error"]
        made = make_site(content, report_date)
        assert "index.md" in made.pages


# With git, a build takes a snapshot per week from the first commit to the report date: a report date
# two centuries after the commit would measure that loop, not the contract (the test above has them).
@_bounded(5)
@given(portfolios(), st.dates(dt.date(2026, 1, 5), dt.date(2026, 12, 31)))
def test_what_validate_accepts_builds_into_a_site_from_git(generated, report_date):
    with tempfile.TemporaryDirectory(prefix="reporter-contract-") as folder:
        repo = GitRepo(Path(folder) / "repo")
        content = _write(repo.root, *generated)
        repo.commit("Content", "2026-01-05T09:00:00+00:00")
        assert check_content(content)[0] is not None
        cwd = Path.cwd()
        os.chdir(repo.root)  # the built-in MkDocs config is used, as `reporter build` does without one
        try:
            built = build_site(content, repo.root / "site", report_date=report_date)
        finally:
            os.chdir(cwd)
        assert (built.site_dir / "index.html").is_file()
