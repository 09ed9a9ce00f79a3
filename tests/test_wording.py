"""One wording of each highlight: the home page, the week's page, the Atom feed and both digests say it alike."""

from __future__ import annotations

import datetime as dt
import html
import re

from click.testing import CliRunner

from reporter.cli import main
from reporter.compute.highlights import week_highlights
from reporter.content.loader import load_content
from reporter.render.wording import highlight_sections, plain_lines, status_label

ASK = "Ask: Escalate to the vendor's account manager (of Ada Byron)"
BLOCKER = "New blocker: Test data from the vendor"
MOVE = "Cutover: forecast moved +7 days, 2026-06-19 → 2026-06-26"


def _text(path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


def test_the_sections_of_the_mini_week_11(mini):
    h = week_highlights(load_content(mini), "2026-W11", dt.date(2026, 3, 13))
    sections = highlight_sections(h)
    assert [(s.title, [line.text for line in s.lines]) for s in sections] == [
        ("Needs attention", [BLOCKER, ASK]),
        ("Colour changes", ["✔ Green → ▲ Amber on 2026-03-13"]),
        ("Forecasts moved", [MOVE]),
    ]
    assert plain_lines(h)[0] == f"Needs attention: Alpha Migration: {BLOCKER}"
    assert status_label(None) == "– none"


def test_every_output_words_a_highlight_alike(mini):
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--today", "2026-03-13"]).exit_code == 0
    site = mini.parent / "site"
    digest = runner.invoke(main, ["weekly", "--today", "2026-03-13"])
    email = runner.invoke(main, ["weekly", "--today", "2026-03-13", "--format", "html"])
    outputs = {
        "home": _text(site / "index.html"),
        "week": _text(site / "weeks/2026-W11/index.html"),
        # The feed's content is HTML inside XML: escaped twice.
        "feed": html.unescape(html.unescape((site / "feed.xml").read_text(encoding="utf-8"))),
        "digest": digest.stdout,
        "email": " ".join(html.unescape(re.sub(r"<[^>]+>", " ", email.stdout)).split()),
    }
    for name, text in outputs.items():
        for wording in (f"Alpha Migration: {ASK}", f"Alpha Migration: {BLOCKER}", f"Alpha Migration: {MOVE}"):
            # The pages and the email put the project name in a link or in bold: the same words, tags aside.
            assert wording in text.replace("Alpha Migration :", "Alpha Migration:"), (name, wording)
