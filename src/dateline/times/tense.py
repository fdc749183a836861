"""The tense of the clause a time expression sits in, read from the dependency parse.

The head verb's tag (VBD/VBN -> past), its auxiliaries (will/would/... -> future), an
infinitive, or a forward-pointing verb ("expected", "scheduled", "plans") -> future; otherwise
present, which the rules read as "nearest". Words right before the expression outrank the
verb ("as soon as Tuesday", "a curfew beginning Wednesday").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dateline.times import vocabulary as v
from dateline.times.patterns import alt
from dateline.times.vocabulary import FUTURE, PAST, PRESENT
from dateline.tokens import text_of

MAX_HEAD_STEPS = 6  # how far up the tree the governing verb is looked for
MAX_GOVERNOR_DEPTH = 4  # how many governing verbs an infinitive or gerund may defer to
LEAD_WINDOW = 16  # characters before an expression searched for a forward-pointing lead
# The auxiliaries of the perfect and the progressive, and "going to": grammar, not vocabulary.
PERFECT, PROGRESSIVE, GOING, TO = "have", "be", "go", "to"

# "as soon as Tuesday", "as early as next month"
FUTURE_LEAD = re.compile(rf"\b(?:{alt(v.FUTURE_LEADS)})\s+$", re.I)
# "a curfew beginning Wednesday", "starting Friday", "effective Monday": a start still ahead
START_LEAD = re.compile(rf"\b(?:{alt(v.START_LEADS)})\s+(?:on\s+)?$", re.I)


def governing_verb(span: Span) -> Token | None:
    """The verb (or forward-pointing adjective) whose clause the expression modifies."""
    tok = span.root
    for _ in range(MAX_HEAD_STEPS):
        if tok.pos_ in ("VERB", "AUX") or is_future_cue(tok):
            if tok not in span:
                return tok
        if tok.head is tok:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def is_future_cue(verb: Token) -> bool:
    """ "expected", "scheduled", "plans", "due": forward-pointing unless it is a past action
    ("the government planned to pay ... on Friday" reports a past plan)."""
    return verb.lemma_.lower() in v.FUTURE_CUES and verb.tag_ != "VBD"


def verb_tense(verb: Token, depth: int = 0) -> str:
    """past / present / future for a verb, from its tag, auxiliaries and governor."""
    if is_future_cue(verb):
        return FUTURE
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == PERFECT and a.tag_ == "VB" for a in auxes):
        return PAST  # "may have been", "will have ended": a perfect looks back
    if any(a.lower_ in v.FUTURE_AUX or a.lemma_.lower() in v.FUTURE_AUX for a in auxes):
        return FUTURE
    governor = next((t for t in verb.ancestors if t.pos_ in ("VERB", "AUX") or
                     t.lemma_.lower() in v.FUTURE_CUES), None)  # fmt: skip
    if any(a.tag_ == "TO" for a in auxes):
        # An infinitive takes its time from what governs it: "plans to meet Tuesday" looks
        # ahead, "declined to comment Saturday" does not.
        if governor is None or verb.dep_ == "acl" or verb.head.pos_ in ("NOUN", "PROPN"):
            return FUTURE  # "an agreement to buy the bank in January"
        if governor.lemma_.lower() in v.FUTURE_GOVERNORS or depth >= MAX_GOVERNOR_DEPTH:
            return FUTURE  # "planned to leave on Thursday": the leaving follows the plan
        return verb_tense(governor, depth + 1)
    if verb.tag_ == "VBG":
        if verb.head.lemma_ == GOING and any(c.lower_ == TO for c in verb.children):
            return FUTURE
        if any(a.lemma_ == PERFECT for a in auxes):
            return PAST  # "have been searching since Oct. 23"
        be = [a for a in auxes if a.lemma_ == PROGRESSIVE]
        if be:
            return PAST if be[0].tag_ == "VBD" else FUTURE
        if governor is not None and depth < MAX_GOVERNOR_DEPTH:
            return verb_tense(governor, depth + 1)
        return PRESENT
    if verb.tag_ in ("VBD", "VBN"):
        if verb.tag_ == "VBN" and auxes and all(a.tag_ in ("VBZ", "VBP") for a in auxes):
            if not any(a.lemma_ == PERFECT for a in auxes):
                return PRESENT  # passive present: "is held"
        return PAST
    if any(a.tag_ == "VBD" for a in auxes):
        return PAST
    return PRESENT


def clause_tense(doc: Doc, start: int, end: int) -> str:
    """The tense of the clause holding the characters [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return PRESENT
    if span.root.dep_ == "poss":
        return PAST  # "Wednesday's ruling": a dated event reported as news
    if span.root.dep_ in ("compound", "nmod", "amod") and span.root.head.pos_ == "NOUN":
        return PRESENT  # "the Oct. 23 slaying": no verb to ask, take the nearest
    text = text_of(doc)
    if FUTURE_LEAD.search(text, max(0, start - LEAD_WINDOW), start):
        return FUTURE  # "as soon as Tuesday", "as early as next month"
    if START_LEAD.search(text, max(0, start - LEAD_WINDOW), start):
        return FUTURE  # "a curfew beginning Wednesday" announced on Monday
    verb = governing_verb(span)
    if verb is None:
        verb = span.sent.root
    return verb_tense(verb)
