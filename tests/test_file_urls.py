"""The site from anywhere: folder links named as files (file://), the search index as a script, ordinary
file modes, and site_url under a path. Real builds of the mini portfolio; the browser tests open the demo
site from disk (tests/test_browser.py)."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.site.file_urls import file_link, page_folders, page_link_targets, page_links, search_index_script

TODAY = "2026-03-20"
FOLDERS = page_folders(["index.html", "projects/alpha/index.html", "weeks/index.html", "weeks/2026-W11/index.html", "404.html"])


def test_the_links_to_pages_in_blocks_of_html_are_listed_with_what_they_become():
    # From weeks/2026-W11.md: people/ada.md is a page of the site, people/bob.md is not; a link to a file
    # that is no page (a feed) and a link with a scheme are not made URLs, so they are not listed.
    urls = {"people/ada.md": "../../people/ada/"}
    block = (
        '<p><a href="../people/ada.md#asks">Ada</a>, <a href="../people/bob.md">Bob</a> and again '
        '<a href="../people/ada.md">Ada</a>; <a href="../feeds/all.xml">feed</a> <a href="https://x.org/a.md">x</a>'
        '<span dataxhref="../people/zed.md">not a link</span></p>'
    )
    assert page_link_targets(block, "weeks/2026-W11.md", urls.get) == [
        "../people/ada.md ../../people/ada/",
        "../people/bob.md -",
    ]
    # Each listed link is what `page_links` rewrites, to the URL listed.
    assert page_links(block, "weeks/2026-W11.md", urls.get).count('href="../../people/ada/') == 2
    assert page_link_targets("<p>no links</p>", "index.md", urls.get) == []


def test_page_folders_are_the_folders_of_index_pages():
    assert FOLDERS == {"", "projects/alpha", "weeks", "weeks/2026-W11"}


@pytest.mark.parametrize(
    ("href", "page", "expected"),
    [
        ("../../weeks/", "projects/alpha/index.html", "../../weeks/index.html"),
        (
            "../../weeks/2026-W11/#u-alpha-2026-03-13",
            "projects/alpha/index.html",
            "../../weeks/2026-W11/index.html#u-alpha-2026-03-13",
        ),
        ("../..", "projects/alpha/index.html", "../../index.html"),  # MkDocs' link home from two folders down
        ("..", "weeks/index.html", "../index.html"),
        (".", "index.html", "./index.html"),
        ("./", "weeks/index.html", "./index.html"),
        ("projects/alpha/?h=x#tasks", "index.html", "projects/alpha/index.html?h=x#tasks"),
        # Left as they are: files, fragments, other hosts and schemes, folders that are not pages.
        ("../../assets/reporter.css", "projects/alpha/index.html", "../../assets/reporter.css"),
        ("../../feeds/projects/alpha.xml", "projects/alpha/index.html", "../../feeds/projects/alpha.xml"),
        ("#tasks", "projects/alpha/index.html", "#tasks"),
        ("", "index.html", ""),
        ("https://example.org/status/", "index.html", "https://example.org/status/"),
        ("mailto:pm@example.org", "index.html", "mailto:pm@example.org"),
        ("/weeks/", "404.html", "/weeks/"),
        ("data/", "index.html", "data/"),
        ("../../projects/", "projects/alpha/index.html", "../../projects/"),
    ],
)
def test_a_folder_link_names_its_index_file(href, page, expected):
    assert file_link(href, page, FOLDERS) == expected


def test_the_search_index_script_names_index_files():
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "", "title": "Home", "text": "<p>x</p>"},
            {"location": "projects/alpha/#tasks", "title": "Tasks", "text": "</script>"},
            {"location": "about.html", "title": "About", "text": ""},
        ],
    }
    script = search_index_script(json.dumps(index))
    assert script.startswith("var __index = ") and "</script>" not in script and "<p>" not in script
    read = json.loads(script.removeprefix("var __index = "))
    assert [d["location"] for d in read["docs"]] == ["index.html", "projects/alpha/index.html#tasks", "about.html"]
    assert read["docs"][1]["text"] == "</script>"  # escaped in the script, the same text when read


def _build(tmp: Path, *config: str) -> Path:
    if config:
        (tmp / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
        (tmp / "docs").mkdir(exist_ok=True)
    args = ["build", "--content", "content", "--site", "site", "--today", TODAY]
    result = CliRunner().invoke(main, args + (["--config", "mkdocs.yml"] if config else []))
    assert result.exit_code == 0, result.output
    return tmp / "site"


_FOLDER_HREF = re.compile(r'href="(?![a-z]+:|/|#)([^"]*/|[^"]*\.\.?)(?:[?#][^"]*)?"')


def test_every_internal_link_of_a_built_page_names_a_file_that_exists(mini):
    site = _build(mini.parent)
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")  # a 404 page is served, never opened
    assert len(pages) >= 10
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _FOLDER_HREF.findall(html) == [], page
        for href in re.findall(r'href="([^"#?:]+)[^":]*"', html):
            assert (page.parent / href).resolve().is_file(), f"{page.relative_to(site)}: {href}"
            checked += 1
    assert checked > 100
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="projects/alpha/index.html"' in home
    assert re.search(r'<script src="assets/javascripts/iframe-worker.js"></script>', home)
    assert (site / "assets/javascripts/iframe-worker.js").read_text(encoding="utf-8").startswith("/*! iframe-worker 1.0.4")


def test_the_search_index_is_also_a_script_for_file_urls(mini):
    site = _build(mini.parent)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    script = (site / "search/search_index.js").read_text(encoding="utf-8")
    as_script = json.loads(script.removeprefix("var __index = "))
    assert len(as_script["docs"]) == len(index["docs"]) > 10
    # The JSON keeps the folder URLs a web server answers; the script names the files.
    assert {d["location"] for d in index["docs"]} >= {"", "projects/alpha/"}
    assert {d["location"] for d in as_script["docs"]} >= {"index.html", "projects/alpha/index.html"}
    assert all(not d["location"].split("#")[0].endswith("/") for d in as_script["docs"])


@pytest.mark.parametrize(("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640), (0o002, 0o775, 0o664)])
def test_the_site_has_the_modes_of_the_umask(mini, umask, folder, file):
    previous = os.umask(umask)
    try:
        site = _build(mini.parent)
    finally:
        os.umask(previous)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {folder}  # the site folder itself too (it was made private by mkdtemp: 0700)
    assert {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()} == {file}


def test_a_site_under_a_path_of_a_web_server_links_relatively_and_feeds_absolutely(mini):
    site = _build(
        mini.parent, "site_name: Mini", "site_url: https://example.org/status/", "plugins:", "  - search", "  - reporter"
    )
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/status/">' in home
    assert 'href="projects/alpha/index.html"' in home  # relative: the same from any path and from disk
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "https://example.org/status/projects/alpha/" in feed  # a feed reader needs the server's address


# --- tables that reflow on a phone ---------------------------------------------------------------


def test_a_built_project_table_has_its_cells_labelled(mini):
    site = _build(mini.parent)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<div class="rp-reflow">' in home and "markdown=" not in home
    # A row's first cell is its card's title, shown without a label; every other cell is named by its column.
    assert '<tr><td><a href="projects/alpha/index.html">Alpha Migration</a></td><td data-label="Reported">' in home
    assert '<td data-label="Next milestone">' in home
