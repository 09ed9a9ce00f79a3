"""The golden page set: the pages rendered from one fixture, committed under tests/golden/, compared in a test.

The fixture is the mini portfolio (tests/fixtures/mini) committed to a fresh git repository in two
weeks, as a team would (Friday's updates merged on Monday), and rendered as of Wednesday 18 March
2026. After an intended change to what the pages say, regenerate the expected pages and review the
diff before committing it:

    .venv/bin/python tests/golden_pages.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
REPORT_DATE = dt.date(2026, 3, 18)


def render() -> dict[str, str]:
    """Every page and data file of the golden fixture, {relative path: text}."""
    sys.path.insert(0, str(HERE))
    from reporter.site.pipeline import make_site

    from conftest import GitRepo

    with tempfile.TemporaryDirectory(prefix="reporter-golden-") as folder:
        repo = GitRepo(Path(folder) / "repo")
        shutil.copytree(HERE / "fixtures/mini", repo.root / "content")
        updates = repo.root / "content/projects/alpha/updates"
        second = (updates / "2026-03-13.yaml").read_text(encoding="utf-8")
        (updates / "2026-03-13.yaml").unlink()
        plan = repo.root / "content/projects/alpha/plan.yaml"
        moved = plan.read_text(encoding="utf-8").replace("due: 2026-06-19", "due: 2026-07-03")
        repo.commit("Plans and the first update", "2026-03-09T09:00:00+00:00", "Grace Hopper")
        repo.commit(
            "Update of Friday 13 March, cutover moved", "2026-03-16T09:00:00+00:00", "Ada Byron",
            {"content/projects/alpha/updates/2026-03-13.yaml": second, "content/projects/alpha/plan.yaml": moved},
        )  # fmt: skip
        return make_site(repo.root / "content", REPORT_DATE).pages


def regenerate() -> None:
    """Write the expected pages anew (after an intended change)."""
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for relative, text in sorted(render().items()):
        target = GOLDEN / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))  # as it is: the calendar has CRLF line ends
    print(f"golden pages written to {GOLDEN}")


if __name__ == "__main__":
    regenerate()
