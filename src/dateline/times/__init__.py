"""Time expressions: find them in the text and normalize them to TimeML TIMEX3 values.

Recognition is a set of regular-expression rules (:mod:`.rules`) compiled once at import, run
over the Doc's text (one pass each, skipped when the text lacks a rule's trigger words:
:mod:`.triggers`), with character offsets kept exact. spaCy's DATE/TIME entities act as a
second opinion: "weak" rules (a bare plural such as "decades", a bare 4-digit number,
"current") only count where spaCy also saw a date, because on their own they are as often
counts or adjectives. Overlapping matches are resolved longest first (:mod:`.selection`).

Normalization is relative to the publication date (``doc._.article.published``) and to the
tense of the clause the expression sits in, read from the dependency parse (:mod:`.tense`):
the head verb's tag (VBD/VBN -> past), its auxiliaries (will/would/... -> future), an
infinitive, or a forward-pointing verb ("expected", "scheduled", "plans") -> future; otherwise
present, which means "nearest". Words inside the expression outrank the verb ("next", "last",
"ago").

The words are in the lexicons (:mod:`.vocabulary` reads them): ``time_words.csv``,
``time_units.csv``, ``time_qualifiers.csv`` and the number words shared with the counts layer.

Choices worth knowing (documented so that callers can rely on them):

* A bare weekday equal to the publication weekday means that same day in past and present
  clauses ("said Friday" in a story dated Friday). The brief asked for the previous week unless
  the text says "earlier"; on TimeBank/AQUAINT the same-day reading is right 132 times out of
  134, so same-day is the default; the factory setting ``same_day_bare_weekday = False``
  restores the strict rule.
* Weeks span the whole ISO week, Monday to Sunday ("next week" from Wed 2020-03-04 is
  2020-W11, 2020-03-09..2020-03-15).
* Quarters report precision "month" with earliest/latest over the three months; decades report
  precision "year" over the ten years.
* Durations keep a duration value (P135D, P14M, PT24H, PXY) and a length in days; "the past N
  units" / "the next N units" are anchored, so they also get earliest/latest.
  ``resolve_duration`` turns a duration into a deadline from any anchor.
* Prepositions stay outside the span ("in 2018" -> "2018") except the ones TimeML reads as a
  modifier: "within"/"up to" (EQUAL_OR_LESS), "about" (APPROX), "more than" (MORE_THAN) ...
  Determiners stay out of calendar dates ("the Sept. 11, 2001, attacks" -> "Sept. 11, 2001")
  and in for periods ("the third quarter", "the past 24 hours"), as TimeML spans them.
* A month-day or month without a year takes the year nearest the publication date; the tense
  overrides that only when the nearest reading lies more than two months against it
  (``month_horizon_days``).
* A part of day stays in the value ("Monday morning" -> 2020-03-02TMO, type TIME).
* Anaphoric expressions ("that year", "the following month", "the next day") count from the
  latest calendar date before them; "a year ago" next to a reported quarter becomes that
  quarter a year back (financial news compares like periods; ``compare_reach``).
* "in recent years" is PAST_REF (an era); "recent weeks" is a vague duration (PXW).
* A date outside the calendar (before 0001 or after 9999: "8,000 years ago", an anchor near
  ``date.max`` moved ahead) is an expression without a value, never an exception.

Layout: :mod:`.vocabulary` (the words), :mod:`.patterns` (regex building blocks),
:mod:`.dates` and :mod:`.values` (calendar arithmetic, normalized values), :mod:`.registry`
and :mod:`.triggers` (the rule machinery), :mod:`.rules` (the rules, by kind),
:mod:`.anchoring` and :mod:`.tense` (which date a name means), :mod:`.selection` and
:mod:`.anaphora` (choosing and relating expressions), :mod:`.component` (entry points).
"""

from __future__ import annotations

from dateline.times.component import (
    TimeComponent,
    extract,
    normalize,
    resolve_duration,
    times_in,
)
from dateline.times.registry import Settings
from dateline.times.rules import RULES
from dateline.times.vocabulary import FUTURE, PAST, PRESENT

__all__ = [
    "FUTURE",
    "PAST",
    "PRESENT",
    "RULES",
    "Settings",
    "TimeComponent",
    "extract",
    "normalize",
    "resolve_duration",
    "times_in",
]
