"""`reporter weekly`: the weekly digest for email or chat, from the site's own figures.

The mini portfolio (tests/fixtures/mini) in week 2026-W11 (Monday 2026-03-09 to Sunday 2026-03-15),
reported as of Friday 2026-03-13, worked out by hand:

- Alpha: Design (40 person-days) 100% and Build (120 person-days, 2026-03-02 to 2026-06-12, 75
  working days) 10% by the 2026-03-13 update: 40 + 12 = 52 of 160 person-days done = 32.5%, shown
  as 33%. Planned: Design 100% and Build 10 of 75 working days = 40 + 16 = 56 of 160 = 35%.
  PV = 35% of 100,000 = 35,000; EV = 32,500; AC = 36,000.50: SPI 0.9286 (0.93), CPI 0.9028 (0.90),
  so the computed colour is amber (CPI below 0.95), as reported: not flagged.
  The update of 2026-03-13 turns Alpha from green to amber, has a blocker and an ask of Ada Byron,
  and forecasts the cutover (due 2026-06-19) for 2026-06-26: at risk.
- Beta: no tasks, no update, starts 2026-04-01: not stale, nothing to compute against: green.
"""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.compute.highlights import week_highlights
from reporter.compute.site_model import site_model
from reporter.errors import ReporterError
from reporter.history.gather import gather
from reporter.render import display
from reporter.render.digest import build_digest, digest_dates, render_digest, week_page_url

from conftest import ROOT

D = dt.date


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _weekly(*args: str):
    return CliRunner().invoke(main, ["weekly", *args])


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the demo content (content/); the working directory is its parent."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    monkeypatch.chdir(tmp_path)
    return target


# --- which week, as of which day -----------------------------------------------------------------


def test_with_no_week_the_site_model_chooses_it():
    # No week: the current reporting week, which the site model knows (see the tests further down).
    assert digest_dates(None, None, D(2026, 11, 20)) == (None, D(2026, 11, 20))
    assert digest_dates(None, D(2026, 3, 13), D(2026, 11, 20)) == (None, D(2026, 3, 13))


def test_a_past_week_is_reported_as_of_its_sunday_unless_today_is_given():
    assert digest_dates("2026-W45", None, D(2026, 11, 20)) == ("2026-W45", D(2026, 11, 8))
    assert digest_dates("2026-W45", D(2026, 11, 20), D(2026, 11, 26)) == ("2026-W45", D(2026, 11, 20))
    # The current week (its Sunday not yet past) is reported as of the clock's day.
    assert digest_dates("2026-W47", None, D(2026, 11, 20)) == ("2026-W47", D(2026, 11, 20))
    assert digest_dates("2026-W47", None, D(2026, 11, 22)) == ("2026-W47", D(2026, 11, 22))
    assert digest_dates("2026-w47", None, D(2026, 11, 23)) == ("2026-W47", D(2026, 11, 22))


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("47", "--week: '47' is not a week; write it like 2026-W47"),
        ("2026-W99", "--week: '2026-W99' is not a week of 2026"),
        ("2025-W53", "--week: '2025-W53' is not a week of 2025"),  # 2025 has 52 ISO weeks (2026 has 53)
    ],
)
def test_a_bad_week_name(week, message):
    with pytest.raises(ReporterError) as raised:
        digest_dates(week, None, D(2026, 11, 20))
    assert str(raised.value) == message


# --- the mini portfolio, exactly -----------------------------------------------------------------

# Done vs planned: Alpha 52 and 56 of 160 person-days; Beta (no tasks) weighs its milestone's 131 working
# days (Apr 1 .. Sep 30), none done or planned by Mar 13: 52 / 291 = 17.9%, 56 / 291 = 19.2%.
MINI_W11 = """\
# Example Org · week 2026-W11, 2026-03-09 to 2026-03-15

Example status · report date 2026-03-13 · each project's figures as of its latest update

**Portfolio at a glance:** 2 projects · computed 1 ✔ Green, 1 ▲ Amber, 0 ✖ Red, 0 not assessed · 18% done vs 19% planned · SPI 0.93 · CPI 0.90

## Reported better than the evidence

None: no project reports a better colour than its figures give.

## This week

**Needs attention**

- Alpha Migration: New blocker: Test data from the vendor
- Alpha Migration: Ask: Escalate to the vendor's account manager (of Ada Byron)

**Colour changes**

- Alpha Migration: ✔ Green → ▲ Amber on 2026-03-13

**Forecasts moved**

- Alpha Migration: Cutover: forecast moved +7 days, 2026-06-19 → 2026-06-26

## Projects

| Project | Reported | Computed | Done vs planned | Figures as of | Next milestone |
| --- | --- | --- | --- | --- | --- |
| Alpha Migration | ▲ Amber | ▲ Amber | 33% of 35% | 2026-03-13 | Cutover (2026-06-19, at risk) |
| Beta Launch | – none | ✔ Green | 0% of 0% | 2026-03-13 | Public launch (2026-09-30) |
"""


def test_mini_markdown_digest_exactly(mini):
    result = _weekly("--week", "2026-W11", "--today", "2026-03-13")
    assert result.exit_code == 0, result.output
    assert result.stdout == MINI_W11


def test_mini_previous_week_milestone_and_thanks(mini):
    result = _weekly("--week", "2026-W10", "--today", "2026-03-08")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Example Org · week 2026-W10, 2026-03-02 to 2026-03-08"
    assert "- Alpha Migration: Design signed off on 2026-03-06, 7 days late" in lines  # due 2026-02-27
    assert "- Alpha Migration: Design approved by the board (reported by Grace Hopper)" in lines
    assert "| Alpha Migration | ✔ Green | ✔ Green | 29% of 30% | 2026-03-06 | Cutover (2026-06-19) |" in lines


def test_the_site_url_links_the_weeks_page(mini):
    result = _weekly("--week", "2026-W11", "--today", "2026-03-13", "--site-url", "https://status.example.org/team")
    assert result.exit_code == 0, result.output
    assert "Full report: <https://status.example.org/team/weeks/2026-W11/>" in result.stdout.splitlines()
    html = _weekly("--week", "2026-W11", "--today", "2026-03-13", "--format", "html", "--site-url", "https://status.example.org/")
    assert '<a href="https://status.example.org/weeks/2026-W11/" style="' in html.stdout


@pytest.mark.parametrize("url", ["javascript:alert(1)", "status.example.org", "https://x.org/a b", 'https://x.org/"><script>'])
def test_a_site_url_must_be_a_plain_http_url(mini, url):
    result = _weekly("--week", "2026-W11", "--today", "2026-03-13", "--site-url", url)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: --site-url '{url}' is not an http(s) URL such as https://status.example.org/\n"


def test_week_page_url():
    assert week_page_url("https://status.example.org", "2026-W47") == "https://status.example.org/weeks/2026-W47/"
    assert week_page_url(" http://h:8000/s/ ", "2026-W01") == "http://h:8000/s/weeks/2026-W01/"


def test_a_cancelled_project_is_listed_but_not_counted(mini):
    _replace(mini / "projects/beta/plan.yaml", "owner: Alan Turing\n", "owner: Alan Turing\nstate: cancelled\n")
    result = _weekly("--week", "2026-W11", "--today", "2026-03-13")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        "**Portfolio at a glance:** 1 project (1 cancelled, not counted) · computed 0 ✔ Green, 1 ▲ Amber, 0 ✖ Red, "
        "0 not assessed · 33% done vs 35% planned · SPI 0.93 · CPI 0.90"
    ) in lines
    assert "| Beta Launch (cancelled) | – none | not assessed | 0% of 0% | 2026-03-13 | Public launch (2026-09-30) |" in lines


# --- the demo portfolio, week 47 ------------------------------------------------------------------


def test_demo_week_47_markdown(demo):
    result = _weekly("--week", "2026-W47", "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Veldmark Logistics · week 2026-W47, 2026-11-16 to 2026-11-22"
    assert lines[2] == "Change portfolio status · report date 2026-11-20 · each project's figures as of its latest update"
    # Counted from the table: red customer-portal, ev-charging-depots; amber wms-migration, antwerp-racking
    # (its figures are taken at its last update, 2026-10-16, where SPI(t) is 0.96 and CPI 0.96; amber for
    # one overdue milestone and 35 days without an update); green yard-management, telematics-rollout; not
    # assessed e-invoicing (proposed), venlo-rooftop-solar (paused).
    assert lines[4].startswith(
        "**Portfolio at a glance:** 8 projects · computed 2 ✔ Green, 2 ▲ Amber, 2 ✖ Red, 2 not assessed · "
    )

    # The watermelons: customer-portal reports green (its 2026-11-20 update) but its figures are red.
    flagged = lines[lines.index("## Reported better than the evidence") + 2 : lines.index("## This week") - 1]
    assert [line.split("**")[1] for line in flagged] == ["Customer portal and live shipment tracking"]
    assert flagged[0].startswith("- **Customer portal and live shipment tracking**: reports ✔ Green, computes ✖ Red: ")
    assert "1 milestone is overdue" in flagged[0]
    assert (
        "| Customer portal and live shipment tracking | ✔ Green | ✖ Red ⚠ | 46% of 70% | 2026-11-20 "
        "| Beta live with five pilot customers (2026-10-30, overdue) |"
    ) in lines

    # From content/projects/*/updates/2026-11-20.yaml.
    # Worded as on the site (reporter.render.wording): "project: what".
    assert (
        "- WMS replacement, Venlo distribution centre: Steering committee approved the May go-live. (reported by Femke Dijkstra)"
        in lines
    )
    assert (
        "- Depot charging for electric trucks, Duisburg and Venlo: First Venlo charger mounted and cabled by Jana "
        "Wolters and Haverkamp Bau. (reported by Marco Bellandi)"
    ) in lines
    assert (
        "- Depot charging for electric trucks, Duisburg and Venlo: Ask: Approve change request CR-07 for EUR 186,000 "
        "(of Investment board (Margot Lindqvist); needed by 2026-12-09)"
    ) in lines
    assert (
        "- WMS replacement, Venlo distribution centre: Ask: Decide who has Jonas Vogel (ERP developer) from February "
        "to March (of Tobias Reinholt; needed by 2026-11-27)"
    ) in lines
    # Named in the update of 2026-11-13 already: still open, not new.
    assert (
        "- Depot charging for electric trucks, Duisburg and Venlo: Still blocked: Duisburg transformer station "
        "delayed to March 2027 (to unblock: Rheinkreis Netz; since 2026-10-07)"
    ) in lines
    # Raised 2026-11-19 in the plan of ev-charging-depots.
    assert (
        "- Depot charging for electric trucks, Duisburg and Venlo: New risk: "
        "The temporary connection limits Duisburg to three chargers at a time (probability 4, impact 2)"
    ) in lines
    # Due 27 Nov; the update of 20 Nov forecasts 19 Mar 2027: 112 days, 16 weeks late.
    assert (
        "- Depot charging for electric trucks, Duisburg and Venlo: Duisburg grid connection energised, "
        "due 2026-11-27, forecast 2027-03-19: 16 weeks late"
    ) in lines
    assert "- Yard management and dock scheduling, Tilburg: Carrier slot booking live, due 2026-11-27" in lines
    assert lines[lines.index("**No recent update**") + 2] == "- Racking and sprinkler renewal, Antwerp cross-dock"
    headings = [line for line in lines if line.startswith("**") and line.endswith("**")]
    assert headings == [
        "**Needs attention**",
        "**Forecasts moved**",
        "**Thanks to the teams**",
        "**Risks**",
        "**Due in the next 14 days**",
        "**No recent update**",
    ]
    table = lines[lines.index("## Projects") + 4 :]
    assert len(table) == 10 and all(row.startswith("| ") and row.endswith(" |") for row in table[:8])
    assert table[8:] == ["", "⚠ reports a better colour than its figures give."]


def test_the_digest_shows_the_sites_figures(demo):
    """The glance line and the rows are assess()'s figures through reporter.render.display, not figures of its own."""
    model = site_model(gather(demo, D(2026, 11, 20)))
    report = model.report
    digest = build_digest(model, "2026-W47")
    # A rendering of the site model: its report, and the highlights of the week's page.
    assert digest.report is report and digest.highlights is model.week("2026-W47").highlights
    assert digest.highlights == week_highlights(model.content, "2026-W47", D(2026, 11, 20))
    assert digest.highlights == report.highlights  # on the week's Friday, the home page reads the same
    p = report.portfolio
    glance = (
        f"{display.percent(p.percent_complete)} done vs {display.percent(p.planned_percent)} planned · "
        f"SPI {display.ratio(p.spi)} · CPI {display.ratio(p.cpi)}"
    )
    markdown = render_digest(digest, "md")
    assert glance in markdown
    for f in report.projects:
        cell = f"| {display.percent(f.progress.percent_complete)} of {display.percent(f.progress.planned_percent)} |"
        assert cell in next(line for line in markdown.splitlines() if line.startswith(f"| {f.name}"))
    assert render_digest(digest, "md") == markdown  # pure: the same digest renders the same text


def test_a_past_week_keeps_its_own_window(demo):
    # Reported as of 2026-11-20 but for week 45: highlights of 2026-11-02 to 2026-11-08 only.
    result = _weekly("--week", "2026-W45", "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "# Veldmark Logistics · week 2026-W45, 2026-11-02 to 2026-11-08"
    assert "Steering committee approved the May go-live." not in result.stdout  # a week-47 accomplishment


# --- HTML for email -------------------------------------------------------------------------------

_VOID = {"meta", "br", "hr", "img", "link", "input"}


class _Document(HTMLParser):
    """Checks the nesting of every tag and collects tags, attributes and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(document: str) -> _Document:
    parsed = _Document()
    parsed.feed(document)
    parsed.close()
    assert parsed.stack == [], f"unclosed: {parsed.stack}"
    return parsed


def test_demo_html_is_a_self_contained_email_document(demo):
    result = _weekly("--week", "2026-W47", "--today", "2026-11-20", "--format", "html")
    assert result.exit_code == 0, result.output
    document = result.stdout
    parsed = _parse(document)
    assert parsed.doctype == "DOCTYPE html"
    names = {tag for tag, _ in parsed.tags}
    assert names.isdisjoint({"script", "style", "link", "img", "iframe", "object", "font"})
    assert all("class" not in attrs and "id" not in attrs for _, attrs in parsed.tags)
    assert all(not key.startswith("on") for _, attrs in parsed.tags for key in attrs)
    # Every visible element carries its own style; every table its own cellpadding and border.
    styled = {"body", "table", "td", "th", "h1", "h2", "h3", "p", "ul", "li", "span", "a"}
    assert all("style" in attrs for tag, attrs in parsed.tags if tag in styled)
    tables = [attrs for tag, attrs in parsed.tags if tag == "table"]
    assert len(tables) == 2 and all("cellpadding" in t and "border" in t for t in tables)
    assert document.count("style=") > 100
    for forbidden in ("<style", "<script", "url(", "@import", "@font-face", "src="):
        assert forbidden not in document
    # Status chips: colour, icon and word, so they read without colour and in plain text.
    assert (
        '<span style="display:inline-block;padding:1px 8px;border-radius:10px;font-weight:bold;white-space:nowrap;'
        'background-color:#cf222e;color:#ffffff;">✖&nbsp;Red</span>'
    ) in document
    text = "".join(parsed.text).replace("\xa0", " ")
    assert "computed 2 ✔ Green, 2 ▲ Amber, 2 ✖ Red, 2 not assessed" in text
    assert "Customer portal and live shipment tracking: reports ✔ Green, computes ✖ Red: " in text
    assert "Approve change request CR-07 for EUR 186,000 (of Investment board (Margot Lindqvist); needed by 2026-12-09)" in text
    assert (
        "WMS replacement, Venlo distribution centre: Steering committee approved the May go-live. (reported by Femke Dijkstra)"
        in text
    )
    title = document[document.index("<title>") + 7 : document.index("</title>")]
    assert title == "Veldmark Logistics · week 2026-W47, 2026-11-16 to 2026-11-22"


# --- untrusted text -------------------------------------------------------------------------------


def test_user_text_stays_literal_in_both_formats(mini):
    update = mini / "projects/alpha/updates/2026-03-13.yaml"
    _replace(update, "summary: Build started;", "summary: <script>alert(1)</script> Build started;")
    _replace(update, "blockers:", "accomplishments:\n  - <script>alert(1)</script> shipped\nblockers:")
    _replace(update, "  - Test data from the vendor", "  - '<img src=x onerror=alert(2)> [link](javascript:x)'")
    _replace(mini / "projects/alpha/plan.yaml", "name: Alpha Migration", "name: 'Alpha | *Migration* & _co_'")

    md = _weekly("--week", "2026-W11", "--today", "2026-03-13")
    assert md.exit_code == 0, md.output
    assert "<script" not in md.stdout and "<img" not in md.stdout
    lines = md.stdout.splitlines()
    name = "Alpha &#124; &#42;Migration&#42; &amp; &#95;co&#95;"
    assert f"- {name}: &lt;script&gt;alert(1)&lt;/script&gt; shipped (reported by Grace Hopper)" in lines
    assert f"- {name}: New blocker: &lt;img src=x onerror=alert(2)&gt; &#91;link&#93;(javascript:x)" in lines
    assert f"| {name} | ▲ Amber | ▲ Amber | 33% of 35% | 2026-03-13 | Cutover (2026-06-19, at risk) |" in lines

    html = _weekly("--week", "2026-W11", "--today", "2026-03-13", "--format", "html")
    assert html.exit_code == 0, html.output
    assert "<script" not in html.stdout and "<img" not in html.stdout
    assert (
        '<li style="margin:0 0 4px 0;"><strong>Alpha | *Migration* &amp; _co_</strong>: &lt;script&gt;alert(1)&lt;/script&gt; '
        "shipped (reported by Grace Hopper)</li>"
    ) in html.stdout
    assert "&lt;img src=x onerror=alert(2)&gt; [link](javascript:x)</li>" in html.stdout
    parsed = _parse(html.stdout)
    assert {tag for tag, _ in parsed.tags}.isdisjoint({"script", "img"})


# --- errors and --out -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2026-W99", "Error: --week: '2026-W99' is not a week of 2026\n"),
        ("W11", "Error: --week: 'W11' is not a week; write it like 2026-W47\n"),
    ],
)
def test_a_bad_week_exits_1_with_a_message(mini, week, message):
    result = _weekly("--week", week, "--today", "2026-03-13")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert result.stdout == ""
    assert result.stderr == message


def test_a_week_without_updates_exits_1(mini):
    result = _weekly("--week", "2026-W12", "--today", "2026-03-20")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no update is dated in week 2026-W12 (2026-03-16 to 2026-03-20); "
        "the newest update before it is dated 2026-03-13 (week 2026-W11)\n"
    )
    early = _weekly("--week", "2026-W12", "--today", "2026-03-13")
    assert early.exit_code == 1
    assert early.stderr == "Error: week 2026-W12 starts on 2026-03-16, after the report date 2026-03-13; nothing to report yet\n"
    before = _weekly("--week", "2026-W01", "--today", "2026-01-04")
    assert before.exit_code == 1
    assert before.stderr == "Error: no update is dated in week 2026-W01 (2025-12-29 to 2026-01-04)\n"


def test_content_problems_are_listed_like_validate(mini):
    _replace(mini / "projects/alpha/plan.yaml", "budget: 100000", "budjet: 100000")
    result = _weekly("--week", "2026-W11", "--today", "2026-03-13")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "content/projects/alpha/plan.yaml:7:1: budjet: unknown field 'budjet'; did you mean 'budget'?\n"
        "Error: 1 problem(s) in the content; run `reporter validate`\n"
    )


def test_out_writes_the_file(mini):
    printed = _weekly("--week", "2026-W11", "--today", "2026-03-13", "--format", "html")
    result = _weekly("--week", "2026-W11", "--today", "2026-03-13", "--format", "html", "--out", "mail/digest.html")
    assert result.exit_code == 0, result.output
    assert result.stdout == "mail/digest.html\n"
    assert (mini.parent / "mail/digest.html").read_text(encoding="utf-8") == printed.stdout
    markdown = _weekly("--week", "2026-W11", "--today", "2026-03-13", "--out", "digest.md")
    assert markdown.exit_code == 0
    assert (mini.parent / "digest.md").read_text(encoding="utf-8") == MINI_W11


def test_out_into_a_file_that_cannot_be_written(mini):
    (mini.parent / "taken").write_text("a file, not a folder", encoding="utf-8")
    result = _weekly("--week", "2026-W11", "--today", "2026-03-13", "--out", "taken/digest.md")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: taken/digest.md: ")


def test_render_digest_refuses_an_unknown_format(mini):
    digest = build_digest(site_model(gather(mini, D(2026, 3, 13))), "2026-W11")
    with pytest.raises(ValueError):
        render_digest(digest, "pdf")


# --- the default week on every day of the week ---------------------------------------------------


@pytest.mark.parametrize("day", range(16, 23))  # Monday 16 to Sunday 22 March, week 2026-W12: no update yet
def test_with_no_week_the_digest_is_the_newest_reporting_week(mini, day):
    result = _weekly("--today", f"2026-03-{day}")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "# Example Org · week 2026-W11, 2026-03-09 to 2026-03-15"


def test_this_and_last_week(mini):
    assert digest_dates("last", D(2026, 3, 18), D(2026, 11, 20)) == ("2026-W11", D(2026, 3, 18))
    assert digest_dates("this", D(2026, 3, 18), D(2026, 11, 20)) == ("2026-W12", D(2026, 3, 18))
    last = _weekly("--week", "last", "--today", "2026-03-18")
    assert last.exit_code == 0 and last.stdout.startswith("# Example Org · week 2026-W11, ")
    this = _weekly("--week", "this", "--today", "2026-03-18")
    assert this.exit_code == 1
    assert "no update is dated in week 2026-W12 (2026-03-16 to 2026-03-18)" in this.stderr


def test_the_demo_digest_needs_no_options(demo):
    # Like `reporter build`, `weekly` reads the report date the demo's mkdocs.yml sets (2026-11-20).
    shutil.copy(ROOT / "mkdocs.yml", demo.parent / "mkdocs.yml")
    result = _weekly()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Veldmark Logistics · week 2026-W47, 2026-11-16 to 2026-11-22"
    assert lines[2] == "Change portfolio status · report date 2026-11-20 · each project's figures as of its latest update"
