"""The Atom feed, the milestone calendar and the JSON export, read back by independent parsers.

The example portfolio (report date Friday 2026-11-20, ISO week 2026-W47; working days Monday to Friday):

- alpha: budget 10000, one task Mon 2026-11-02 to Fri 2026-11-27 = 20 working days, effort 20.
  By 2026-11-20, 15 working days have passed: planned 15/20 = 75%. The update of 2026-11-19 says
  60%: PV = 7500, EV = 6000, SPI = 6000 / 7500 = 0.8; AC = 5000, CPI = 6000 / 5000 = 1.2.
  ES = 12 (the plan reaches 60% at the end of working day 12), AT = 15, SPI(t) = 12 / 15 = 0.8:
  below 0.85, so computed red while the team reports green (the flag is set).
  EAC = BAC / CPI = 8333.33; EAC combined = 5000 + 4000 x 5000 x 7500 / 6000^2 = 9166.67.
- beta (the nasty name): no budget, one task Mon 2026-11-02 to Fri 2026-12-11 = 30 working days,
  no effort, so it weighs 30 person-days; 15 passed: planned 50%, reported 20%: SPI = 6 / 15 = 0.4.
- the portfolio: weight done 60% x 20 + 20% x 30 = 18 of 50 = 36%; planned 15 + 15 = 30 of 50 = 60%.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import feedparser
import icalendar
import jsonschema
import pytest

from reporter.compute.report import assess
from reporter.compute.trends import project_trends, week_colours
from reporter.compute.weekly import reporting_weeks
from reporter.content.models import Content, Milestone, Plan, Portfolio, Program, Project, Risk, Task, Update
from reporter.render import export
from reporter.render.export import export_schema, portfolio_json
from reporter.render.feeds import (
    CalendarMilestone,
    FeedEntry,
    FeedUpdate,
    atom_feed,
    calendar_milestones,
    feed_entries,
    milestone_calendar,
)

D = dt.date
NASTY = '<script>alert(1)</script> & "quotes"'
BETA = f"Beta {NASTY}"
TODAY = D(2026, 11, 20)
GENERATED = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC)
SITE = "https://example.org/status"
ATOM = "{http://www.w3.org/2005/Atom}"


def make_content() -> Content:
    portfolio = Portfolio(
        organisation="Acme & Co",
        currency="EUR",
        programs=[Program(id="core", name="Core", owner="Dana")],
    )
    alpha = Project(
        "alpha",
        Plan(
            name="Alpha",
            program="core",
            owner="Ann",
            sponsor="Sam",
            start=D(2026, 11, 2),
            finish=D(2026, 11, 27),
            budget=Decimal(10000),
            milestones=[
                Milestone(id="design", name="Design signed off", due=D(2026, 11, 13), done=D(2026, 11, 12)),
                Milestone(id="launch", name="Launch", due=D(2026, 11, 27), description="Live for all users."),
            ],
            tasks=[Task(id="build", name="Build", start=D(2026, 11, 2), finish=D(2026, 11, 27), effort=20)],
            risks=[
                Risk(id="vendor", title="Vendor late", probability=3, impact=4, owner="Ann"),
                Risk(id="budget-cut", title="Budget cut", probability=4, impact=4),
                Risk(id="old", title="Old news", probability=5, impact=5, status="closed"),
            ],
        ),
        (
            Update(
                date=D(2026, 11, 12),
                author="Ann",
                status="green",
                summary="Design done.",
                progress={"build": 30},
                actual_cost=Decimal(2000),
            ),
            Update(
                date=D(2026, 11, 19),
                author="Ann",
                status="green",
                summary="Building.\nOn track.",
                progress={"build": 60},
                actual_cost=Decimal(5000),
                forecasts={"launch": D(2026, 12, 4)},
            ),
            # after the report date: ignored everywhere
            Update(date=D(2026, 11, 25), author="Ann", status="amber", summary="Future.", progress={"build": 90}),
        ),
    )
    beta = Project(
        "beta",
        Plan(
            name=BETA,
            program="core",
            owner="Bob",
            start=D(2026, 11, 2),
            finish=D(2026, 12, 11),
            milestones=[Milestone(id="go-live", name="Go; live, now\\ok", due=D(2026, 11, 18))],
            tasks=[Task(id="t1", name="T1", start=D(2026, 11, 2), finish=D(2026, 12, 11))],
        ),
        (
            Update(date=D(2026, 11, 10), author="Bob", status="amber", summary="Slow.", progress={"t1": 10}),
            Update(
                date=D(2026, 11, 18),
                author="Bob",
                status="red",
                summary=f"Trouble {NASTY}",
                progress={"t1": 20},
                blockers=["Waiting on <b>legal</b>"],
                asks=[{"text": "More people", "of": "CFO", "by": "2026-11-30"}],
            ),
        ),
    )
    return Content(portfolio, (alpha, beta))


@pytest.fixture(scope="module")
def content() -> Content:
    return make_content()


@pytest.fixture(scope="module")
def report(content):
    return assess(content, TODAY)


def feed_of(content: Content, site_url: str = SITE) -> str:
    return atom_feed(
        feed_entries(reporting_weeks(content, TODAY)),
        site_url=site_url,
        title="Acme & Co status",
        author="Acme & Co",
        updated=dt.datetime(2026, 11, 20, 8, 30),
    )


def calendar_of(report, site_url: str = SITE) -> str:
    return milestone_calendar(
        calendar_milestones(report), calendar_name=f"Acme; milestones, {NASTY}", generated=GENERATED, site_url=site_url
    )


# --- Atom ------------------------------------------------------------------------------------------


def test_the_feed_parses_as_atom_with_one_entry_per_week_newest_first(content):
    parsed = feedparser.parse(feed_of(content))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Acme & Co status"
    assert parsed.feed.id == "https://example.org/status/"
    assert parsed.feed.updated == "2026-11-20T08:30:00Z"
    assert [link.href for link in parsed.feed.links] == ["https://example.org/status/", "https://example.org/status/feed.xml"]
    assert [e.title for e in parsed.entries] == [
        "Week 2026-W47 (2026-11-16 to 2026-11-22)",
        "Week 2026-W46 (2026-11-09 to 2026-11-15)",
    ]
    assert [e.link for e in parsed.entries] == [
        "https://example.org/status/weeks/2026-W47/",
        "https://example.org/status/weeks/2026-W46/",
    ]
    assert [e.id for e in parsed.entries] == [e.link for e in parsed.entries]
    # the newest update of each week (the update of 2026-11-25 is after the report date)
    assert [e.updated for e in parsed.entries] == ["2026-11-19T00:00:00Z", "2026-11-12T00:00:00Z"]
    assert [calendar.timegm(e.updated_parsed) for e in parsed.entries] == [
        calendar.timegm((2026, 11, 19, 0, 0, 0)),
        calendar.timegm((2026, 11, 12, 0, 0, 0)),
    ]
    assert parsed.entries[0].content[0].type == "text/html"


def test_user_text_in_the_feed_is_escaped_never_markup(content):
    text = feed_of(content)
    assert "<script" not in text and "<b>" not in text
    root = ET.fromstring(text)
    entry = root.findall(f"{ATOM}entry")[0]
    assert entry.findtext(f"{ATOM}summary") == f"Alpha: green; {BETA}: red"
    html = entry.findtext(f"{ATOM}content")
    assert html is not None and "<script" not in html and "<b>" not in html
    assert "Beta &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert "Waiting on &lt;b&gt;legal&lt;/b&gt;" in html
    assert '<a href="https://example.org/status/projects/beta/">' in html
    assert "Building.<br/>On track." in html
    # and what a feed reader shows: the title as text, nothing for its sanitiser to remove
    shown = feedparser.parse(text).entries[0].content[0].value
    assert "Beta &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in shown


def test_the_feed_lists_updates_and_highlights(content):
    html = ET.fromstring(feed_of(content)).findall(f"{ATOM}entry")[0].findtext(f"{ATOM}content")
    assert "green (Ann, 2026-11-19)" in html and "red (Bob, 2026-11-18)" in html
    # Worded as on the week's page (reporter.render.wording), after the section's title.
    beta = "Beta &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"
    assert f"Colour changes: {beta}: ▲ Amber → ✖ Red on 2026-11-18" in html
    assert f"Needs attention: {beta}: Ask: More people (of CFO; needed by 2026-11-30)" in html
    assert "Forecasts moved: Alpha: Launch: forecast moved +7 days, 2026-11-27 → 2026-12-04" in html
    assert "Due in the next 14 days: Alpha: Launch, due 2026-11-27, forecast 2026-12-04: 7 days late" in html
    assert "Future." not in html


def test_each_update_shows_the_computed_colour_of_its_week_and_the_flag(content):
    # The trend point of W47 is taken at the report date: Alpha amber (SPI(t) 12 / 14 = 0.86 is below 0.95)
    # while it reports green; Beta red (SPI(t) below 0.85), as it reports. W46 has no point: its updates
    # show the reported colour alone.
    computed = week_colours(project_trends([("2026-W47", TODAY, content.as_of(TODAY))]))
    text = atom_feed(feed_entries(reporting_weeks(content, TODAY), computed), site_url=SITE, title="T", author="A", updated=TODAY)
    w47, w46 = ET.fromstring(text).findall(f"{ATOM}entry")
    assert w47.findtext(f"{ATOM}summary") == f"Alpha: green reported, amber computed ⚠; {BETA}: red reported, red computed"
    html = w47.findtext(f"{ATOM}content")
    assert "</strong>: green reported, amber computed ⚠ (Ann, 2026-11-19)" in html
    assert "</strong>: red reported, red computed (Bob, 2026-11-18)" in html
    assert "</ul><p>⚠ reported better than the evidence</p>" in html
    assert w46.findtext(f"{ATOM}summary") == f"Alpha: green; {BETA}: amber"
    assert "reported better" not in w46.findtext(f"{ATOM}content")


def test_a_not_assessed_week_says_so_and_is_never_flagged():
    def line(status: str, computed: str | None) -> str:
        update = FeedUpdate("p", "P", status, "A", D(2026, 1, 2), "s", computed)
        entry = FeedEntry("2026-W01", D(2025, 12, 29), D(2026, 1, 4), (update,))
        text = atom_feed([entry], site_url="", title="T", author="A", updated=D(2026, 1, 4))
        return ET.fromstring(text).find(f"{ATOM}entry").findtext(f"{ATOM}summary")

    assert line("green", "not assessed") == "P: green reported, not assessed"
    assert line("red", "green") == "P: red reported, green computed"  # worse than the evidence: no flag
    assert line("amber", "red") == "P: amber reported, red computed ⚠"
    assert line("green", None) == "P: green"


def test_without_a_site_url_links_are_relative_and_ids_are_tag_uris(content):
    text = feed_of(content, site_url="")
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.id == "tag:reporter,2026:acme-co-status"
    assert [e.link for e in parsed.entries] == ["weeks/2026-W47/", "weeks/2026-W46/"]
    assert [e.id for e in parsed.entries] == [
        "tag:reporter,2026:acme-co-status/weeks/2026-W47/",
        "tag:reporter,2026:acme-co-status/weeks/2026-W46/",
    ]
    assert 'rel="self"' not in text and "<a href" not in ET.fromstring(text).findall(f"{ATOM}entry")[0].findtext(f"{ATOM}content")


def test_the_feed_sorts_weeks_and_rejects_a_week_twice_or_a_bad_week_name():
    def entry(week: str, day: dt.date) -> FeedEntry:
        update = FeedUpdate("p", "P", "green", "A", day, "s")
        return FeedEntry(week, day, day, (update,), ())

    a, b = entry("2026-W01", D(2026, 1, 2)), entry("2026-W02", D(2026, 1, 9))
    kwargs: dict[str, Any] = dict(site_url="", title="T", author="A", updated=D(2026, 1, 10))
    assert atom_feed([a, b], **kwargs) == atom_feed([b, a], **kwargs)
    assert [e.title for e in feedparser.parse(atom_feed([a, b], **kwargs)).entries][0].startswith("Week 2026-W02")
    with pytest.raises(ValueError, match="twice"):
        atom_feed([a, a], **kwargs)
    with pytest.raises(ValueError):
        atom_feed([entry("../../evil", D(2026, 1, 2))], **kwargs)


def test_characters_xml_forbids_are_dropped():
    update = FeedUpdate("p", "P\x00\x1b", "green", "A\x07", D(2026, 1, 2), "s\x0c")
    text = atom_feed(
        [FeedEntry("2026-W01", D(2025, 12, 29), D(2026, 1, 4), (update,))],
        site_url="",
        title="T\x01",
        author="A",
        updated=D(2026, 1, 4),
    )
    assert not feedparser.parse(text).bozo
    ET.fromstring(text)


# --- iCalendar -------------------------------------------------------------------------------------


def events_of(text: str) -> list[Any]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_the_calendar_has_one_all_day_event_per_milestone(report):
    text = calendar_of(report)
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0"
    # icalendar does not know NAME (RFC 7986) nor X-WR-CALNAME as TEXT, so check the escaped lines themselves
    assert f"NAME:Acme\\; milestones\\, {NASTY}\r\n" in text
    assert f"X-WR-CALNAME:Acme\\; milestones\\, {NASTY}\r\n" in text
    events = events_of(text)
    assert [str(e["UID"]) for e in events] == ["alpha.design@reporter", "beta.go-live@reporter", "alpha.launch@reporter"]
    # design on its done date (due the 13th), go-live on its due date (no forecast), launch on its forecast
    assert [e["DTSTART"].dt for e in events] == [D(2026, 11, 12), D(2026, 11, 18), D(2026, 12, 4)]
    assert all(type(e["DTSTART"].dt) is dt.date for e in events)
    assert [e["DTEND"].dt for e in events] == [D(2026, 11, 13), D(2026, 11, 19), D(2026, 12, 5)]
    assert [str(e["SUMMARY"]) for e in events] == [
        "Alpha: Design signed off",
        f"{BETA}: Go; live, now\\ok",  # semicolon, comma and backslash round-trip
        "Alpha: Launch",
    ]
    assert [str(e["DESCRIPTION"]) for e in events] == [
        "done on 2026-11-12 (due 2026-11-13)",
        "overdue (due 2026-11-18)",
        "Planned: 2026-11-27. Forecast: 2026-12-04 (7 days late).\n\nLive for all users.",
    ]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "TENTATIVE", "TENTATIVE"]
    assert [str(e["URL"]) for e in events] == [
        "https://example.org/status/projects/alpha/",
        "https://example.org/status/projects/beta/",
        "https://example.org/status/projects/alpha/",
    ]
    assert {e["DTSTAMP"].dt for e in events} == {GENERATED}
    assert "DTSTAMP:20261120T083000Z\r\n" in text
    assert 'SUMMARY:Beta <script>alert(1)</script> & "quotes": Go\\; live\\, now\\\\ok\r\n' in text


def test_a_forecast_moves_the_event_and_the_description_keeps_the_planned_date():
    # Nov 27 to Mar 19: 3 + 31 + 31 + 28 + 19 = 112 days = 16 weeks; Nov 18 to Dec 4: 16 days = 2 weeks
    items = [
        CalendarMilestone("p", "P", "late", "Late", D(2026, 11, 27), "upcoming", forecast=D(2027, 3, 19)),
        CalendarMilestone("p", "P", "early", "Early", D(2026, 11, 27), "due-soon", forecast=D(2026, 11, 24)),
        CalendarMilestone("p", "P", "same", "Same", D(2026, 11, 27), "due-soon", forecast=D(2026, 11, 27)),
        CalendarMilestone("p", "P", "overdue", "Overdue", D(2026, 11, 18), "overdue", forecast=D(2026, 12, 4)),
        # done: on the done date, whatever the last forecast said
        CalendarMilestone("p", "P", "done", "Done", D(2026, 11, 13), "done", done=D(2026, 11, 16), forecast=D(2026, 11, 20)),
    ]
    events = events_of(milestone_calendar(items, calendar_name="C", generated=D(2026, 11, 20)))
    got = [(str(e["UID"]).split(".")[1].split("@")[0], e["DTSTART"].dt, e["DTEND"].dt, str(e["DESCRIPTION"])) for e in events]
    assert got == [
        ("done", D(2026, 11, 16), D(2026, 11, 17), "done on 2026-11-16 (due 2026-11-13)"),
        ("early", D(2026, 11, 24), D(2026, 11, 25), "Planned: 2026-11-27. Forecast: 2026-11-24 (3 days early)."),
        ("same", D(2026, 11, 27), D(2026, 11, 28), "forecast 2026-11-27"),
        ("overdue", D(2026, 12, 4), D(2026, 12, 5), "Overdue. Planned: 2026-11-18. Forecast: 2026-12-04 (2 weeks late)."),
        ("late", D(2027, 3, 19), D(2027, 3, 20), "Planned: 2026-11-27. Forecast: 2027-03-19 (16 weeks late)."),
    ]


def test_the_calendar_uses_crlf_and_folds_lines_at_75_octets(report):
    long_name = "Ünïcödé milestone, with; every\\thing\nand a new line " * 4
    item = CalendarMilestone("p", "Projekt ☂", "m", long_name, D(2026, 3, 2), "upcoming")
    text = milestone_calendar([item], calendar_name="C", generated=D(2026, 1, 1))
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
    (event,) = events_of(text)
    assert str(event["SUMMARY"]) == f"Projekt ☂: {long_name}"
    assert str(event["DESCRIPTION"]) == "due 2026-03-02, no forecast"
    assert "URL" not in event
    for line in calendar_of(report).split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_the_calendar_rejects_unknown_states_and_repeats():
    item = CalendarMilestone("p", "P", "m", "M", D(2026, 3, 2), "upcoming")
    with pytest.raises(ValueError, match="twice"):
        milestone_calendar([item, item], calendar_name="C", generated=D(2026, 1, 1))
    with pytest.raises(ValueError, match="state"):
        milestone_calendar(
            [CalendarMilestone("p", "P", "m", "M", D(2026, 3, 2), "late")], calendar_name="C", generated=D(2026, 1, 1)
        )


# --- JSON export -----------------------------------------------------------------------------------


def test_the_schema_is_valid_and_documents_every_property():
    schema = export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    undocumented: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if not (isinstance(sub, dict) and sub.get("description")):
                    undocumented.append(f"{path}/properties/{name}")
            for key, sub in node.items():
                walk(sub, f"{path}/{key}")
        elif isinstance(node, list):
            for index, sub in enumerate(node):
                walk(sub, f"{path}/{index}")

    walk(schema, "#")
    assert undocumented == []
    assert "ROUND_HALF_UP" in schema["description"]


def test_the_export_validates_against_its_schema(report, content):
    text = portfolio_json(report, content, generated=GENERATED)
    data = json.loads(text)
    jsonschema.Draft202012Validator(schema=export_schema(), format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["schema_version"] == 1
    assert data["generated"] == "2026-11-20T08:30:00Z"
    assert data["report_date"] == "2026-11-20"
    assert (data["organisation"], data["currency"]) == ("Acme & Co", "EUR")
    assert text.endswith("}\n")


def test_the_export_gives_figures_worked_out_by_hand(report, content):
    text = portfolio_json(report, content, generated=GENERATED)
    data = json.loads(text, parse_float=Decimal)
    alpha, beta = data["projects"]
    # Alpha's figures are taken at its status date, its update of Thursday 19 Nov: working day 14 of 20.
    assert (alpha["status_date"], data["report_date"]) == ("2026-11-19", "2026-11-20")
    assert alpha["percent_complete"] == Decimal("60.00")
    assert alpha["planned_percent"] == Decimal("70.00")  # 14 / 20
    ev = alpha["earned_value"]
    assert (ev["pv"], ev["ev"], ev["ac"]) == (Decimal("7000.00"), Decimal("6000.00"), Decimal("5000.00"))
    assert (ev["spi"], ev["cpi"]) == (Decimal("0.8571"), Decimal("1.2000"))  # 6000 / 7000, 6000 / 5000
    # EAC = 10000 / 1.2; combined = 5000 + 4000 / (1.2 x 6/7) = 5000 + 4000 x 35/36; TCPI = 4000 / 5000
    assert (ev["eac"], ev["eac_combined"], ev["tcpi"]) == (Decimal("8333.33"), Decimal("8888.89"), Decimal("0.8000"))
    es = alpha["earned_schedule"]
    # 60% was planned by the end of working day 12: ES 12, AT 14, SPI(t) 12 / 14
    assert (es["pd"], es["at"], es["es"], es["spi_t"]) == (20, 14, Decimal("12.00"), Decimal("0.8571"))
    assert alpha["health"] == {
        "colour": "amber",
        "assessed": True,
        "reasons": ["SPI(t) 0.86 is below 0.95"],
        "reported": "green",
        "reported_better_than_evidence": True,
        "evidence_date": "2026-11-20",
    }
    assert alpha["latest_update"] == {"date": "2026-11-19", "author": "Ann", "status": "green", "summary": "Building.\nOn track."}
    assert [r["id"] for r in alpha["open_risks"]] == ["budget-cut", "vendor"]
    assert [(m["id"], m["state"], m["forecast"], m["at_risk"]) for m in alpha["milestones"]] == [
        ("design", "done", None, False),
        ("launch", "due-soon", "2026-12-04", True),
    ]
    assert '"spi": 0.8571' in text and '"percent_complete": 60.00' in text

    assert beta["name"] == BETA
    assert beta["budget"] is None and beta["earned_value"]["unit"] == "person-days"
    # Beta's status date is Wednesday 18 Nov, working day 13 of 30: 13/30 planned, SPI 0.2 / (13/30) = 6/13
    assert (beta["percent_complete"], beta["planned_percent"]) == (Decimal("20.00"), Decimal("43.33"))
    assert (beta["earned_value"]["spi"], beta["earned_value"]["cpi"], beta["earned_value"]["ac"]) == (
        Decimal("0.4615"),
        None,
        None,
    )
    assert beta["blockers"] == [{"text": "Waiting on <b>legal</b>", "owner": None, "since": None}]
    assert beta["asks"] == [{"text": "More people", "of": "CFO", "by": "2026-11-30"}]
    assert beta["overdue_milestones"] == 1

    portfolio = data["portfolio"]
    # (20 x 0.6 + 30 x 0.2) / 50 done, (14 + 13) / 50 planned; SPI and CPI from Alpha, the one with a budget
    assert (portfolio["percent_complete"], portfolio["planned_percent"]) == (Decimal("36.00"), Decimal("54.00"))
    assert (portfolio["spi"], portfolio["cpi"]) == (Decimal("0.8571"), Decimal("1.2000"))
    assert portfolio["computed_colours"] == {"green": 0, "amber": 1, "red": 1}
    assert [p["id"] for p in data["programs"]] == ["core"] and data["programs"][0]["rollup"]["scope"] == "core"


def test_numbers_are_rounded_half_up_from_the_decimal():
    assert export._quantity(Decimal("0.125")).text == "0.13"  # a float would give 0.12
    assert export._quantity(Decimal("2.675")).text == "2.68"
    assert export._quantity(Decimal("-0.001")).text == "0.00"
    assert export._ratio(Decimal(1) / Decimal(3)).text == "0.3333"
    assert export._ratio(Decimal("0.66665")).text == "0.6667"
    assert export._quantity(Decimal("1E+15")).text == "1000000000000000.00"
    assert export._quantity(None) is None


def test_the_json_layout_is_that_of_json_dumps():
    sample = {"b": [1, {"y": None, "x": True}, []], "a": 'é"\n', "c": {}, "d": False}
    assert export._dump(sample, 0) == json.dumps(sample, indent=2, sort_keys=True, ensure_ascii=False)
    with pytest.raises(TypeError):
        export._dump({"x": 0.1}, 0)


# --- determinism -----------------------------------------------------------------------------------


def test_every_output_is_the_same_byte_for_byte_for_the_same_input():
    first, second = make_content(), make_content()
    r1, r2 = assess(first, TODAY), assess(second, TODAY)
    assert feed_of(first) == feed_of(second) == feed_of(first)
    assert feed_of(first, site_url="") == feed_of(second, site_url="")
    assert calendar_of(r1) == calendar_of(r2) == calendar_of(r1)
    assert portfolio_json(r1, first, generated=GENERATED) == portfolio_json(r2, second, generated=GENERATED)
    # a naive datetime is UTC; an aware one is converted
    naive = portfolio_json(r1, first, generated=dt.datetime(2026, 11, 20, 8, 30))
    paris = portfolio_json(r1, first, generated=dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    assert naive == paris == portfolio_json(r1, first, generated=GENERATED)
