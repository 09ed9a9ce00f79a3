"""The content model: portfolio, plan and update files as typed, validated records.

Field names are the YAML keys a project manager writes; every field has a description, which is
also what editors show from the JSON Schema. Checks that need more than one field or file (dates in
order, references that resolve, ids that repeat) live in `reporter.content.checks`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from reporter.errors import excerpt

# --- bounds: what reporter accepts, each with its own message (documented in the README's Limits) ---

FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
MAX_ID = 64  # characters of an id; it names a page file, which must stay far below 255 bytes
MAX_NAME = 200  # characters of a name or a title
MAX_PERSON = 80  # characters of a person's name, which names their page
MAX_NUMBER = Decimal(10) ** 12  # no amount, effort or threshold is that large
MAX_DIGITS = 15  # significant digits: float and Decimal arithmetic stay exact
MAX_DECIMALS = 6  # digits after the point
_SMALL = min(int(MAX_NUMBER), 10**MAX_DIGITS)  # a whole number smaller than this in size is within every bound above
MAX_DAYS = 366  # days in a reporting cadence or grace period
MAX_COUNT = 10_000  # a count, such as overdue milestones for a colour

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_id(text: str) -> bool:
    """Whether `text` is an id: the slug rule matched exactly (no trailing newline), at most MAX_ID characters."""
    return len(text) <= MAX_ID and _SLUG.fullmatch(text) is not None


def _refuse(kind: str, message: str, **context: Any) -> PydanticCustomError:
    # The loader shows `message` as it is (see loader._translate): every bound words its own.
    return PydanticCustomError(f"reporter_{kind}", message, context)


def _id(value: Any) -> Any:
    if isinstance(value, str) and not is_id(value):
        if _SLUG.fullmatch(value) and len(value) > MAX_ID:
            raise _refuse("id", f"an id of {len(value)} characters is too long: at most {MAX_ID}")
        raise _refuse("id", f"'{excerpt(value)}' is not an id: use lowercase letters, digits and hyphens (like 'crm-rollout')")
    return value


def _date(value: Any) -> Any:
    """A date as written, YYYY-MM-DD and within FIRST_DATE..LAST_DATE; never a number or a timestamp."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and _DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise _refuse("date", f"'{value}' is not a date (YYYY-MM-DD)") from None
    else:
        # A number would be read as seconds since 1970 and a timestamp lose its time: both are mistakes.
        shown = str(value).lower() if isinstance(value, bool) else excerpt(value)
        raise _refuse("date", f"'{shown}' is not a date (YYYY-MM-DD)")
    if not FIRST_DATE <= day <= LAST_DATE:
        raise _refuse("date", f"{day} is outside the dates reporter accepts ({FIRST_DATE} to {LAST_DATE})")
    return day


def _number(value: Any) -> Any:
    """A number within the bounds; never a boolean (`true` is not 1)."""
    if isinstance(value, bool):
        raise _refuse("number", f"'{str(value).lower()}' is not a number")
    if type(value) is int and -_SMALL < value < _SMALL:
        return value  # most numbers (percentages, efforts): no point, and too few digits to break a bound
    if isinstance(value, int | float | Decimal | str):
        try:
            number = Decimal(value.strip() if isinstance(value, str) else repr(value) if isinstance(value, float) else value)
        except (ArithmeticError, ValueError):
            return value  # not a number at all: pydantic says so in its own words
        if not number.is_finite():
            return value
        _, digits, exponent = number.as_tuple()
        assert isinstance(exponent, int)  # finite
        if abs(number) >= MAX_NUMBER:
            raise _refuse("number", f"'{excerpt(value)}' is too large: reporter accepts numbers below {MAX_NUMBER:,.0f}")
        if -exponent > MAX_DECIMALS:
            raise _refuse("number", f"'{excerpt(value)}' has more than {MAX_DECIMALS} digits after the point")
        if len(digits) > MAX_DIGITS:
            raise _refuse("number", f"'{excerpt(value)}' has more than {MAX_DIGITS} significant digits")
    return value


def _bounded_text(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > limit:
            raise _refuse("length", f"{len(value)} characters is too long: at most {limit}")
        return value

    return AfterValidator(check)


# The constraints come before the validators, so that they reach the JSON Schema as pattern and maximum.
Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, max_length=MAX_ID, description="an id: lowercase letters, digits and hyphens"),
    BeforeValidator(_id),
]
Date = Annotated[dt.date, BeforeValidator(_date)]
Number = BeforeValidator(_number)
Money = Annotated[Decimal, Field(ge=0, description="an amount in the portfolio's currency"), Number]
Percent = Annotated[float, Field(ge=0, le=100), Number]
Whole = Annotated[int, Number]
# A baseline's name is part of a git tag's name: letters, digits, '.', '_' and '-', as git allows anywhere.
BaselineName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=MAX_ID)]
Real = Annotated[float, Number]
Name = Annotated[str, _bounded_text(MAX_NAME)]
Person = Annotated[str, _bounded_text(MAX_PERSON)]


class Colour(str, Enum):
    """A status colour, best to worst."""

    green = "green"
    amber = "amber"
    red = "red"

    @property
    def rank(self) -> int:
        """0 for green, 1 for amber, 2 for red: higher is worse."""
        return ["green", "amber", "red"].index(self.value)


class State(str, Enum):
    """Where a project is in its life."""

    proposed = "proposed"
    active = "active"
    paused = "paused"
    done = "done"
    cancelled = "cancelled"


class RiskStatus(str, Enum):
    """Where a risk stands."""

    open = "open"
    mitigated = "mitigated"
    occurred = "occurred"
    closed = "closed"


class Visibility(str, Enum):
    """Who may see a thing, least restricted first: an audience sees its own level and those before it."""

    public = "public"
    internal = "internal"
    confidential = "confidential"

    @property
    def rank(self) -> int:
        """0 for public, 1 for internal, 2 for confidential: higher is seen by fewer."""
        return ["public", "internal", "confidential"].index(self.value)


VISIBILITY_HELP = "who may see it: public, internal or confidential (default: as what it belongs to)"


class Weekday(str, Enum):
    """A day of the week, as written in portfolio.yaml."""

    monday = "monday"
    tuesday = "tuesday"
    wednesday = "wednesday"
    thursday = "thursday"
    friday = "friday"
    saturday = "saturday"
    sunday = "sunday"

    @property
    def number(self) -> int:
        """0 for Monday to 6 for Sunday, as `date.weekday()` counts."""
        return list(Weekday).index(self)


class Record(BaseModel):
    """Base of every content record: unknown fields are errors, and numbers are accepted where text is."""

    # No inf or nan: `effort: .inf` would validate and then break every sum it weighs in.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True, allow_inf_nan=False)


class TextItem(Record):
    """Base of list items that may be written as plain text or as a mapping with `text` and details."""

    text: str

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        # A PM writes `- Vendor contract not signed`; the detailed form is there when needed.
        return {"text": value} if isinstance(value, str) else value


# --- portfolio.yaml ---------------------------------------------------------------------------


class Program(Record):
    """A group of projects that share a goal and a leader."""

    id: Slug = Field(description="the program's id, used by each plan's `program`")
    name: Name = Field(description="the program's name as stakeholders know it")
    description: str = Field("", description="what the program is for (Markdown)")
    owner: Person | None = Field(None, description="who leads the program")
    visibility: Visibility | None = Field(
        None, description="who sees the program and its projects: public, internal or confidential (default: default_visibility)"
    )


class Reporting(Record):
    """How often projects report, and which days are working days."""

    cadence_days: Whole = Field(7, ge=1, le=MAX_DAYS, description="days between updates")
    grace_days: Whole = Field(3, ge=0, le=MAX_DAYS, description="days of grace after the cadence before a project is stale")
    working_days: list[Weekday] = Field(
        default_factory=lambda: [Weekday.monday, Weekday.tuesday, Weekday.wednesday, Weekday.thursday, Weekday.friday],
        min_length=1,
        description="the days planned work is spread over",
    )


class HealthRules(Record):
    """Thresholds that turn the evidence into a computed colour (see the glossary page)."""

    spi_t_amber: Real = Field(0.95, gt=0, description="SPI(t) below this is amber")
    spi_t_red: Real = Field(0.85, gt=0, description="SPI(t) below this is red")
    cpi_amber: Real = Field(0.95, gt=0, description="CPI below this is amber")
    cpi_red: Real = Field(0.85, gt=0, description="CPI below this is red")
    overdue_milestones_amber: Whole = Field(1, ge=1, le=MAX_COUNT, description="this many overdue milestones is amber")
    overdue_milestones_red: Whole = Field(2, ge=1, le=MAX_COUNT, description="this many overdue milestones is red")


class SmtpServer(Record):
    """The mail server an email channel sends through."""

    host: str = Field(description="the SMTP server's host name")
    port: int | None = Field(None, ge=1, le=65535, description="its port (default: 587 for starttls, 465 for ssl, 25 for none)")
    security: Literal["starttls", "ssl", "none"] = Field(
        "starttls", description="starttls (upgrade a plain connection), ssl (TLS from the start) or none (a local relay)"
    )
    username_env: str | None = Field(None, description="the environment variable that holds the login name")
    password_env: str | None = Field(None, description="the environment variable that holds the password")


class Channel(Record):
    """Where `reporter notify` and `reporter remind` send: a mail list or a chat channel's webhook."""

    id: Slug = Field(description="the channel's id, used in messages and in --channel")
    type: Literal["email", "slack", "teams", "mattermost", "rocketchat", "webhook"] = Field(
        description="email, slack, teams, mattermost, rocketchat or webhook (generic JSON)"
    )
    program: Slug | None = Field(None, description="send only this program's projects (default: the whole portfolio)")
    sends: list[Literal["digest", "reminders"]] = Field(
        default_factory=lambda: ["digest"],  # type: ignore[arg-type]  # mypy takes the list for list[str] min_length=1, description="what the channel gets: digest, reminders or both"
    )
    smtp: SmtpServer | None = Field(None, description="email: the mail server")
    sender: str | None = Field(None, description="email: the From address, e.g. 'Status <status@example.org>'")
    to: list[str] = Field(default_factory=list, description="email: the digest's recipients")
    list_id: str | None = Field(None, description="email: the List-Id header, e.g. 'Project status <status.example.org>'")
    unsubscribe: str | None = Field(None, description="email: the List-Unsubscribe address (a mailto: or https: URL)")
    url_env: str | None = Field(None, description="chat and webhook: the environment variable that holds the webhook URL")
    timeout_seconds: float = Field(20, gt=0, le=300, description="how long to wait for the server before giving up")

    @model_validator(mode="after")
    def _has_what_its_type_needs(self) -> Channel:
        if self.type == "email":
            missing = [name for name in ("smtp", "sender") if getattr(self, name) is None]
            if "digest" in self.sends and not self.to:
                missing.append("to")
            if missing:
                raise ValueError(f"an email channel needs {' and '.join(missing)}")
        elif self.url_env is None:
            raise ValueError(f"a {self.type} channel needs url_env, the environment variable that holds its webhook URL")
        return self


class Contact(Record):
    """How to reach a person named in the plans (for reminders)."""

    name: str = Field(description="the person's name as the plans write it")
    email: str | None = Field(None, description="their email address")
    chat: str | None = Field(None, description="their chat handle, e.g. '@pieter' (Slack: '<@U024BE7LH>')")


class Notify(Record):
    """Where the weekly digest and the reminders go (`reporter notify`, `reporter remind`)."""

    site_url: str | None = Field(None, description="the published site's address, linked from every message")
    reminder_day: Weekday = Field(Weekday.friday, description="the day CI runs `reporter remind`")
    channels: list[Channel] = Field(default_factory=list, description="the mail lists and chat channels")
    contacts: list[Contact] = Field(default_factory=list, description="email addresses and chat handles of project owners")


class OrganisationKind(str, Enum):
    """What sort of body an organisation is: shown beside its name, never listed among people."""

    vendor = "vendor"
    board = "board"
    team = "team"
    client = "client"
    partner = "partner"
    authority = "authority"
    other = "other"


class DeclaredPerson(Record):
    """A person the plans name, declared once so that every spelling of them is one person."""

    name: Person = Field(description="the person's name, as their page shows it")
    role: str = Field("", description="what they do, e.g. 'CFO' or 'PMO lead'")
    email: str | None = Field(None, description="their email address")
    handle: str | None = Field(None, description="their chat handle, e.g. '@margot'")
    organisation: Person | None = Field(None, description="the organisation they belong to (a declared one is linked)")
    aliases: list[Person] = Field(default_factory=list, description="other ways the plans write their name")
    member_of: list[Person] = Field(
        default_factory=list, description="declared organisations they sit on: what is asked of one waits on them too"
    )


class Organisation(Record):
    """A vendor, board, team or client the plans name: shown as an organisation, not as a person."""

    name: Person = Field(description="the organisation's name, as its page shows it")
    kind: OrganisationKind = Field(OrganisationKind.other, description="vendor, board, team, client, partner, authority or other")
    description: str = Field("", description="what it is, or what it does for the portfolio (Markdown)")
    members: list[Person] = Field(
        default_factory=list, description="declared people who sit on it: what is asked of it waits on them too"
    )
    aliases: list[Person] = Field(default_factory=list, description="other ways the plans write its name")


class ReviewRules(Record):
    """Rules a change must keep (`reporter validate --base REV`, `reporter diff`)."""

    slip_needs_reason: int | None = Field(
        None,
        ge=0,
        description="a milestone's due date or the finish moved later by more than this many working days needs a reason",
    )
    red_needs_ask_or_blocker: bool = Field(False, description="an update that turns a project red needs an ask or a blocker")


class Portfolio(Record):
    """portfolio.yaml: the organisation, its programs and its reporting rules."""

    organisation: Name = Field(description="the organisation's name, shown in the site's title")
    title: Name = Field("Project status", description="the site's title")
    description: str = Field("", description="a sentence or two shown on the home page (Markdown)")
    currency: str = Field("EUR", description="ISO code of the currency budgets and costs are in")
    programs: list[Program] = Field(description="the programs projects belong to")
    reporting: Reporting = Field(default_factory=Reporting, description="reporting cadence and working days")
    health: HealthRules = Field(default_factory=HealthRules, description="health thresholds")
    notify: Notify | None = Field(None, description="where the weekly digest and reminders are sent")
    review: ReviewRules | None = Field(None, description="rules a change of the content must keep")
    people: list[DeclaredPerson] = Field(
        default_factory=list, description="people the plans name, with their aliases and the bodies they sit on"
    )
    organisations: list[Organisation] = Field(
        default_factory=list, description="vendors, boards, teams and clients the plans name"
    )
    default_visibility: Visibility = Field(
        Visibility.public, description="the visibility of a program that sets none: public, internal or confidential"
    )


# --- projects/<id>/plan.yaml ------------------------------------------------------------------


class TeamMember(Record):
    """A person on the project team."""

    name: Person = Field(description="the person's name")
    role: str = Field("", description="what they do on the project")
    allocation: Percent | None = Field(None, description="share of their time on the project, in percent")


class Milestone(Record):
    """A dated point the project commits to."""

    id: Slug = Field(description="the milestone's id, used by tasks and update forecasts")
    name: Name = Field(description="what is reached")
    due: Date = Field(description="the date it is due (YYYY-MM-DD)")
    done: Date | None = Field(None, description="the date it was reached, once it is")
    description: str = Field("", description="what 'reached' means (Markdown)")
    reason: str | None = Field(None, description="why its due date last moved (what a review rule asks for)")
    visibility: Visibility | None = Field(None, description=VISIBILITY_HELP)


class Task(Record):
    """A piece of planned work."""

    id: Slug = Field(description="the task's id, used by depends_on and update progress")
    name: Name = Field(description="what the work is")
    owner: Person | None = Field(None, description="who is accountable for it")
    start: Date = Field(description="planned start (YYYY-MM-DD)")
    finish: Date = Field(description="planned finish (YYYY-MM-DD)")
    effort: Real | None = Field(None, ge=0, description="planned effort in person-days; weights progress")
    progress: Percent = Field(0, description="percent complete, 0 to 100")
    done: Date | None = Field(
        None, description="the date it was finished, once it is: the task counts as 100% complete from that day"
    )
    milestone: Slug | None = Field(None, description="the milestone this task leads to")
    depends_on: list[Slug] = Field(default_factory=list, description="ids of tasks that must finish first")
    visibility: Visibility | None = Field(None, description=VISIBILITY_HELP)


class Risk(Record):
    """Something that may happen, with what is done to prevent it and what happens if it does."""

    id: Slug = Field(description="the risk's id")
    title: Name = Field(description="the risk in one line")
    probability: Whole = Field(ge=1, le=5, description="1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain")
    impact: Whole = Field(ge=1, le=5, description="1 minimal, 2 minor, 3 moderate, 4 major, 5 severe")
    owner: Person | None = Field(None, description="who watches it")
    status: RiskStatus = Field(RiskStatus.open, description="open, mitigated, occurred or closed")
    raised: Date | None = Field(None, description="when it was first raised")
    mitigation: str = Field("", description="what is done now to make it less likely or less harmful")
    contingency: str = Field("", description="plan B: what we do if it happens")
    visibility: Visibility | None = Field(None, description=VISIBILITY_HELP)


class Decision(Record):
    """A decision taken, so that nobody has to ask again why."""

    date: Date = Field(description="when it was taken")
    title: Name = Field(description="what was decided")
    by: Person | None = Field(None, description="who decided")
    rationale: str = Field("", description="why (Markdown)")


class Plan(Record):
    """projects/<id>/plan.yaml: what the project will deliver, when, with whom and for how much."""

    name: Name = Field(description="the project's name")
    program: Slug = Field(description="id of the program in portfolio.yaml")
    owner: Person = Field(description="the project manager")
    sponsor: Person | None = Field(None, description="the executive who pays for and backs the project")
    state: State = Field(State.active, description="proposed, active, paused, done or cancelled")
    summary: str = Field("", description="what the project is and why it matters (Markdown)")
    objectives: list[str] = Field(default_factory=list, description="what success looks like")
    start: Date = Field(description="planned start (YYYY-MM-DD)")
    finish: Date = Field(description="planned finish (YYYY-MM-DD)")
    budget: Money | None = Field(None, description="budget at completion, in the portfolio's currency")
    baseline: BaselineName | None = Field(
        None, description="the baseline to compare against: the <name> of a git tag baseline/<project-id>@<name>"
    )
    finish_reason: str | None = Field(None, description="why the finish last moved (what a review rule asks for)")
    visibility: Visibility | None = Field(None, description=VISIBILITY_HELP)
    team: list[TeamMember] = Field(default_factory=list, description="who works on it")
    milestones: list[Milestone] = Field(default_factory=list, description="dated commitments")
    tasks: list[Task] = Field(default_factory=list, description="planned work")
    risks: list[Risk] = Field(default_factory=list, description="risks, with mitigation and plan B")
    decisions: list[Decision] = Field(default_factory=list, description="decisions taken")


# --- projects/<id>/updates/YYYY-MM-DD.yaml ----------------------------------------------------


class Dimensions(Record):
    """The reported colour of each dimension of the project."""

    schedule: Colour | None = Field(None, description="are dates being met?")
    scope: Colour | None = Field(None, description="is the scope under control?")
    budget: Colour | None = Field(None, description="is spending in line?")
    resources: Colour | None = Field(None, description="are the people there?")


# What an update that names no dimension (or no visibility) holds: one shared record, where each of 52,000 updates at
# 500 projects had its own two empty ones (about 60 MB). Records are frozen, so none can change the shared one.
_NO_DIMENSIONS = Dimensions()


class Blocker(TextItem):
    """Something that stops progress until someone acts."""

    text: str = Field(description="what is blocked and by what")
    owner: Person | None = Field(None, description="who can unblock it")
    since: Date | None = Field(None, description="since when")


class Ask(TextItem):
    """Help the team needs from someone outside it."""

    text: str = Field(description="what is asked")
    of: Person | None = Field(None, description="of whom (a person, a role or a board)")
    by: Date | None = Field(None, description="needed by this date")


class UpdateVisibility(Record):
    """Who may see each field of an update that needs saying (an unnamed field is seen as the project is)."""

    summary: Visibility | None = Field(None, description="who may see the summary")
    accomplishments: Visibility | None = Field(None, description="who may see the accomplishments")
    next_steps: Visibility | None = Field(None, description="who may see the next steps")
    blockers: Visibility | None = Field(None, description="who may see the blockers")
    asks: Visibility | None = Field(None, description="who may see the asks")
    decisions: Visibility | None = Field(None, description="who may see the decisions")
    actual_cost: Visibility | None = Field(None, description="who may see the actual cost (and so CPI)")
    forecasts: Visibility | None = Field(None, description="who may see the milestone forecasts")


_NO_VISIBILITY = UpdateVisibility()


class Update(Record):
    """projects/<id>/updates/YYYY-MM-DD.yaml: one weekly status update."""

    date: Date = Field(description="the date of the update; must match the file name")
    author: Person = Field(description="who wrote it")
    status: Colour = Field(description="overall status: green, amber or red")
    dimensions: Dimensions = Field(default_factory=lambda: _NO_DIMENSIONS, description="status per dimension")
    summary: str = Field(description="the week in a few sentences (Markdown)")
    accomplishments: list[str] = Field(default_factory=list, description="successes to shout out")
    next_steps: list[str] = Field(default_factory=list, description="what happens next")
    blockers: list[Blocker] = Field(default_factory=list, description="what stops progress")
    asks: list[Ask] = Field(default_factory=list, description="help needed from outside the team")
    decisions: list[Decision] = Field(default_factory=list, description="decisions taken this week")
    progress: dict[Slug, Percent] = Field(default_factory=dict, description="percent complete per task id")
    actual_cost: Money | None = Field(None, description="actual cost to date")
    forecasts: dict[Slug, Date] = Field(default_factory=dict, description="forecast date per milestone id")
    visibility: UpdateVisibility = Field(
        default_factory=lambda: _NO_VISIBILITY,
        description="who may see each field, e.g. {blockers: internal, asks: confidential}",
    )
    # Not a field: which update of its day the file is, from its name (YYYY-MM-DD.yaml 1, -2.yaml 2, ...).
    _sequence: int = PrivateAttr(1)

    @property
    def sequence(self) -> int:
        """Which update of its day this is: 1 for YYYY-MM-DD.yaml, n for YYYY-MM-DD-n.yaml."""
        return self.__pydantic_private__["_sequence"]  # type: ignore[index]  # direct: sorting reads it a lot

    @property
    def key(self) -> tuple[dt.date, int]:
        """(date, sequence): what names an update within its project, and the order updates are read in."""
        return self.date, self.__pydantic_private__["_sequence"]  # type: ignore[index]

    def numbered(self, sequence: int) -> Update:
        """The same update as the `sequence`-th of its day (itself when it is that already)."""
        if sequence == self._sequence:
            return self
        copy = self.model_copy()
        copy._sequence = sequence
        return copy


# --- the loaded content as a whole --------------------------------------------------------------


_date_of = operator.attrgetter("date")


@dataclass(frozen=True)
class Project:
    """A project folder: its id (the folder's name), its plan and its updates, oldest first (by `Update.key`)."""

    id: str
    plan: Plan
    updates: tuple[Update, ...] = ()

    @property
    def latest(self) -> Update | None:
        """The newest update, or None before the first one."""
        return self.updates[-1] if self.updates else None


@dataclass(frozen=True)
class Content:
    """Everything under a content folder, validated: the portfolio and its projects sorted by id."""

    portfolio: Portfolio
    projects: tuple[Project, ...] = field(default_factory=tuple)

    def as_of(self, report_date: dt.date) -> Content:
        """The same content with only the updates written on or before `report_date`."""
        # A project with no update after the date is kept as it is (its updates' dates compared in C): a
        # week's snapshot usually has none, and the same objects let what is remembered by identity be found.
        projects = tuple(
            p
            if not p.updates or max(map(_date_of, p.updates)) <= report_date
            else dataclasses.replace(p, updates=tuple(u for u in p.updates if u.date <= report_date))
            for p in self.projects
        )
        if all(map(operator.is_, projects, self.projects)):
            return self
        return dataclasses.replace(self, projects=projects)

    def program(self, program_id: str) -> Program:
        """The program with this id."""
        return next(p for p in self.portfolio.programs if p.id == program_id)
