"""The tree draws the pipeline: no import cycle, stages import only earlier stages, render computes nothing."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import reporter

PACKAGE = Path(reporter.__file__).parent
# The pipeline's order: a module may import its own stage and the ones before it. errors and weeks are
# the shared vocabulary of every stage; authoring and the CLI stand beside the pipeline and use it all.
STAGES = ["content", "history", "compute", "render", "site"]
SHARED = {"reporter", "reporter.errors", "reporter.weeks"}
# Known, and left for later: health's reason sentences round their ratio as the tables do.
UPWARD_ALLOWED = {("reporter.compute.health", "reporter.render.display")}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) imported from reporter, anywhere in the file (TYPE_CHECKING blocks included)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reporter"):
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names if a.name.startswith("reporter")]
    return out


def _targets(path: Path, modules: dict[str, Path]) -> set[str]:
    """The reporter modules a file imports ('from reporter.render import display' is reporter.render.display)."""
    targets = set()
    for module, names in _imports(path):
        targets |= {f"{module}.{n}" for n in names if f"{module}.{n}" in modules} or {module}
    return targets


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_there_is_no_import_cycle():
    modules = _modules()
    graph = {name: _targets(path, modules) - {name, "reporter"} for name, path in modules.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in graph[node]:
            assert state.get(target) != 1, "import cycle: " + " -> ".join([*trail, node, target])
            if target not in state:
                visit(target, [*trail, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def test_no_stage_imports_a_later_one():
    modules = _modules()
    for name, path in modules.items():
        mine = _stage(name)
        if mine is None:
            continue
        for module in _targets(path, modules):
            theirs = _stage(module)
            if theirs is not None and theirs > mine:
                assert (name, module) in UPWARD_ALLOWED, f"{name} imports {module}, a later stage"


def test_render_imports_no_compute_function_but_the_site_model():
    for name, path in _modules().items():
        if not name.startswith("reporter.render"):
            continue
        for module, names in _imports(path):
            if not module.startswith("reporter.compute"):
                continue
            imported = importlib.import_module(module)
            for n in names:
                value = getattr(imported, n)
                assert not inspect.isfunction(value), f"{name} imports the compute function {module}.{n}"
