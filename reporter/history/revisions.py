"""The content at a git revision or in the working tree, with the places of its values and each project's baseline.

What `reporter diff BASE HEAD` and `reporter validate --base REV` compare: two versions of the whole
content, each able to say where a value sits (`locate`, for a file:line message or an annotation),
and the baseline plan each project is measured against (the baseline tag the plan names, else the
newest one, else the plan as first committed), as the site has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from reporter.content.loader import ContentFiles, check_files, paused_gc
from reporter.content.models import Content, Plan
from reporter.content.parsecache import SourceStore
from reporter.content.parsed import format_loc
from reporter.content.yamlsource import Path_, YamlProblem
from reporter.errors import ContentError, Problem, ReporterError, display_path
from reporter.history.gather import store_path
from reporter.history.repository import History, read_history


@dataclass(frozen=True)
class Revision:
    """The content at one revision (or the working tree), where its values are, and the projects' baselines."""

    label: str  # the revision as given, or 'the working tree'
    root: str  # the content folder as the user named it: 'content'
    content: Content
    files: ContentFiles = field(repr=False)
    baselines: dict[str, Plan] = field(default_factory=dict)

    def shown(self, path: str) -> str:
        """A content file as a message names it: 'content/projects/crm/plan.yaml'."""
        return f"{self.root}/{path}" if self.root not in ("", ".") else path

    def problem(self, path: str, keys: Path_, message: str, severity: str = "error", *, labelled: bool = True) -> Problem:
        """A Problem at a value of a content file, its message led by the value's path ('milestones[1].due: ...')."""
        line, col = self.locate(path, keys)
        label = format_loc(keys) if labelled else ""
        return Problem(self.shown(path), line, col, f"{label}: {message}" if label else message, severity)

    def locate(self, path: str, keys: Path_) -> tuple[int, int]:
        """The (line, col) of a value in a content file, or of its nearest ancestor; (1, 1) when unknown."""
        try:
            return self.files.source(path).position(keys)
        except (YamlProblem, OSError, KeyError):
            return (1, 1)


def content_at(content_dir: Path | str, rev: str | None) -> Revision:
    """The content at revision `rev` (a commit, tag or branch), or in the working tree when `rev` is None.

    Raises ReporterError when there is no such revision (or no git history for one) and ContentError
    when that version of the content does not validate."""
    content_dir = Path(content_dir)
    history = read_history(content_dir)
    store = SourceStore(store_path(history))
    with paused_gc():
        if rev is None:
            if not content_dir.is_dir():
                raise ReporterError(f"{display_path(content_dir)}: no such content folder")
            files = ContentFiles.from_folder(content_dir, store)
            label = "the working tree"
        else:
            try:
                state, _ = history.state_of(rev)
            except ValueError as exc:
                raise ReporterError(f"{rev}: {exc}") from None
            files = history.files(state, f"{display_path(content_dir)}@{rev}", store)
            label = rev
        content, problems = check_files(files)
    if content is None:
        raise ContentError([p for p in problems if p.severity == "error"])
    baselines = _baselines(history, content, store)
    store.save()
    return Revision(label, display_path(content_dir), content, files, baselines)


def _baselines(history: History, content: Content, store: SourceStore) -> dict[str, Plan]:
    if not history.available:
        return {}
    tags = history.baseline_tags() if history.repo is not None else {}
    plans = {}
    for project in content.projects:
        baseline = history.baseline(project.id, project.plan.baseline, tags)
        if baseline is None:
            continue
        try:
            source = store.source(baseline.blob, lambda blob=baseline.blob: history.read_blobs([blob])[blob])
            plans[project.id] = Plan.model_validate(source.data)
        except (YamlProblem, ValidationError, KeyError):
            continue  # a baseline that no longer validates is no baseline, as on the site
    return plans
