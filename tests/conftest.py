"""Shared fixtures: a small hand-made portfolio (tests/fixtures/mini) copied into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the mini portfolio; the working directory is its parent, so paths print as 'content/...'."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", target)
    monkeypatch.chdir(tmp_path)
    return target
