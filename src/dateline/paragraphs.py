"""Paragraph and line breaks are sentence boundaries, set before the parser runs.

The small English parser sometimes links words across a paragraph break (a heading such as
"Peace Accord" becomes the subject of the next paragraph's verb). News text never continues a
sentence across a blank line, nor after a short line such as a headline or subhead, so those
boundaries are fixed before parsing and every later layer sees clean sentences. Hard-wrapped
plain text (long lines broken mid-sentence) keeps its sentences whole.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import check_requirements, register_extension
from dateline.errors import ComponentError, Errors
from dateline.tokens import text_of

SHORT_LINE = 60  # a line this short that ends without a period is a heading or a byline
TERMINAL = (".", "!", "?", "”", '"', "’", "'", ":", ")")


def _newline_tokens(doc: Doc, text: str) -> list[int]:
    """Indices of the tokens whose text or trailing whitespace may hold a line break: the token
    at or before each newline of the text, ascending (a handful per article, where walking
    every token would build hundreds)."""
    starts = doc.to_array(IDX).tolist()
    found: list[int] = []
    pos = text.find("\n")
    while pos != -1:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and (not found or found[-1] != i):
            found.append(i)
        pos = text.find("\n", pos + 1)
    return found


def breaks_before(doc: Doc) -> list[int]:
    """Indices of tokens that begin a new paragraph or line-level unit."""
    starts: list[int] = []
    text = text_of(doc)
    for i in _newline_tokens(doc, text):
        if i >= len(doc) - 1:
            break  # the last token starts nothing
        token = doc[i]
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
    span = doc._.article.dateline
    if not span:
        return None
    for token in doc:
        if token.idx >= span[1] and not token.is_space:
            return token.i if token.idx < span[1] + 3 else None
    return None


@Language.factory(
    "dateline_paragraphs",
    assigns=["token.is_sent_start"],
    requires=["doc._.article"],
)
class ParagraphComponent:
    """Marks paragraph starts, and the story's start after a dateline, as sentence starts (the
    parser keeps boundaries set before it runs, so it must come before the parser)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extension("article")
        check_requirements(nlp, name, ["doc._.article"])

    def __call__(self, doc: Doc) -> Doc:
        if doc._.article is None:
            raise ComponentError(Errors.D003.format(component=self.name, attribute="article"))
        starts = breaks_before(doc)
        story = after_dateline(doc)
        if story is not None:
            starts.append(story)
        mark_sentence_starts(doc, starts)
        return doc


def mark_sentence_starts(doc: Doc, starts: list[int]) -> None:
    """``doc[i].is_sent_start = True`` for every index, in one write: the property scans the
    whole Doc for a parse on every assignment. Like it, refuse once the Doc is parsed."""
    if not starts:
        return
    if doc.has_annotation("DEP"):
        raise ComponentError(Errors.D004)
    values = doc.to_array(SENT_START)
    values[starts] = 1
    doc.from_array([SENT_START], values)  # type: ignore[arg-type]
