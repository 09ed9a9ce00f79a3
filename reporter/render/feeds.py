"""Feeds for subscribers: an Atom feed of the weekly reports and an iCalendar file of the milestones,
for the whole portfolio and for each program and project (`scoped_feed_entries`).

The Atom feed is written with the standard library's XML writer (ElementTree) and the calendar with
icalendar: they escape, fold and order; this module decides what each entry and event says.

Both are pure functions of their arguments (no clock, no I/O): the same input gives the same text,
byte for byte, so a rebuild that changes nothing changes no file. Neither depends on the site's
pages: the feed takes `FeedEntry` records and the calendar `CalendarMilestone` records, and
`feed_entries` and `calendar_milestones` make those from the content and the computed report.

Every piece of user text (names, summaries, highlights: all of it comes from YAML written by users)
is escaped for the format it goes into; the feed's HTML content is built from escaped text only, so
it never carries markup a user wrote.

- `atom_feed`: Atom 1.0 (RFC 4287). One entry per ISO week, newest first. With a `site_url`, ids
  are the pages' URLs and links are absolute; without one, links are relative to the feed (which sits
  at the site's root) and ids are `tag:` URIs (RFC 4151) derived from the feed's title, so the feed
  stays valid either way. Each update shows its reported colour beside the colour the evidence gave the
  project that week, flagged ⚠ when the reported one is better.
- `milestone_calendar`: iCalendar (RFC 5545). One all-day event per milestone on the date it is
  expected: its done date once done, else its forecast, else its due date (so a slip shows in the
  calendar, not only on the site), with a UID that stays the same from build to build
  (`<project-id>.<milestone-id>@reporter`), CRLF line endings, lines folded at 75 octets and TEXT values escaped.
  Each event is written once (`milestone_events`) and shared by every calendar that holds it: icalendar
  takes about 0.25 ms of CPU per event, nine times the old string code, so writing an event once for the
  portfolio's, its program's and its project's calendars keeps a 500-project site's calendars under a second.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from urllib.parse import quote

import icalendar

from reporter.compute.highlights import WeekHighlights
from reporter.compute.report import PortfolioReport
from reporter.compute.weekly import ReportingWeek
from reporter.content.models import Colour
from reporter.render import display
from reporter.render.wording import highlight_sections, plain_line, plain_lines
from reporter.weeks import week_bounds

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
CALENDAR_PATH = "milestones.ics"
FEEDS_DIR = "feeds"  # feeds/programs/<id>.xml and .ics, feeds/projects/<id>.xml and .ics
FEED_WEEKS = 13  # every feed holds its newest quarter of weeks: a feed reader keeps what it has seen, and
# two years of weekly entries for 500 projects would be tens of megabytes fetched on every poll

TAG_AUTHORITY = "reporter"
TAG_DATE = "2026"
"""The authority and date of the `tag:` ids of a feed without a site URL (RFC 4151). Never change
them: a feed reader takes an entry with a new id for a new entry."""

UID_DOMAIN = "reporter"
_CALENDAR_END = "END:VCALENDAR\r\n"
NOT_ASSESSED = "not assessed"
FLAG = "⚠"
FLAG_LEGEND = f"{FLAG} reported better than the evidence"
_RANKS = {"green": 0, "amber": 1, "red": 2}
MILESTONE_STATES = ("done", "overdue", "due-soon", "upcoming")

# Characters XML 1.0 does not allow at all (C0 controls but tab, newline and carriage return;
# surrogates; U+FFFE and U+FFFF). They are dropped from user text so the feed always parses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Control characters RFC 5545 does not allow in a value (all but tab; newlines are escaped first).
_NOT_ICAL = re.compile("[\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]")
_NOT_ICAL_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")  # the same, but newline (escaped as \\n)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedUpdate:
    """One project's weekly update as the feed shows it: whose, what colour, by whom, when and what was said,
    and the colour the evidence gave the project that week."""

    project_id: str
    project_name: str
    status: str  # green, amber or red
    author: str
    date: dt.date
    summary: str  # the update's summary, shown as plain text
    computed: str | None = None  # green, amber or red, NOT_ASSESSED, or None when unknown (then not shown)

    @property
    def reported_better(self) -> bool:
        """Whether the reported colour is better than the computed one (shown as ⚠)."""
        reported, computed = _status(self), str(getattr(self.computed, "value", self.computed))
        return reported in _RANKS and computed in _RANKS and _RANKS[reported] < _RANKS[computed]


@dataclass(frozen=True)
class FeedEntry:
    """One ISO week of reporting (`week` like '2026-W47', Monday `start` to Sunday `end`): its updates and
    its highlights, each highlight a line of plain text."""

    week: str
    start: dt.date
    end: dt.date
    updates: tuple[FeedUpdate, ...]
    highlights: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarMilestone:
    """One milestone as the calendar shows it.

    `state` is done, overdue, due-soon or upcoming (as `MilestoneStatus.state` at the report date);
    `done` is the date it was reached (set only when it is done); `forecast` the newest forecast date.
    """

    project_id: str
    project_name: str
    milestone_id: str
    milestone_name: str
    due: dt.date
    state: str
    done: dt.date | None = None
    forecast: dt.date | None = None
    description: str = ""  # what "reached" means, as the plan says (plain text)

    @property
    def day(self) -> dt.date:
        """The event's date: the done date once done, else the forecast, else the due date."""
        if self.state == "done":
            return self.done or self.due
        return self.forecast or self.due

    @property
    def forecast_differs(self) -> bool:
        """True when the milestone is not done and its forecast is not its due date."""
        return self.state != "done" and self.forecast is not None and self.forecast != self.due


# --- from content and figures to records -------------------------------------------------------


def highlight_lines(highlights: WeekHighlights) -> tuple[str, ...]:
    """The highlights of a week as lines of plain text, worded as on the week's page (`reporter.render.wording`)."""
    return plain_lines(highlights)


def feed_entries(
    weeks: Iterable[ReportingWeek],
    computed: Mapping[str, Mapping[str, Colour | None]] | None = None,
    limit: int | None = None,
) -> tuple[FeedEntry, ...]:
    """One feed entry per reporting week (see `reporter.compute.weekly`), newest week first; the newest `limit`
    weeks only, when given.

    A week's updates are ordered as on the week's page; its highlights are the week's, as lines of text.
    `computed` gives each project's computed colour at the end of each week ({week: {project id: colour,
    None when not assessed}}, as `reporter.compute.trends.week_colours` makes it); an update whose project
    has none there shows its reported colour alone.
    """
    computed = computed or {}
    entries = []
    for week in weeks:
        colours = computed.get(week.name, {})
        updates = tuple(
            FeedUpdate(
                project.id, project.plan.name, update.status.value, update.author, update.date, update.summary,
                _computed(colours, project.id),
            )
            for project, update in week.entries
        )  # fmt: skip
        entries.append(FeedEntry(week.name, week.monday, week.sunday, updates, highlight_lines(week.highlights)))
    newest_first = sorted(entries, key=lambda e: e.week, reverse=True)
    return tuple(newest_first if limit is None else newest_first[:limit])


def scoped_feed_entries(
    weeks: Iterable[ReportingWeek],
    scopes_of: Mapping[str, tuple[str, ...]],
    computed: Mapping[str, Mapping[str, Colour | None]] | None = None,
    limit: int = FEED_WEEKS,
) -> dict[str, tuple[FeedEntry, ...]]:
    """The feed entries of each scope (a program's or a project's feed), newest week first: `scopes_of` gives
    each project id the scopes it belongs to. A scope's entry of a week holds the updates and highlights
    of its projects only, and a week with neither is left out; at most `limit` weeks per scope.
    One pass over the weeks, whatever the number of scopes."""
    computed = computed or {}
    found: dict[str, list[FeedEntry]] = {}
    for week in sorted(weeks, key=lambda w: w.name, reverse=True):
        colours = computed.get(week.name, {})
        updates: dict[str, list[FeedUpdate]] = {}
        for project, update in week.entries:
            shown = FeedUpdate(
                project.id, project.plan.name, update.status.value, update.author, update.date, update.summary,
                _computed(colours, project.id),
            )  # fmt: skip
            for scope in scopes_of.get(project.id, ()):
                updates.setdefault(scope, []).append(shown)
        lines: dict[str, list[str]] = {}
        for section in highlight_sections(week.highlights):
            for line in section.lines:
                for scope in scopes_of.get(line.project_id, ()):
                    lines.setdefault(scope, []).append(plain_line(section, line))
        for scope in sorted(updates.keys() | lines.keys()):
            entries = found.setdefault(scope, [])
            if len(entries) < limit:
                entries.append(
                    FeedEntry(week.name, week.monday, week.sunday, tuple(updates.get(scope, ())), tuple(lines.get(scope, ())))
                )
    return {scope: tuple(entries) for scope, entries in found.items()}


def _computed(colours: Mapping[str, Colour | None], project_id: str) -> str | None:
    """A project's computed colour as `FeedUpdate.computed` holds it."""
    if project_id not in colours:
        return None
    colour = colours[project_id]
    return NOT_ASSESSED if colour is None else colour.value


def calendar_milestones(report: PortfolioReport, project_ids: AbstractSet[str] | None = None) -> tuple[CalendarMilestone, ...]:
    """Every milestone of every project of a computed report (of the projects in `project_ids`, when given),
    with its state and forecast at the report date."""
    items = []
    for figures in report.projects:
        if project_ids is not None and figures.id not in project_ids:
            continue
        for status in figures.milestones:
            m = status.milestone
            items.append(
                CalendarMilestone(
                    project_id=figures.id,
                    project_name=figures.name,
                    milestone_id=m.id,
                    milestone_name=m.name,
                    due=m.due,
                    state=status.state,
                    done=m.done if status.state == "done" else None,
                    forecast=status.forecast,
                    description=m.description,
                )
            )
    return tuple(items)


# --- Atom ----------------------------------------------------------------------------------------


def atom_feed(
    entries: Iterable[FeedEntry],
    *,
    site_url: str,
    title: str,
    author: str,
    updated: dt.date | dt.datetime,
    feed_path: str = FEED_PATH,
) -> str:
    """An Atom 1.0 feed (RFC 4287) of weekly reports, as text (UTF-8 when written, ending in a newline).

    One entry per ISO week, newest first whatever the order given (ValueError for a week given twice or
    a malformed week name). An entry's `updated` is the newest update date of its week (its `end` when it
    has none), at midnight UTC; the feed's is `updated` (a date is midnight UTC, a naive datetime is
    taken as UTC). Each entry links to the week's page, `weeks/<week>/`, and has a plain-text summary
    (each project's status) and HTML content (each update and the highlights), both escaped. A status reads
    like 'green reported, red computed ⚠' when the update has a computed colour (⚠: reported better than
    the evidence, said once under the updates), else it is the reported colour alone.

    With `site_url` (the site's root, e.g. 'https://example.org/status/'), the feed's id is that URL,
    an entry's id is its page's URL and the feed links to itself at `feed_path`. Without one, links are
    relative (the feed is served from the site's root) and ids are `tag:` URIs made from the title.
    """
    ordered = sorted(entries, key=lambda e: e.week, reverse=True)
    weeks = [e.week for e in ordered]
    for week in weeks:
        week_bounds(week)  # ValueError for anything that is not a week name: it goes into URLs
    if len(set(weeks)) != len(weeks):
        raise ValueError(f"a week is given twice: {sorted({w for w in weeks if weeks.count(w) > 1})}")

    base = _site_base(site_url)
    # Without a site URL, links are relative to the feed: '../../' from feeds/programs/<id>.xml.
    root = base or "../" * feed_path.strip("/").count("/")
    tag_base = f"tag:{TAG_AUTHORITY},{TAG_DATE}:{_slug(title)}"
    # The standard library's XML writer escapes every value; `_x` only drops what XML cannot hold at all.
    feed = ET.Element("feed", xmlns=ATOM_NS)
    _child(feed, "id", base or tag_base)
    _child(feed, "title", title)
    _child(feed, "updated", _rfc3339(updated))
    _child(ET.SubElement(feed, "author"), "name", author)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=_x(root or "./"))
    if base:
        ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=_x(base + feed_path.lstrip("/")))
    _child(feed, "generator", "reporter")
    for entry in ordered:
        page = f"weeks/{entry.week}/"
        newest = max((u.date for u in entry.updates), default=entry.end)
        item = ET.SubElement(feed, "entry")
        _child(item, "id", base + page if base else f"{tag_base}/{page}")
        _child(item, "title", _entry_title(entry))
        _child(item, "updated", _rfc3339(newest))
        ET.SubElement(item, "link", rel="alternate", type="text/html", href=_x(root + page))
        _child(item, "summary", _entry_summary(entry), type="text")
        _child(item, "content", _entry_html(entry, base), type="html")
    ET.indent(feed, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _child(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = _x(text)
    return element


def _entry_title(entry: FeedEntry) -> str:
    return f"Week {entry.week} ({entry.start.isoformat()} to {entry.end.isoformat()})"


def _entry_summary(entry: FeedEntry) -> str:
    if not entry.updates:
        return "No updates this week."
    return "; ".join(f"{u.project_name}: {_status_line(u)}" for u in entry.updates)


def _entry_html(entry: FeedEntry, base: str) -> str:
    """The entry's content as HTML made only of escaped text (`_h`) and our own tags."""
    parts = ["<h2>Updates</h2>"]
    if entry.updates:
        parts.append("<ul>")
        for u in entry.updates:
            name = _h(u.project_name)
            if base:
                name = f'<a href="{_h(base + "projects/" + quote(u.project_id, safe="") + "/")}">{name}</a>'
            summary = "<br/>".join(_h(line) for line in u.summary.strip().splitlines())
            parts.append(
                f"<li><strong>{name}</strong>: {_h(_status_line(u))} ({_h(u.author)}, {u.date.isoformat()})"
                + (f"<br/>{summary}" if summary else "")
                + "</li>"
            )
        parts.append("</ul>")
        if any(u.reported_better for u in entry.updates):
            parts.append(f"<p>{_h(FLAG_LEGEND)}</p>")
    else:
        parts.append("<p>No updates this week.</p>")
    if entry.highlights:
        parts.append("<h2>Highlights</h2>")
        parts.append("<ul>" + "".join(f"<li>{_h(line)}</li>" for line in entry.highlights) + "</ul>")
    return "".join(parts)


def _status(update: FeedUpdate) -> str:
    """The status as its word, whether given as text or as a `Colour`."""
    return str(getattr(update.status, "value", update.status))


def _status_line(update: FeedUpdate) -> str:
    """The reported status, and the computed one when known: 'green reported, red computed ⚠'."""
    reported = _status(update)
    if update.computed is None:
        return reported
    computed = str(getattr(update.computed, "value", update.computed))
    if computed == NOT_ASSESSED:
        return f"{reported} reported, {NOT_ASSESSED}"
    return f"{reported} reported, {computed} computed" + (f" {FLAG}" if update.reported_better else "")


def _site_base(site_url: str) -> str:
    """The site's root URL ending in '/', or '' when there is none."""
    url = site_url.strip()
    return url.rstrip("/") + "/" if url else ""


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or "feed"


def _x(text: str) -> str:
    """Text for XML character data or an attribute, without the characters XML forbids (the writer escapes the rest)."""
    return _NOT_XML.sub("", text)


def _h(text: str) -> str:
    """User text for HTML: escaped, so it reads as text and is never markup."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _rfc3339(moment: dt.date | dt.datetime) -> str:
    """A date (midnight) or a datetime (naive: UTC) as an RFC 3339 UTC timestamp, to the second."""
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(moment: dt.date | dt.datetime) -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        return dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _iso(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


# --- iCalendar ---------------------------------------------------------------------------------


def milestone_calendar(
    items: Iterable[CalendarMilestone],
    *,
    calendar_name: str,
    generated: dt.date | dt.datetime,
    site_url: str = "",
    events: Mapping[str, str] | None = None,
) -> str:
    """An iCalendar file (RFC 5545) with one all-day event per milestone, as text with CRLF line endings.

    Each event falls on the date the milestone is expected (DTSTART;VALUE=DATE, DTEND the day after): its
    done date once done, else its forecast, else its due date. SUMMARY is '<project name>: <milestone
    name>'; DESCRIPTION says 'done on <date> (due <date>)', or 'Planned: <due>. Forecast: <forecast> (<slip>).'
    when the forecast is not the due date (with 'Overdue. ' first once the due date has passed), or
    'overdue', 'forecast <date>' or 'due <date>, no forecast' (then the plan's description of the
    milestone); STATUS is CONFIRMED once the milestone is done and TENTATIVE until then. UID is
    '<project-id>.<milestone-id>@reporter', the same in every build;
    DTSTAMP is `generated` in UTC (a date is midnight, a naive datetime is taken as UTC). With `site_url`,
    URL is the project's page. Events are ordered by their date, project id, milestone id; lines are folded
    at 75 octets. ValueError for an unknown state or a milestone given twice.

    `events` are the events already written by `milestone_events` (by UID) for the same `generated` and
    `site_url`: a site writes each event once for its portfolio's, programs' and projects' calendars.
    """
    ordered = sorted(items, key=lambda i: (i.day, i.project_id, i.milestone_id))
    seen: set[str] = set()
    for item in ordered:
        if item.state not in MILESTONE_STATES:
            raise ValueError(f"milestone {item.project_id}/{item.milestone_id}: unknown state {item.state!r}")
        if _uid(item) in seen:
            raise ValueError(f"milestone {item.project_id}/{item.milestone_id} is given twice")
        seen.add(_uid(item))
    events = events if events is not None else milestone_events(ordered, generated=generated, site_url=site_url)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//reporter//milestones//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # icalendar takes NAME (RFC 7986) and X-WR-CALNAME for unknown types unless told they are TEXT.
    calendar.add("name", icalendar.vText(_ical_text(calendar_name)))
    calendar.add("x-wr-calname", icalendar.vText(_ical_text(calendar_name)))
    # In the order added (not icalendar's alphabetical one): VERSION and PRODID first, as RFC 5545 shows them.
    # The events, each written by icalendar once, go in before the calendar's last line.
    head = calendar.to_ical(sorted=False).decode("utf-8").removesuffix(_CALENDAR_END)
    return head + "".join(events[_uid(item)] for item in ordered) + _CALENDAR_END


def milestone_events(
    items: Iterable[CalendarMilestone], *, generated: dt.date | dt.datetime, site_url: str = ""
) -> dict[str, str]:
    """Each milestone's VEVENT, written by icalendar (TEXT values escaped, lines folded at 75 octets, CRLF),
    by UID: see `milestone_calendar` for what an event says."""
    base = _site_base(site_url)
    stamp = _utc(generated)
    written = {}
    for item in items:
        event = icalendar.Event()
        event.add("uid", _ical_text(_uid(item)))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", _ical_text(f"{item.project_name}: {item.milestone_name}"))
        event.add("description", _ical_text(_milestone_description(item)))
        event.add("status", "CONFIRMED" if item.state == "done" else "TENTATIVE")
        event.add("transp", "TRANSPARENT")
        if base:
            event.add("url", _NOT_ICAL.sub("", base + "projects/" + quote(item.project_id, safe="") + "/"), parameters={})
        written[_uid(item)] = event.to_ical(sorted=False).decode("utf-8")
    return written


def _uid(item: CalendarMilestone) -> str:
    """The event's UID, the same in every build: '<project-id>.<milestone-id>@reporter'."""
    return f"{item.project_id}.{item.milestone_id}@{UID_DOMAIN}"


def _milestone_description(item: CalendarMilestone) -> str:
    due = item.due.isoformat()
    if item.state == "done":
        status = f"done on {_iso(item.done) or due} (due {due})"
    elif item.forecast_differs:
        # The event is on the forecast date, so say what the plan said and by how much it moved.
        assert item.forecast is not None
        slip = display.slip((item.forecast - item.due).days)
        status = f"Planned: {due}. Forecast: {item.forecast.isoformat()} ({slip})."
        if item.state == "overdue":
            status = f"Overdue. {status}"
    elif item.state == "overdue":
        status = f"overdue (due {due})" + (f", forecast {item.forecast.isoformat()}" if item.forecast else "")
    elif item.forecast is not None:  # the forecast is the due date
        status = f"forecast {item.forecast.isoformat()}"
    else:
        status = f"due {due}, no forecast"
    text = item.description.strip()
    return f"{status}\n\n{text}" if text else status


def _ical_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _ical_text(text: str) -> str:
    """A TEXT value without the control characters RFC 5545 does not allow (newlines are kept: icalendar escapes them)."""
    return _NOT_ICAL_TEXT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
