"""The commitments layer's vocabulary: ``commitment_words.csv`` (word groups, one per rule) and
``commitment_frames.csv`` (the verbs that bind a party and the shapes of what they bind it to),
both read through the lexicon loader once per component."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from dateline import lexicons
from dateline.errors import Errors, LexiconError
from dateline.events.lexicon import word_groups
from dateline.vocabulary import speech_lemmas

WORDS_FILE = "commitment_words.csv"
FRAMES_FILE = "commitment_frames.csv"
KINDS = frozenset({"pledge", "terms", "accept"})
FRAMES = frozenset({"to", "that", "obj", "prep_to", "prep_on", "obj_to", "for"})
REPORT_ROLE = "report"  # speech_verbs.csv: verbs that report a clause ("said that ...")


@dataclass(frozen=True)
class CommitmentWords:
    """The word groups of ``commitment_words.csv``, one field per kind (documented there)."""

    agreement_noun: frozenset[str]
    document_noun: frozenset[str]
    terms_noun: frozenset[str]
    context_prep: frozenset[str]
    demand_noun: frozenset[str]
    pledge_noun: frozenset[str]
    condition_mark: frozenset[str]
    realised_mark: frozenset[str]
    deadline_prep: frozenset[str]
    date_deadline_prep: frozenset[str]
    anchor_noun: frozenset[str]
    anchor_link: frozenset[str]
    future_aux: frozenset[str]
    obligation_aux: frozenset[str]
    obligation_verb: frozenset[str]
    non_action_verb: frozenset[str]
    self_pronoun: frozenset[str]
    third_pronoun: frozenset[str]
    will_aux: frozenset[str]
    terms_mark: frozenset[str]
    infinitive_marker: frozenset[str]
    value_prep: frozenset[str]
    origin_prep: frozenset[str]
    measure_noun: frozenset[str]
    scheduled_prep: frozenset[str]

    @cached_property
    def agreement_like(self) -> frozenset[str]:
        """Nouns that stand for an agreement as a subject or under "under"/"according to"."""
        return self.agreement_noun | self.document_noun | self.terms_noun


@dataclass(frozen=True)
class FrameRow:
    """A row of ``commitment_frames.csv``."""

    lemma: str
    kind: str
    frames: frozenset[str]


@dataclass(frozen=True)
class Frames:
    """Frames by kind and lemma, and the reporting verbs whose future clauses can bind a
    speaker (``speech_verbs.csv``'s report role: the same list the quotes layer reads)."""

    by_kind: dict[str, dict[str, frozenset[str]]]
    report_verbs: frozenset[str]

    def of(self, kind: str, lemma: str) -> frozenset[str]:
        return self.by_kind.get(kind, {}).get(lemma, frozenset())

    @cached_property
    def cues(self) -> frozenset[str]:
        """Lemmas that can carry a commitment: a verb without one carries none."""
        return frozenset(lemma for found in self.by_kind.values() for lemma in found)


def load_words() -> CommitmentWords:
    return word_groups(WORDS_FILE, CommitmentWords)


def load_frames() -> Frames:
    by_kind: dict[str, dict[str, frozenset[str]]] = {}
    for row in lexicons.table(FRAMES_FILE, FrameRow):
        unknown = row.frames - FRAMES
        if row.kind not in KINDS or unknown or not row.frames:
            raise LexiconError(
                Errors.D153.format(
                    name=FRAMES_FILE,
                    lemma=row.lemma,
                    kind=row.kind,
                    frames=" ".join(sorted(row.frames)),
                    kinds=", ".join(sorted(KINDS)),
                    known=", ".join(sorted(FRAMES)),
                )
            )
        by_kind.setdefault(row.kind, {})[row.lemma.lower()] = row.frames
    return Frames(by_kind, speech_lemmas(REPORT_ROLE))
