"""The golden pages: what the site says for one fixture, compared with the committed expected pages.

After an intended change, run `.venv/bin/python tests/golden_pages.py` and review the diff (see there).
"""

from __future__ import annotations

from golden_pages import GOLDEN, render

HOW = "if the change is intended, run `.venv/bin/python tests/golden_pages.py` and review the diff"


def test_the_pages_are_the_golden_ones():
    pages = render()
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected), HOW
    for relative, text in sorted(pages.items()):
        assert text == (GOLDEN / relative).read_bytes().decode("utf-8"), f"{relative} differs: {HOW}"
