"""The build: real MkDocs builds of the mini and demo portfolios, the plugin, and the atomic swap."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from reporter.cli import main
from reporter.content.loader import load_content

from conftest import ROOT

TODAY = "2026-03-20"


def _build(*args: str) -> object:
    return CliRunner().invoke(main, ["build", "--content", "content", "--site", "site", "--today", TODAY, *args])


class _LiveMarkup(HTMLParser):
    """Collects what a browser would run: event-handler attributes, javascript: URLs, scripts that alert."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False
        self.in_title = False  # a <title> is text to a browser, whatever it holds

    def handle_starttag(self, tag, attrs):
        if self.in_title:
            return
        self.in_script = tag == "script"
        self.in_title = tag == "title"
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "img":
            self.found.append(f"<img {attrs}>")  # no update or plan text may bring an image in

    def handle_data(self, data):
        if self.in_script and "alert" in data:
            self.found.append(f"<script>{data}")

    def handle_endtag(self, tag):
        self.in_script = False
        if tag == "title":
            self.in_title = False


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_writes_every_page_with_names_statuses_and_dates(mini):
    result = _build()
    assert result.exit_code == 0, result.output
    assert result.stdout == "Site built: site/index.html\n"
    site = mini.parent / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Alpha Migration" in home and "Beta Launch" in home
    assert '<b class="rp-amber">▲ Amber</b>' in home  # alpha's latest update
    assert '<b class="rp-none">– none</b>' in home  # beta has no update
    assert "Cutover (2026-06-19)" in home and "Public launch (2026-09-30)" in home
    alpha = (site / "projects/alpha/index.html").read_text(encoding="utf-8")
    assert "done 7 days late" in alpha  # design due 2026-02-27, done 2026-03-06
    assert "Use the old platform one more quarter" in alpha  # the risk's plan B
    assert "<strong>vendor</strong>" in alpha  # the summary's Markdown is rendered
    for page in ["programs/core/index.html", "programs/growth/index.html", "weeks/index.html",
                 "weeks/2026-W10/index.html", "weeks/2026-W11/index.html", "assets/reporter.css"]:  # fmt: skip
        assert (site / page).is_file(), page
    # The feed, calendar and export are built with the site and linked from its home page.
    import feedparser
    import icalendar

    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert [e.title for e in feed.entries][:2] and not feed.bozo
    assert {e.link for e in feed.entries} == {"weeks/2026-W11/", "weeks/2026-W10/"}
    calendar = icalendar.Calendar.from_ical((site / "milestones.ics").read_bytes())
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == [
        "Alpha Migration: Cutover",
        "Alpha Migration: Design signed off",
        "Beta Launch: Public launch",
    ]
    assert '"organisation": "Example Org"' in (site / "data/portfolio.json").read_text(encoding="utf-8")
    for link in ('href="feed.xml"', 'href="milestones.ics"', 'href="data/portfolio.json"'):
        assert link in home
    # Projects are listed on program pages, not in the sidebar: the nav stays shallow.
    assert 'href="projects/alpha/index.html"' in home
    navs = re.findall(r"<nav\b.*?</nav>", home, re.S)
    assert navs and all("projects/alpha" not in nav for nav in navs)
    assert 'href="programs/core/index.html"' in "".join(navs)


def test_build_is_deterministic(mini):
    assert _build().exit_code == 0
    first = _tree_digest(mini.parent / "site")
    assert _build().exit_code == 0
    assert _tree_digest(mini.parent / "site") == first


def test_failed_build_on_bad_content_leaves_the_previous_site_byte_identical(mini):
    assert _build().exit_code == 0
    site = mini.parent / "site"
    before = _tree_digest(site)
    plan = mini / "projects/alpha/plan.yaml"
    plan.write_text(plan.read_text().replace("due: 2026-06-19", "due: 2026-06-31"))
    result = _build()
    assert result.exit_code == 1
    assert result.stdout == (
        "content/projects/alpha/plan.yaml:16:10: milestones[1].due: '2026-06-31' is not a date (YYYY-MM-DD)\n"
    )
    assert "the site was not changed" in result.stderr
    assert isinstance(result.exception, SystemExit)  # a message and exit 1, never a traceback
    assert _tree_digest(site) == before
    assert sorted(p.name for p in mini.parent.iterdir()) == ["content", "site"]  # no staging folder left


def test_failed_mkdocs_build_leaves_the_previous_site_byte_identical(mini):
    assert _build().exit_code == 0
    site = mini.parent / "site"
    before = _tree_digest(site)
    broken = mini.parent / "broken.yml"
    broken.write_text("site_name: x\ndocs_dir: nowhere\ntheme: {name: material}\nplugins: [reporter]\n")
    result = _build("--config", str(broken))
    assert result.exit_code == 1
    assert "the site was not built" in result.stderr
    assert _tree_digest(site) == before
    assert sorted(p.name for p in mini.parent.iterdir()) == ["broken.yml", "content", "site"]


def test_untrusted_text_never_reaches_a_page_as_live_markup(mini):
    update = mini / "projects/alpha/updates/2026-03-13.yaml"
    update.write_text(
        update.read_text()
        .replace(
            "summary: Build started; **vendor** slow to deliver test data.",
            "summary: |\n  Hi <script>alert(1)</script> <img src=x onerror=alert(2)>\n"
            '  [click](javascript:alert(3)) <a href="javascript:alert(4)">a</a>',
        )
        .replace("  - Test data from the vendor", '  - "<img src=x onerror=alert(5)> | [x](javascript:alert(6))"')
    )
    plan = mini / "projects/alpha/plan.yaml"
    plan.write_text(
        plan.read_text()
        .replace("name: Alpha Migration", 'name: "Alpha <b onclick=alert(7)>X</b>"')
        .replace("title: Vendor late", "title: Vendor late {onclick=alert(8)}")  # attr_list syntax
        .replace("name: Cutover", "name: 'Cutover {: onmouseover=alert(9) }'")
    )
    portfolio = mini / "portfolio.yaml"
    portfolio.write_text(portfolio.read_text().replace("name: Growth", "name: 'Growth <img src=x onerror=alert(10)>'"))
    assert _build().exit_code == 0
    for page in (mini.parent / "site").rglob("*.html"):
        live = _LiveMarkup()
        live.feed(page.read_text(encoding="utf-8"))
        assert live.found == [], page
    alpha = (mini.parent / "site/projects/alpha/index.html").read_text(encoding="utf-8")
    # Shown as the text it is (a browser decodes the entities), never run or linked.
    assert "<li>&lt;img src=x onerror=alert(5)&gt; &#124; &#91;x&#93;(javascript:alert(6))</li>" in alpha
    assert "Alpha &lt;b onclick=alert(7)&gt;X&lt;/b&gt;" in alpha


def test_the_plugin_under_a_real_mkdocs_build(mini):
    config = mini.parent / "mkdocs.yml"
    (mini.parent / "docs").mkdir()
    (mini.parent / "docs/about.md").write_text("# About\n\nHand-written.\n")
    config.write_text(
        "site_name: Mini\ntheme: {name: material}\n"
        f"plugins:\n  - reporter:\n      content_dir: content\n      report_date: {TODAY}\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", "out"],
        cwd=mini.parent,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    out = mini.parent / "out"
    assert "Alpha Migration" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "projects/beta/index.html").is_file()
    assert "Hand-written." in (out / "about/index.html").read_text(encoding="utf-8")


def test_the_plugin_watches_the_content_folder(mini):
    from mkdocs.config import load_config

    config_file = mini.parent / "mkdocs.yml"
    (mini.parent / "docs").mkdir()
    config_file.write_text("site_name: Mini\nplugins:\n  - reporter\n")
    config = load_config(str(config_file))
    config = config.plugins.on_config(config)
    assert str(mini.resolve()) in config.watch
    assert config.nav == [
        {"Home": "index.md"},
        {"Programs": [{"Core Systems": "programs/core.md"}, {"Growth": "programs/growth.md"}]},
        {"Weekly reports": "weeks/index.md"},
        {"People": "people/index.md"},
        {"Glossary": "glossary.md"},
    ]


def test_render_writes_markdown_pages_for_another_engine(mini):
    result = CliRunner().invoke(main, ["render", "--content", "content", "--out", "pages", "--today", TODAY])
    assert result.exit_code == 0, result.output
    pages = mini.parent / "pages"
    assert sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md")) == [
        "glossary.md",
        "index.md",
        "people/ada-byron.md",
        "people/alan-turing.md",
        "people/grace-hopper.md",
        "people/index.md",
        "programs/core.md",
        "programs/growth.md",
        "projects/alpha.md",
        "projects/beta.md",
        "summary.md",
        "weeks/2026-W10.md",
        "weeks/2026-W11.md",
        "weeks/index.md",
    ]
    assert (
        (pages / "projects/beta.md")
        .read_text(encoding="utf-8")
        .startswith('---\ntitle: "Beta Launch"\nhide:\n  - navigation\n---\n')
    )


def test_demo_site_lists_every_project_with_its_status(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates/pages", tmp_path / "site_templates/pages")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    content = load_content(tmp_path / "content")
    assert len(content.projects) >= 6
    assert len(content.portfolio.programs) >= 2
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    for project in content.projects:
        assert f'href="projects/{project.id}/index.html"' in home, project.id
        page = (tmp_path / f"site/projects/{project.id}/index.html").read_text(encoding="utf-8")
        if project.latest is not None:
            word = project.latest.status.value.capitalize()
            assert f'<b class="rp-{project.latest.status.value}">' in page and word in page
        for milestone in project.plan.milestones:
            assert milestone.due.isoformat() in page


def test_a_site_folder_that_would_destroy_something_else_is_refused(mini):
    root = mini.parent
    (root / "notes").mkdir()
    (root / "notes/keep.txt").write_text("mine")
    before = _tree_digest(root)
    for site, message in [
        ("content", "--site content would replace content; name a folder of its own"),
        (".", "would replace"),
        ("content/projects/site", "--site content/projects/site is inside the content folder"),
        ("notes", "notes exists and was not written by `reporter build`"),
    ]:
        result = CliRunner().invoke(main, ["build", "--content", "content", "--site", site, "--today", TODAY])
        assert result.exit_code == 1, site
        assert message in result.stderr, (site, result.stderr)
        assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert _tree_digest(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["content", "notes"]


def test_render_reports_on_the_day_mkdocs_yml_names(mini):
    (mini.parent / "mkdocs.yml").write_text(
        "site_name: Mini\nplugins:\n  - reporter:\n      report_date: 2026-03-16 10:00:00\n", encoding="utf-8"
    )  # a timestamp: its day is the report date
    result = CliRunner().invoke(main, ["render", "--out", "pages"])
    assert result.exit_code == 0, result.output
    assert "report date **2026-03-16**" in (mini.parent / "pages/index.md").read_text(encoding="utf-8")
