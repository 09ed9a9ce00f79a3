"""How forecast slips and milestone dates are phrased (reporter.render.display)."""

import datetime as dt

from reporter.render import display

D = dt.date


def test_a_slip_is_in_days_below_two_weeks_and_in_whole_weeks_from_then():
    assert display.slip(0) == "on time"
    assert display.slip(1) == "1 day late"
    assert display.slip(5) == "5 days late"
    assert display.slip(-3) == "3 days early"
    assert display.slip(13) == "13 days late"
    assert display.slip(14) == "2 weeks late"
    assert display.slip(17) == "2 weeks late"  # 2.43 weeks
    assert display.slip(18) == "3 weeks late"  # 2.57 weeks
    assert display.slip(-21) == "3 weeks early"
    assert display.slip(112) == "16 weeks late"


def test_a_milestone_date_shows_the_forecast_only_when_it_differs():
    due = D(2026, 11, 27)
    assert display.milestone_when(due) == "due 2026-11-27"
    assert display.milestone_when(due, due) == "due 2026-11-27"
    # Nov 27 to Mar 19: 3 + 31 + 31 + 28 + 19 = 112 days = 16 weeks
    assert display.milestone_when(due, D(2027, 3, 19)) == "due 2026-11-27, forecast 2027-03-19: 16 weeks late"
    assert display.milestone_when(due, D(2026, 12, 2)) == "due 2026-11-27, forecast 2026-12-02: 5 days late"
    assert display.milestone_when(due, D(2026, 11, 24)) == "due 2026-11-27, forecast 2026-11-24: 3 days early"
