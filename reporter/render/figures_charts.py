"""The charts of the site's pages: computed figures turned into the inputs of `reporter.render.charts`.

Render stage: it decides what each chart shows (effective progress, late milestones, the baseline's
ghost bars, open risks) from figures computed elsewhere, and draws nothing itself.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from markupsafe import Markup

from reporter.compute.milestones import MilestoneStatus
from reporter.compute.project_figures import ProjectFigures
from reporter.compute.site_model import TREND_TABLE_WEEKS
from reporter.compute.trends import TrendPoint
from reporter.content.models import Plan, RiskStatus
from reporter.render import charts


def project_charts(figures: ProjectFigures, trend: tuple[TrendPoint, ...], baseline: Plan | None) -> dict[str, Markup]:
    """The charts of a project page, each wrapped for Markdown: timeline, burnup, trend, strip, risks.

    The charts of weeks mark (burn-up, trend) or show (strip) the weeks the page's trend table lists."""
    plan, pid = figures.plan, figures.id
    tasks = [
        charts.TimelineTask(t.task.name, t.task.start, t.task.finish, float(t.progress), key=t.task.id)
        for t in figures.progress.tasks
    ]
    milestones = [
        charts.TimelineMilestone(s.milestone.name, s.milestone.due, done=s.state == "done", late=_late(s), key=s.milestone.id)
        for s in figures.milestones
    ]  # fmt: skip
    ghosts_tasks = ghosts_milestones = None
    if baseline is not None:
        # A ghost only where the baseline differs: one under every unmoved bar would only add noise.
        now_tasks = {t.id: (t.start, t.finish) for t in plan.tasks}
        now_dues = {m.id: m.due for m in plan.milestones}
        ghosts_tasks = [
            charts.TimelineTask(t.name, t.start, t.finish, key=t.id)
            for t in baseline.tasks
            if t.id in now_tasks and now_tasks[t.id] != (t.start, t.finish)
        ]
        ghosts_milestones = [
            charts.TimelineMilestone(m.name, m.due, key=m.id)
            for m in baseline.milestones
            if m.id in now_dues and now_dues[m.id] != m.due
        ]
    timeline = functools.partial(
        charts.timeline,
        tasks,
        milestones,
        plan.start,
        plan.finish,
        figures.report_date,
        ghosts_tasks,
        ghosts_milestones,
        id_prefix=f"{pid}-timeline",
        title=f"Timeline of {plan.name}",
    )  # fmt: skip
    result: dict[str, Markup] = {}
    open_risks = [charts.HeatRisk(r.title, r.probability, r.impact) for r in plan.risks if r.status == RiskStatus.open]
    if open_risks:  # the page says "No risks recorded" itself
        risk_title = f"Open risks of {plan.name} by probability and impact"
        heatmap = charts.risk_heatmap(open_risks, id_prefix=f"{pid}-risks", title=risk_title)
        heatmap_phone = charts.risk_heatmap(open_risks, id_prefix=f"{pid}-risks", title=risk_title, phone=True)
    if len(trend) > 1:
        weeks = [p.week for p in trend]
        result["burnup"] = charts.burnup(
            [charts.BurnupPoint(p.week, _float(p.percent_complete), _float(p.planned_percent)) for p in trend],
            id_prefix=f"{pid}-burnup", title=f"{plan.name}: percent complete, actual and planned", recent=TREND_TABLE_WEEKS,
        )  # fmt: skip
        result["milestone_trend"] = charts.milestone_trend(
            [
                charts.TrendSeries(
                    m.name, {p.week: p.forecasts[m.id] for p in trend if m.id in p.forecasts}, done=m.done
                )
                for m in plan.milestones
            ],
            weeks, id_prefix=f"{pid}-mta", title=f"{plan.name}: milestone forecasts week by week", recent=TREND_TABLE_WEEKS,
        )  # fmt: skip
        result["colours"] = charts.colour_strip(
            [charts.StripEntry(p.week, p.reported, p.computed) for p in trend],
            id_prefix=f"{pid}-colours", title=f"{plan.name}: reported and computed colour by week", recent=TREND_TABLE_WEEKS,
        )  # fmt: skip
    # The timeline in two forms from the same records: the phone's puts each name above its bar.
    # The timeline and the risks in two forms from the same records: the phone's puts each name above its bar,
    # and the risks' titles under their grid.
    blocks = {"timeline": charts.chart_pair(timeline(), timeline(phone=True))}
    if open_risks:
        blocks["risks"] = charts.chart_pair(heatmap, heatmap_phone)
    return blocks | {name: charts.chart_block(chart) for name, chart in result.items()}


def portfolio_chart(
    projects: Iterable[ProjectFigures], report_date: dt.date, *, id_prefix: str = "portfolio", title: str = "Portfolio milestones"
) -> Markup:
    """A timeline of projects (the home page's shortlist, a program's projects): a row per project with its
    milestones and reported colour, beside the computed one and flagged ⚠ when the reported colour is better
    than the evidence."""
    rows = [
        charts.PortfolioRow(
            f.name,
            [
                charts.TimelineMilestone(s.milestone.name, s.milestone.due, done=s.state == "done", late=_late(s))
                for s in f.milestones
            ],
            f.plan.start, f.plan.finish, f.reported.value if f.reported else None,
            computed=f.colour.value if f.colour else "none",
            flagged=f.health.reported_better_than_evidence,
        )
        for f in sorted(projects, key=lambda f: (f.plan.start, f.name))
    ]  # fmt: skip
    chart = functools.partial(charts.portfolio_timeline, rows, report_date=report_date, id_prefix=id_prefix, title=title)
    return charts.chart_pair(chart(), chart(phone=True))


def _late(status: MilestoneStatus) -> bool:
    """Overdue, or reached after its due date: drawn in red with a '!' on every chart."""
    return status.state == "overdue" or (status.state == "done" and status.days_late > 0)


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
