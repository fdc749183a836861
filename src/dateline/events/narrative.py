"""Narrative time: an undated past act takes the day its paragraph has just named.

A story names its day once and narrates on: "The assembly met on Thursday. The opposition
demanded the minister's resignation." The demand is Thursday's, not the publication day's;
stamping such acts with the publication date was the commonest wrong date in the audit
(issue 20). The day named may date an event ("gunmen stormed the depot on Tuesday") or a
report or a setting ("said on Thursday", "the debate on Thursday"): either is the story's time.

Only a past act inherits (a present or future clause is another time); only from the same
paragraph (a new paragraph may turn to another time); only a day the text gives, not a month
or a year; and never a day long before publication: a story that recalls an old event ("as in
the riots of 1984") returns to its own time after.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import TYPE_CHECKING

from dateline.events.mention import Mention
from dateline.model import EventDate, TimeExpr

if TYPE_CHECKING:
    from dateline.events.context import DocContext

PAST_TAGS = {"VBD", "VBN"}  # Penn tags of a told act: "killed", "were killed"
PRESENT_TAGS = {"VBP", "VBZ"}  # "have been deployed": a present perfect
AUX_DEPS = {"aux", "auxpass"}
LOOKBACK_CHARS = 24  # enough to hold the word before a time expression
TOLD_BASES = {"text", "sentence"}  # dates the text gives; "publication" is a default
INHERITED = "narrative"  # the basis of a date the paragraph lends (merge.GUESSED_BASES)
DAY = "day"


def date_from_narrative(found: list[Mention], earlier: list[Mention], ctx: DocContext) -> None:
    """Give each mention of ``found`` (one sentence) that has only the publication date the
    latest day its paragraph named before the sentence."""
    for m in found:
        if m.date is None or m.date.basis in TOLD_BASES or not _past(m) or _timed(m, ctx):
            continue
        told = _latest_day(m, earlier, ctx)
        if told is not None:
            m.date = told


def _past(m: Mention) -> bool:
    """The act is told in the past: its verb (a noun's light verb, or the verb it hangs
    from) has a past tag, and no present auxiliary ("have been arrested" is told as of now)."""
    verb = m.light or m.tok
    if m.frame.is_noun and m.light is None:
        verb = verb.head
        if verb.pos_ != "VERB":
            return False
    if verb.tag_ not in PAST_TAGS:
        return False
    return not any(c.dep_ in AUX_DEPS and c.tag_ in PRESENT_TAGS for c in verb.children)


def _timed(m: Mention, ctx: DocContext) -> bool:
    """The sentence has a time expression of its own, even one that dates nothing ("in the
    past 24 hours"): its time is its own, not the paragraph's."""
    sent = m.sentence
    return any(sent.start_char <= t.start < sent.end_char for t in ctx.times)


def _latest_day(m: Mention, earlier: list[Mention], ctx: DocContext) -> EventDate | None:
    """The last day of the story's own time named in the paragraph before ``m``'s sentence,
    by an earlier mention's date or by a time expression, whichever comes later in the text.
    Months, years and old days are passed over: after a flashback the story is back in its
    own time."""
    start = _paragraph_start(m, ctx)
    best: tuple[int, EventDate] | None = None
    for prior in reversed(earlier):
        if prior.span[0] < start:
            break
        d = prior.date
        if d is not None and d.basis in TOLD_BASES and _story_day(d, ctx):
            best = (prior.span[0], replace(d, basis=INHERITED))
            break
    for t, _root in ctx.time_roots().between(start, m.sentence.start_char):
        if (best is not None and t.start < best[0]) or _bound(t, ctx):
            continue  # "since Saturday night": where a span starts, not the story's day
        d = EventDate(t.earliest, t.earliest, t.latest, t.precision or DAY, INHERITED)
        if t.earliest is not None and t.earliest == t.latest and _story_day(d, ctx):
            best = (t.start, d)
    return best[1] if best is not None else None


def _bound(t: TimeExpr, ctx: DocContext) -> bool:
    """The time expression follows "since", "after", "until", "before" (it bounds a span)."""
    before = ctx.doc.text[max(0, t.start - LOOKBACK_CHARS) : t.start].split()[-1:]
    return bool(before) and before[0].lower() in ctx.words.after_prep | ctx.words.before_prep


def _paragraph_start(m: Mention, ctx: DocContext) -> int:
    """Character offset where ``m``'s paragraph begins."""
    k = bisect_left(ctx.breaks, m.sentence.start)
    return ctx.doc[ctx.breaks[k - 1]].idx if k else 0


def _story_day(d: EventDate, ctx: DocContext) -> bool:
    """A day at most ``background_days`` before publication and not after it."""
    if d.precision != DAY or ctx.published is None or d.value is None:
        return False
    days = (ctx.published - d.value).days
    return 0 <= days <= ctx.settings.background_days
