"""Commitments: who is bound to do what, by when, on what condition.

Three shapes carry most obligations in news text:

* an agreement's terms: "The agreement calls for X to fall to 8,600 within 135 days ... and for
  all Y to withdraw in 14 months if the accord holds" (one commitment per "for ... to" clause);
* a pledge: "the rebels pledge to hand over their weapons ..." (the subject is bound to the
  complement);
* a promise about a future state: "X promised that the post would be rebuilt within a month".

A deadline given as a duration is counted from the agreement's date (the AGREE event the text
reports, "the deal signed on Saturday") or from the date of the promise, else the publication.
The words these rules read are in ``lexicons/commitment_words.csv``; parties are resolved by
the event layer's resolver (:func:`dateline.events.actors.resolver_for`), the one place where
words become parties.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
from spacy.attrs import POS
from spacy.language import Language
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token

from dateline import numbers
from dateline.component import Component
from dateline.events import lexicon as event_lexicon
from dateline.events.actors import Resolver, resolver_for
from dateline.events.lexicon import EventLexicon, word_groups
from dateline.model import Commitment, Event, TimeExpr
from dateline.times import resolve_duration
from dateline.tokens import text_of

WORDS_FILE = "commitment_words.csv"
PREP_WINDOW_CHARS = 14  # characters before a time expression searched for "within", "by"
WHAT_MAX_CHARS = 80  # the "what" summary (the clause's verb lemmas) is cut at this length
AGREE = "AGREE"  # the PLOVER type of the agreement whose date anchors its terms
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
TERMS_CLAUSE_DEPS = {"advcl", "xcomp", "ccomp", "conj"}
COMPLEMENT_DEPS = {"xcomp", "ccomp"}
PLEDGE_CLAUSE_DEPS = {"acl", "relcl", "xcomp"}
HOLDER_DEPS = {"compound", "poss"}
VERBAL_POS = {"VERB", "AUX"}
DATE_LABELS = {"DATE", "TIME"}  # spaCy NER labels of numbers that are dates, not quantities


@dataclass(frozen=True)
class CommitmentWords:
    """The word groups of ``commitment_words.csv``, one field per kind (documented there)."""

    agreement_noun: frozenset[str]
    terms_verb: frozenset[str]
    pledge_verb: frozenset[str]
    pledge_noun: frozenset[str]
    condition_mark: frozenset[str]
    deadline_prep: frozenset[str]
    date_deadline_prep: frozenset[str]
    future_aux: frozenset[str]
    terms_mark: frozenset[str]
    infinitive_marker: frozenset[str]
    value_prep: frozenset[str]
    origin_prep: frozenset[str]
    measure_noun: frozenset[str]

    @cached_property
    def cues(self) -> frozenset[str]:
        """Lemmas that can carry a commitment: a token without one carries nothing."""
        return self.terms_verb | self.pledge_verb | self.pledge_noun


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    """Character span over tokens, trimmed of edge punctuation and conjunctions."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc" or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].dep_ in {"mark", "cc"} or toks[0].is_space):
        toks.pop(0)
    if not toks:
        return 0, 0
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _clause_tokens(verb: Token, exclude: set[int]) -> list[Token]:
    """A clause's tokens without its coordinated clauses (each is a commitment of its own)."""
    skip = set(exclude)
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ in VERBAL_POS and child.i not in exclude:
            if any(g.dep_ in {"nsubj", "mark"} for g in child.children):
                skip.update(t.i for t in child.subtree)
    return [t for t in verb.subtree if t.i not in skip]


class TimeIndex:
    """The document's time expressions by start offset: each commitment asks for those of its
    span or sentence, a bisection instead of a scan of the article's times."""

    def __init__(self, times: list[TimeExpr]) -> None:
        self.times = times
        self._order = sorted(range(len(times)), key=lambda k: (times[k].start, k))
        self._starts = [times[k].start for k in self._order]

    def starting(self, first: int, last: int, inclusive: bool = False) -> list[TimeExpr]:
        """Those starting in ``[first, last)`` (``[first, last]`` when inclusive), in the
        times layer's order."""
        lo = bisect_left(self._starts, first)
        hi = (bisect_right if inclusive else bisect_left)(self._starts, last)
        return [self.times[k] for k in sorted(self._order[lo:hi])]


class _Builder:
    """Collects the commitments of one document."""

    def __init__(self, doc: Doc, words: CommitmentWords, lexicon: EventLexicon) -> None:
        self.doc = doc
        self.words = words
        self.lexicon = lexicon
        self.published: date | None = getattr(doc._.article, "published", None)
        self.events: list[Event] = list(doc._.events)
        self.times = TimeIndex(list(doc._.times))
        self._resolver: Resolver | None = None
        self._agreement: tuple[date | None, str | None] | None = None
        self.out: list[Commitment] = []
        self._spans: dict[int, list[tuple[int, int]]] = {}  # sentence start -> spans kept

    @property
    def resolver(self) -> Resolver:
        """Built on first use: most articles hold no commitment, so most never need one."""
        if self._resolver is None:
            self._resolver = resolver_for(self.doc, self.lexicon)
        return self._resolver

    def agreement_date(self) -> tuple[date | None, str | None]:
        """The date of the agreement the terms belong to: the first reported AGREE event's date
        (the same for every terms clause of the article, so found once)."""
        if self._agreement is None:
            agrees = [
                e
                for e in self.events
                if e.type == AGREE and e.date and e.date.value and e.date.basis != "publication"
            ]
            if agrees and agrees[0].date:
                self._agreement = (agrees[0].date.value, agrees[0].id)
            else:
                self._agreement = (self.published, None)
        return self._agreement

    def statement_date(self, sent_start: int, sent_end: int) -> date | None:
        """The day the sentence gives (not after publication), else the publication date."""
        for t in self.times.starting(sent_start, sent_end):
            if t.type == "DATE" and t.earliest == t.latest:
                if t.earliest and self.published and t.earliest <= self.published:
                    return t.earliest
        return self.published

    def party(self, tok: Token | None) -> str | None:
        if tok is None:
            return None
        refs = self.resolver.refs(tok)
        if refs:
            return refs[0]
        for sub in tok.subtree:
            ref = self.resolver.one(sub)
            if ref:
                return ref
        return None

    def add(
        self, tokens: list[Token], party_tok: Token | None, anchor: date | None, event: str | None
    ) -> None:
        span = _span_of(tokens)
        if span[1] <= span[0]:
            return
        sent = tokens[0].sent
        # a commitment lies in one sentence, so only that sentence's can contain it
        kept = self._spans.setdefault(sent.start_char, [])
        if any(start <= span[0] and span[1] <= end for start, end in kept):
            return
        kept.append(span)
        value, origin, what = self._quantity(tokens, list(sent))
        summary = " ".join(t.lemma_ for t in tokens if t.pos_ == "VERB")[:WHAT_MAX_CHARS]
        self.out.append(
            Commitment(
                id=f"c{len(self.out) + 1}",
                start=span[0],
                end=span[1],
                text=text_of(self.doc)[span[0] : span[1]],
                party=self.party(party_tok),
                what=summary or None,
                quantity_value=value,
                quantity_from=origin,
                quantity_what=what,
                deadline=self._deadline(span, anchor),
                condition=self._condition(tokens),
                event=event,
            )
        )

    def terms(self, verb: Token) -> None:
        """An agreement noun as subject of a terms verb: one commitment per clause."""
        anchor, event = self.agreement_date()
        clauses = self._terms_clauses(verb)
        siblings = {c.i for c in clauses}
        for clause in clauses:
            tokens = _clause_tokens(clause, siblings - {clause.i})
            subj = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is None:
                subj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                if subj is not None:
                    tokens = [*subj.subtree, *tokens]
            self.add(tokens, subj, anchor, event)

    def pledge(self, verb: Token) -> None:
        """ "X pledge(s) to do Y" and "X promised that Y would ..."."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        anchor = self.statement_date(verb.sent.start_char, verb.sent.end_char)
        for child in verb.children:
            if child.dep_ == "xcomp":
                inside = {t.i for t in child.subtree}
                tokens = [t for t in verb.subtree if subj is None or t.i >= subj.left_edge.i]
                tokens = [
                    t
                    for t in tokens
                    if t.i >= (subj.left_edge.i if subj else verb.i)
                    and (t.i in inside or t.i <= verb.i)
                ]
                self.add(tokens, subj, anchor, None)
            elif child.dep_ == "ccomp" and self._future(child):
                self.add(list(child.subtree), subj, anchor, None)

    def pledge_noun(self, noun: Token) -> None:
        """ "the rebels pledge to hand over ...": the pledge noun with its infinitive."""
        markers = self.words.infinitive_marker
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in PLEDGE_CLAUSE_DEPS
                and any(g.dep_ == "aux" and g.lower_ in markers for g in c.children)
            ),
            None,
        )
        if clause is None:
            return
        holder = next((c for c in noun.children if c.dep_ in HOLDER_DEPS), None)
        anchor = self.statement_date(noun.sent.start_char, noun.sent.end_char)
        self.add(list(noun.subtree), holder, anchor, None)

    def build(self) -> list[Commitment]:
        article, words = self.doc._.article, self.words
        cues = words.cues
        pos_ids = self.doc.to_array(POS)
        # only verbs and nouns can carry a commitment: skip building a Token for the rest
        for i in np.flatnonzero((pos_ids == VERB) | (pos_ids == NOUN)).tolist():
            tok = self.doc[i]
            lemma = tok.lemma_.lower()
            if lemma not in cues:
                continue
            if article is not None and article.in_boilerplate(tok.idx, tok.idx + len(tok)):
                continue
            if tok.pos_ == "VERB" and lemma in words.terms_verb and self._agreement_subject(tok):
                self.terms(tok)
            elif tok.pos_ == "VERB" and lemma in words.pledge_verb:
                self.pledge(tok)
            elif tok.pos_ == "NOUN" and lemma in words.pledge_verb | words.pledge_noun:
                self.pledge_noun(tok)
        return self.out

    # ---- reading a clause

    def _terms_clauses(self, verb: Token) -> list[Token]:
        """ "calls for X to fall ... and for Y to withdraw": the clause verbs that state terms."""
        marks = self.words.terms_mark
        out = []
        for child in verb.children:
            if child.dep_ in TERMS_CLAUSE_DEPS and any(
                g.dep_ == "mark" and g.lower_ in marks for g in child.children
            ):
                out.append(child)
                out.extend(c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB")
            elif child.dep_ in COMPLEMENT_DEPS and child.pos_ == "VERB":
                out.append(child)  # "requires the army to withdraw"
        return out

    def _condition(self, tokens: list[Token]) -> str | None:
        marks = self.words.condition_mark
        for tok in tokens:
            if tok.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in marks for c in tok.children
            ):
                start, end = _span_of(list(tok.subtree))
                mark = next(c for c in tok.children if c.dep_ == "mark")
                return text_of(tok.doc)[min(mark.idx, start) : end]
        return None

    def _deadline(self, span: tuple[int, int], anchor: date | None) -> date | None:
        """ "within 135 days" from the anchor; "by March 10" as given."""
        words, text = self.words, text_of(self.doc)
        start, end = span
        for t in self.times.starting(start, end, inclusive=True):
            if t.end > end:
                continue  # only the times inside the commitment
            before = text[max(0, t.start - PREP_WINDOW_CHARS) : t.start].lower().split()
            prep = before[-1] if before else ""
            if (
                t.type == "DURATION"
                and anchor
                and (
                    prep in words.deadline_prep or t.text.lower().split()[0] in words.deadline_prep
                )
            ):
                found = resolve_duration(anchor, t)
                if found:
                    return found
            if t.type == "DATE" and t.latest and prep in words.date_deadline_prep:
                return t.latest
        return None

    def _quantity(
        self, clause: list[Token], sent_tokens: list[Token]
    ) -> tuple[float | None, float | None, str | None]:
        """ "troop levels to fall to 8,600 ... from about 13,000": (8600, 13000, "troop")."""
        words = self.words
        value = origin = None
        what = None
        for tok in sent_tokens:
            if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
                continue
            parsed = numbers.word_value(tok.text)
            if parsed is None or tok.ent_type_ in DATE_LABELS:
                continue
            prep = tok.head.lower_
            if prep in words.value_prep and tok in clause and value is None:
                value = parsed[0]
            elif (
                prep in words.origin_prep
                and origin is None
                and (tok in clause or clause[0].i > tok.i or tok.head.head.dep_ == "ROOT")
            ):
                origin = parsed[0]
        if value is None:
            origin = None
        root = min(clause, key=lambda t: len(list(t.ancestors)))
        for tok in root.children:
            if tok.dep_ == "nsubj":
                comp = [c.lemma_.lower() for c in tok.children if c.dep_ == "compound"]
                measured = comp and tok.lemma_.lower() in words.measure_noun
                what = comp[-1] if measured else tok.lemma_
        return value, origin, what

    def _agreement_subject(self, verb: Token) -> bool:
        nouns = self.words.agreement_noun
        return any(c.dep_ == "nsubj" and c.lemma_.lower() in nouns for c in verb.children)

    def _future(self, clause: Token) -> bool:
        """A complement about what will be done: "would be rebuilt", "will withdraw"."""
        auxes = self.words.future_aux
        return any(c.dep_ in {"aux", "auxpass"} and c.lower_ in auxes for c in clause.children)


def extract_commitments(
    doc: Doc, words: CommitmentWords, lexicon: EventLexicon
) -> list[Commitment]:
    return _Builder(doc, words, lexicon).build()


@Language.factory(
    "dateline_commitments",
    assigns=["doc._.commitments"],
    requires=[
        "doc._.article",
        "doc._.entities",
        "doc._.places",
        "doc._.quotes",
        "doc._.events",
        "doc._.times",
        "doc.sents",
        "token.dep",
        "token.lemma",
        "token.ent_type",
    ],
)
class CommitmentComponent(Component):
    """Writes ``doc._.commitments``: obligations with party, deadline and condition."""

    FACTORY = "dateline_commitments"
    ATTRIBUTE = "commitments"

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.words = word_groups(WORDS_FILE, CommitmentWords)
        self.lexicon = event_lexicon.load()  # the resolver's words (pronouns, role nouns)

    def extract(self, doc: Doc) -> list[Commitment]:
        return extract_commitments(doc, self.words, self.lexicon)
