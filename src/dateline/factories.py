"""Importing this module registers every dateline pipeline factory with spaCy.

``import dateline`` imports it, and the ``spacy_factories`` entry points in ``pyproject.toml``
name the same classes, so ``nlp.add_pipe("dateline_quotes")`` works in any pipeline once
dateline is installed. Listed in pipeline order; each component's ``requires`` says what must
come before it.
"""

from __future__ import annotations

from dateline.commitments import CommitmentComponent
from dateline.entities import EntityComponent
from dateline.events import EventComponent
from dateline.frame import FrameComponent
from dateline.paragraphs import ParagraphComponent
from dateline.places import PlaceComponent
from dateline.quotes import QuoteComponent
from dateline.references import ReferenceComponent
from dateline.times import TimeComponent

# (factory name, class) in pipeline order; the paragraphs component goes before the parser
PIPELINE_ORDER = (
    ("dateline_frame", FrameComponent),
    ("dateline_paragraphs", ParagraphComponent),
    ("dateline_entities", EntityComponent),
    ("dateline_places", PlaceComponent),
    ("dateline_references", ReferenceComponent),
    ("dateline_times", TimeComponent),
    ("dateline_quotes", QuoteComponent),
    ("dateline_events", EventComponent),
    ("dateline_commitments", CommitmentComponent),
)
