"""When a mention happened: the time expression of its own clause, else of its sentence (not
one that dates a reporting verb), else the publication date; "after/before X" opens a range."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline.events.mention import Mention
from dateline.model import EventDate, TimeExpr

if TYPE_CHECKING:
    from dateline.events.context import DocContext

CLIMB_LIMIT = 6  # heads climbed from a time word to its verb or its "after"/"before"
SENTENCE_RANK = 1000  # a time expression outside the clause ranks after every one inside
TIME_PENALTY = 500  # a clock time ranks after any date at a similar distance ("at 9 pm Monday")
PUBLICATION_PRECISION = "week"  # the publication date stands for "around then"
VERBAL_POS = {"VERB", "AUX"}
CLAUSE_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
CHAINED_VERB_DEPS = {"xcomp", "conj"}  # "were to board": the subject sits on the verb above
PAST_PARTICIPLE, PAST_TENSE = "VBN", "VBD"
FINITE_TAGS = {
    "VBD",
    "VBP",
    "VBZ",
    "MD",
}  # a verb with its own tense  # Penn tags: "had [VBD] attacked [VBN]"
# ACLED time_precision: 1 the day, 2 the week (or the publication date), 3 longer
TIME_PRECISION = {"day": 1, "week": 2}
PUBLICATION_TIME_PRECISION = 2
COARSE_TIME_PRECISION = 3


def date_of(m: Mention, ctx: DocContext, own: list[int]) -> EventDate | None:
    """The clause's time expression, else the sentence's, else the publication date."""
    own_idx: set[int] | None = None  # built for the first time expression in the sentence
    sent = m.sentence
    best: tuple[int, EventDate, Token | None] | None = None
    for t, root in ctx.time_roots().between(sent.start_char, sent.end_char):
        if own_idx is None:
            own_idx = set(own)
        rank = 0 if root.i in own_idx else 1
        if rank and (m.anaphoric or _speech_clause(root, ctx)):
            continue
        dist = abs(root.i - m.tok.i) + (TIME_PENALTY if t.type == "TIME" else 0)
        key = rank * SENTENCE_RANK + dist
        if best is None or key < best[0]:
            found = _event_date(t, root, m.light or m.tok, ctx)
            if rank:
                found.basis = "sentence"
            best = (key, found, root)
    if best and not (ctx.published and _borrowed_future(best[1], best[2], m, ctx.published)):
        return best[1]
    if _past_perfect(m.light or m.tok):
        return None  # "had seized the town": earlier than the story, by how much it does not say
    if ctx.published:
        return publication_date(ctx.published)
    return None


def publication_date(published: date) -> EventDate:
    """The publication day as an event's date: the date of what the text does not date."""
    return EventDate(published, None, published, PUBLICATION_PRECISION, "publication")


def _borrowed_future(d: EventDate, root: Token | None, m: Mention, published: date) -> bool:
    """A date after publication taken from another clause of the sentence, for an act told
    in the past: "police arrested 17 men minutes before they were to board the train on
    Friday" (the Friday is the boarding's, and the arrest is no plan). A clause with no
    subject or tense of its own is no other act: "announced a curfew starting on May 20"
    (often parsed as a clause of "announced") dates the curfew."""
    earliest = d.earliest or d.value
    if d.basis != "sentence" or earliest is None or earliest <= published:
        return False
    if root is not None and not _own_predicate(root, m.light or m.tok):
        return False
    return _told_in_past(m.light or m.tok)


def _own_predicate(tok: Token, head: Token) -> bool:
    """True when the clause holding ``tok`` below ``head`` has a subject or a tense of its
    own (a second act), false for a bare participle or infinitive modifying ``head``'s act."""
    for _ in range(CLIMB_LIMIT):
        if tok is head or tok.head is tok:
            return True
        if tok.pos_ in VERBAL_POS:
            if any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in tok.children):
                return True
            if tok.tag_ in FINITE_TAGS:
                return True
            if tok.dep_ not in CHAINED_VERB_DEPS:
                return False
        tok = tok.head
    return True


def _told_in_past(tok: Token) -> bool:
    """The finite verb above ``tok`` (itself, or up an infinitive or a noun's head) is past."""
    for _ in range(CLIMB_LIMIT):
        if tok.tag_ in FINITE_TAGS:
            return tok.tag_ == PAST_TENSE
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _past_perfect(verb: Token) -> bool:
    """ "had attacked": a past participle with a finite past auxiliary (not a passive one).
    Such an event is background to the story: stamping it with the publication date made it
    a wrong date, and a false event where the gold codes it as background (issue 20); it is
    left undated instead. Read from tags and dependencies, no word list: the only auxiliary
    an active past participle takes is "have"."""
    if verb.tag_ != PAST_PARTICIPLE:
        return False
    return any(c.dep_ == "aux" and c.tag_ == PAST_TENSE for c in verb.children)


def _speech_clause(tok: Token, ctx: DocContext) -> bool:
    """True when a time expression dates a reporting verb ("said in a statement Monday")."""
    for anc in ctx.tree.ancestors(tok, CLIMB_LIMIT):
        if anc.pos_ in VERBAL_POS:
            return anc.lemma_.lower() in ctx.lexicon.speech
    return False


def _event_date(t: TimeExpr, root: Token | None, stop: Token, ctx: DocContext) -> EventDate:
    """An EventDate from a time expression; "after/following X" opens the range after X."""
    words = ctx.words
    precision = t.precision or "day"
    earliest, latest = t.earliest, t.latest or t.earliest
    if root is not None:
        for anc in ctx.tree.ancestors(root, CLIMB_LIMIT):
            if anc == stop:
                break
            low = anc.lower_
            if anc.dep_ == "prep" and low in words.after_prep and earliest:
                return EventDate(None, earliest, _until(earliest, ctx), "year", "text")
            if anc.dep_ == "prep" and low in words.before_prep and latest:
                if ctx.published and latest > ctx.published:
                    # "remanded till April 1": when a state it began ends, not when it began
                    return publication_date(ctx.published)
                return EventDate(None, date(latest.year, 1, 1), latest, "year", "text")
    if earliest == latest:
        return EventDate(earliest, earliest, latest, precision, "text")
    return EventDate(None, earliest, latest, precision, "text")


def _until(earliest: date, ctx: DocContext) -> date:
    """Where "since/after X" ends: the publication day when X is before it (what a story
    reports as past ran up to its writing), else the end of X's year."""
    end = date(earliest.year, 12, 31)
    if ctx.published and earliest <= ctx.published < end:
        return ctx.published
    return end


def time_precision(d: EventDate | None) -> int | None:
    """ACLED's time_precision of an event date."""
    if d is None:
        return None
    if d.basis == "publication":
        return PUBLICATION_TIME_PRECISION
    return TIME_PRECISION.get(d.precision, COARSE_TIME_PRECISION)
