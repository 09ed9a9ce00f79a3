"""What was sent already: a git note per kind of message and week, so a rerun of the same week sends nothing twice.

The notes live under `refs/notes/reporter-notify` of the content's repository, one note per
(kind, week), attached to the id git gives the text "reporter <kind> <week>" (that object need not
exist: a note may annotate any id). Each line of a note is "<channel id> <UTC time sent>", added as
each channel succeeds, so a run that failed for one channel sends only to that one when it is run
again. CI fetches the notes before `reporter notify` and pushes them after it:

    git fetch origin refs/notes/reporter-notify:refs/notes/reporter-notify || true
    git push origin refs/notes/reporter-notify

A note is never part of the content and no build reads it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

NOTES_REF = "refs/notes/reporter-notify"


class MarkerUnavailable(Exception):
    """The content is not in a git repository (or git fails), so nothing can be remembered."""


class SentMarks:
    """The channels each (kind, week) was sent to, kept as git notes in the repository at `root`."""

    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def of(cls, content_dir: Path) -> SentMarks:
        """The marks of the git repository holding `content_dir`; MarkerUnavailable outside one."""
        try:
            top = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"], cwd=content_dir, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            raise MarkerUnavailable(f"{content_dir} is not in a git repository") from None
        return cls(Path(top))

    def sent(self, kind: str, week: str) -> dict[str, str]:
        """{channel id: when it was sent} for a kind of message and a week."""
        run = self._git("notes", "--ref", NOTES_REF, "show", self._key(kind, week), check=False)
        if run.returncode != 0:
            return {}
        marks = {}
        for line in run.stdout.splitlines():
            channel, _, when = line.partition(" ")
            if channel:
                marks[channel] = when.strip()
        return marks

    def mark(self, kind: str, week: str, channel: str, when: str) -> None:
        """Remember that `channel` was sent the `kind` of `week` at `when` (an ISO time)."""
        key = self._key(kind, week)
        earlier = self._git("notes", "--ref", NOTES_REF, "show", key, check=False)
        lines = (earlier.stdout if earlier.returncode == 0 else "") + f"{channel} {when}\n"
        self._git("notes", "--ref", NOTES_REF, "add", "--force", "--file", "-", key, stdin=lines)

    def _key(self, kind: str, week: str) -> str:
        return self._git("hash-object", "--stdin", stdin=f"reporter {kind} {week}\n").stdout.strip()

    def _git(self, *args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        # A note needs a committer even where git has no identity configured (a CI runner).
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": os.environ.get("GIT_AUTHOR_NAME", "reporter"),
            "GIT_AUTHOR_EMAIL": os.environ.get("GIT_AUTHOR_EMAIL", "reporter@localhost"),
            "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", "reporter"),
            "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", "reporter@localhost"),
        }
        try:
            run = subprocess.run(["git", *args], cwd=self.root, input=stdin, capture_output=True, text=True, env=env)
        except OSError as exc:
            raise MarkerUnavailable(f"git cannot run: {exc.strerror or exc}") from None
        if check and run.returncode != 0:
            raise MarkerUnavailable(f"git {args[0]} failed: {run.stderr.strip() or run.returncode}")
        return run
