"""Placeholder component for events; replaced by the real extractor."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("dateline_events")
def events_component(doc: Doc) -> Doc:
    """Writes an empty list until the events extractor lands."""
    doc._.events = []
    return doc
