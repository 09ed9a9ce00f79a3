"""Exact numbers for figures: Decimals from model values, and ratios that are None when undefined."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal

# Additions only: in this context a sum of Decimals is never rounded (division would never end).
_EXACT_ADDITION = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
_ZERO = Decimal(0)


def as_decimal(value: Decimal | float | int) -> Decimal:
    """A model number as a Decimal; a float goes through its shortest text form, so 0.1 is Decimal('0.1')."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """`numerator / denominator`, or None when either is missing or the denominator is zero (shown "n/a")."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    quotient = numerator / denominator
    return quotient.copy_abs() if quotient.is_zero() else quotient  # never "-0"


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The sum of these Decimals, without rounding, so that sums of sums equal the sum of all (0 for none)."""
    # Each addition in the exact context by name, one C call per term: the terms are still computed in the
    # caller's context (only the additions are exact), and no context is entered, which a large portfolio's
    # trends would do 600,000 times.
    return functools.reduce(_EXACT_ADDITION.add, values, _ZERO)
