"""The issue's "done when": on a portfolio shaped like a real one (plans without tasks, renames, sparse
updates; see benchmarks/shapes_portfolio.py), every done project is done and no proposed project is red,
whatever the build day; and the whole site builds with MkDocs.

The generated portfolio: 24 projects over 2 years, one commit a month (2020-01-03 .. 2021-12-03), in six
shapes, four of each: milestones only; neither tasks nor milestones and `state: done`; milestones never
marked done and `state: done`; proposed with a start long past; renamed halfway and done at the end; an old
update forecasting a milestone the plan later dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.compute.site_model import site_model
from reporter.content.models import Colour, State
from reporter.history.gather import gather

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import shapes_portfolio  # noqa: E402

LAST = dt.date(2021, 12, 3)  # the last commit, a Friday


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("shapes") / "repo"
    shaped, last = shapes_portfolio.generate(root, 24, 2)
    assert last == LAST
    return root, shaped


# The Friday of the last commit, the Saturday after, the Monday and the Wednesday of the week after.
@pytest.mark.parametrize("today", [LAST, LAST + dt.timedelta(days=1), LAST + dt.timedelta(days=3), LAST + dt.timedelta(days=5)])
def test_every_done_project_is_done_and_no_proposed_project_is_red(portfolio, today):
    root, shaped = portfolio
    model = site_model(gather(root / "content", today))
    assert shapes_portfolio.check(model, shaped) == []
    figures = {f.id: f for f in model.report.projects}
    states = [f.state for f in figures.values()]
    assert (states.count(State.done), states.count(State.proposed)) == (12, 4)  # bare, closed and moved; proposals
    assert all(f.progress.percent_complete is not None for f in figures.values())  # no n/a, whatever the shape
    proposals = [f for f in figures.values() if f.state == State.proposed]
    assert {f.health.reasons[0].split(", starts")[0] for f in proposals} == {"Not assessed: proposed"}
    # The renamed projects are one project each, under their new ids; the old ids are gone from the site.
    assert sorted(p.final_id for p in shaped if p.shape == "moved") == sorted(i for i in figures if i.endswith("-renamed"))
    assert not any(i.endswith("-moved") for i in figures)
    assert model.report.portfolio.percent_complete is not None
    assert all(f.colour != Colour.red for f in figures.values() if f.state == State.done)


def test_the_site_builds(portfolio, monkeypatch):
    root, _ = portfolio
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--site", "site", "--today", LAST.isoformat()])
    assert result.exit_code == 0, result.output
    pages = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html")}
    assert "projects/p004-moved-renamed/index.html" in pages and "projects/p004-moved/index.html" not in pages
    assert os.path.getsize(root / "site" / "index.html") > 0
