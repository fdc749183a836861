"""Placeholder component for places; replaced by the real extractor."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("dateline_places")
def places_component(doc: Doc) -> Doc:
    """Writes an empty list until the places extractor lands."""
    doc._.places = []
    return doc
