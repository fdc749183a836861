"""The recognition rules, grouped by what they recognize, in priority order.

When two rules match exactly the same characters, the earlier one's reading is kept (see
:mod:`dateline.times.selection`); otherwise the longest match wins and order does not matter.
"""

from __future__ import annotations

from dateline.times.registry import Rule
from dateline.times.rules import calendar_dates, days, lengths, periods, references, units

RULES: tuple[Rule, ...] = (
    *calendar_dates.RULES,
    *days.RULES,
    *lengths.RULES,
    *units.RULES,
    *periods.RULES,
    *references.RULES,
)
