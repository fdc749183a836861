"""Placeholder component for quotes; replaced by the real extractor."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("dateline_quotes")
def quotes_component(doc: Doc) -> Doc:
    """Writes an empty list until the quotes extractor lands."""
    doc._.quotes = []
    return doc
