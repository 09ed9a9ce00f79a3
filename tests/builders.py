"""Shared test builders: content records with every required field filled in, so a test names only what it is about.

Each builder takes the fields that matter as keywords; the rest get plain defaults (owner "pm",
program "core", status green). Tests keep their own short helpers on top when a signature reads better.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reporter.content.models import Plan, Portfolio, Program, Task, Update

PORTFOLIO = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])
# The mini fixture's alpha: where its updates go, and an update of Monday 16 March 2026 (W12) a test commits.
ALPHA_UPDATES = "content/projects/alpha/updates"
ALPHA_UPDATE_16_MARCH = """date: 2026-03-16
author: Grace Hopper
status: red
summary: The vendor's test data is three weeks late.
progress:
  build: 12
forecasts:
  cutover: 2026-07-10
"""


def make_task(id: str, start: dt.date, finish: dt.date, **fields: Any) -> Task:
    """A task named after its id."""
    return Task(id=id, name=fields.pop("name", id), start=start, finish=finish, **fields)


def make_update(date: dt.date, **fields: Any) -> Update:
    """An update by "pm", green, with a one-word summary unless told otherwise; None fields are left out."""
    defaults = {"author": "pm", "status": "green", "summary": "s"}
    given = {k: v for k, v in fields.items() if v is not None}
    return Update(date=date, **{**defaults, **given})


def make_plan(start: dt.date, finish: dt.date, **fields: Any) -> Plan:
    """A plan "P" of program "core" owned by "pm"; list fields may be given as any iterable."""
    defaults = {"name": "P", "program": "core", "owner": "pm"}
    given = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
    return Plan(start=start, finish=finish, **{**defaults, **given})


# The same records as YAML files, for tests that commit a small portfolio to a real git repository.
PORTFOLIO_YAML = "organisation: Example Org\ntitle: Example status\nprograms:\n  - id: core\n    name: Core\n"


def plan_yaml(name: str, milestone_due: str | None = None) -> str:
    """A plan.yaml in program core, 2026-03-02 to 2026-06-30, with one milestone (m1, Spec agreed) when `milestone_due`."""
    milestone = f"milestones:\n  - id: m1\n    name: Spec agreed\n    due: {milestone_due}\n" if milestone_due else ""
    return f"name: {name}\nprogram: core\nowner: Olga\nstart: 2026-03-02\nfinish: 2026-06-30\n{milestone}"


def update_yaml(day: str, summary: str, done: str = "") -> str:
    """A green update by Olga on `day`, its summary a block (lines after the first indented by two spaces)."""
    shipped = f"accomplishments:\n  - {done}\n" if done else ""
    return f"date: {day}\nauthor: Olga\nstatus: green\nsummary: |\n  {summary}\n{shipped}"


_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S)


def table_rows(html: str) -> list[list[str]]:
    """The body rows of the HTML tables in a page or part of one, each as its cells' inner HTML (header rows,
    of <th> cells, are left out): the templates write the tables that reflow on a phone as HTML."""
    rows = [_CELL.findall(row) for row in _ROW.findall(html)]
    return [cells for cells in rows if cells]
