"""The README documents every command and every content field (docs are part of the feature)."""

from __future__ import annotations

import click
import pytest
from pydantic import BaseModel

from reporter.cli import main
from reporter.content import models

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "reporter") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
        else:
            names.append(f"{prefix} {name}")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_has_a_section_in_the_readme(command):
    assert f"### `{command}" in README


def _content_models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, models.Record) and value not in (models.Record, models.TextItem)
    ]


@pytest.mark.parametrize("model", _content_models(), ids=lambda m: m.__name__)
def test_every_content_field_is_in_the_readme(model):
    missing = [name for name in model.model_fields if f"`{name}`" not in README]
    assert missing == []


def test_the_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    assert "make site" in README and "make test" in README
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")
