"""JSON Schemas of the three content files, generated from the pydantic models that validate them.

Editors (VS Code's YAML extension, JetBrains IDEs, Neovim with yaml-language-server) use these for
completion, hover help and inline errors, so they must say what `reporter validate` accepts: the
models' own schema is adjusted where the models accept more than pydantic's schema says (a list item
written as plain text, a number where text is expected). Descriptions come from the models' `Field`
descriptions and docstrings, so the help an editor shows is the README's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from reporter.content.models import Plan, Portfolio, TextItem, Update

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Kind -> (model, where such files live, title). The order is the order `reporter schema` prints them in.
KINDS: dict[str, tuple[type[BaseModel], str, str]] = {
    "portfolio": (Portfolio, "content/portfolio.yaml", "reporter portfolio file"),
    "plan": (Plan, "content/projects/<project-id>/plan.yaml", "reporter project plan"),
    "update": (Update, "content/projects/<project-id>/updates/YYYY-MM-DD.yaml", "reporter weekly update"),
}


class _ContentSchema(GenerateJsonSchema):
    """pydantic's schema generator, made to accept exactly what the content models accept."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        # Records set coerce_numbers_to_str: `name: 2026` is valid content, so an editor must not flag it.
        if self._config.coerce_numbers_to_str:
            json_schema["type"] = ["string", "number"]
        return json_schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        json_schema = super().dict_schema(schema)
        # pydantic writes `dict[Slug, X]` as patternProperties, which lets any other key through with any
        # value; as propertyNames + additionalProperties a key that is not an id is flagged, like validate does.
        patterns = json_schema.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in json_schema:
            ((pattern, value),) = patterns.items()
            del json_schema["patternProperties"]
            json_schema["propertyNames"] = {**json_schema.get("propertyNames", {}), "pattern": pattern}
            json_schema["additionalProperties"] = value
        return json_schema

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        cls = schema["cls"]
        if isinstance(cls, type) and issubclass(cls, TextItem):
            # A blocker or an ask may be written as plain text (TextItem's before-validator turns it into
            # {text: ...}), so the schema offers both forms; the docs stay on the outer schema for hovers.
            text_help = cls.model_fields["text"].description or "the text"
            outer: dict[str, Any] = {key: json_schema.pop(key) for key in ("title", "description") if key in json_schema}
            return {**outer, "anyOf": [{"type": "string", "description": text_help}, json_schema]}
        return json_schema


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of content file: 'portfolio', 'plan' or 'update'."""
    model, where, title = KINDS[kind]
    generated = model.model_json_schema(mode="validation", schema_generator=_ContentSchema)
    generated.pop("title", None)
    # The keys a reader looks for first come first; the rest keep pydantic's order.
    head = {
        "$schema": DIALECT,
        "$id": f"urn:reporter:schema:{kind}",
        "title": f"{title} ({where})",
    }
    return {**head, **generated}


def all_schemas() -> dict[str, dict[str, Any]]:
    """The schemas of every kind of content file, keyed by kind."""
    return {kind: json_schema(kind) for kind in KINDS}


def schema_files() -> dict[str, str]:
    """File name -> text of each schema file, as `reporter schema --out` and `reporter init` write them."""
    return {f"{kind}.schema.json": dumps(schema) for kind, schema in all_schemas().items()}


def dumps(value: Any) -> str:
    """JSON text as reporter writes it: indented, UTF-8 as it is, ending with a newline (stable diffs)."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write portfolio.schema.json, plan.schema.json and update.schema.json into `out_dir`; returns the paths.

    The files are generated, so existing ones are replaced: run it again after upgrading reporter.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
