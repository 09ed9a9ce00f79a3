"""Shared fixtures: a small hand-made portfolio (tests/fixtures/mini) copied into a temporary folder."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def guard_never_reached(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Fail any test in which the CLI's last-resort guard catches an exception: whatever a user can do
    must end as a message of its own, so reaching the guard is a bug (only tests marked
    `internal_error` reach it on purpose)."""
    import reporter.cli

    caught: list[BaseException] = []
    monkeypatch.setattr(reporter.cli, "internal_error_reached", caught.append)
    yield
    if not request.node.get_closest_marker("internal_error") and caught:
        pytest.fail(f"the CLI's last-resort guard was reached: {caught[0]!r}", pytrace=False)


@pytest.fixture
def only_this_thread() -> None:
    """Wait (at most 10 s) until no thread but this one runs, or fail naming those that do.

    Work is split over forked processes only while no other thread runs (`reporter.site.workers`), so a test
    of the split needs the threads that earlier tests left behind (a server's, a browser's connections) gone;
    otherwise it would test nothing but the refusal to fork."""
    deadline = time.monotonic() + 10
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    others = [thread.name for thread in threading.enumerate() if thread is not threading.current_thread()]
    if others:
        pytest.fail(f"threads left running by an earlier test: {', '.join(others)}", pytrace=False)


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the mini portfolio; the working directory is its parent, so paths print as 'content/...'."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", target)
    monkeypatch.chdir(tmp_path)
    return target


class GitRepo:
    """A real temporary git repository whose commits have fixed dates and authors."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2026-01-01T12:00:00+00:00", author: str = "Test Author") -> str:
        import os
        import subprocess

        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "author@example.org",
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": "author@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_SYSTEM": "/dev/null",
        }
        run = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True)
        return run.stdout

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or, for None, delete) files below the repository."""
        for path, text in files.items():
            target = self.root / path
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str, author: str = "Test Author", files: dict[str, str | None] | None = None) -> str:
        """Write `files`, stage everything and commit at `date` (ISO 8601); returns the commit id."""
        self.write(files or {})
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date, author=author)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """An empty git repository holding a copy of the mini portfolio under content/, not yet committed."""
    repository = GitRepo(tmp_path / "repo")
    shutil.copytree(FIXTURES / "mini", repository.root / "content")
    return repository
