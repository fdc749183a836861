"""Counts with what they count and how sure the text is."""

from __future__ import annotations

import pytest

from dateline import numbers


def _noun(nlp, text: str, word: str):
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name in {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"}:
            doc = proc(doc)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "word", "value", "qualifier"),
    [
        ("At least 20 soldiers were killed.", "soldiers", 20, "at_least"),
        ("The rebels carried out 43 attacks.", "attacks", 43, "exact"),
        ("The army has about 13,000 troops there.", "troops", 13000, "about"),
        ("There were two separate assaults.", "assaults", 2, "exact"),
        ("More than three hundred people fled.", "people", 300, "at_least"),
    ],
)
def test_quantity_of_noun(nlp, text, word, value, qualifier):
    q = numbers.quantity_of(_noun(nlp, text, word))
    assert q is not None
    assert q.value == value
    assert q.qualifier == qualifier


def test_vague_quantity_takes_conservative_value(nlp):
    q = numbers.quantity_of(_noun(nlp, "Dozens of gunmen stormed the town.", "Dozens"))
    assert q is not None and q.value == 12 and q.what == "gunman"


def test_dates_are_not_counts(nlp):
    assert numbers.quantity_of(_noun(nlp, "The fighting lasted 24 hours.", "hours")) is None


@pytest.mark.parametrize(("word", "value"), [("twenty-five", 25), ("5,000", 5000), ("seven", 7)])
def test_word_value(word, value):
    parsed = numbers.word_value(word)
    assert parsed is not None and parsed[0] == value


def test_a_count_read_as_an_adjective_is_a_count(nlp):  # "several/JJ people"
    q = numbers.quantity_of(_noun(nlp, "Several people were hurt in the crush.", "people"))
    assert q is not None and (q.value, q.qualifier) == (3, "about")


def test_a_number_standing_alone_is_not_summed_with_its_of_phrase(nlp):
    doc = _noun(nlp, "Two of the three guards were hurt.", "Two").doc
    q = numbers.bare_quantity(doc[0])
    assert q is not None and q.value == 2
