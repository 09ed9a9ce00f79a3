"""Charts: well-formed SVG, exact positions from the documented scales, text alternatives, escaping, edge cases."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import xml.etree.ElementTree as ET

import markdown
import pytest
from markupsafe import Markup

from reporter.render.charts import (
    CHART_CSS,
    BurnupPoint,
    HeatRisk,
    PortfolioRow,
    StripEntry,
    TimelineMilestone,
    TimelineTask,
    TrendSeries,
    burnup,
    chart_block,
    chart_pair,
    colour_strip,
    milestone_trend,
    portfolio_timeline,
    risk_heatmap,
    severity,
    timeline,
)

D = dt.date
S = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert(1)</script>"


def parse(chart: Markup) -> ET.Element:
    """The chart as XML; fails unless it is well-formed SVG."""
    assert isinstance(chart, Markup)
    root = ET.fromstring(str(chart))
    assert root.tag == f"{S}svg"
    return root


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def marks(root: ET.Element, name: str) -> list[ET.Element]:
    """The markers of a series: the shapes in the group of class `name`, which carries their class once."""
    return [shape for group in with_class(root, name) for shape in group if shape.tag != f"{S}title"]


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{S}text")]


def desc(root: ET.Element) -> str:
    return root.find(f"{S}desc").text


# --- the examples ----------------------------------------------------------------------------------

# Timeline: 2026-11-01 to 2026-12-16 is 46 days, both included, over x=200..660 (460 units): 10 units a
# day, and day d begins at 200 + 10 * (d - Nov 1).days; points in time sit half a day (5 units) later.
TL_START, TL_FINISH, TODAY = D(2026, 11, 1), D(2026, 12, 16), D(2026, 11, 20)
TASKS = [
    TimelineTask("Design", D(2026, 11, 2), D(2026, 11, 13), 100, key="design"),
    TimelineTask("Build", D(2026, 11, 9), D(2026, 11, 30), 25, key="build"),
    TimelineTask(EVIL, D(2026, 11, 16), D(2026, 12, 11), 0, key="evil"),
]
MILESTONES = [
    TimelineMilestone("Design signed off", D(2026, 11, 13), done=True, key="m1"),
    TimelineMilestone("Beta", D(2026, 11, 18), late=True, key="m2"),
    TimelineMilestone("Launch", D(2026, 12, 11), key="m3"),
]
BASE_TASKS = [TimelineTask("Build", D(2026, 11, 2), D(2026, 11, 23), key="build")]
BASE_MILESTONES = [TimelineMilestone("Beta", D(2026, 11, 11), key="m2")]


def tl(prefix: str = "tl") -> Markup:
    return timeline(TASKS, MILESTONES, TL_START, TL_FINISH, TODAY, BASE_TASKS, BASE_MILESTONES, id_prefix=prefix)


# Burn-up: 5 weeks evenly from x=50 to x=670 (155 apart); percent p at y = 220 - 2p.
WEEKS5 = ["2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47"]
BURNUP = [BurnupPoint(w, a, p) for w, a, p in zip(WEEKS5, [10, 20, 30, 38, 42], [12, 24, 36, 48, 55], strict=False)]


def bu(prefix: str = "bu") -> Markup:
    return burnup(BURNUP, id_prefix=prefix)


# Milestone trend: weeks W45, W46, W47 stand at their Sundays, Nov 8, 15 and 22. The dates run from Nov 8
# (earliest) to Jan 8 (latest), so the axes go from 2026-11-01 to 2027-02-01: 92 days over 560 units,
# 560 / 92 = 6.0870 units a day, x = 84 + 6.087 * days and y = 588 - 6.087 * days after Nov 1.
MTA_WEEKS = ["2026-W45", "2026-W46", "2026-W47"]
MTA_SERIES = [
    TrendSeries("Design", {"2026-W45": D(2026, 11, 13), "2026-W46": D(2026, 11, 13)}, done=D(2026, 11, 13)),
    TrendSeries("Go-live", {"2026-W45": D(2026, 12, 18), "2026-W46": D(2026, 12, 23), "2026-W47": D(2027, 1, 8)}),
]


def mta(prefix: str = "mta") -> Markup:
    return milestone_trend(MTA_SERIES, MTA_WEEKS, id_prefix=prefix)


STRIP = [
    StripEntry("2026-W45", "green", "green"),
    StripEntry("2026-W46", "amber", "red"),
    StripEntry("2026-W47", None, "amber"),
]


def cs(prefix: str = "cs") -> Markup:
    return colour_strip(STRIP, id_prefix=prefix)


RISKS = [
    HeatRisk("Vendor contract not signed", 4, 5),  # 20: critical
    HeatRisk("Key architect leaves", 2, 4),  # 8: medium
    HeatRisk("Data migration slips", 3, 3),  # 9: medium, three in one cell
    HeatRisk("Licences cost more", 3, 3),
    HeatRisk("Test environment late", 3, 3),
    HeatRisk("Minor UI bugs", 1, 1),  # 1: low
]


def hm(prefix: str = "hm") -> Markup:
    return risk_heatmap(RISKS, id_prefix=prefix)


# Portfolio: 2026-11-01 to 2026-12-18 is 48 days over x=200..680 (480 units): 10 units a day again.
PF_ROWS = [
    PortfolioRow("CRM", [MILESTONES[0], MILESTONES[2]], D(2026, 11, 9), D(2026, 12, 11), "amber"),
    PortfolioRow("Payroll", [MILESTONES[1]], status="red"),
]


def pf(prefix: str = "pf") -> Markup:
    return portfolio_timeline(PF_ROWS, D(2026, 11, 1), D(2026, 12, 18), TODAY, id_prefix=prefix)


CHARTS = {"timeline": tl, "burnup": bu, "mta": mta, "strip": cs, "heatmap": hm, "portfolio": pf}
EMPTY = {
    "timeline": lambda p: timeline([], [], None, None, None, id_prefix=p),
    "burnup": lambda p: burnup([], id_prefix=p),
    "mta": lambda p: milestone_trend([], [], id_prefix=p),
    "strip": lambda p: colour_strip([], id_prefix=p),
    "heatmap": lambda p: risk_heatmap([], id_prefix=p),
    "portfolio": lambda p: portfolio_timeline([], id_prefix=p),
}


# --- what every chart shares ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CHARTS)
@pytest.mark.parametrize("empty", [False, True])
def test_every_chart_is_accessible_svg(kind, empty):
    root = parse((EMPTY if empty else CHARTS)[kind]("p1"))
    assert re.fullmatch(r"0 0 700 \d+(\.\d)?", root.get("viewBox"))
    assert root.get("width") == "100%"
    assert root.get("role") == "img"
    assert root.get("class") == f"rp-chart rp-chart-{kind}"
    assert root.get("aria-labelledby") == "p1-title p1-desc"
    title, description = root[0], root[1]  # first, so a screen reader meets them before anything else
    assert (title.tag, title.get("id")) == (f"{S}title", "p1-title")
    assert (description.tag, description.get("id")) == (f"{S}desc", "p1-desc")
    assert title.text and description.text.endswith(".")
    assert root.get("fill") == "currentColor" and root.get("font-size") == "12"
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith("p1-") for i in ids)


@pytest.mark.parametrize("kind", CHARTS)
def test_numbers_are_compact_and_text_legible(kind):
    chart = str(CHARTS[kind]())
    assert not re.search(r"\d\.\d\d", chart)  # at most one decimal anywhere
    assert "\n\n" not in chart  # a blank line would end the HTML block in a Markdown page
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', chart)]
    assert sizes and min(sizes) >= 11


@pytest.mark.parametrize("kind", CHARTS)
def test_same_input_same_bytes(kind):
    assert CHARTS[kind]("same") == CHARTS[kind]("same")


@pytest.mark.parametrize("kind", CHARTS)
def test_prefixes_keep_ids_apart(kind):
    first, second = parse(CHARTS[kind]("one")), parse(CHARTS[kind]("two"))
    ids = [{e.get("id") for e in root.iter() if e.get("id")} for root in (first, second)]
    assert ids[0] and not ids[0] & ids[1]
    refs = re.findall(r"url\(#([^)]+)\)", str(CHARTS[kind]("one")))
    assert all(ref in ids[0] for ref in refs)  # every pattern reference points into its own chart


def test_prefix_is_made_a_valid_id():
    root = parse(burnup([], id_prefix='my chart"1'))
    assert root.get("aria-labelledby") == "my-chart-1-title my-chart-1-desc"
    assert parse(burnup([], id_prefix="9a")).get("aria-labelledby") == "c-9a-title c-9a-desc"


@pytest.mark.parametrize("kind", CHARTS)
def test_empty_input_says_so(kind):
    root = parse(EMPTY[kind]("e"))
    assert root.get("viewBox") == "0 0 700 36"
    assert texts(root) == [desc(root)]  # the one line drawn is the sentence a screen reader hears
    assert desc(root).startswith("No ")


def test_user_text_is_escaped_everywhere():
    bad = EVIL + ' " onload="alert(2)" & \x01'
    m = TimelineMilestone(bad, D(2026, 11, 13), done=True, late=True)
    charts = [
        timeline([TimelineTask(bad, D(2026, 11, 2), D(2026, 11, 13), 50)], [m], id_prefix="x"),
        burnup([BurnupPoint(bad, 10, 20)], id_prefix="x"),
        milestone_trend([TrendSeries(bad, {"2026-W45": D(2026, 12, 1)})], ["2026-W45", bad], id_prefix="x"),
        colour_strip([StripEntry(bad, bad, bad)], id_prefix="x"),
        risk_heatmap([HeatRisk(bad, 4, 5)], id_prefix="x"),
        portfolio_timeline([PortfolioRow(bad, [m], status=bad)], id_prefix="x"),
    ]
    for chart in charts:
        root = parse(chart)  # \x01 is not allowed in XML: it must be gone
        assert not [e for e in root.iter() if e.tag.endswith("script")]
        assert not [e for e in root.iter() if any(a.startswith("on") for a in e.attrib)]
        assert "&lt;script&gt;" in str(chart) and "<script" not in str(chart)
        assert "<script>alert(1)</script>" in desc(root)  # the reader hears the text as written


def test_markup_input_is_read_as_its_text():
    root = parse(timeline([TimelineTask(Markup("R&amp;D <b>x</b>"), D(2026, 1, 5), D(2026, 1, 9))], [], id_prefix="m"))
    assert "R&D x" in texts(root)


# --- 1. timeline ------------------------------------------------------------------------------------


def test_timeline_bars_at_their_dates():
    root = parse(tl())
    bars = with_class(root, "rp-bar")
    assert len(bars) == 3
    build = bars[1]
    # Build starts Nov 9: 200 + 10 * 8 = 280; it ends at the end of Nov 30, the start of Dec 1: 200 + 10 * 30
    # = 500, so 220 wide. Row 1 begins at y = 30 + 26 = 56 and its bar 5 below.
    assert (build.get("x"), build.get("width"), build.get("y"), build.get("height")) == ("280", "220", "61", "12")
    done = with_class(root, "rp-bar-done")
    assert len(done) == 2  # the task at 0% has no done part
    assert (done[0].get("x"), done[0].get("width")) == ("210", "120")  # Design: Nov 2-13 = 12 days, 100%
    assert (done[1].get("x"), done[1].get("width")) == ("280", "55")  # Build: 25% of 220
    assert [e.text for e in with_class(root, "rp-bar-pct")] == ["100%", "25%", "0%"]
    assert with_class(root, "rp-bar-pct")[1].get("x") == "504"  # 4 after the bar's end


def test_timeline_milestones_today_and_months():
    root = parse(tl())
    diamonds = with_class(root, "rp-milestone")
    assert len(diamonds) == 3
    # Launch, Dec 11, in the middle of its day: 200 + 10 * 40 + 5 = 605; row 5 begins at 30 + 5 * 26 = 160
    # and the diamond's centre is 11 below, so its top point is at 171 - 7 = 164.
    assert diamonds[2].get("d") == "M605 164l7 7-7 7-7-7z"
    assert diamonds[0].get("class") == "rp-milestone rp-done"  # filled: no fill attribute of its own
    assert diamonds[0].get("fill") is None and diamonds[2].get("fill") == "#fff"  # hollow on the background
    late = with_class(root, "rp-late")
    assert len(late) == 1 and "rp-stroke-red" in late[0].get("class")
    assert "!" in texts(root)  # the late mark that is not a colour
    # Today, Nov 20, in the middle of its day: 200 + 10 * 19 + 5 = 395.
    (today,) = with_class(root, "rp-today")
    assert today.get("d").startswith("M395 ") and today.get("stroke-dasharray")
    assert "today 2026-11-20" in texts(root)
    # December's gridline at 200 + 10 * 30 = 500, labelled just right of it; November labels the left edge.
    assert [g.get("d") for g in with_class(root, "rp-grid")] == ["M500 30V186"]
    assert {"Nov 2026", "Dec 2026"} <= set(texts(root))


def test_timeline_baseline_ghosts():
    root = parse(tl())
    ghosts = with_class(root, "rp-ghost")
    assert len(ghosts) == 2
    # Build's baseline Nov 2-23: from 200 + 10 = 210 to the start of Nov 24, 200 + 230 = 430.
    assert (ghosts[0].get("x"), ghosts[0].get("width"), ghosts[0].get("stroke-dasharray")) == ("210", "220", "3 2")
    # Beta's baseline Nov 11: 200 + 10 * 10 + 5 = 305.
    assert ghosts[1].get("d").startswith("M305 ")
    assert "baseline" in texts(root)


def test_timeline_text_alternative_and_escaped_label():
    root = parse(tl())
    assert root.find(f"{S}title").text == "Timeline"
    assert desc(root) == (
        "3 tasks and 3 milestones from 2026-11-01 to 2026-12-16; today is 2026-11-20. 1 of 3 milestones reached, "
        "1 late. Tasks: Design (2026-11-02 to 2026-11-13, 100% done); Build (2026-11-09 to 2026-11-30, 25% done, "
        "baseline 2026-11-02 to 2026-11-23, 7 days late); <script>alert(1)</script> (2026-11-16 to 2026-12-11, "
        "0% done). Milestones: Design signed off (2026-11-13, reached); Beta (2026-11-18, not reached, late, "
        "baseline 2026-11-11); Launch (2026-12-11, not reached)."
    )
    assert EVIL in texts(root)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(tl())


def _shown(label: ET.Element) -> str:
    """A label's text as drawn: its own text or its lines (tspans), without the tooltip."""
    return " ".join(t.text or "" for t in label.iter(f"{S}tspan")) or (label.text or "")


def test_timeline_widens_its_label_column_to_the_longest_name():
    name = "Discovery interviews with sales"  # 31 characters
    root = parse(timeline([TimelineTask(name, D(2026, 1, 5), D(2026, 1, 9))], [], id_prefix="t"))
    label = next(e for e in root.iter(f"{S}text") if (e.text or "").startswith("Discovery"))
    assert (label.text, label.find(f"{S}title")) == (name, None)  # whole, so no tooltip
    # The plot starts after the name: 4 + 31 * 7.2 + 8 = 235.2 units, and runs to 660 (424.8 units).
    bar = with_class(root, "rp-bar")[0]
    assert (bar.get("x"), bar.get("width")) == ("235.2", "424.8")


def test_timeline_wraps_a_name_longer_than_the_widest_column_and_never_cuts_it():
    name = "Discovery interviews with the regional sales offices in Tilburg and Venlo"  # 74 characters
    root = parse(timeline([TimelineTask(name, D(2026, 1, 5), D(2026, 1, 9))], [], id_prefix="t"))
    # 4 + 74 * 7.2 + 8 is more than 360, the widest column: (360 - 12) / 7.2 = 48 characters a line at
    # 12 units, 52 at 11 (48 * 12 / 11), so two lines of smaller type, filled word by word.
    label = next(e for e in root.iter(f"{S}text") if e.find(f"{S}tspan") is not None)
    lines = [t.text for t in label.iter(f"{S}tspan")]
    assert lines == ["Discovery interviews with the regional sales offices", "in Tilburg and Venlo"]
    assert label.get("font-size") == "11" and label.find(f"{S}title") is None
    assert [t.get("y") for t in label.iter(f"{S}tspan")] == ["39", "51"]  # around the row's line, y = 30 + 15
    assert with_class(root, "rp-bar")[0].get("x") == "360"


def test_timeline_cuts_only_what_two_lines_cannot_hold_with_the_whole_name_as_tooltip():
    name = " ".join(["Discovery interviews"] * 6)  # 125 characters: more than two lines of 52
    root = parse(timeline([TimelineTask(name, D(2026, 1, 5), D(2026, 1, 9))], [], id_prefix="t"))
    label = next(e for e in root.iter(f"{S}text") if e.find(f"{S}tspan") is not None)
    shown = _shown(label)
    # Line one: "Discovery interviews Discovery interviews Discovery" (51; one more word would be 62); line two,
    # the rest cut to 52 with an ellipsis: 51 + 1 (the space joining them here) + 52 = 104 characters shown.
    assert shown.endswith("…") and len(shown) == 104
    assert label.find(f"{S}title").text == name


def test_timeline_span_from_the_data_and_odd_input():
    # Without start and finish the chart spans the data: Jan 5 to Jan 9 fills the whole plot.
    root = parse(timeline([TimelineTask("A", D(2026, 1, 5), D(2026, 1, 9), float("nan"))], [], id_prefix="t"))
    bar = with_class(root, "rp-bar")[0]
    assert (bar.get("x"), bar.get("width")) == ("200", "460")
    assert not with_class(root, "rp-bar-done")  # NaN progress counts as nothing done
    assert not with_class(root, "rp-today")  # no today given
    only_milestones = parse(timeline([], [MILESTONES[0]], id_prefix="t"))
    assert len(with_class(only_milestones, "rp-milestone")) == 1
    outside = parse(timeline(TASKS, [], TL_START, TL_FINISH, D(2027, 5, 1), id_prefix="t"))
    assert not with_class(outside, "rp-today")  # today off the chart: no line


# --- 2. burn-up -------------------------------------------------------------------------------------


def test_burnup_points_and_lines():
    root = parse(bu())
    actual, planned = marks(root, "rp-point-actual"), marks(root, "rp-point-planned")
    assert len(actual) == len(planned) == 5
    assert {e.tag for e in actual} == {f"{S}circle"} and {e.tag for e in planned} == {f"{S}rect"}  # two shapes
    # The last week at x=670; 42% at 220 - 84 = 136; 55% at 220 - 110 = 110, the square's corner 4 up-left.
    assert (actual[-1].get("cx"), actual[-1].get("cy")) == ("670", "136")
    assert (planned[-1].get("x"), planned[-1].get("y")) == ("666", "106")
    assert [e.get("cx") for e in actual] == ["50", "205", "360", "515", "670"]
    (actual_line,) = with_class(root, "rp-actual")
    (planned_line,) = with_class(root, "rp-planned")
    # 205,180 lies on the straight line from 50,200 to 360,160 (20 down every 155 across), so the line
    # leaves it out: it is drawn the same.
    assert actual_line.get("points") == "50,200 360,160 515,144 670,136"
    assert actual_line.get("stroke-dasharray") is None and planned_line.get("stroke-dasharray") == "6 4"
    assert actual[-1].find(f"{S}title").text == "2026-W47: 42% actual"
    assert {"0%", "25%", "50%", "75%", "100%", *WEEKS5} <= set(texts(root))


def test_burnup_text_alternative():
    root = parse(bu())
    assert desc(root) == ("Actual 42% complete against 55% planned in week 2026-W47; 5 weeks shown, 2026-W43 to 2026-W47.")


def test_burnup_thins_week_labels_but_keeps_the_latest():
    weeks = [f"2026-W{w:02d}" for w in range(28, 48)]  # 20 weeks, 620 / 19 = 32.6 apart
    root = parse(burnup([BurnupPoint(w, i, i + 1) for i, w in enumerate(weeks)], id_prefix="b"))
    shown = [t for t in texts(root) if t.startswith("2026-")]
    # Labels need 8 * 7.2 + 8 = 65.6 units: every 3rd (ceil(65.6 / 32.6) = 3), counting back from the last.
    assert shown == [weeks[i] for i in (1, 4, 7, 10, 13, 16, 19)]


def test_burnup_gaps_and_single_week():
    points = [BurnupPoint(w, a, None) for w, a in zip(WEEKS5, [10, 20, None, 30, 40], strict=False)]
    root = parse(burnup(points, id_prefix="b"))
    assert len(with_class(root, "rp-actual")) == 2  # the missing week breaks the line
    assert not with_class(root, "rp-planned")
    assert desc(root).startswith("Actual 40% complete in week 2026-W47, with no planned figure")
    single = parse(burnup([BurnupPoint("2026-W47", 150, -5)], id_prefix="b"))
    (point,) = marks(single, "rp-point-actual")
    assert (point.get("cx"), point.get("cy")) == ("360", "20")  # alone in the middle; 150% clamped to 100%
    assert desc(single).startswith("Actual 100% complete against 0% planned in week 2026-W47")


def test_burnup_at_two_years_draws_every_week_and_marks_the_last_13():
    # Actual i / 2 and planned 3i / 4 percent in week i (0 to 104): week 104, 2026-W49, is at 52% against 78%.
    points = [BurnupPoint(w, i / 2, i * 3 / 4) for i, w in enumerate(WEEKS105)]
    root = parse(burnup(points, id_prefix="b"))
    actual, planned = marks(root, "rp-point-actual"), marks(root, "rp-point-planned")
    assert len(actual) == len(planned) == 13
    # 105 weeks over 620 units: 620 / 104 apart. Week 92, the first marked, at 50 + 92 * 620 / 104 = 598.46;
    # its 46% at y = 220 - 92 = 128.
    assert (actual[0].get("cx"), actual[0].get("cy")) == ("598.5", "128")
    assert actual[0].find(f"{S}title").text == "2026-W37: 46% actual"
    assert actual[-1].find(f"{S}title").text == "2026-W49: 52% actual"
    # The lines still run through every week, from the first (x=50, 0%: y=220) to the last (x=670, 52%: y=116).
    (line,) = with_class(root, "rp-actual")
    assert line.get("points").startswith("50,220 ") and line.get("points").endswith(" 670,116")
    (note,) = with_class(root, "rp-window")
    assert note.text == "The last 13 of 105 weeks marked, from 2026-W37"
    assert desc(root) == (
        "Actual 52% complete against 78% planned in week 2026-W49; 105 weeks shown, 2024-W49 to 2026-W49; "
        "the last 13 of 105 weeks marked, from 2026-W37."
    )
    assert not with_class(parse(bu()), "rp-window")  # 5 weeks: all marked, nothing to say
    assert len(str(burnup(points, id_prefix="p010-burnup"))) < 7000  # was 29 KB with a marker every week


def test_burnup_line_keeps_only_its_corners():
    # 0, 10, 20, 30, then 30, 30: two straight runs, so only their ends are drawn: 50,220 -> 515,160 -> 670,160.
    points = [BurnupPoint(w, a, None) for w, a in zip([*WEEKS5, "2026-W48"], [0, 10, 20, 30, 30, 30], strict=False)]
    root = parse(burnup(points, id_prefix="b"))
    (line,) = with_class(root, "rp-actual")
    # Six weeks over 620 units: 124 apart, at 50, 174, 298, 422, 546, 670; 0, 10, 20, 30% at 220, 200, 180, 160.
    assert line.get("points") == "50,220 422,160 670,160"
    assert len(marks(root, "rp-point-actual")) == 6  # every week keeps its marker


# --- 3. milestone trend analysis ----------------------------------------------------------------------


def test_mta_points_lines_and_diagonal():
    root = parse(mta())
    (diagonal,) = with_class(root, "rp-diagonal")
    assert diagonal.get("d") == "M84 588L644 28"  # a square plot: 45 degrees
    points = [*marks(root, "rp-mark-1"), *marks(root, "rp-mark-2")]
    assert len(points) == 5  # Design: W45 and where it was reached; Go-live: three weeks
    lines = root.findall(f"{S}polyline")
    # Design: W45 (Nov 8, 7 days: x = 84 + 42.6 = 126.6) forecast Nov 13 (12 days: y = 588 - 73 = 515), then
    # reached Nov 13, drawn on the diagonal at (84 + 73, 515); W46 comes after it was reached and is not drawn.
    assert lines[0].get("points") == "126.6,515 157,515"
    # Go-live: Dec 18 is 47 days after Nov 1 (y = 588 - 286.1 = 301.9), Dec 23 is 52 (588 - 316.5 = 271.5),
    # Jan 8 is 68 (588 - 413.9 = 174.1); the weeks at 7, 14 and 21 days: x = 126.6, 169.2, 211.8.
    assert lines[1].get("points") == "126.6,301.9 169.2,271.5 211.8,174.1"
    reached = points[1]
    assert reached.tag == f"{S}circle" and (reached.get("cx"), reached.get("cy")) == ("157", "515")
    assert reached.find(f"{S}title").text == "Design: reached 2026-11-13"
    assert points[2].tag == f"{S}rect"  # the second milestone has another marker shape
    groups = with_class(root, "rp-trend-point")
    assert [g.get("class") for g in groups] == ["rp-mark-1 rp-trend-point", "rp-mark-2 rp-trend-point"]


def test_mta_axes_legend_and_text_alternative():
    root = parse(mta())
    assert {"Nov 2026", "Dec 2026", "Jan 2027", "Feb 2027", "Forecast date", "Report week"} <= set(texts(root))
    (ticks,) = with_class(root, "rp-week-tick")  # one path: a tick at each report week's Sunday, 7 days apart
    assert ticks.get("d") == "M126.6 588v5M169.2 588v5M211.8 588v5"
    assert "Design · reached 2026-11-13" in texts(root) and "Go-live · forecast 2027-01-08" in texts(root)
    # Each legend line has its milestone's colour, like the milestone's line in the plot.
    samples = [e.get("class") for e in root.iter(f"{S}path") if (e.get("d") or "").endswith("h22")]
    assert samples == ["rp-line-1", "rp-line-2"]
    assert [e.get("class") for e in root.iter(f"{S}polyline")] == ["rp-line-1", "rp-line-2"]
    assert desc(root) == (
        "Forecast dates of 2 milestones over 3 report weeks, 2026-W45 to 2026-W47: Design reached 2026-11-13; "
        "Go-live forecast 2027-01-08 in 2026-W47, 21 days later since 2026-W45."
    )


def test_mta_ignores_what_it_cannot_place():
    root = parse(milestone_trend(MTA_SERIES, ["not a week", "2026-W99", *MTA_WEEKS], id_prefix="m"))
    assert len(marks(root, "rp-trend-point")) == 5
    nothing = parse(milestone_trend([TrendSeries("X", {"2025-W01": D(2025, 1, 1)})], MTA_WEEKS, id_prefix="m"))
    assert desc(nothing) == "No milestone forecasts to show."


def test_mta_marker_shapes_differ_and_then_go_hollow():
    series = [TrendSeries(f"M{i}", {"2026-W45": D(2026, 12, i + 1)}) for i in range(9)]
    root = parse(milestone_trend(series, ["2026-W45"], id_prefix="m"))
    points = marks(root, "rp-trend-point")
    shapes = [(p.tag, p.get("d", "")[-12:] if p.tag.endswith("path") else "") for p in points[:8]]
    assert len(set(shapes)) == 8  # eight different shapes
    groups = with_class(root, "rp-trend-point")
    assert "rp-hollow" in groups[8].get("class") and "rp-hollow" not in groups[0].get("class")


def test_mta_at_two_years_draws_every_week_and_marks_the_last_13():
    # Go-live forecast 2027-03-01 for a year, then 2027-04-05 from the 53rd week (index 52) on; Design reached
    # 2025-03-07, long before the marked weeks: its line is drawn, with no marker.
    go_live = {w: D(2027, 3, 1) if i < 52 else D(2027, 4, 5) for i, w in enumerate(WEEKS105)}
    design = TrendSeries("Design", {w: D(2025, 3, 7) for w in WEEKS105[:13]}, done=D(2025, 3, 7))
    root = parse(milestone_trend([design, TrendSeries("Go-live", go_live)], WEEKS105, id_prefix="m"))
    assert not marks(root, "rp-mark-1") and len(with_class(root, "rp-line-1")) == 2  # its line and its legend
    points = marks(root, "rp-mark-2")
    assert len(points) == 13
    assert points[0].find(f"{S}title").text == "Go-live: forecast 2027-04-05 in 2026-W37"
    assert points[-1].find(f"{S}title").text == "Go-live: forecast 2027-04-05 in 2026-W49"
    # The Go-live line has 105 points on two straight runs: only the ends of each are drawn.
    go_line = [e for e in root.iter(f"{S}polyline") if e.get("class") == "rp-line-2"]
    assert len(go_line[0].get("points").split()) == 4
    (ticks,) = with_class(root, "rp-week-tick")
    assert ticks.get("d").count("v5") == 105  # a tick for every report week, in one path
    (note,) = with_class(root, "rp-window")
    assert note.text == "The last 13 of 105 weeks marked, from 2026-W37"
    assert desc(root).startswith(
        "Forecast dates of 2 milestones over 105 report weeks, 2024-W49 to 2026-W49 (the last 13 of 105 weeks "
        "marked, from 2026-W37): Design reached 2025-03-07; Go-live forecast 2027-04-05 in 2026-W49, 35 days later"
    )
    assert not with_class(parse(mta()), "rp-window")


# --- 4. colour strip --------------------------------------------------------------------------------


def test_colour_strip_squares_glyphs_and_labels():
    root = parse(cs())
    squares = list(root.iter(f"{S}use"))
    assert len(squares) == 6  # reported and computed for each of 3 weeks
    reported = [s for s in squares if s.get("y") == "6"]
    # Square i at x = 84 + 30 i.
    assert [s.get("x") for s in reported] == ["84", "114", "144"]
    assert [s.get("href") for s in reported] == ["#cs-green", "#cs-amber", "#cs-none"]
    # Each status is drawn once, in <defs>: its square in its colour and the glyph that tells the colours
    # apart without colour; the weeks reuse them.
    drawn = root.find(f"{S}defs")
    assert [g.get("id") for g in drawn] == ["cs-green", "cs-amber", "cs-red", "cs-none"]
    assert [g[0].get("class") for g in drawn] == [f"rp-badge rp-fill-{c}" for c in ("green", "amber", "red", "none")]
    assert [g[1].get("class") for g in drawn] == [f"rp-on-{c}" for c in ("green", "amber", "red", "none")]
    assert drawn[3][0].get("stroke-dasharray") == "3 2"  # no report: dashed as well as grey
    assert {"Reported", "Computed", "W45", "W46", "W47", "2026"} <= set(texts(root))
    assert reported[0].find(f"{S}title").text == "2026-W45: reported green"
    assert desc(root) == (
        "Reported status over 3 weeks, 2026-W45 to 2026-W47: 1 green, 1 amber, 0 red, 1 without a report. "
        "Latest, 2026-W47: nothing reported, computed amber."
    )


def test_colour_strip_defines_only_the_statuses_it_shows():
    root = parse(colour_strip([StripEntry("2026-W45", "green"), StripEntry("2026-W46", "green")], id_prefix="s"))
    assert [g.get("id") for g in root.find(f"{S}defs")] == ["s-green"]
    assert [u.get("href") for u in root.iter(f"{S}use")] == ["#s-green", "#s-green"]


def test_colour_strip_without_computed_and_wrapping():
    weeks = [StripEntry(f"2026-W{w:02d}", "green") for w in range(1, 26)]  # 25 weeks: 20 a band, then 5
    root = parse(colour_strip(weeks, id_prefix="s", recent=25))
    squares = list(root.iter(f"{S}use"))
    assert len(squares) == 25 and "Computed" not in texts(root)
    # One row per band: 30 + 40 = 70 high, so the second band's squares are at y = 70 + 6 = 76.
    assert (squares[20].get("x"), squares[20].get("y")) == ("84", "76")
    assert root.get("viewBox") == "0 0 700 140"
    assert not with_class(root, "rp-window")  # every week shown: nothing to say about a window
    odd = parse(colour_strip([StripEntry("week one", "purple")], id_prefix="s"))
    assert [u.get("href") for u in odd.iter(f"{S}use")] == ["#s-none"]  # unknown colour: none
    assert "wee…" in texts(odd)  # odd name: cut short


def iso_weeks(count: int) -> list[str]:
    """`count` consecutive ISO weeks from 2024-W49 (Monday 2024-12-02): 105 of them end at 2026-W49."""
    mondays = (D(2024, 12, 2) + dt.timedelta(days=7 * i) for i in range(count))
    return ["{}-W{:02d}".format(*day.isocalendar()[:2]) for day in mondays]


WEEKS105 = iso_weeks(105)  # the 13 latest, index 92 to 104, are 2026-W37 (Monday 2026-09-07) to 2026-W49


def test_colour_strip_at_two_years_shows_the_last_13_weeks_and_says_so():
    colours = ("green", "amber", "red")
    entries = [StripEntry(w, colours[i % 3], "green") for i, w in enumerate(WEEKS105)]
    root = parse(colour_strip(entries, id_prefix="s"))
    squares = list(root.iter(f"{S}use"))
    assert len(squares) == 26  # 13 weeks, reported and computed: one badge each, one band
    first = squares[0]
    assert (first.get("x"), first.find(f"{S}title").text) == ("84", "2026-W37: reported red")  # index 92: 92 % 3 = 2
    assert squares[-1].find(f"{S}title").text == "2026-W49: computed green"
    numbers = [t for t in texts(root) if re.fullmatch(r"W\d\d", t)]
    assert numbers == [f"W{w}" for w in range(37, 50)]
    (note,) = with_class(root, "rp-window")
    assert note.text == "The last 13 of 105 weeks shown, from 2026-W37"
    # One band with two rows: 2 * 30 + 40 = 100, and a line of 16 for the note.
    assert root.get("viewBox") == "0 0 700 116"
    # Indexes 92 to 104 by i % 3: red at 92, 95, 98, 101, 104 (5), green at 93 ... 102 (4), amber at 94 ... 103 (4).
    assert desc(root) == (
        "Reported status over the last 13 weeks of 105, 2026-W37 to 2026-W49: 4 green, 4 amber, 5 red. "
        "Latest, 2026-W49: reported red, computed green."
    )
    assert len(str(colour_strip(entries, id_prefix="p010-colours"))) < 5000  # was 63 KB with all 105 weeks


# --- 5. risk heat map -------------------------------------------------------------------------------


def test_severity_bands():
    assert [severity(1, 4), severity(2, 2), severity(1, 5), severity(3, 3)] == ["low", "low", "medium", "medium"]
    assert [severity(2, 5), severity(3, 4), severity(3, 5), severity(4, 5), severity(5, 5)] == [
        "high", "high", "critical", "critical", "critical",
    ]  # fmt: skip


def test_heatmap_cells_and_dots():
    root = parse(hm())
    bands = [e for e in with_class(root, "rp-sev") if e.tag == f"{S}path"]  # the key's four swatches are rects
    assert [b.get("class") for b in bands] == [f"rp-sev rp-sev-{band}" for band in ("low", "medium", "high", "critical")]
    # One path a band, a square of 72 for each of its cells: scores 1-4 are 8 cells (1x1..1x4, 2x1, 2x2, 3x1,
    # 4x1), 5-9 are 7, 10-14 are 4 (2x5, 5x2, 3x4, 4x3), 15-25 are 6: 25 in all.
    assert [b.get("d").count("h72v72h-72z") for b in bands] == [8, 7, 4, 6]
    # Probability 4, impact 5: column 5 at x = 64 + 4 * 72 = 352, row (5 - 4) at y = 12 + 72 = 84.
    assert "M352 84h72v72h-72z" in bands[3].get("d")
    hatch = [e for e in root.iter(f"{S}path") if e.get("fill") == "url(#hm-hatch-critical)"]
    assert len(hatch) == 1 and hatch[0].get("d") == bands[3].get("d")  # the band also as a pattern, for grey print
    assert not [e for e in root.iter(f"{S}path") if e.get("fill") == "url(#hm-hatch-low)"]  # the low band is plain
    dots = with_class(root, "rp-dot")
    assert len(dots) == 12  # six on the grid, six in the list
    grid_dots = [d for d in dots if d.find(f"{S}title") is not None]
    first = grid_dots[[d.find(f"{S}title").text for d in grid_dots].index("1: Vendor contract not signed")]
    assert (first.get("cx"), first.get("cy")) == ("388", "128")  # the middle of the cell below its score
    # Three risks in cell (3, 3) at x = 208, y = 156: three of the four 2 x 2 places, none overlapping.
    crowded = [(float(d.get("cx")), float(d.get("cy"))) for d in grid_dots if 208 < float(d.get("cx")) < 280]
    assert sorted(crowded) == [(230, 188), (230, 212), (258, 188)]
    assert all(math.dist(a, b) >= 16 for a, b in itertools.combinations(crowded, 2))


def test_heatmap_legend_and_text_alternative():
    root = parse(hm())
    assert {"Vendor contract not signed", "Minor UI bugs", "Low 1–4", "Critical 15–25"} <= set(texts(root))
    assert [p.get("id") for p in root.iter(f"{S}pattern")] == ["hm-hatch-medium", "hm-hatch-high", "hm-hatch-critical"]
    assert desc(root) == (
        "6 open risks by probability and impact: 1 critical, 0 high, 4 medium, 1 low. "
        "1: Vendor contract not signed (probability 4, impact 5, critical); "
        "2: Key architect leaves (probability 2, impact 4, medium); "
        "3: Data migration slips (probability 3, impact 3, medium); "
        "4: Licences cost more (probability 3, impact 3, medium); "
        "5: Test environment late (probability 3, impact 3, medium); "
        "6: Minor UI bugs (probability 1, impact 1, low)."
    )


def test_heatmap_crowded_cell_long_titles_and_odd_scores():
    risks = [HeatRisk(f"R{i}", 5, 5) for i in range(11)] + [HeatRisk("x " * 80, 9, -3)]
    root = parse(risk_heatmap(risks, id_prefix="h"))
    assert "+3" in texts(root)  # 11 in one cell: 8 dots and "+3"
    assert "12: " + ("x " * 80).strip() + " (probability 5, impact 1, medium)" in desc(root)  # clamped to 1-5
    long_lines = [t for t in texts(root) if t.startswith("x x")]
    assert len(long_lines) == 2 and long_lines[1].endswith("…")  # two lines at most


# --- 6. portfolio timeline --------------------------------------------------------------------------


def test_portfolio_rows_diamonds_and_today():
    root = parse(pf())
    assert len(with_class(root, "rp-milestone")) == 3
    (today,) = with_class(root, "rp-today")
    assert today.get("d").startswith("M395 ")  # Nov 20: 200 + 10 * 19 + 5
    (span,) = with_class(root, "rp-span")
    assert (span.get("x"), span.get("width")) == ("280", "330")  # Nov 9 to the end of Dec 11: 33 days
    # CRM's Launch on Dec 11: 200 + 10 * 40 + 5 = 605, in row 0 whose centre line is 30 + 14 = 44.
    assert with_class(root, "rp-milestone")[1].get("d") == "M605 37l7 7-7 7-7-7z"
    assert [b.get("class") for b in with_class(root, "rp-badge")] == ["rp-badge rp-fill-amber", "rp-badge rp-fill-red"]
    assert {"CRM", "Payroll", "Nov 2026", "Dec 2026", "today 2026-11-20"} <= set(texts(root))
    assert desc(root) == (
        "Milestones of 2 projects from 2026-11-01 to 2026-12-18; today is 2026-11-20. CRM (amber): 1 of 2 milestones "
        "reached, 0 late, next Launch on 2026-12-11; Payroll (red): 0 of 1 milestone reached, 1 late, next Beta on "
        "2026-11-18."
    )


def test_portfolio_rows_flag_a_status_better_than_the_evidence():
    rows = [
        PortfolioRow("CRM", [MILESTONES[2]], D(2026, 11, 9), D(2026, 12, 11), "green", computed="red", flagged=True),
        PortfolioRow("Payroll", [], D(2026, 11, 9), D(2026, 12, 11), "red", computed="amber"),  # worse: no flag
        PortfolioRow("Solar", [], D(2026, 11, 9), D(2026, 12, 11), "amber", computed="none"),  # not assessed
    ]
    root = parse(portfolio_timeline(rows, D(2026, 11, 1), D(2026, 12, 18), TODAY, id_prefix="pf"))
    # Row 0 (top 30): badge at x=4..20, the flag centred at 26 + 5 = 31, the name moved from 26 to 26 + 14 = 40.
    (flag,) = with_class(root, "rp-flag")
    assert (flag.get("x"), flag.get("y"), flag.text) == ("31", "48", "⚠")
    assert flag.find(f"{S}title").text == "green reported, red computed ⚠"
    names = {t.text: t.get("x") for t in root.iter(f"{S}text") if t.text in ("CRM", "Payroll", "Solar")}
    assert names == {"CRM": "40", "Payroll": "26", "Solar": "26"}
    assert [b.find(f"{S}title").text for b in with_class(root, "rp-badge")] == [
        "green reported, red computed ⚠",
        "red reported, amber computed",
        "amber reported, not assessed",
    ]
    assert desc(root) == (
        "Milestones of 3 projects from 2026-11-01 to 2026-12-18; today is 2026-11-20. CRM (green reported, red "
        "computed ⚠): 0 of 1 milestone reached, 0 late, next Launch on 2026-12-11; Payroll (red reported, amber "
        "computed): 0 of 0 milestones reached, 0 late; Solar (amber reported, not assessed): 0 of 0 milestones "
        "reached, 0 late."
    )
    assert "reported better than the evidence" in texts(root)
    assert "reported better than the evidence" not in texts(parse(pf()))  # no flag, no legend for it


def test_portfolio_without_dates_is_empty():
    root = parse(portfolio_timeline([PortfolioRow("No plan yet")], id_prefix="p"))
    assert desc(root) == "No projects with dates to show."


# --- the timelines' phone forms ---------------------------------------------------------------------

# 2026-11-01 to 2027-04-16 is 167 days, both included (Nov 30, Dec 31, Jan 31, Feb 28, Mar 31 and 16 of
# April), over the phone's plot x=10..344 (334 units): 2 units a day, day d beginning at 10 + 2 * (d - Nov 1).days.
PHONE_FINISH = D(2027, 4, 16)


def tl_phone(prefix: str = "tl") -> Markup:
    return timeline(TASKS, MILESTONES, TL_START, PHONE_FINISH, TODAY, BASE_TASKS, BASE_MILESTONES, id_prefix=prefix, phone=True)


def test_the_phone_timeline_puts_each_name_above_its_bar_across_the_whole_width():
    root = parse(tl_phone())
    assert root.get("viewBox") == "0 0 360 346"
    # Named by the wide form's title and description (the same prefix), so the long text is in the page once.
    assert root.get("aria-labelledby") == "tl-title tl-desc"
    assert root.find(f"{S}desc") is None and not [e for e in root.iter() if e.get("id")]
    assert root[0].tag == f"{S}title" and root[0].text == "Timeline"
    bars = with_class(root, "rp-bar")
    # Design, Nov 2-13: from 10 + 2 * 1 = 12 to the start of Nov 14, 10 + 2 * 13 = 36. Its name's line is
    # y=30..44 (baseline 42), the bar 4 below it. Build, Nov 9-30: 10 + 16 = 26 to the start of Dec 1, 10 + 60
    # = 70; its row begins 22 below Design's bar (48 + 22 = 70), so its name at 82 and its bar at 70 + 18 = 88.
    assert [(b.get("x"), b.get("width"), b.get("y")) for b in bars] == [
        ("12", "24", "48"),
        ("26", "44", "88"),
        ("40", "52", "128"),
    ]
    names = [t for t in root.iter(f"{S}text") if t.find(f"{S}tspan") is not None]
    assert [(_shown(t), t.get("y")) for t in names] == [
        ("Design", "42"), ("Build", "82"), (EVIL, "122"),
        ("Design signed off", "162"), ("Beta", "204"), ("Launch", "246"),
    ]  # fmt: skip
    assert all(float(t.get("y")) < float(b.get("y")) for t, b in zip(names, bars, strict=False))
    # The percent at the right end of the name's line, not after the bar.
    pcts = with_class(root, "rp-bar-pct")
    assert [(e.text, e.get("x"), e.get("y"), e.get("text-anchor")) for e in pcts] == [
        ("100%", "356", "42", "end"), ("25%", "356", "82", "end"), ("0%", "356", "122", "end"),
    ]  # fmt: skip
    assert [(e.get("x"), e.get("width")) for e in with_class(root, "rp-bar-done")] == [("12", "24"), ("26", "11")]
    # Build's baseline Nov 2-23: 12 to the start of Nov 24, 10 + 46 = 56, just under its bar (88 + 14).
    ghost = with_class(root, "rp-ghost")[0]
    assert (ghost.get("x"), ghost.get("width"), ghost.get("y")) == ("12", "44", "102")
    # Milestone rows after the tasks' (the third task's bar at 128, so the next row at 150): a name line, then
    # the diamond 10 below it, rows 42 apart. Launch, Dec 11 (day 40): 10 + 2 * 40.5 = 91, centred at 258.
    assert with_class(root, "rp-milestone")[2].get("d") == "M91 251l7 7-7 7-7-7z"
    # Today, Nov 20 (day 19): 10 + 2 * 19.5 = 49, from 4 above the first row to 4 below the last (276).
    (today,) = with_class(root, "rp-today")
    assert today.get("d") == "M49 26V280"
    # Months 56 units wide (2 x 28) are labelled every other one, from the left edge: Nov, Jan, Mar.
    assert [t for t in texts(root) if t[:3] in ("Nov", "Dec", "Jan", "Feb", "Mar", "Apr")] == ["Nov 2026", "Jan 2027", "Mar 2027"]
    # The legend wraps at the chart's width: reached at 4, not reached at 4 + 71.4 + 14 = 89.4, late ! at
    # 89.4 + 100.2 + 14 = 203.6, today at 203.6 + 64.2 + 14 = 281.8 (to 338.8); baseline (78.6) would end at
    # 431.4 > 360, so it starts a second row, 20 below the first: the chart is 276 + 50 + 20 = 346 tall.
    legend = {t.text: (t.get("x"), t.get("y")) for t in root.iter(f"{S}text") if t.text in ("today", "baseline")}
    assert legend == {"today": ("302.8", "318"), "baseline": ("25", "338")}


def test_the_phone_timeline_draws_nothing_past_its_width_and_cuts_no_name():
    name = "Migrate every customer contract and its attachments to the new portal"  # 70 characters
    root = parse(timeline([TimelineTask(name, D(2026, 1, 5), D(2026, 1, 9), 50)], [], id_prefix="t", phone=True))
    (label,) = [t for t in root.iter(f"{S}text") if t.find(f"{S}tspan") is not None]
    # 43 characters a line ((360 - 8 - 36) / 7.2), the percent at the right: two lines, nothing cut.
    assert [s.text for s in label.iter(f"{S}tspan")] == [
        "Migrate every customer contract and its",
        "attachments to the new portal",
    ]
    assert label.find(f"{S}title") is None
    for element in root.iter():
        x, width = element.get("x"), element.get("width")
        if x is not None and width is not None and element.tag == f"{S}rect":
            assert 0 <= float(x) and float(x) + float(width) <= 360


def test_the_phone_portfolio_timeline_puts_badge_and_name_above_the_span():
    rows = [
        PortfolioRow("CRM", [MILESTONES[2]], D(2026, 11, 9), D(2026, 12, 11), "green", computed="red", flagged=True),
        PortfolioRow("Payroll", [], D(2026, 11, 9), D(2026, 12, 11), "red", computed="amber"),
        PortfolioRow("Solar", [], D(2026, 11, 9), D(2026, 12, 11), "amber", computed="none"),
    ]
    root = parse(portfolio_timeline(rows, TL_START, PHONE_FINISH, TODAY, id_prefix="pf", phone=True))
    assert root.get("aria-labelledby") == "pf-title pf-desc" and root.find(f"{S}desc") is None
    # Row 0 (top 30): badge at y=31, the flag at 31, the name at 40 on the line's baseline 42; the span's
    # centre line 30 + 18 + 11 = 59 below them: Nov 9 (day 8) at 10 + 16 = 26 to the start of Dec 12 (day
    # 41), 92: 66 wide. Rows are 41 apart (59 + 12 = 71, then 71 + 29 = 100 for Payroll's span, and so on).
    assert [b.get("y") for b in with_class(root, "rp-badge")] == ["31", "72", "113"]
    (flag,) = with_class(root, "rp-flag")
    assert (flag.get("x"), flag.get("y")) == ("31", "43")
    names = {_shown(t): (t.get("x"), t.get("y")) for t in root.iter(f"{S}text") if t.find(f"{S}tspan") is not None}
    assert names == {"CRM": ("40", "42"), "Payroll": ("26", "83"), "Solar": ("26", "124")}
    assert [(r.get("x"), r.get("width"), r.get("y")) for r in with_class(root, "rp-span")] == [
        ("26", "66", "56"), ("26", "66", "97"), ("26", "66", "138"),
    ]  # fmt: skip
    # Launch, Dec 11 (day 40): 10 + 2 * 40.5 = 91, on row 0's span line.
    assert with_class(root, "rp-milestone")[0].get("d") == "M91 52l7 7-7 7-7-7z"
    assert with_class(root, "rp-today")[0].get("d") == "M49 26V157"  # the last row ends at 153
    # Legend: reached, not reached, today (ends at 260.6); the flag's 258.6 units wrap to a second row.
    assert root.get("viewBox") == "0 0 360 223"  # 153 + 50 + 20


@pytest.mark.parametrize("kind", ["timeline", "portfolio"])
def test_an_empty_timeline_in_both_forms_has_each_id_once(kind):
    wide = EMPTY[kind]("e")
    phone = (
        timeline([], [], id_prefix="e", phone=True) if kind == "timeline" else portfolio_timeline([], id_prefix="e", phone=True)
    )
    pair = str(chart_pair(wide, phone))
    assert re.findall(r'id="([^"]+)"', pair) == ["e-title", "e-desc"]
    root = parse(phone)
    assert (root.get("viewBox"), root.get("aria-labelledby")) == ("0 0 360 36", "e-title e-desc")
    assert texts(root) == [desc(parse(wide))]  # the same sentence, read from the wide form's description


def test_a_chart_pair_holds_both_forms_and_passes_through_markdown_unchanged():
    wide, phone = tl(), tl_phone()
    pair = chart_pair(wide, phone)
    html = markdown.markdown("Text.\n\n" + pair + "\nMore *text*.\n", extensions=["tables", "attr_list", "md_in_html"])
    assert str(pair) in html
    assert str(pair).startswith('<div class="rp-chart-pair">\n<div class="rp-chart-box rp-chart-wide" tabindex="0">\n<svg')
    assert '</div>\n<div class="rp-chart-phone">\n<svg' in str(pair)
    # Both forms draw the same records: three bars, three diamonds, two ghosts, one today line.
    for kind in ("rp-bar", "rp-milestone", "rp-ghost", "rp-today"):
        assert len(with_class(parse(wide), kind)) == len(with_class(parse(phone), kind)), kind
    assert ".rp-chart-phone { display: none; }" in CHART_CSS
    assert "@media screen and (max-width: 600px) {\n.rp-chart-pair > .rp-chart-wide { display: none; }" in CHART_CSS


# --- on a page ----------------------------------------------------------------------------------------


def test_chart_block_passes_through_markdown_unchanged():
    chart = timeline([TimelineTask("a *b* _c_ [x](y) | d", D(2026, 1, 5), D(2026, 1, 9))], [], id_prefix="t")
    page = "Text.\n\n" + chart_block(chart) + "\nMore *text*.\n"
    html = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html"])
    assert str(chart) in html


def test_css_styles_every_class_the_charts_use():
    used = set()
    for make in CHARTS.values():
        used |= set(re.findall(r"\brp-(?:fill|stroke|on|sev|line|mark)-[a-z0-9]+", str(make())))
    used |= {f"rp-{kind}-{status}" for kind in ("fill", "stroke", "on") for status in ("green", "amber", "red", "none")}
    assert used <= set(re.findall(r"\.(rp-[a-z0-9-]+)", CHART_CSS))
    assert '[data-md-color-scheme="slate"] .rp-fill-green' in CHART_CSS
    assert "@media print" in CHART_CSS and CHART_CSS.count("{") == CHART_CSS.count("}")


def test_milestone_trend_legend_shows_a_long_name_and_its_date_whole_in_one_column():
    name = "Contract customers onboarded to the portal"  # 42 characters
    series = [TrendSeries(name, {"2026-W45": D(2026, 12, 18)}), TrendSeries("Go-live", {"2026-W45": D(2027, 1, 8)})]
    root = parse(milestone_trend(series, ["2026-W45"], id_prefix="m"))
    entries = [_shown(e) for e in root.iter(f"{S}text") if "· forecast" in _shown(e)]
    # "… · forecast 2026-12-18" is 42 + 22 = 64 characters: more than a half-width column holds
    # ((350 - 36) / 7.2 = 43), so the legend is one column of (700 - 36) / 7.2 = 92, and nothing is cut.
    assert entries == [f"{name} · forecast 2026-12-18", "Go-live · forecast 2027-01-08"]
    xs = {e.get("x") for e in root.iter(f"{S}text") if "· forecast" in _shown(e)}
    assert xs == {"32"}  # both in the one column, after the 28-unit line sample from x=4


def test_heatmap_phone_form_fits_360_units_with_the_risks_under_the_key():
    risks = [HeatRisk("Vendor late", 2, 3), HeatRisk("Budget cut", 5, 5)]
    svg = str(risk_heatmap(risks, id_prefix="p", title="T", phone=True))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 456" ')
    # Named by the wide form's title and description (no id of its own), its hatching under ids of its own.
    assert 'aria-labelledby="p-title p-desc"' in svg and 'id="p-title"' not in svg
    assert re.findall(r'<pattern id="([^"]+)"', svg) == ["p-phone-hatch-medium", "p-phone-hatch-high", "p-phone-hatch-critical"]
    # Cells 56 units from x = 48: (p 2, i 3) at x 48 + 2*56 = 160, y 12 + 3*56 = 180; one dot at (36, 44) * 56/72.
    assert '<circle class="rp-dot" cx="188" cy="214.2" r="8"' in svg  # 160 + 28, 180 + 34.2
    assert '<circle class="rp-dot" cx="300" cy="46.2" r="8"' in svg  # (p 5, i 5): 48 + 224 + 28, 12 + 34.2
    # The key: Low, Medium and High on one row (they end at 303.4), Critical (21 + 14 * 7.2 = 121.8 more) on the
    # next, 24 lower; the numbered titles 44 under it, 23 apart (one line each).
    assert '<text x="25" y="378">Critical 15–25</text>' in svg
    assert '<circle class="rp-dot" cx="12" cy="410" r="8"' in svg and '<text x="26" y="414">Vendor late</text>' in svg
    assert '<circle class="rp-dot" cx="12" cy="433" r="8"' in svg and '<text x="26" y="437">Budget cut</text>' in svg
    xs = [float(x) for x in re.findall(r'\b(?:x|cx)="(-?[\d.]+)"', svg)]
    assert min(xs) >= 0 and max(xs) <= 360
