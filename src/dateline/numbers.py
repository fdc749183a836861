"""Counts in news text: a number, what it counts, and how sure the text is about it.

"43 attacks", "at least 20 Afghan forces were killed" (20, at_least), "dozens of gunmen"
(12, about: ACLED codes vague figures at their most conservative value), "about 13,000 troops",
"two separate assaults". Numbers that are dates, times, ages or money are not counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Token

from dateline import lexicons

NUMERIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
NOT_COUNT_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT"})  # spaCy labels: no counts
COUNT_KINDS = frozenset({"exact", "multiplier", "vague"})  # the ``count`` readings of a count
QUALIFIER_WIDTHS = (3, 2, 1)  # qualifier phrases are one to three words long, longest tried first


@dataclass(frozen=True)
class NumberWord:
    """One row of ``lexicons/number_words.csv`` (its header documents the columns)."""

    word: str
    value: float | None
    count: str | None
    duration: str | None


@dataclass(frozen=True)
class Qualifier:
    """One row of ``lexicons/number_qualifiers.csv``: a phrase before a number and what it
    means for a count (``qualifier``) and for a time (``timex_mod``)."""

    phrase: str
    qualifier: str | None
    timex_mod: str | None


@dataclass
class Quantity:
    """One count found in the text, tied to the noun it counts."""

    value: float
    qualifier: str | None
    what: str  # lemma of the counted noun ("attack", "soldier")
    start: int  # token index of the first token of the number phrase (qualifier included)
    end: int  # token index after the number
    noun: Token | None = None


def number_table() -> tuple[NumberWord, ...]:
    """Every number word, as the counts layer and the time layer share them."""
    return lexicons.table("number_words.csv", NumberWord)


def qualifier_table() -> tuple[Qualifier, ...]:
    """Every qualifier phrase with its count and time readings."""
    return lexicons.table("number_qualifiers.csv", Qualifier)


@cache
def number_words() -> dict[str, tuple[float, str]]:
    """Number word → (value, kind) where kind is exact, multiplier or vague (the words that
    count things; articles, fractions and ordinals are not counts)."""
    return {
        row.word: (row.value, row.count)
        for row in number_table()
        if row.count in COUNT_KINDS and row.value is not None
    }


@cache
def qualifiers() -> dict[str, str]:
    """Qualifier phrase ("at least") → label ("at_least")."""
    return {row.phrase: row.qualifier for row in qualifier_table() if row.qualifier}


@cache
def uncounted_nouns() -> frozenset[str]:
    """Lemmas of nouns a number before which is a measure, not a count ("24 hours")."""
    return lexicons.words("uncounted_nouns.txt", str.lower)


@lru_cache(maxsize=8192)
def word_value(text: str) -> tuple[float, str] | None:
    """The value of one number token ("13,000", "twenty", "dozens"), with its kind (memoized:
    every noun of every clause is asked about)."""
    low = text.lower().replace("\u2019", "'")
    if NUMERIC.match(low):
        return float(low.replace(",", "")), "exact"
    if "-" in low:  # twenty-five
        parts = [number_words().get(p) for p in low.split("-")]
        if all(parts):
            return float(sum(p[0] for p in parts if p)), "exact"
    return number_words().get(low)


def _number_tokens(noun: Token) -> list[Token]:
    """The number tokens attached to a noun (nummod and its compound parts), in order; a
    count word the parser reads as an adjective ("several/JJ people") is one too."""
    tokens: list[Token] = []
    for child in noun.lefts:
        counted = child.like_num or word_value(child.text) is not None
        if child.dep_ == "nummod" or (counted and child.dep_ in {"amod", "quantmod"}):
            tokens.extend(t for t in child.subtree if t.like_num or word_value(t.text))
    return sorted(set(tokens), key=lambda t: t.i)


def _combine(tokens: list[Token]) -> tuple[float, str] | None:
    """Value of a number phrase: "13,000", "two hundred", "5 million", "tens of thousands"."""
    total, current, kind = 0.0, 0.0, "exact"
    seen = False
    for tok in tokens:
        parsed = word_value(tok.text)
        if parsed is None:
            continue
        value, k = parsed
        seen = True
        if k == "multiplier" and current:
            current *= value
        elif k == "multiplier":
            current = value
        else:
            if k == "vague":
                kind = "vague"
            total += current
            current = value
    return (total + current, kind) if seen else None


@cache
def _qualifier_ends() -> frozenset[str]:
    """The last word of every qualifier phrase ("least" for "at least")."""
    return frozenset(phrase.split(" ")[-1] for phrase in qualifiers())


def _qualifier_before(tok: Token) -> tuple[str | None, int]:
    """The qualifier phrase ending just before ``tok`` ("at least"), and where it starts."""
    doc = tok.doc
    if tok.i == 0:
        return None, tok.i
    last = doc[tok.i - 1].lower_
    if " " not in last and last not in _qualifier_ends():
        return None, tok.i  # no phrase ends with the word before
    for width in QUALIFIER_WIDTHS:
        start = tok.i - width
        if start < 0:
            continue
        phrase = " ".join(t.lower_ for t in doc[start : tok.i])
        if phrase in qualifiers():
            return qualifiers()[phrase], start
    return None, tok.i


def _vague_head(noun: Token) -> tuple[float, Token] | None:
    """ "dozens of gunmen": the vague quantity word heads the phrase; return it and the noun."""
    parsed = word_value(noun.text)
    if parsed is None or parsed[1] not in {"vague", "multiplier"}:
        return None
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return parsed[0], pobj
    return None


def quantity_of(noun: Token) -> Quantity | None:
    """The count a noun carries: "43 attacks", "at least 20 forces", "dozens of gunmen"."""
    vague = _vague_head(noun)
    if vague:
        value, counted = vague
        qual, start = _qualifier_before(noun)
        return Quantity(value, qual or "about", counted.lemma_.lower(), start, noun.i + 1, counted)
    if noun.lemma_.lower() in uncounted_nouns() or noun.ent_type_ in NOT_COUNT_LABELS:
        return None
    tokens = _number_tokens(noun)
    if not tokens:
        return None
    combined = _combine(tokens)
    if combined is None:
        return None
    value, kind = combined
    qual, start = _qualifier_before(tokens[0])
    if qual is None and kind == "vague":
        qual = "about"
    return Quantity(value, qual or "exact", noun.lemma_.lower(), start, tokens[-1].i + 1, noun)


def _own_phrase(tok: Token) -> list[Token]:
    """A number's own phrase: its subtree without the phrases hung from it by a preposition
    ("two of the three militants" is two, not five)."""
    skipped = {t.i for c in tok.children if c.dep_ == "prep" for t in c.subtree}
    return [t for t in tok.subtree if t.i not in skipped]


def bare_quantity(tok: Token) -> Quantity | None:
    """A number standing alone for its noun ("12 soldiers were killed and eight wounded")."""
    if not tok.like_num and word_value(tok.text) is None:
        return None
    if tok.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"}:
        return None
    combined = _combine([t for t in _own_phrase(tok) if t.like_num or word_value(t.text)])
    if combined is None:
        return None
    qual, start = _qualifier_before(tok.left_edge)
    return Quantity(combined[0], qual or "exact", "", start, tok.i + 1, None)
