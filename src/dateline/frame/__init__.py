"""The article's own frame: its publication date, byline, dateline and wrapping.

Decided once per article, before parsing, from all the evidence; every later layer reads the
decision from ``doc._.article`` and nothing re-decides it. :class:`FrameComponent` makes the
decision inside a spaCy pipeline for a Doc that arrives without an article (``nlp(text)`` on a
user's own pipeline); Docs made by :func:`dateline.pipeline.make_doc` carry theirs already.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.clean import prepare
from dateline.component import register_extension
from dateline.model import Article
from dateline.tokens import text_of

__all__ = ["FrameComponent", "prepare"]


@Language.factory("dateline_frame", assigns=["doc._.article"])
class FrameComponent:
    """Gives a Doc without an article the frame decided from its own text."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extension("article")

    def __call__(self, doc: Doc) -> Doc:
        if doc._.article is None:
            doc._.article = prepare(Article(text=text_of(doc)))
        return doc
