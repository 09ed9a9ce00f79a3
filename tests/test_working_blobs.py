"""The current content keyed by git's index: what the index vouches for is not read, and every change on
disk (edited, added, deleted, edited within the second of the commit) is seen exactly as a plain load sees it."""

from __future__ import annotations

import datetime as dt
import shutil

from reporter.content.loader import load_content
from reporter.history.gather import gather
from reporter.history.repository import read_history

UPDATES = "content/projects/alpha/updates"


def _plain(repo, tmp_path):
    """The content loaded as a plain folder (no git, no store): what the build must see."""
    copy = tmp_path / "plain"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(repo.root / "content", copy / "content")
    return load_content(copy / "content")


def test_the_index_keys_unchanged_files_and_leaves_changed_ones_to_be_hashed(repo):
    repo.commit("Plan", "2026-03-06T17:00:00+00:00")
    blobs = read_history(repo.root / "content").working_blobs()
    tracked = repo.git("ls-files", "-s", "content/portfolio.yaml").split()[1]
    assert blobs["portfolio.yaml"] == tracked
    old = (repo.root / f"{UPDATES}/2026-03-06.yaml").read_text()
    # Same length, written at once after the commit (within its second): only the bytes tell.
    repo.write({f"{UPDATES}/2026-03-06.yaml": old.replace("status: green", "status: amber")})
    repo.write({f"{UPDATES}/2026-03-20.yaml": "date: 2026-03-20\nauthor: G\nstatus: red\nsummary: Late.\n"})
    blobs = read_history(repo.root / "content").working_blobs()
    assert "projects/alpha/updates/2026-03-06.yaml" not in blobs  # modified: hashed by the loader
    assert "projects/alpha/updates/2026-03-20.yaml" not in blobs  # untracked
    assert blobs["portfolio.yaml"] == tracked


def test_uncommitted_edits_additions_and_deletions_are_seen_as_a_plain_load_sees_them(repo, tmp_path):
    repo.commit("Plan", "2026-03-06T17:00:00+00:00")
    warm = gather(repo.root / "content", dt.date(2026, 3, 20))  # fills the parse store with every blob
    assert warm.content == _plain(repo, tmp_path)
    old = (repo.root / f"{UPDATES}/2026-03-06.yaml").read_text()
    repo.write({f"{UPDATES}/2026-03-06.yaml": old.replace("status: green", "status: amber")})  # same second
    repo.write({f"{UPDATES}/2026-03-20.yaml": "date: 2026-03-20\nauthor: G\nstatus: red\nsummary: Late.\n"})
    repo.write({f"{UPDATES}/2026-03-13.yaml": None})
    for day in (dt.date(2026, 3, 20), dt.date(2026, 3, 21), dt.date(2026, 3, 23)):  # Friday, Saturday, Monday
        data = gather(repo.root / "content", day)
        assert data.content == _plain(repo, tmp_path)
        alpha = data.content.projects[0]
        assert [(u.date.isoformat(), u.status.value) for u in alpha.updates] == [
            ("2026-03-06", "amber"),
            ("2026-03-20", "red"),
        ]
    repo.commit("All of it", "2026-03-20T18:00:00+00:00")
    assert gather(repo.root / "content", dt.date(2026, 3, 23)).content == _plain(repo, tmp_path)


def test_line_ending_settings_turn_the_index_off(repo):
    repo.commit("Plan", "2026-03-06T17:00:00+00:00")
    repo.git("config", "core.autocrlf", "input")
    assert read_history(repo.root / "content").working_blobs() == {}


def test_an_attributes_file_above_the_content_folder_turns_the_index_off(repo):
    repo.commit("Plan", "2026-03-06T17:00:00+00:00")
    assert "portfolio.yaml" in read_history(repo.root / "content").working_blobs()
    (repo.root / ".gitattributes").write_text("*.yaml text eol=crlf\n")  # untracked, and still in force
    assert read_history(repo.root / "content").working_blobs() == {}
