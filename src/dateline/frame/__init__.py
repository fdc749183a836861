"""The article's own frame: its publication date, byline, dateline and wrapping.

Decided once per article, before parsing, from all the evidence, by :func:`prepare`; every later
layer reads the decision from ``doc._.article`` and nothing re-decides it. Mojibake ("â€œ" for
"“") is repaired before anything else, and only where the text shows it. The wrapping comes
first (:mod:`dateline.frame.wrapping`: which lines are head, story and tail), because the date
decision (:mod:`dateline.frame.published`) trusts a time stamp only where the wrapping puts one,
and never takes a date from a related-story list or a caption.

:class:`FrameComponent` makes the decision inside a spaCy pipeline for a Doc that arrives without
an article (``nlp(text)`` on a user's own pipeline); Docs made by
:func:`dateline.pipeline.make_doc` carry theirs already.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import register_extension
from dateline.frame.language import detect_language
from dateline.frame.mojibake import repair_article
from dateline.frame.published import Decision, decide_published
from dateline.frame.wrapping import mark_wrapping
from dateline.model import Article
from dateline.tokens import text_of

__all__ = ["Decision", "FrameComponent", "prepare"]


def prepare(article: Article) -> Article:
    """Mark the wrapping, fill byline, outlet, title and dateline, decide the publication date
    with its basis and confidence, and detect the language. The article is changed in place and
    returned; preparing it twice gives the same frame. Mojibake is repaired first
    (:mod:`dateline.frame.mojibake`), before any offset into the text is taken."""
    repair_article(article)
    if article.published_basis != "metadata":  # decided by an earlier framing: decide again
        article.published, article.published_confidence = None, 0.0
    frame = mark_wrapping(article)
    decision = decide_published(article, frame)
    article.published = decision.published
    article.published_basis = decision.basis
    article.published_confidence = decision.confidence
    if article.language is None:
        story = "\n".join(ln.text for ln in frame.story_lines())
        article.language = detect_language(story or article.text)
    return article


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
