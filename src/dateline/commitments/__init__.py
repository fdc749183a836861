"""Commitments: who is bound to do what, by when, on what condition.

A spaCy factory component, ``dateline_commitments``, writes ``doc._.commitments``: one
:class:`~dateline.model.Commitment` per promised act, with its party (an entity or place id,
from the reference layer), its content span, a quantity (to/from), a deadline with its precision
(computed by the times layer from the agreement's or the promise's date), a condition with its
status, and its kind (``pledge``, ``terms``, ``accept``, ``statement``, ``obligation``).

Layout: :mod:`.words` (the vocabulary: ``commitment_words.csv``, ``commitment_frames.csv``),
:mod:`.builder` (the rules, documented there), :mod:`.clauses` (spans, coordinated items,
conditions, quantities), :mod:`.anchors` (the days deadlines count from), :mod:`.deadlines`,
:mod:`.parties`, :mod:`.component` (the factory).
"""

from __future__ import annotations

from dateline.commitments.builder import Builder
from dateline.commitments.component import CommitmentComponent, extract_commitments
from dateline.commitments.words import (
    FRAMES_FILE,
    WORDS_FILE,
    CommitmentWords,
    Frames,
    load_frames,
    load_words,
)

__all__ = [
    "FRAMES_FILE",
    "WORDS_FILE",
    "Builder",
    "CommitmentComponent",
    "CommitmentWords",
    "Frames",
    "extract_commitments",
    "load_frames",
    "load_words",
]
