"""Health: the computed colour, its reasons, staleness and the reported-versus-evidence flag.

2026-01-05 is a Monday; working days are Monday to Friday; default rules (amber .95, red .85 for SPI(t)
and CPI; 1 overdue milestone amber, 2 red; cadence 7 days + 3 days of grace).
"""

import datetime as dt
from decimal import Decimal

import pytest

from reporter.compute.health import rate_evidence, staleness, worst
from reporter.compute.project_figures import project_figures
from reporter.content.models import (
    Colour,
    HealthRules,
    Milestone,
    Portfolio,
    Program,
    Project,
    Reporting,
    State,
    Task,
)

from builders import make_plan, make_update

D = dt.date
RULES = HealthRules()
REPORTING = Reporting()
PORTFOLIO = Portfolio(organisation="Org", programs=[Program(id="core", name="Core")])


def rate(spi_t=None, cpi=None, overdue=0, stale=None):
    return rate_evidence(spi_t=spi_t, cpi=cpi, overdue_milestones=overdue, stale_reason=stale, rules=RULES)


def plan(state=State.active, tasks=(), milestones=(), start=D(2026, 1, 5), finish=D(2026, 1, 30)):
    return make_plan(start, finish, state=state, tasks=tasks, milestones=milestones)


def update(date, status="green", progress=None):
    return make_update(date, status=status, progress=progress)


# --- the rules ---------------------------------------------------------------------------------------


def test_green_when_nothing_is_wrong():
    assert rate(Decimal(1), Decimal(1)) == (Colour.green, ())
    assert rate() == (Colour.green, ())  # undefined ratios count for nothing


@pytest.mark.parametrize(
    ("kwargs", "colour", "reasons"),
    [
        ({"spi_t": Decimal("0.81")}, Colour.red, ("SPI(t) 0.81 is below 0.85",)),
        ({"spi_t": Decimal("0.9")}, Colour.amber, ("SPI(t) 0.90 is below 0.95",)),
        ({"spi_t": Decimal("0.95")}, Colour.green, ()),  # at the threshold is not below it
        ({"spi_t": Decimal("0.85")}, Colour.amber, ("SPI(t) 0.85 is below 0.95",)),
        ({"cpi": Decimal("0.5")}, Colour.red, ("CPI 0.50 is below 0.85",)),
        # 0.949 shows as 0.95 in the tables: the sentence keeps that rounding, never "0.94", and adds the
        # third decimal only because "0.95 is below 0.95" would hide the comparison.
        ({"cpi": Decimal("0.949")}, Colour.amber, ("CPI 0.949 is below 0.95",)),
        ({"spi_t": Decimal("0.8449")}, Colour.red, ("SPI(t) 0.84 is below 0.85",)),  # two decimals suffice
        ({"spi_t": Decimal("0.84951")}, Colour.red, ("SPI(t) 0.8495 is below 0.85",)),  # 0.850 would hide it too
        ({"spi_t": Decimal("0.849951")}, Colour.red, ("SPI(t) 0.84995 is below 0.85",)),
        ({"overdue": 1}, Colour.amber, ("1 milestone is overdue",)),
        ({"overdue": 2}, Colour.red, ("2 milestones are overdue",)),
        ({"stale": "No update"}, Colour.amber, ("No update",)),
    ],
)
def test_each_rule(kwargs, colour, reasons):
    assert rate(**kwargs) == (colour, reasons)


def test_red_reasons_come_first_and_every_reason_is_listed():
    colour, reasons = rate(spi_t=Decimal("0.9"), cpi=Decimal("0.8"), overdue=1, stale="Stale")
    assert colour == Colour.red
    assert reasons == ("CPI 0.80 is below 0.85", "SPI(t) 0.90 is below 0.95", "1 milestone is overdue", "Stale")


def test_thresholds_come_from_the_portfolio():
    strict = HealthRules(spi_t_amber=0.99, spi_t_red=0.97)
    colour, reasons = rate_evidence(spi_t=Decimal("0.98"), cpi=None, overdue_milestones=0, stale_reason=None, rules=strict)
    assert (colour, reasons) == (Colour.amber, ("SPI(t) 0.98 is below 0.99",))


def test_worst():
    assert worst([Colour.green, None, Colour.red, Colour.amber]) == Colour.red
    assert worst([None]) is None


# --- staleness ---------------------------------------------------------------------------------------


def test_stale_after_cadence_plus_grace():
    updates = [update(D(2026, 1, 12))]
    assert not staleness(plan(), updates, D(2026, 1, 22), REPORTING).stale  # 10 days = 7 + 3: not yet
    s = staleness(plan(), updates, D(2026, 1, 23), REPORTING)  # 11 days
    assert s.stale and s.days_since_update == 11 and s.last_update == D(2026, 1, 12)
    assert s.reason == "The last update is 11 days old (updates are due every 7 days, plus 3 days of grace)"


def test_no_update_is_stale_once_started():
    assert staleness(plan(), [], D(2026, 1, 5), REPORTING).stale
    reason = staleness(plan(), [], D(2026, 1, 5), REPORTING).reason
    assert reason == "No update yet, and the project started on 2026-01-05"
    assert not staleness(plan(), [], D(2026, 1, 4), REPORTING).stale


def test_updates_after_today_do_not_count():
    s = staleness(plan(), [update(D(2026, 1, 12)), update(D(2026, 1, 26))], D(2026, 1, 23), REPORTING)
    assert s.stale and s.last_update == D(2026, 1, 12)


@pytest.mark.parametrize("state", [State.paused, State.done, State.cancelled, State.proposed])
def test_only_active_projects_go_stale(state):
    assert not staleness(plan(state), [update(D(2026, 1, 5))], D(2026, 6, 1), REPORTING).stale
    assert not staleness(plan(state), [], D(2026, 6, 1), REPORTING).stale


# --- whole projects ------------------------------------------------------------------------------------


def test_watermelon_reported_green_computed_red():
    one_task = [Task(id="x", name="x", start=D(2026, 1, 5), finish=D(2026, 1, 30), effort=20)]
    project = Project("melon", plan(tasks=one_task), (update(D(2026, 1, 23), "green", {"x": 25}),))
    f = project_figures(project, PORTFOLIO, D(2026, 1, 23))
    # 25% earned = planned by the end of day 5; AT = 15 (Jan 5 .. Jan 23): SPI(t) = 5/15 = 0.33
    assert f.earned_schedule.es == 5 and f.earned_schedule.at == 15
    assert f.health.colour == Colour.red
    assert f.health.reasons == ("SPI(t) 0.33 is below 0.85",)
    assert f.health.reported == Colour.green
    assert f.health.reported_better_than_evidence


def test_stale_project_is_amber():
    # no tasks and no milestones: nothing planned, nothing earned, SPI(t) = 1; only staleness speaks
    project = Project("quiet", plan(), (update(D(2026, 1, 12)),))
    f = project_figures(project, PORTFOLIO, D(2026, 1, 23))
    assert f.earned_schedule.spi_t == 1
    assert f.stale
    assert f.health.colour == Colour.amber
    assert f.health.reasons == ("The last update is 11 days old (updates are due every 7 days, plus 3 days of grace)",)
    assert f.health.reported_better_than_evidence  # reported green


def test_paused_project_is_not_stale_and_not_assessed():
    project = Project("resting", plan(State.paused), (update(D(2026, 1, 12)),))
    f = project_figures(project, PORTFOLIO, D(2026, 1, 23))
    assert not f.stale
    # Its planned dates pass while it is on hold, so the schedule evidence says nothing.
    assert f.health.colour is None and f.health.reasons == ("Not assessed: the project is paused",)
    assert f.health.reported == Colour.green
    assert not f.health.reported_better_than_evidence


def test_proposed_project_not_started_is_not_assessed():
    project = Project("idea", plan(State.proposed, start=D(2026, 2, 2)), ())
    f = project_figures(project, PORTFOLIO, D(2026, 1, 23))
    assert f.health.colour is None and not f.health.assessed
    assert f.health.reasons == ("Not assessed: proposed, starts 2026-02-02",)


def test_cancelled_project_is_not_assessed():
    project = Project("gone", plan(State.cancelled), (update(D(2026, 1, 12), "red"),))
    f = project_figures(project, PORTFOLIO, D(2026, 1, 23))
    assert f.health.colour is None and f.health.reported == Colour.red
    assert not f.health.reported_better_than_evidence


def test_done_project_is_judged_at_its_finish():
    one_task = [Task(id="x", name="x", start=D(2026, 1, 5), finish=D(2026, 1, 9), effort=5)]
    milestone = [Milestone(id="m", name="M", due=D(2026, 1, 9))]  # never marked done
    closed = plan(State.done, tasks=one_task, milestones=milestone, finish=D(2026, 1, 9))
    project = Project("closed", closed, (update(D(2026, 1, 9), "green", {"x": 100}),))
    f = project_figures(project, PORTFOLIO, D(2026, 6, 1))
    # finished on Jan 9, on time: SPI(t) = 5/5 = 1; the milestone was not yet overdue on Jan 9; done is never stale
    assert f.evidence_date == D(2026, 1, 9)
    assert f.earned_schedule.spi_t == 1
    # Judged at the finish everywhere: the milestone never marked done is not "overdue" by more every day
    # after the project closed, neither in its health nor in its milestone table and the overdue lists.
    assert f.overdue_milestones == 0 and [s.state for s in f.milestones] == ["due-soon"]
    assert f.health.colour == Colour.green
    a_week_later = project_figures(project, PORTFOLIO, D(2026, 6, 8))
    assert (a_week_later.overdue_milestones, a_week_later.milestones) == (0, f.milestones)
