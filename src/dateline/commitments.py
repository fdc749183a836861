"""Placeholder component for commitments; replaced by the real extractor."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("dateline_commitments")
def commitments_component(doc: Doc) -> Doc:
    """Writes an empty list until the commitments extractor lands."""
    doc._.commitments = []
    return doc
