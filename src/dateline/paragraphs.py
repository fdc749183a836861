"""Paragraph and line breaks are sentence boundaries, set before the parser runs.

The small English parser sometimes links words across a paragraph break (a heading such as
"Peace Accord" becomes the subject of the next paragraph's verb). News text never continues a
sentence across a blank line, nor after a short line such as a headline or subhead, so those
boundaries are fixed before parsing and every later layer sees clean sentences. Hard-wrapped
plain text (long lines broken mid-sentence) keeps its sentences whole.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.pipeline import text_of

SHORT_LINE = 60  # a line this short that ends without a period is a heading or a byline
TERMINAL = (".", "!", "?", "”", '"', "’", "'", ":", ")")


def breaks_before(doc: Doc) -> list[int]:
    """Indices of tokens that begin a new paragraph or line-level unit."""
    starts: list[int] = []
    text = text_of(doc)
    for token in doc[:-1]:
        if "\n" not in token.text and "\n" not in token.whitespace_:
            continue
        following = token.i + 1
        while following < len(doc) and doc[following].is_space:
            following += 1
        if following >= len(doc):
            break
        gap = text[token.idx : doc[following].idx]
        line_start = text.rfind("\n", 0, token.idx) + 1
        line = text[line_start : token.idx + len(token.text)].strip()
        if gap.count("\n") >= 2 or line.endswith(TERMINAL) or len(line) < SHORT_LINE:
            starts.append(following)
    return starts


def after_dateline(doc: Doc) -> int | None:
    """The token that begins the story after a dateline ("NEW DELHI (AP) — India and ..."): the
    dateline is a heading, never the subject of the first sentence."""
    article = doc._.article if doc.has_extension("article") else None
    span = getattr(article, "dateline", None)
    if not span:
        return None
    for token in doc:
        if token.idx >= span[1] and not token.is_space:
            return token.i if token.idx < span[1] + 3 else None
    return None


@Language.component("dateline_paragraphs")
def paragraphs_component(doc: Doc) -> Doc:
    """Mark paragraph starts, and the story's start after a dateline, as sentence starts (the
    parser keeps boundaries set before it runs)."""
    starts = breaks_before(doc)
    story = after_dateline(doc)
    if story is not None:
        starts.append(story)
    for index in starts:
        doc[index].is_sent_start = True
    return doc
