"""Git history of a content folder: every version of every file, snapshots at dates, baselines, freshness.

One `git log` along first parents (the main line as it was merged) lists every change to content/;
file contents are read from git's object database only when a snapshot needs them, and each distinct
blob is parsed once (see `reporter.content.parsecache`). Nothing here fails a build: without git, in a
shallow clone or on a detached HEAD it says once what it lacks and carries on with what there is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reporter.content.loader import ContentFiles, folder_of
from reporter.content.parsecache import SourceStore
from reporter.errors import ReporterError, excerpt

try:  # GitPython needs a git executable; without one we degrade like a folder outside git.
    import git
except ImportError:  # pragma: no cover - depends on the machine
    git = None  # type: ignore[assignment]

_LOG_FORMAT = "%x1e%H%x1f%ct%x1f%an"


@dataclass(frozen=True)
class Change:
    """One file changed by a commit; paths are relative to the content folder ('' when outside it)."""

    status: str  # A, M, D, R (renamed), C (copied), T (type changed)
    old_path: str
    path: str
    blob: str  # the new blob id; 40 zeros when deleted


@dataclass(frozen=True)
class Commit:
    """A commit on the main line that touched content/."""

    sha: str
    date: dt.datetime  # when it landed (committer date), in UTC
    author: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Freshness:
    """The last change to a project's files."""

    date: dt.datetime
    author: str
    sha: str


@dataclass(frozen=True)
class State:
    """The content at one moment: {folder: {path: blob id}} (see `loader.folder_of`), and a version
    number per folder that changes exactly when that folder's files do (None when not tracked)."""

    groups: dict[str, dict[str, str]]
    versions: dict[str, int] | None
    # folder -> (its file map in the previous state, the paths added since), where that is all that changed
    additions: dict[str, tuple[dict[str, str], tuple[str, ...]]] = field(default_factory=dict)

    def blob(self, path: str) -> str | None:
        """The blob id of a path, or None when the state has no such file."""
        return self.groups.get(folder_of(path), {}).get(path)


@dataclass(frozen=True)
class Baseline:
    """A version of a plan to compare against: from a tag, or the plan as first committed."""

    tag: str  # "" for the first committed version
    name: str
    date: dt.datetime
    sha: str
    blob: str


@dataclass(frozen=True)
class Rename:
    """A project folder renamed by a commit: the project's id changed from `old` to `new`."""

    date: dt.datetime
    old: str
    new: str


def current_id(renames: list[Rename], project_id: str, after: dt.datetime) -> str:
    """The id a project that had `project_id` at `after` has now, following every later rename in order."""
    for rename in renames:
        if rename.date > after and rename.old == project_id:
            project_id = rename.new
    return project_id


@dataclass
class History:
    """Every commit that changed the content folder, oldest first, and what the history lacks."""

    content_dir: Path
    commits: list[Commit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said once by the CLI: what history is missing and why
    repo: object | None = None  # the git.Repo, when there is one
    shallow: bool = False

    @property
    def available(self) -> bool:
        """True when there is at least one commit to read versions from."""
        return bool(self.commits)

    def state_at(self, moment: dt.datetime) -> State | None:
        """The content as of a moment; None before the first commit."""
        return next(self.states_at([moment]))

    def states_at(self, moments: Iterable[dt.datetime]) -> Iterator[State | None]:
        """The content as of each moment (sorted oldest first), in one pass over the history.

        Consecutive states share the file maps of the folders that did not change in between, each
        folder's version number changes exactly when its files do, and a folder that only gained
        files says which: the loader reuses or extends what it loaded instead of loading it again.
        Handed out one at a time, as the replay reaches each moment: two years of weekly states of 500
        projects, held all at once, are 90 MB of file maps that a loader needs one by one.
        """
        wanted = list(moments)
        replay = _Replay()
        at = 0
        for commit in self.commits:
            while at < len(wanted) and wanted[at] < commit.date:
                yield replay.state()
                at += 1
            for change in commit.changes:
                for path, blob in _effects(change):
                    replay.apply(path, blob)
        for _ in wanted[at:]:
            yield replay.state()

    def state_of(self, rev: str) -> tuple[State, dt.datetime]:
        """The content in the tree of a revision (a commit id, tag or branch), and that commit's date.

        Raises ValueError when the revision is unknown or there is no repository."""
        if self.repo is None:
            raise ValueError("there is no git repository to read a revision from")
        shown = excerpt(rev)
        if "@{" in rev:  # reflog entries differ from clone to clone: a site must not depend on them
            raise ValueError(f"'{shown}': reflog entries (@{{...}}) are not supported; name a commit, tag or branch")
        try:
            commit = self.repo.commit(rev)  # type: ignore[attr-defined]
        except (git.BadName, git.GitError, ValueError, LookupError, NotImplementedError) as exc:
            raise ValueError(f"'{shown}' is not a revision of this repository") from exc
        root = Path(self.repo.working_tree_dir).resolve()  # type: ignore[attr-defined]
        prefix = self.content_dir.relative_to(root).as_posix()
        when = commit.committed_datetime.astimezone(dt.UTC)
        try:
            tree = commit.tree if prefix == "." else commit.tree / prefix
        except KeyError:
            return State({}, None), when
        groups: dict[str, dict[str, str]] = {}
        for item in tree.traverse():
            if item.type == "blob":
                path = item.path[len(prefix) + 1 :] if prefix != "." else item.path
                groups.setdefault(folder_of(path), {})[path] = item.hexsha
        return State(groups, None), when

    def files(self, state: State, label: str, store: SourceStore | None = None) -> ContentFiles:
        """A snapshot's files for the loader; bytes come from git's object database, and only for blobs
        that `store` has not parsed before."""
        odb = self.repo.odb  # type: ignore[attr-defined]  # `repo` is held as object: GitPython is optional
        store = store if store is not None else SourceStore()

        def blob(path: str) -> str:
            found = state.blob(path)
            assert found is not None, path  # the loader reads only the paths the state lists
            return found

        def read(path: str) -> bytes:
            return odb.stream(bytes.fromhex(blob(path))).read()

        return ContentFiles(
            label,
            {group: files.keys() for group, files in state.groups.items()},
            read=read,
            key=state.blob,
            source=lambda path: store.source(blob(path), lambda: read(path)),
            tokens=state.versions,
            blob_maps=state.groups,
            additions=state.additions,
        )

    def until(self, moment: dt.datetime) -> History:
        """The history as it was at a moment: only the commits made by then (for `--as-of`)."""
        return dataclasses.replace(self, commits=[c for c in self.commits if c.date <= moment])

    def read_blobs(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """The bytes of many blobs through one `git cat-file --batch`, instead of a round trip each."""
        wanted = sorted(set(blobs))
        if not wanted or self.repo is None:
            return {}
        try:
            run = subprocess.run(
                ["git", "cat-file", "--batch"],
                cwd=self.repo.working_tree_dir,  # type: ignore[attr-defined]
                input="\n".join(wanted).encode() + b"\n",
                capture_output=True,
                check=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise ReporterError(f"git could not read the content's history ({exc})") from None
        out, found, at = run.stdout, {}, 0
        for blob in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if header[1] == b"missing":
                at = end + 1
                continue
            size = int(header[2])
            found[blob] = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1  # the content is followed by a newline
        return found

    def working_blobs(self) -> dict[str, str]:
        """{path under the content folder: blob id} of each tracked regular file that git's index says is
        unchanged on disk, so that the current content is keyed without reading and hashing every file.

        `git diff-files` names what differs on disk (it compares the bytes of an entry whose stat data
        cannot tell, git's own answer to a file changed within the second of its commit); those, the
        untracked files and symbolic links are left out, for the loader to hash as before. Empty when git
        may store other bytes than the working tree holds (line-ending or filter attributes, autocrlf),
        or on any error: then every file is hashed."""
        if self.repo is None or self.repo.working_tree_dir is None:  # type: ignore[attr-defined]
            return {}
        top = Path(self.repo.working_tree_dir).resolve()  # type: ignore[attr-defined]
        try:
            prefix = self.content_dir.relative_to(top).as_posix()
            prefix = "" if prefix == "." else prefix + "/"

            def git_out(*args: str) -> str:
                return subprocess.run(["git", *args], cwd=top, capture_output=True, check=True).stdout.decode()

            settings = subprocess.run(
                ["git", "config", "--get-regexp", r"^(core\.(autocrlf|eol|attributesfile)|filter\.)"],
                cwd=top,
                capture_output=True,
            )  # exit status 1: none set
            if settings.stdout.strip() or (Path(self.repo.git_dir) / "info" / "attributes").exists():  # type: ignore[attr-defined]
                return {}
            # An attributes file above the content folder applies to it too (those inside are in `staged`).
            above = [top, *(top / part for part in Path(prefix).parents if part != Path("."))] if prefix else [top]
            if any((folder / ".gitattributes").exists() for folder in above):
                return {}
            staged = git_out("ls-files", "-s", "-z", "--", prefix or ".").split("\0")
            changed = set(git_out("diff-files", "--name-only", "-z", "--", prefix or ".").split("\0"))
        except (OSError, ValueError, subprocess.CalledProcessError):
            return {}
        blobs = {}
        for entry in staged:
            meta, _, path = entry.partition("\t")
            if not path:
                continue
            if path.rsplit("/", 1)[-1] == ".gitattributes":
                return {}
            mode, blob, stage = meta.split(" ")
            if mode in ("100644", "100755") and stage == "0" and path not in changed and path.startswith(prefix):
                blobs[path[len(prefix) :]] = blob
        return blobs

    @functools.cached_property
    def _first_versions(self) -> dict[str, tuple[Commit, str]]:
        return self.first_versions()

    def first_versions(self) -> dict[str, tuple[Commit, str]]:
        """Each project's plan as first committed, following renames: {project id: (commit, blob id)}."""
        first: dict[str, tuple[Commit, str]] = {}
        by_path: dict[str, tuple[Commit, str]] = {}
        for commit in self.commits:
            for change in commit.changes:
                if not _is_plan(change.path):
                    continue
                if change.status in ("R", "C") and change.old_path in by_path:
                    by_path[change.path] = by_path[change.old_path]
                by_path.setdefault(change.path, (commit, change.blob))
        for path, found in by_path.items():
            first.setdefault(path.split("/")[1], found)
        return first

    def renames(self) -> list[Rename]:
        """Every project folder renamed on the main line, oldest first.

        A folder counts as renamed from `projects/A/` to `projects/B/` when a commit moves a file from one
        to the other (git's rename detection, `-M`) and A's plan.yaml goes away in that same commit: a
        `git mv` of the folder, even with the plan edited so much that git sees it deleted and added."""
        found: list[Rename] = []
        for commit in self.commits:
            gone = {
                _project_of(c.old_path if c.status == "R" else c.path)
                for c in commit.changes
                if c.status in ("R", "D") and _is_plan(c.old_path if c.status == "R" else c.path)
            }
            pairs = dict.fromkeys(
                (_project_of(c.old_path), _project_of(c.path))
                for c in commit.changes
                if c.status == "R" and _project_of(c.old_path) in gone
            )
            for old, new in pairs:
                if old and new and old != new:
                    found.append(Rename(commit.date, old, new))
        return found

    def baseline_tags(self) -> dict[str, list[Baseline]]:
        """Baselines set with tags `baseline/<project-id>` or `baseline/<project-id>@<name>` (and the older
        `baseline/<project-id>/<name>`, which git cannot keep beside `baseline/<project-id>`), newest first."""
        if self.repo is None:
            return {}
        root = Path(self.repo.working_tree_dir).resolve()  # type: ignore[attr-defined]
        prefix = self.content_dir.relative_to(root).as_posix()
        found: dict[str, list[Baseline]] = {}
        for tag in self.repo.tags:  # type: ignore[attr-defined]
            named = baseline_tag(tag.name)
            if named is None:
                continue
            project_id, name = named
            commit = tag.commit
            path = f"projects/{project_id}/plan.yaml" if prefix == "." else f"{prefix}/projects/{project_id}/plan.yaml"
            try:
                blob = (commit.tree / path).hexsha
            except KeyError:
                continue  # the tag is on a commit where this project has no plan
            when = commit.committed_datetime.astimezone(dt.UTC)
            found.setdefault(project_id, []).append(Baseline(tag.name, name, when, commit.hexsha, blob))
        for baselines in found.values():
            baselines.sort(key=lambda b: (b.date, b.tag), reverse=True)
        return found

    def baseline(
        self, project_id: str, name: str | None = None, tags: dict[str, list[Baseline]] | None = None
    ) -> Baseline | None:
        """The baseline of a project: the tag the plan names, else the newest baseline tag, else the plan
        as first committed; None when history has no version of the plan. `tags` saves reading the
        tags again when asking for many projects."""
        tagged = (self.baseline_tags() if tags is None else tags).get(project_id, [])
        if name:
            return next((b for b in tagged if b.name == name), None)
        if tagged:
            return tagged[0]
        first = self._first_versions.get(project_id)
        if first is None:
            return None
        commit, blob = first
        return Baseline("", "first committed version", commit.date, commit.sha, blob)

    def freshness(self) -> dict[str, Freshness]:
        """The last commit that changed each project's folder: {project id: Freshness}."""
        last: dict[str, Freshness] = {}
        for commit in self.commits:
            for change in commit.changes:
                for path in {change.path, change.old_path}:
                    parts = path.split("/")
                    if len(parts) >= 3 and parts[0] == "projects":
                        last[parts[1]] = Freshness(commit.date, commit.author, commit.sha)
        return last


def baseline_tag(tag: str) -> tuple[str, str] | None:
    """(project id, baseline name) of a baseline tag: `baseline/<id>` ('' for the name), `baseline/<id>@<name>`,
    or the older `baseline/<id>/<name>`; None for any other tag."""
    parts = tag.split("/")
    if parts[0] != "baseline" or len(parts) not in (2, 3):
        return None
    if len(parts) == 3:
        return parts[1], parts[2]
    project_id, _, name = parts[1].partition("@")  # '@' is in no id, so the first one ends it
    return project_id, name


def _project_of(path: str) -> str:
    """The project id of a path below projects/<id>/, else ''."""
    parts = path.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == "projects" else ""


def _is_plan(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "projects" and parts[2] == "plan.yaml"


def _effects(change: Change) -> list[tuple[str, str | None]]:
    """What a change does to the content's files: (path, new blob), None for a path that goes away."""
    effects: list[tuple[str, str | None]] = []
    if change.status == "R" and change.old_path:
        effects.append((change.old_path, None))
    if change.status == "D":
        effects.append((change.path, None))
    elif change.path:
        effects.append((change.path, change.blob))
    return effects


def read_history(content_dir: Path | str) -> History:
    """The history of a content folder, or an empty one with notes saying why and how to get it."""
    content_dir = Path(content_dir).resolve()
    history = History(content_dir)
    if git is None:
        history.notes.append("git is not installed: no baselines, trends or changes since last week")
        return history
    try:
        repo = git.Repo(content_dir, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        history.notes.append(
            f"{content_dir.name}/ is not in a git repository: no baselines, trends or changes since last week; "
            "commit it to git to get them"
        )
        return history
    history.repo = repo
    try:
        if not repo.head.is_valid():
            history.notes.append("the git repository has no commits yet: no history to report on")
            return history
        assert repo.working_tree_dir is not None  # found from content_dir, so the repository has a working tree
        prefix = content_dir.relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
        raw = repo.git.log(
            "--first-parent",
            "--diff-merges=first-parent",
            "--reverse",
            "--raw",
            "--no-abbrev",
            "-M",
            "--root",
            "-z",
            f"--format={_LOG_FORMAT}",
            "--",
            prefix if prefix != "." else ".",
            strip_newline_in_stdout=False,
        )
        history.shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    except git.GitCommandError as exc:
        history.notes.append(f"could not read git history ({exc.stderr.strip() or exc}); building without it")
        return history
    history.commits = parse_log(raw, "" if prefix == "." else prefix + "/")
    if history.shallow:
        since = history.commits[0].date.date().isoformat() if history.commits else "the last commit"
        history.notes.append(
            f"this is a shallow clone: history starts at {since}, so older baselines, trends and changes are "
            "missing; fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
        )
    try:
        if repo.head.is_detached:
            history.notes.append(f"HEAD is detached at {repo.head.commit.hexsha[:8]}: history is read up to that commit")
        # One `git status` (GitPython's is_dirty runs three git commands for the same answer).
        if repo.git.status("--porcelain", "--untracked-files=all", "--", prefix).strip():
            history.notes.append("content/ has uncommitted changes: they count as the current week")
    except (git.GitCommandError, ValueError) as exc:
        history.notes.append(f"could not tell whether content/ has uncommitted changes ({exc})")
    return history


def parse_log(raw: str, prefix: str) -> list[Commit]:
    """Parse `git log --raw -z --format=%x1e%H%x1f%ct%x1f%an` output; paths made relative to `prefix`."""
    commits = []
    for record in raw.split("\x1e"):
        if not record.strip("\n\0"):
            continue
        header, _, body = record.partition("\0")
        sha, stamp, author = header.split("\x1f")
        tokens = body.split("\0")
        changes = []
        i = 0
        while i < len(tokens):
            meta = tokens[i].lstrip("\n")
            if not meta.startswith(":"):
                i += 1
                continue
            fields = meta[1:].split(" ")
            blob, status = fields[3], fields[4][0]
            if status in ("R", "C"):
                old, new = tokens[i + 1], tokens[i + 2]
                i += 3
            else:
                old = new = tokens[i + 1]
                i += 2
            changes.append(Change(status, _relative(old, prefix), _relative(new, prefix), blob))
        when = dt.datetime.fromtimestamp(int(stamp), dt.UTC)
        commits.append(Commit(sha, when, author, tuple(changes)))
    return commits


def _relative(path: str, prefix: str) -> str:
    return path[len(prefix) :] if path.startswith(prefix) else ""


class _Replay:
    """The content folder rebuilt change by change, handing out a State whenever asked."""

    def __init__(self) -> None:
        self.groups: dict[str, dict[str, str]] = {}  # the live file maps
        self.frozen: dict[str, dict[str, str]] = {}  # the file maps of the last State, never changed
        self.versions: dict[str, int] = {}
        self.added: dict[str, list[str] | None] = {}  # per folder changed since: paths added, or None
        self.counter = 0

    def apply(self, path: str, blob: str | None) -> None:
        """One file added, changed (a blob) or removed (None)."""
        group = folder_of(path)
        files = self.groups.setdefault(group, {})
        added = self.added.setdefault(group, [])
        if blob is None or path in files:
            self.added[group] = None  # not only additions: the loader must look at the whole folder
        elif added is not None:
            added.append(path)
        if blob is None:
            files.pop(path, None)
            if not files:
                del self.groups[group]
        else:
            files[path] = blob
        self.counter += 1
        self.versions[group] = self.counter

    def state(self) -> State | None:
        """The state now, copying only the folders changed since the previous one; None before any file."""
        if not self.versions:
            return None
        additions: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {}
        for group, added in self.added.items():
            previous = self.frozen.get(group)
            if group in self.groups:
                self.frozen[group] = dict(self.groups[group])
            else:
                self.frozen.pop(group, None)
            if added is not None and previous is not None:
                additions[group] = (previous, tuple(added))
        self.added.clear()
        return State(dict(self.frozen), {g: self.versions[g] for g in self.frozen}, additions)
