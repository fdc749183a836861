"""The ``dateline_commitments`` factory: loads the vocabulary once, builds each Doc's
commitments with :class:`~dateline.commitments.builder.Builder`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.commitments.builder import Builder
from dateline.commitments.words import CommitmentWords, Frames, load_frames, load_words
from dateline.component import Component
from dateline.model import Commitment


def extract_commitments(doc: Doc, words: CommitmentWords, frames: Frames) -> list[Commitment]:
    return Builder(doc, words, frames).build()


@Language.factory(
    "dateline_commitments",
    assigns=["doc._.commitments"],
    requires=[
        "doc._.article",
        "doc._.references",
        "doc._.quotes",
        "doc._.events",
        "doc._.times",
        "doc.sents",
        "token.dep",
        "token.lemma",
        "token.ent_type",
    ],
)
class CommitmentComponent(Component):
    """Writes ``doc._.commitments``: obligations with party, deadline and condition."""

    FACTORY = "dateline_commitments"
    ATTRIBUTE = "commitments"

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.words = load_words()
        self.frames = load_frames()

    def extract(self, doc: Doc) -> list[Commitment]:
        return extract_commitments(doc, self.words, self.frames)
