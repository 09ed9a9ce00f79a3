"""Shared test builders: content records with every required field filled in, so a test names only what it is about.

Each builder takes the fields that matter as keywords; the rest get plain defaults (owner "pm",
program "core", status green). Tests keep their own short helpers on top when a signature reads better.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reporter.content.models import Plan, Portfolio, Program, Task, Update

PORTFOLIO = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])


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
