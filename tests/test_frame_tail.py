"""The tail's label rule ("Source: ...") must not swallow a short story's first paragraph."""

from __future__ import annotations

from dateline.frame import prepare
from dateline.model import Article

SHORT = (
    "Harbour board approves new ferry route\n\n"
    "By Oona Vell\n\n"
    "KESTRELBY: The harbour board approved a second ferry route on Monday, its chair said.\n\n"
    "Sailings begin in June.\n"
)

LABELLED_TAIL = (
    "Harbour board approves new ferry route\n\n"
    "KESTRELBY - The harbour board approved a second ferry route on Monday, its chair said.\n\n"
    "Sailings begin in June, and the board will publish a timetable next month.\n\n"
    "Source: Kestrelby Harbour Board\n"
)


def marked(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.boilerplate]


def test_colon_dateline_paragraph_of_a_short_story_stays_story() -> None:
    article = prepare(Article(text=SHORT))
    spans = marked(article)
    assert spans == ["By Oona Vell"]


def test_a_label_line_after_the_story_is_still_tail() -> None:
    article = prepare(Article(text=LABELLED_TAIL))
    assert "Source: Kestrelby Harbour Board" in marked(article)


FLATTENED = (
    "Harbour board approves new ferry route\n\n"
    "KESTRELBY - The harbour board approved a second ferry route on Monday, its chair said. "
    "Related stories: Ferry strike called off in Ostra Two hurt in quay clash\n"
)


def test_a_links_list_run_into_a_paragraph_is_wrapping_from_its_cue() -> None:
    spans = marked(prepare(Article(text=FLATTENED)))
    assert "Related stories: Ferry strike called off in Ostra Two hurt in quay clash" in spans
    assert not any("approved" in s for s in spans)  # the sentence before the cue stays story


def test_a_cue_word_inside_a_sentence_is_not_a_list() -> None:  # control: no colon, no cue
    text = FLATTENED.replace("Related stories:", "It said related stories")
    assert not any("related" in s.lower() for s in marked(prepare(Article(text=text))))
