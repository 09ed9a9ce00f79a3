"""Generated pages converted on both cores before MkDocs reads them (`PageMemory.convert_apart`): the site is byte
for byte the one a serial build makes, on several build days; the page store holds the same entries; a warning a
child's conversion logs still fails a `--strict` build.

The portfolio is history_benchmark's (8 projects x 30 weekly updates, Fridays from 2024-12-06), a real git
repository with fixed dates and authors: 66 generated pages, 8 of them project pages and 30 week pages.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import sys

import pytest

from reporter.errors import ReporterError
from reporter.render.cache import ConvertedStore
from reporter.render.pages import templates_dir
from reporter.site import plugin
from reporter.site.build import build_site
from reporter.site.workers import ForkedWorkers, cores

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import history_benchmark  # noqa: E402

pytestmark = pytest.mark.usefixtures("only_this_thread")  # forks only where no other thread runs

LAST_FRIDAY = history_benchmark.START + dt.timedelta(days=7 * 29 + 4)  # 2025-06-27, the 30th update's day
# The day of the last updates, the Saturday, the Monday after (a new week, no update in it yet) and the Wednesday.
DAYS = [LAST_FRIDAY + dt.timedelta(days=n) for n in (0, 1, 3, 5)]
WAYS = min(cores(), 2)


class Counted(ForkedWorkers):
    """ForkedWorkers that note the pages each part was given (real processes); with `projects_apart`, the project
    pages are all given to the child, the other pages to this process."""

    shares: list[list[str]] = []
    projects_apart = False

    def __init__(self, min_items: int = 1, max_ways: int = 2) -> None:
        super().__init__(min_items=min_items, max_ways=2)

    def map(self, compute, parts):
        if Counted.projects_apart:
            pages = [file for part in parts for file in part]
            parts = [
                [f for f in pages if not f.src_uri.startswith("projects/")],
                [f for f in pages if f.src_uri.startswith("projects/")],
            ]
        Counted.shares = [[file.src_uri for file in part] for part in parts]
        return super().map(compute, parts)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("converted-in-parts") / "repo"
    history_benchmark.generate(root, 8, 30, 60)
    return root


def site_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def cold_build(root, site, day, monkeypatch, in_parts):
    """A build with no store (a clean clone's), its pages converted in parts or by MkDocs alone."""
    shutil.rmtree(root / ".git" / "reporter", ignore_errors=True)
    monkeypatch.setattr(plugin, "CONVERT_IN_PARTS", 1 if in_parts else 10**6)
    monkeypatch.setattr(plugin, "ForkedWorkers", Counted)
    Counted.shares = []
    build_site(root / "content", site, report_date=day)
    return ConvertedStore(root / ".git" / "reporter" / plugin.PAGE_STORE, "pages").entries


@pytest.mark.parametrize("day", DAYS)
def test_pages_converted_in_parts_make_the_serial_site(synthetic, tmp_path, monkeypatch, day):
    serial = cold_build(synthetic, tmp_path / "serial", day, monkeypatch, in_parts=False)
    assert Counted.shares == []  # below the threshold: no part, MkDocs converted every page
    in_parts = cold_build(synthetic, tmp_path / "parts", day, monkeypatch, in_parts=True)
    assert len(Counted.shares) == WAYS
    converted = sorted(src for share in Counted.shares for src in share)
    # Every generated page, each in one part: home, summary, glossary, the weeks' and people's indexes, 8 project
    # pages, 30 week pages, 5 program pages, 8 managers' and 10 owners' pages: 5 + 8 + 30 + 5 + 18 = 66.
    assert len(converted) == len(set(converted)) == len(serial) == 66
    assert sum(src.startswith("projects/") for src in converted) == 8
    assert sum(src.startswith("weeks/2") for src in converted) == 30
    assert sum(src.startswith("people/") and src != "people/index.md" for src in converted) == 18
    assert in_parts == serial  # the same HTML, contents, titles and anchors under the same keys
    assert site_files(tmp_path / "parts") == site_files(tmp_path / "serial")
    assert multiprocessing.active_children() == []


def test_a_warm_build_converts_nothing_apart(synthetic, tmp_path, monkeypatch):
    cold_build(synthetic, tmp_path / "first", DAYS[0], monkeypatch, in_parts=True)
    Counted.shares = []
    build_site(synthetic / "content", tmp_path / "second", report_date=DAYS[0])
    assert Counted.shares == []  # every page remembered: no fork
    assert site_files(tmp_path / "second") == site_files(tmp_path / "first")


@pytest.mark.parametrize("in_parts", [False, True])
def test_a_warning_in_a_childs_conversion_fails_a_strict_build(synthetic, tmp_path, monkeypatch, caplog, in_parts):
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir(), templates)
    project = templates / "project.md.j2"
    project.write_text(project.read_text(encoding="utf-8") + "\n[A page that is not there](nowhere.md)\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    config.write_text(
        f"site_name: Strict\ndocs_dir: docs\nplugins:\n  - reporter:\n      content_dir: {synthetic / 'content'}\n"
        f"      templates_dir: {templates}\n",
        encoding="utf-8",
    )
    shutil.rmtree(synthetic / ".git" / "reporter", ignore_errors=True)
    monkeypatch.setattr(plugin, "CONVERT_IN_PARTS", 1 if in_parts else 10**6)
    monkeypatch.setattr(plugin, "ForkedWorkers", Counted)
    monkeypatch.setattr(Counted, "projects_apart", True)  # the broken links are all on pages the child converts
    Counted.shares = []
    with pytest.raises(ReporterError, match="warning"):
        build_site(None, tmp_path / "site", config_file=config, report_date=DAYS[0], strict=True)
    assert len(Counted.shares) == (2 if in_parts else 0)
    assert not (tmp_path / "site").exists()  # nothing written
    # Each of the 8 project pages' warnings logged in this process, where MkDocs counts them.
    said = [r.getMessage() for r in caplog.records if "contains a link 'nowhere.md'" in r.getMessage()]
    assert sorted(said) == [
        f"Doc file 'projects/p00{i}.md' contains a link 'nowhere.md', but the target 'projects/nowhere.md' is not found "
        "among documentation files."
        for i in range(8)
    ]
