"""Paragraph and heading breaks become sentence starts before the parser runs."""

from __future__ import annotations

import pytest

from dateline.errors import ComponentError
from dateline.model import Article
from dateline.paragraphs import breaks_before, mark_sentence_starts
from dateline.pipeline import make_doc


def _sentence_starts(nlp, text: str) -> list[str]:
    doc = nlp(make_doc(nlp, Article(text=text)))
    return [sent[0].text for sent in doc.sents if not sent[0].is_space]


def test_heading_and_blank_line_start_new_sentences(nlp):
    text = "Peace Accord\n\nThe rebels signed the accord on Monday.\nOfficials welcomed it."
    starts = _sentence_starts(nlp, text)
    assert "Peace" in starts and "The" in starts and "Officials" in starts


def test_hard_wrapped_line_keeps_its_sentence_whole(nlp):
    first = "The governor of the northern province said on Tuesday that the convoy carrying"
    text = first + "\nfood aid had reached the town after three days on the road."
    doc = nlp.make_doc(text)
    assert breaks_before(doc) == []  # a long line cut mid-sentence is no boundary


def test_breaks_follow_every_short_line(nlp):
    text = "Byline Here\nFirst sentence of the story runs on for a while here.\n\nNext one."
    doc = nlp.make_doc(text)
    words = [doc[i].text for i in breaks_before(doc)]
    assert words == ["First", "Next"]


def test_marking_starts_refuses_a_parsed_doc(nlp):
    doc = nlp("The talks ended. Both sides left.")
    with pytest.raises(ComponentError, match=r"^\[D004\]"):
        mark_sentence_starts(doc, [3])


def test_marking_starts_sets_only_those_tokens(nlp):
    doc = nlp.make_doc("one two three four")
    mark_sentence_starts(doc, [2])
    assert [t.is_sent_start for t in doc] == [True, None, True, None]
