"""`reporter schema`: JSON Schemas from the content models that accept what `reporter validate` accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from reporter.authoring.schema import all_schemas, schema_files
from reporter.cli import main
from reporter.content import models
from reporter.content.loader import check_content
from reporter.content.yamlsource import decode, parse

from conftest import FIXTURES, ROOT

SCHEMAS = all_schemas()


def _kind(path: Path) -> str:
    return {"portfolio.yaml": "portfolio", "plan.yaml": "plan"}.get(path.name, "update")


def _errors(kind: str, data: object) -> list[str]:
    """Every schema error, as 'json.path: message'. Dates are checked too (format: date)."""
    validator = Draft202012Validator(SCHEMAS[kind], format_checker=Draft202012Validator.FORMAT_CHECKER)
    return sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(data))


def _data(text: str) -> object:
    # Read as the loader reads: YAML 1.2 scalars, so dates stay text, as an editor's YAML server sees them.
    return parse(text).data


def test_schema_prints_the_three_schemas_keyed_by_kind():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert list(printed) == ["portfolio", "plan", "update"]
    assert printed == SCHEMAS
    for kind, schema in printed.items():
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:reporter:schema:{kind}"
    assert printed["plan"]["title"] == "reporter project plan (content/projects/<project-id>/plan.yaml)"
    assert printed["update"]["description"] == "projects/<id>/updates/YYYY-MM-DD.yaml: one weekly status update."


def test_schema_out_writes_three_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["schema", "--out", "schemas"])
    assert result.exit_code == 0
    assert result.stdout == "schemas/portfolio.schema.json\nschemas/plan.schema.json\nschemas/update.schema.json\n"
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == [
        "plan.schema.json",
        "portfolio.schema.json",
        "update.schema.json",
    ]
    for name, text in schema_files().items():
        assert (tmp_path / "schemas" / name).read_text(encoding="utf-8") == text
    assert json.loads((tmp_path / "schemas/plan.schema.json").read_text(encoding="utf-8")) == SCHEMAS["plan"]


@pytest.mark.parametrize(
    "model, kind",
    [(models.Portfolio, "portfolio"), (models.Plan, "plan"), (models.Update, "update")],
    ids=["portfolio", "plan", "update"],
)
def test_every_field_has_its_model_description(model, kind):
    properties = SCHEMAS[kind]["properties"]
    assert list(properties) == list(model.model_fields)
    assert {name: p["description"] for name, p in properties.items()} == {
        name: field.description for name, field in model.model_fields.items()
    }


def test_dates_are_text_in_date_format():
    due = SCHEMAS["plan"]["$defs"]["Milestone"]["properties"]["due"]
    assert due == {"description": "the date it is due (YYYY-MM-DD)", "format": "date", "title": "Due", "type": "string"}


@pytest.mark.parametrize("folder", [FIXTURES / "mini", ROOT / "content"], ids=["mini", "demo"])
def test_the_schemas_accept_every_valid_content_file(folder):
    if not (folder / "portfolio.yaml").is_file():
        pytest.skip(f"{folder} is not there (yet)")
    files = sorted(folder.rglob("*.yaml"))
    assert len(files) >= 5
    # The schema must never flag what validate accepts; the content is valid to begin with.
    _, problems = check_content(folder)
    assert [p for p in problems if p.severity == "error"] == []
    errors = {str(p.relative_to(folder)): _errors(_kind(p), _data(decode(p.read_bytes()))) for p in files}
    assert {path: found for path, found in errors.items() if found} == {}


def test_the_schema_rejects_unknown_fields_at_any_depth():
    plan = (FIXTURES / "mini/projects/alpha/plan.yaml").read_text(encoding="utf-8")
    plan = plan.replace("budget: 100000", "budjet: 100000").replace("    contingency:", "    contigency:")
    assert _errors("plan", _data(plan)) == [
        "$.risks[0]: Additional properties are not allowed ('contigency' was unexpected)",
        "$: Additional properties are not allowed ('budjet' was unexpected)",
    ]


def test_the_schema_rejects_what_validate_rejects_in_an_update():
    update = """\
date: 2026-13-01
author: A
status: blue
summary: s
progress:
  Build: 10
  other: 120
blockers:
  - text: t
    owner: o
    sine: 2026-01-01
"""
    assert _errors("update", _data(update)) == [
        "$.blockers[0]: {'text': 't', 'owner': 'o', 'sine': '2026-01-01'} is not valid under any of the given schemas",
        "$.date: '2026-13-01' is not a 'date'",
        "$.progress.other: 120 is greater than the maximum of 100",
        "$.progress: 'Build' does not match '^[a-z0-9][a-z0-9-]*$'",
        "$.status: 'blue' is not one of ['green', 'amber', 'red']",
    ]


def test_the_schema_accepts_the_short_forms_validate_accepts():
    # A blocker or ask as plain text, a number where text is expected (coerced, as the models do).
    update = """\
date: 2026-03-13
author: 2026
status: green
summary: 42
blockers:
  - Test data from the vendor
asks:
  - text: Escalate
    of: Ada Byron
    by: 2026-03-20
actual_cost: 36000.50
"""
    assert _errors("update", _data(update)) == []
    assert models.Update.model_validate(_data(update)).author == "2026"
