"""Forecast slips where the site shows dates: the project page's milestones, baseline and changes.

The mini portfolio's alpha: cutover due 2026-06-19; the update of 2026-03-13 forecasts 2026-06-26,
7 days late. Design was due 2026-02-27 and done 2026-03-06.
"""

from __future__ import annotations

import datetime as dt

from reporter.gather import gather
from reporter.pages import PageRenderer

D = dt.date


def test_the_milestones_table_says_how_late_the_forecast_is(mini):
    page = PageRenderer().render(gather(mini, D(2026, 3, 13)))["projects/alpha.md"]
    assert "| Cutover | 2026-06-19 | 2026-06-26 | – | upcoming · due 2026-06-19, forecast 2026-06-26: 7 days late · at risk |" in page
    assert "| Design signed off | 2026-02-27 | – | 2026-03-06 | done 7 days late |" in page
