"""The compute stage: pure functions from loaded content and a report date to figures.

Nothing here reads a file or the clock; the report date is always an argument, so every figure can
be tested with exact expected values.

The site calls one thing: `reporter.compute.site_model.site_model(site_data)`, which returns the
`SiteModel` every output renders (its `report` is `report.assess(content, report_date)`, with every
project's figures). The modules, one job each:

- updates: what a project's updates say at a date (the one "as of" view)

- working_days: count working days in a range, step over them
- progress: task progress, weights, percent complete, planned percent
- earned_value: BAC, PV, EV, AC, SV, CV, SPI, CPI, EACs, ETC, VAC, TCPI
- earned_schedule: PD, AT, ES, SV(t), SPI(t), IEAC(t), forecast finish
- milestones: done / overdue / due soon / upcoming, at risk
- health: computed colour with reasons, staleness, reported-versus-evidence
- project_figures: all of the above for one project
- rollup: a program's or the portfolio's figures from its projects
- highlights: what happened in a reporting week, each event once
- weekly: the reporting weeks with updates, and the current one
- trends, changes, baseline: figures per weekly snapshot, what changed between two, plan against baseline
- people, summary: who owns what; the executive summary's lists, worst first
- report: every figure at a report date (`assess`)
- site_model: everything every output shows

Figures are unrounded Decimals; an undefined ratio is None. Rounding is for the render stage.
"""
