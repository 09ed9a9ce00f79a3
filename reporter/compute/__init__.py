"""The compute stage: pure functions from loaded content and a report date to figures.

Nothing here reads a file or the clock; "today" is always an argument, so every figure can be
tested with exact expected values.

The site calls one thing: `reporter.compute.report.assess(content, today)`, which returns a
`PortfolioReport` with every figure. The modules, one job each:

- working_days: count working days in a range, step over them
- progress: task progress, weights, percent complete, planned percent
- earned_value: BAC, PV, EV, AC, SV, CV, SPI, CPI, EACs, ETC, VAC, TCPI
- earned_schedule: PD, AT, ES, SV(t), SPI(t), IEAC(t), forecast finish
- milestones: done / overdue / due soon / upcoming, at risk
- health: computed colour with reasons, staleness, reported-versus-evidence
- project_figures: all of the above for one project
- rollup: a program's or the portfolio's figures from its projects
- highlights: what happened in a reporting week
- report: the entry point

Figures are unrounded Decimals; an undefined ratio is None. Rounding is for the render stage.
"""
