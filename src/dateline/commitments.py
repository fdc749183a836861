"""Commitments: who is bound to do what, by when, on what condition.

Three shapes carry most obligations in news text:

* an agreement's terms: "The agreement calls for X to fall to 8,600 within 135 days ... and for
  all Y to withdraw in 14 months if the accord holds" (one commitment per "for ... to" clause);
* a pledge: "the rebels pledge to hand over their weapons ..." (the subject is bound to the
  complement);
* a promise about a future state: "X promised that the post would be rebuilt within a month".

A deadline given as a duration is counted from the agreement's date (the AGREE event the text
reports, "the deal signed on Saturday") or from the date of the promise, else the publication.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from spacy.attrs import POS
from spacy.language import Language
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token

from dateline import numbers
from dateline.component import Component
from dateline.events import Context, Resolver
from dateline.model import Commitment, Event, TimeExpr
from dateline.tokens import text_of

AGREEMENT_NOUNS = {
    "agreement",
    "accord",
    "deal",
    "treaty",
    "pact",
    "plan",
    "ceasefire",
    "truce",
    "arrangement",
    "roadmap",
    "resolution",
    "framework",
    "memorandum",
}
TERMS_VERBS = {
    "call",
    "require",
    "oblige",
    "stipulate",
    "provide",
    "commit",
    "envisage",
    "foresee",
    "demand",
    "include",
    "mandate",
    "set",
}
PLEDGE_VERBS = {"pledge", "promise", "vow", "commit", "undertake", "agree", "guarantee", "swear"}
CONDITION_MARKS = {"if", "unless", "provided", "providing", "as long as", "once"}
DEADLINE_PREPS = {"within", "in", "by", "before", "until", "no later than"}
CUE_LEMMAS = TERMS_VERBS | PLEDGE_VERBS | {"commitment"}  # a token without one carries nothing


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
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"} and child.i not in exclude:
            if any(g.dep_ in {"nsubj", "mark"} for g in child.children):
                skip.update(t.i for t in child.subtree)
    return [t for t in verb.subtree if t.i not in skip]


def _terms_clauses(verb: Token) -> list[Token]:
    """ "calls for X to fall ... and for Y to withdraw": the clause verbs that state terms."""
    out = []
    for child in verb.children:
        if child.dep_ in {"advcl", "xcomp", "ccomp", "conj"} and any(
            g.dep_ == "mark" and g.lower_ == "for" for g in child.children
        ):
            out.append(child)
            out.extend(c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB")
        elif child.dep_ in {"xcomp", "ccomp"} and child.pos_ == "VERB":
            out.append(child)  # "requires the army to withdraw"
    return out


def _condition(tokens: list[Token]) -> str | None:
    for tok in tokens:
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in tok.children
        ):
            start, end = _span_of(list(tok.subtree))
            mark = next(c for c in tok.children if c.dep_ == "mark")
            return text_of(tok.doc)[min(mark.idx, start) : end]
    return None


def _durations(doc: Doc, start: int, end: int) -> list[TimeExpr]:
    return [t for t in (doc._.times or []) if start <= t.start and t.end <= end]


def _resolve(anchor: date, expr: TimeExpr) -> date | None:
    try:
        from dateline.times import resolve_duration
    except ImportError:  # the times layer is optional
        return None
    return resolve_duration(anchor, expr)


def _deadline(doc: Doc, span: tuple[int, int], anchor: date | None) -> date | None:
    """ "within 135 days" from the anchor; "by March 10" as given."""
    for t in _durations(doc, *span):
        before = text_of(doc)[max(0, t.start - 14) : t.start].lower().split()
        prep = before[-1] if before else ""
        if (
            t.type == "DURATION"
            and anchor
            and (prep in DEADLINE_PREPS or t.text.lower().split()[0] in DEADLINE_PREPS)
        ):
            found = _resolve(anchor, t)
            if found:
                return found
        if t.type == "DATE" and t.latest and prep in {"by", "before", "until"}:
            return t.latest
    return None


def _quantity(
    clause: list[Token], sent_tokens: list[Token]
) -> tuple[float | None, float | None, str | None]:
    """ "troop levels to fall to 8,600 ... from about 13,000": (8600, 13000, "troop")."""
    value = origin = None
    what = None
    for tok in sent_tokens:
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            continue
        parsed = numbers.word_value(tok.text)
        if parsed is None or tok.ent_type_ in {"DATE", "TIME"}:
            continue
        prep = tok.head.lower_
        if prep == "to" and tok in clause and value is None:
            value = parsed[0]
        elif (
            prep == "from"
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
            what = comp[-1] if comp and tok.lemma_.lower() in {"level", "number"} else tok.lemma_
    return value, origin, what


class _Builder:
    """Collects the commitments of one document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.published: date | None = getattr(doc._.article, "published", None)
        self.events: list[Event] = list(doc._.events or [])
        self._resolver: Resolver | None = None
        self.out: list[Commitment] = []

    @property
    def resolver(self) -> Resolver:
        """Built on first use: most articles hold no commitment, so most never need one."""
        if self._resolver is None:
            self._resolver = Resolver(Context(self.doc))
        return self._resolver

    def agreement_date(self, sent_start: int) -> tuple[date | None, str | None]:
        """The date of the agreement the terms belong to: the reported AGREE event's date."""
        agrees = [
            e
            for e in self.events
            if e.type == "AGREE" and e.date and e.date.value and e.date.basis != "publication"
        ]
        if agrees:
            return agrees[0].date.value, agrees[0].id  # type: ignore[union-attr]
        return self.published, None

    def statement_date(self, sent_start: int, sent_end: int) -> date | None:
        for t in self.doc._.times or []:
            if sent_start <= t.start < sent_end and t.type == "DATE" and t.earliest == t.latest:
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
        if any(c.start <= span[0] and span[1] <= c.end for c in self.out):
            return
        sent = tokens[0].sent
        value, origin, what = _quantity(tokens, list(sent))
        self.out.append(
            Commitment(
                id=f"c{len(self.out) + 1}",
                start=span[0],
                end=span[1],
                text=text_of(self.doc)[span[0] : span[1]],
                party=self.party(party_tok),
                what=" ".join(t.lemma_ for t in tokens if t.pos_ == "VERB")[:80] or None,
                quantity_value=value,
                quantity_from=origin,
                quantity_what=what,
                deadline=_deadline(self.doc, span, anchor),
                condition=_condition(tokens),
                event=event,
            )
        )

    def terms(self, verb: Token) -> None:
        """An agreement noun as subject of a terms verb: one commitment per clause."""
        anchor, event = self.agreement_date(verb.sent.start_char)
        clauses = _terms_clauses(verb)
        siblings = {c.i for c in clauses}
        for clause in clauses:
            tokens = _clause_tokens(clause, siblings - {clause.i})
            subj = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
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
            elif child.dep_ == "ccomp" and _future(child):
                self.add(list(child.subtree), subj, anchor, None)

    def pledge_noun(self, noun: Token) -> None:
        """ "the rebels pledge to hand over ...": the pledge noun with its infinitive."""
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in {"acl", "relcl", "xcomp"}
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            ),
            None,
        )
        if clause is None:
            return
        holder = next((c for c in noun.children if c.dep_ in {"compound", "poss"}), None)
        anchor = self.statement_date(noun.sent.start_char, noun.sent.end_char)
        self.add(list(noun.subtree), holder, anchor, None)

    def build(self) -> list[Commitment]:
        article = self.doc._.article
        pos_ids = self.doc.to_array(POS)
        # only verbs and nouns can carry a commitment: skip building a Token for the rest
        for i in np.flatnonzero((pos_ids == VERB) | (pos_ids == NOUN)).tolist():
            tok = self.doc[i]
            lemma = tok.lemma_.lower()
            if lemma not in CUE_LEMMAS:
                continue
            if article is not None and article.in_boilerplate(tok.idx, tok.idx + len(tok)):
                continue
            if tok.pos_ == "VERB" and lemma in TERMS_VERBS and _agreement_subject(tok):
                self.terms(tok)
            elif tok.pos_ == "VERB" and lemma in PLEDGE_VERBS:
                self.pledge(tok)
            elif tok.pos_ == "NOUN" and lemma in PLEDGE_VERBS | {"commitment"}:
                self.pledge_noun(tok)
        return self.out


def _agreement_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in AGREEMENT_NOUNS for c in verb.children)


def _future(clause: Token) -> bool:
    """A complement about what will be done: "would be rebuilt", "will withdraw"."""
    return any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "would", "shall", "'ll"}
        for c in clause.children
    )


def extract_commitments(doc: Doc) -> list[Commitment]:
    return _Builder(doc).build()


@Language.factory(
    "dateline_commitments",
    assigns=["doc._.commitments"],
    requires=["doc._.article", "doc._.events", "doc._.times", "token.dep"],
)
class CommitmentComponent(Component):
    """Writes ``doc._.commitments``: obligations with party, deadline and condition."""

    FACTORY = "dateline_commitments"
    ATTRIBUTE = "commitments"

    def extract(self, doc: Doc) -> list[Commitment]:
        return extract_commitments(doc)
