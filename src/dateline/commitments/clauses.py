"""Reading a commitment's clause from the parse: its character span, the coordinated items it
holds (each a commitment of its own), its condition and its quantity."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from dateline import numbers
from dateline.commitments.words import CommitmentWords
from dateline.tokens import text_of

VERBAL_POS = {"VERB", "AUX"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
CLAUSE_SUBJECT_DEPS = SUBJECT_DEPS | {"csubj"}  # "operating ... would result in ..."
DATE_LABELS = {"DATE", "TIME"}  # spaCy NER labels of numbers that are dates, not quantities
PAST_TAGS = {"VBD", "VBN"}
NONFINITE_TAGS = {"VB", "VBG", "VBN"}  # forms that share a coordinated verb's auxiliary
EDGE_DEPS = {"mark", "cc", "punct"}


def span_of(tokens: Iterable[Token]) -> tuple[int, int]:
    """Character span over tokens, trimmed of edge punctuation, subordinators and conjunctions."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc" or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].dep_ in EDGE_DEPS or toks[0].is_space):
        toks.pop(0)
    if not toks:
        return 0, 0
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def has_marker(tok: Token, markers: frozenset[str]) -> bool:
    """A clause introduced by one of ``markers`` ("to" of an infinitive, "for" of terms)."""
    return any(c.dep_ in {"aux", "mark"} and c.lower_ in markers for c in tok.children)


def _comma_before(tok: Token) -> bool:
    first = tok.left_edge
    return first.i > 0 and first.nbor(-1).is_punct


def items(head: Token, words: CommitmentWords) -> list[Token]:
    """The coordinated items a commitment clause holds, ``head`` first: "will exchange lists ...
    and release prisoners", "pledged to replace ..., to pave ... and to keep ..." (the parser
    hangs a comma-separated infinitive on the one before as ``advcl``; an infinitive of purpose
    without a comma, "to build schools to improve ...", stays inside its clause), "committed to
    withdrawing ... and to expelling ...". An item with its own subordinator and subject is a
    separate clause, not an item."""
    found = [head]
    for tok in found:
        below = [g for c in tok.children if c.dep_ in {"pcomp", "pobj"} for g in c.children]
        for child in [*tok.children, *(below if tok.pos_ == "ADP" else [])]:
            if child.pos_ == "VERB" and child.dep_ == "conj":
                if any(g.dep_ == "mark" for g in child.children) and any(
                    g.dep_ in SUBJECT_DEPS for g in child.children
                ):
                    continue
                if child.tag_ == "VBD":
                    continue  # "he would order a review and warned ...": a past act
                found.append(child)
            elif (
                child.dep_ == "advcl"
                and child.pos_ == "VERB"
                and has_marker(child, words.infinitive_marker)
                and _comma_before(child)
                and has_marker(tok, words.infinitive_marker)
            ):
                found.append(child)
            elif child.dep_ == "conj" and child.pos_ == "ADP" and child.lower_ == tok.lower_:
                found.append(child)  # "to withdrawing ... and to expelling ..."
    return found


def item_tokens(item: Token, siblings: Iterable[Token]) -> list[Token]:
    """An item's tokens without its siblings' (each is a commitment of its own) and without a
    past act coordinated with it ("pledged to hold elections by May and promised to free ...":
    the second pledge is read on its own)."""
    skip: set[int] = set()
    inside = {t.i for t in item.subtree}
    for other in siblings:
        if other.i != item.i and other.i in inside:
            skip.update(t.i for t in other.subtree)
    for child in item.children:
        if child.dep_ == "conj" and child.pos_ == "VERB" and child.tag_ == "VBD":
            skip.update(t.i for t in child.subtree)
    return [t for t in item.subtree if t.i not in skip]


def subject_of(tok: Token) -> Token | None:
    """The subject of a clause, or of the clause it is coordinated with ("it would keep paying
    ... and offer packages": both are the company's)."""
    while True:
        subj = next((c for c in tok.children if c.dep_ in CLAUSE_SUBJECT_DEPS), None)
        if subj is not None or tok.dep_ != "conj" or tok.head.i == tok.i:
            return subj
        if any(c.dep_ == "mark" for c in tok.children):
            return None  # "... and that operating ... would result": a clause of its own
        tok = tok.head


def auxiliaries(tok: Token) -> list[Token]:
    """The auxiliaries of a clause, or of the clause whose auxiliary it shares ("would keep
    paying ... and offer": "offer" is under "would" too)."""
    while True:
        found = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
        if found or tok.dep_ != "conj" or tok.head.i == tok.i:
            return found
        if tok.tag_ not in NONFINITE_TAGS:
            return []  # "would order a review and warned ...": a finite verb has its own tense
        tok = tok.head


def negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def passive(tok: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children)


def condition_of(tokens: list[Token], words: CommitmentWords) -> tuple[str | None, str | None]:
    """The condition clause ("if the accord holds") and its status: ``met`` when a clause of a
    realised kind is in the past ("once the deal was signed"), else ``pending`` (an "if" or
    "unless" clause is open whatever its tense)."""
    marks = words.condition_mark | words.realised_mark
    for tok in tokens:
        if tok.dep_ != "advcl":
            continue
        mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ in marks), None)
        if mark is None:
            continue
        if mark.lower_ not in words.condition_mark and tok.tag_ not in PAST_TAGS:
            continue  # "after talks end" is a time, not a condition
        start, end = span_of(list(tok.subtree))
        text = text_of(tok.doc)[min(mark.idx, start) : end]
        realised = mark.lower_ in words.realised_mark and (
            tok.tag_ in PAST_TAGS or any(c.tag_ in PAST_TAGS for c in tok.children)
        )
        return text, "met" if realised else "pending"
    return None, None


def quantity(
    clause: list[Token], sentence: list[Token], words: CommitmentWords
) -> tuple[float | None, float | None, str | None]:
    """ "troop levels to fall to 8,600 ... from about 13,000": (8600, 13000, "troop"); else
    the first counted object of the clause ("replace 10,000 hectares": (10000, None,
    "hectare"))."""
    inside = {t.i for t in clause}
    value = origin = None
    for tok in sentence:
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            continue
        parsed = numbers.word_value(tok.text)
        if parsed is None or tok.ent_type_ in DATE_LABELS:
            continue
        prep = tok.head.lower_
        if prep in words.value_prep and tok.i in inside and value is None:
            value = parsed[0]
        elif (
            prep in words.origin_prep
            and origin is None
            and (tok.i in inside or clause[0].i > tok.i or tok.head.head.dep_ == "ROOT")
        ):
            origin = parsed[0]
    if value is None:
        return _counted_object(clause)
    what = None
    root = min(clause, key=lambda t: len(list(t.ancestors)))
    for tok in root.children:
        if tok.dep_ == "nsubj":
            comp = [c.lemma_.lower() for c in tok.children if c.dep_ == "compound"]
            measured = comp and tok.lemma_.lower() in words.measure_noun
            what = comp[-1] if measured else tok.lemma_
    return value, origin, what


def _counted_object(clause: list[Token]) -> tuple[float | None, float | None, str | None]:
    for tok in clause:
        if tok.dep_ != "nummod" or tok.ent_type_ in DATE_LABELS or tok.head.dep_ != "dobj":
            continue
        parsed = numbers.word_value(tok.text)
        if parsed is not None:
            return parsed[0], None, tok.head.lemma_.lower()
    return None, None, None
