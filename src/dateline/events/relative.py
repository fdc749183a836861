"""Dates told against another event: "The raid came ten days after gunmen seized the depot".

The length of time in such a sentence ("a week", "a day", "less than two weeks") measures from
the event the sentence's subject refers back to ("the strike"), not from the publication date:
the overrun is a week before the strike. Read from syntax (a clause marked "after" or "before"
hanging from a verb whose subject is an event noun), the event noun's type and the date of the
last earlier mention of that type; no word list besides the lexicon's "after"/"before" words.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline.events.mention import Mention
from dateline.events.triggers import match_trigger
from dateline.model import EventDate, TimeExpr

if TYPE_CHECKING:
    from dateline.events.context import DocContext

CLAUSE_CLIMB = 5  # heads climbed from a trigger to the clause the "after" marks
OWN_CLAUSE_DEPS = {"ccomp", "relcl", "parataxis"}  # clauses the climb does not leave
LESS_MODS = {"LESS_THAN", "EQUAL_OR_LESS"}  # "less than two weeks after": a range up to it
DATED_BASES = {"text", "sentence"}  # an anchor must be dated by the text, not the publication


def date_from_events(found: list[Mention], earlier: list[Mention], ctx: DocContext) -> None:
    """Re-date each mention of ``found`` (one sentence) whose clause is told as a length of
    time after or before an event the sentence's subject refers back to."""
    for m in found:
        if m.anaphoric:
            continue
        found_date = _relative_date(m, found, earlier, ctx)
        if found_date is None:
            continue
        m.date = found_date
        latest = found_date.latest or found_date.value
        if latest and ctx.published:
            m.background = (ctx.published - latest).days > ctx.settings.background_days


def _relative_date(
    m: Mention, found: list[Mention], earlier: list[Mention], ctx: DocContext
) -> EventDate | None:
    marked = _marked_clause(m, ctx)
    if marked is None:
        return None
    clause, mark, after = marked
    subject = next((c for c in ctx.tree.children(clause.head) if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    anchor = _anchor(_subject_type(subject, found, m, ctx), subject, earlier)
    length = _length(m, subject, mark, ctx)
    if anchor is None or length is None:
        return None
    days, less = length
    sign = -1 if after else 1
    point = anchor + timedelta(days=sign * days)
    if not less:
        return EventDate(point, point, point, "day", "text")
    near = anchor + timedelta(days=sign)
    earliest, latest = sorted((point, near))
    return EventDate(None, earliest, latest, "day", "text")


def _subject_type(subject: Token, found: list[Mention], m: Mention, ctx: DocContext) -> str | None:
    """The event type the subject names: its own mention's, else its frame's ("the strike"
    is no mention of its own when it only refers back)."""
    referent = next((o for o in found if o.tok.i == subject.i and o is not m), None)
    if referent is not None:
        return referent.type
    frame = match_trigger(subject, ctx)
    return frame.type if frame is not None and not frame.is_light else None


def _marked_clause(m: Mention, ctx: DocContext) -> tuple[Token, Token, bool] | None:
    """The adverbial clause holding the trigger that "after"/"before" marks, its marker and
    whether it is "after" (the clause's event came first)."""
    words = ctx.words
    for tok in [m.light or m.tok, *ctx.tree.ancestors(m.light or m.tok, CLAUSE_CLIMB)]:
        if tok.dep_ in OWN_CLAUSE_DEPS:
            return None  # a reported or relative clause tells its own time
        if tok.dep_ != "advcl":
            continue
        for child in ctx.tree.children(tok):
            low = child.lower_
            if child.dep_ == "mark" and (low in words.after_prep or low in words.before_prep):
                return tok, child, low in words.after_prep
    return None


def _anchor(kind: str | None, subject: Token, earlier: list[Mention]) -> date | None:
    """The day of the last earlier mention of this type dated to the day: one whose own clause
    gives the day first (a sentence's date may be another clause's), then one told with the
    subject's own word ("the strike" -> "a drone struck"), since a nearer event of the same
    type may be another one ("fled fighting last week")."""
    if kind is None:
        return None
    dated = [
        o
        for o in earlier
        if o.type == kind
        and o.date is not None
        and o.date.basis in DATED_BASES
        and o.date.value is not None
        and o.date.precision == "day"
    ]
    if not dated:
        return None
    word = subject.lemma_.lower()
    best = max(
        enumerate(dated),
        key=lambda p: (
            p[1].date is not None and p[1].date.basis == "text",
            p[1].tok.lemma_.lower() == word,
            p[0],
        ),
    )[1]
    return best.date.value if best.date is not None else None


def _length(m: Mention, subject: Token, mark: Token, ctx: DocContext) -> tuple[float, bool] | None:
    """The length of time written between the subject and the marker ("came ten days
    after") in days, and whether it is an upper bound ("less than two weeks")."""
    lo, hi = subject.idx + len(subject.text), mark.idx
    for t in ctx.doc._.times:  # ``ctx.times`` keeps only dated expressions
        if t.type == "DURATION" and lo <= t.start and t.end <= hi and _days(t) is not None:
            return _days(t) or 0.0, t.mod in LESS_MODS
    return None


def _days(t: TimeExpr) -> float | None:
    return t.duration_days
