"""How figures are shown (reporter.render.display): rounding half away from zero, and one minus sign, U+2212."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reporter.render import display

MINUS = "\u2212"


def test_the_minus_sign_is_the_true_one():
    assert display.MINUS == "−" == MINUS and ord(display.MINUS) == 0x2212


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("42.5"), "43%"),
        (Decimal("-4.5"), "−5%"),  # half away from zero
        (Decimal("-12.4"), "−12%"),
        (Decimal("-0.4"), "0%"),  # rounds to zero: no sign
        (Decimal("-1234.5"), "−1,235%"),
        (-3, "−3%"),
        (None, "n/a"),
    ],
)
def test_percent(value, shown):
    assert display.percent(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("0.8749"), "0.87"),
        (Decimal("0.875"), "0.88"),
        (Decimal("-0.125"), "−0.13"),
        (Decimal("-3"), "−3.00"),
        (Decimal("-0.004"), "0.00"),
        (None, "n/a"),
    ],
)
def test_ratio(value, shown):
    assert display.ratio(value) == shown


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("1234567.5"), "EUR", "1,234,568 EUR"),
        (Decimal("-2500"), "EUR", "−2,500 EUR"),
        (Decimal("-1234567.5"), "EUR", "−1,234,568 EUR"),
        (Decimal("-0.4"), "EUR", "0 EUR"),
        (Decimal("-3.45"), "person-days", "−3.5 person-days"),
        (Decimal("-120"), "person-days", "−120 person-days"),
        (Decimal("-0.04"), "person-days", "0 person-days"),
        (None, "EUR", "n/a"),
    ],
)
def test_amount(value, unit, shown):
    assert display.amount(value, unit) == shown


def test_signed_figures_use_the_same_minus():
    assert display.signed_amount(Decimal("-2500"), "EUR") == "−2,500 EUR"
    assert display.signed_amount(Decimal("12000"), "EUR") == "+12,000 EUR"
    assert display.working_days(Decimal("-4.25"), signed=True) == "−4.3 working days"
    assert display.days(-14, signed=True) == "−14 days"


@pytest.mark.parametrize(
    ("value", "threshold", "shown"),
    [
        (Decimal("0.80"), Decimal("0.85"), ("0.80", "0.85")),
        (Decimal("0.8449"), Decimal("0.85"), ("0.84", "0.85")),  # as the tables show it
        (Decimal("0.849"), Decimal("0.85"), ("0.849", "0.85")),  # the tables show 0.85: one more decimal
        (Decimal("0.8495"), Decimal("0.85"), ("0.8495", "0.85")),  # 0.850 would hide it too
        (Decimal("0.8749"), Decimal("0.875"), ("0.87", "0.875")),  # a threshold shown exactly
        (Decimal("0.5"), 0.9, ("0.50", "0.90")),
    ],
)
def test_ratio_below(value, threshold, shown):
    assert display.ratio_below(value, threshold) == shown
