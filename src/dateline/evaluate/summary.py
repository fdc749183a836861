"""The one summary line every ``dateline eval`` task ends with, so scripts can read it.

``TASK: metric value, metric value (n=N)``, for example
``events-plover: type 0.789, actor 0.745, target 0.701 (n=322)``. Values are printed with
three decimals; a metric that could not be computed prints ``n/a``. A task skipped because its
data is absent prints ``TASK: skipped (reason)`` instead, so the line is always there.
"""

from __future__ import annotations

from collections.abc import Sequence


def summary_line(task: str, metrics: Sequence[tuple[str, float | None]], n: int) -> str:
    """The summary line for ``task`` with ``metrics`` in order, over ``n`` items."""
    parts = [f"{name} {'n/a' if value is None else f'{value:.3f}'}" for name, value in metrics]
    return f"{task}: {', '.join(parts)} (n={n})"


def skipped_line(task: str, reason: str) -> str:
    """The summary line of a task whose data is not there."""
    return f"{task}: skipped ({reason})"


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None
