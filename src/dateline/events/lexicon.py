"""Everything the event layer reads from ``lexicons/``, loaded once per component.

Six files of the layer's own and three shared ones:

* ``event_types.csv`` and ``event_frames.csv``: the PLOVER types' argument rules and the
  trigger frames (read by :mod:`dateline.events.frames`);
* ``event_words.csv``: the closed word groups the rules read (:class:`EventWords`);
* ``event_place_nouns.csv``: "the country", "the region" and the places they may mean;
* ``modality.csv`` (status cues), ``acled.csv`` (PLOVER type and mode to ACLED types) and
  ``acled_evidence.csv`` (instrument, actor and protest words for ACLED sub-types);
* shared, through :mod:`dateline.vocabulary`: the role nouns of ``roles.csv`` (→ sector), the
  reporting verbs of ``speech_verbs.csv`` (never events) and ``platforms.txt`` (never targets).

The component loads it once in ``__init__`` and hands it down in the per-document context. A
bad row is a :class:`~dateline.errors.LexiconError` naming the file and the row.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache, cached_property
from typing import TypeVar

from dateline import lexicons, vocabulary
from dateline.errors import Errors, LexiconError
from dateline.events.frames import (
    ANY_MODE,
    FRAMES_FILE,
    TYPES_FILE,
    EventType,
    EventTypeRow,
    FrameIndex,
    FrameRow,
    build_frames,
    build_types,
)

WORDS_FILE = "event_words.csv"
PLACE_NOUNS_FILE = "event_place_nouns.csv"
MODALITY_FILE = "modality.csv"
ACLED_FILE = "acled.csv"
ACLED_EVIDENCE_FILE = "acled_evidence.csv"

REPORTING_ROLE = "report"  # speech verbs that report a clause: never events
G = TypeVar("G")


# ---------------------------------------------------------------- file rows


@dataclass(frozen=True)
class WordRow:
    kind: str
    word: str


@dataclass(frozen=True)
class PlaceNounRow:
    noun: str
    features: frozenset[str]


@dataclass(frozen=True)
class ModalityRow:
    cue: str
    kind: str  # negated | planned | hypothetical
    where: str  # neg | aux | governor | mark


@dataclass(frozen=True)
class AcledRow:
    type: str
    mode: str
    target_sector: str
    acled_event_type: str
    acled_sub_event_type: str


# ---------------------------------------------------------------- words


@dataclass(frozen=True)
class EventWords:
    """The word groups of ``event_words.csv``, one field per kind (documented there)."""

    target_prep: frozenset[str]
    light_target_prep: frozenset[str]
    recurse_prep: frozenset[str]
    content_recurse_prep: frozenset[str]
    content_target_prep: frozenset[str]
    stay_verb: frozenset[str]
    carrier_target_prep: frozenset[str]
    host_place_prep: frozenset[str]
    ultimatum_mark: frozenset[str]
    ultimatum_type: frozenset[str]
    host_place_mode: frozenset[str]
    pair_prep: frozenset[str]
    located_at_target: frozenset[str]
    fight_party_prep: frozenset[str]
    spell_head: frozenset[str]
    member_prep: frozenset[str]
    part_prep: frozenset[str]
    own_force_prep: frozenset[str]
    accompanying_prep: frozenset[str]
    accompanying_adverb: frozenset[str]
    place_prep: frozenset[str]
    locative_prep: frozenset[str]
    destination_prep: frozenset[str]
    nationwide: frozenset[str]
    temporal_prep: frozenset[str]
    reference_prep: frozenset[str]
    after_prep: frozenset[str]
    before_prep: frozenset[str]
    condition_mark: frozenset[str]
    infinitive_marker: frozenset[str]
    definite_det: frozenset[str]
    another_occasion: frozenset[str]
    causative_verb: frozenset[str]
    reciprocal_type: frozenset[str]
    definite_article: frozenset[str]
    relative_pronoun: frozenset[str]
    inanimate_relative: frozenset[str]
    person_pronoun: frozenset[str]
    group_pronoun: frozenset[str]
    person_possessive: frozenset[str]
    first_plural: frozenset[str]
    perfect_aux: frozenset[str]
    progressive_aux: frozenset[str]
    long_duration: frozenset[str]
    duration_prep: frozenset[str]
    kill: frozenset[str]
    wound: frozenset[str]
    arrest: frozenset[str]
    intransitive_casualty: frozenset[str]
    casualty_clause_mark: frozenset[str]
    mutual_fight: frozenset[str]
    victim_verb: frozenset[str]
    party_verb: frozenset[str]
    reply_verb: frozenset[str]
    reply_prep: frozenset[str]
    judging_verb: frozenset[str]
    directive_verb: frozenset[str]
    source_agent_verb: frozenset[str]
    source_prep: frozenset[str]
    denial_verb: frozenset[str]
    commit_cue: frozenset[str]
    agreement_noun: frozenset[str]
    generic_head: frozenset[str]
    charge_word: frozenset[str]
    charge_prep: frozenset[str]
    non_actor_subject: frozenset[str]
    force_noun: frozenset[str]
    person_noun: frozenset[str]
    dead_result: frozenset[str]
    death_result: frozenset[str]
    result_verb: frozenset[str]
    death_noun: frozenset[str]
    injury_noun: frozenset[str]
    org_noun: frozenset[str]
    part_noun: frozenset[str]
    allegation_verb: frozenset[str]
    alleged_type: frozenset[str]
    speaker_agent_type: frozenset[str]
    universal_pronoun: frozenset[str]
    universal_det: frozenset[str]
    several_det: frozenset[str]
    party_prep: frozenset[str]
    reciprocal_det: frozenset[str]
    habitual_adverb: frozenset[str]
    habitual_verb: frozenset[str]
    habitual_noun: frozenset[str]
    terms_prep: frozenset[str]
    terms_noun: frozenset[str]
    terms_type: frozenset[str]
    pair_party_noun: frozenset[str]
    label_participle_type: frozenset[str]
    reason_prep: frozenset[str]
    present_be: frozenset[str]

    # unions the rules ask for on every token or mention, made once

    @cached_property
    def pronouns(self) -> frozenset[str]:
        return self.person_pronoun | self.group_pronoun

    @cached_property
    def casualty(self) -> frozenset[str]:
        return self.kill | self.wound | self.arrest

    @cached_property
    def harm_verb(self) -> frozenset[str]:
        """Verbs whose object is an attack's victim."""
        return self.kill | self.wound | self.victim_verb

    @cached_property
    def backreference_prep(self) -> frozenset[str]:
        """A noun trigger under these refers to an event told elsewhere."""
        return self.temporal_prep | self.reference_prep

    @cached_property
    def referring_possessive(self) -> frozenset[str]:
        """A noun trigger possessed by these refers back ("its attack", "his visit")."""
        return self.group_pronoun | self.person_possessive

    @cached_property
    def locating_prep(self) -> frozenset[str]:
        return self.place_prep | self.locative_prep

    @cached_property
    def content_prep(self) -> frozenset[str]:
        """Prepositions searched inside a target phrase that lies in an act's content."""
        return self.recurse_prep | self.content_recurse_prep


@dataclass(frozen=True)
class AcledEvidence:
    """The evidence words of ``acled_evidence.csv``, one field per kind (documented there)."""

    suicide: frozenset[str]
    chemical: frozenset[str]
    aerial: frozenset[str]
    drone: frozenset[str]
    grenade: frozenset[str]
    shelling: frozenset[str]
    remote_explosive: frozenset[str]
    firearms: frozenset[str]
    state_sector: frozenset[str]
    crowd: frozenset[str]
    protester: frozenset[str]
    lethal: frozenset[str]
    intervention: frozenset[str]
    violent_protest: frozenset[str]
    territory_verb: frozenset[str]
    territory: frozenset[str]
    nonviolent: frozenset[str]

    def group(self, kind: str) -> frozenset[str]:
        """The words of one kind, by its name (the instrument kinds are read in a loop)."""
        return getattr(self, kind)


def word_groups(name: str, groups: type[G]) -> G:
    """A ``kind,word`` file as an instance of the dataclass ``groups``, one field per kind: a
    kind the code does not read, or one it reads and the file lacks, is a packaging error."""
    found: dict[str, set[str]] = {}
    for row in lexicons.table(name, WordRow):
        found.setdefault(row.kind, set()).add(row.word)
    expected = {f.name for f in fields(groups)}  # type: ignore[arg-type]
    if set(found) != expected:
        raise LexiconError(
            Errors.D150.format(
                name=name,
                unknown=sorted(set(found) - expected),
                missing=sorted(expected - set(found)),
            )
        )
    return groups(**{kind: frozenset(words) for kind, words in found.items()})


# ---------------------------------------------------------------- the lexicon


class AcledRules:
    """``acled.csv``: PLOVER type and mode (and the target's sector) to ACLED types. The first
    matching row wins ("*" matches any value); answers are remembered, as few combinations
    recur."""

    def __init__(self, rows: tuple[AcledRow, ...]) -> None:
        self.rows = rows
        self._found: dict[tuple[str, str | None, str | None], tuple[str, str] | None] = {}

    def codes(
        self, type_: str, mode: str | None, target_sector: str | None
    ) -> tuple[str, str] | None:
        """ACLED event type and sub-event type for a PLOVER type/mode and the target's sector."""
        key = (type_, mode, target_sector)
        if key not in self._found:
            self._found[key] = self._lookup(type_, mode, (target_sector or "")[:3])
        return self._found[key]

    def _lookup(self, type_: str, mode: str | None, sector: str) -> tuple[str, str] | None:
        for row in self.rows:
            if row.type == type_ and row.mode in (ANY_MODE, mode):
                if row.target_sector in (ANY_MODE, sector):
                    return row.acled_event_type, row.acled_sub_event_type
        return None


@dataclass(frozen=True, eq=False)
class EventLexicon:
    """All the vocabulary the event layer reads, loaded once (see the module docstring)."""

    types: dict[str, EventType]
    frames: FrameIndex
    words: EventWords
    place_nouns: dict[str, frozenset[str]]  # noun -> features it may refer back to
    modality: dict[tuple[str, str], str]  # (cue, where) -> kind
    acled: AcledRules
    acled_evidence: AcledEvidence
    sectors: dict[str, str | None]  # role noun (word and lemma) -> PLOVER sector
    speech: frozenset[str]  # reporting verbs (lemmas)
    platforms: frozenset[str]  # media platforms (lowercase)

    @cached_property
    def country_nouns(self) -> frozenset[str]:
        """Place nouns that mean a country ("the country")."""
        return frozenset(n for n, features in self.place_nouns.items() if "country" in features)


@cache
def load() -> EventLexicon:
    """The event lexicon, parsed once per process however many components ask."""
    types = build_types(lexicons.table(TYPES_FILE, EventTypeRow))
    words = word_groups(WORDS_FILE, EventWords)
    return EventLexicon(
        types=types,
        frames=FrameIndex(
            build_frames(lexicons.table(FRAMES_FILE, FrameRow), types, words.target_prep)
        ),
        words=words,
        place_nouns={r.noun: r.features for r in lexicons.table(PLACE_NOUNS_FILE, PlaceNounRow)},
        modality={(r.cue, r.where): r.kind for r in lexicons.table(MODALITY_FILE, ModalityRow)},
        acled=AcledRules(lexicons.table(ACLED_FILE, AcledRow)),
        acled_evidence=word_groups(ACLED_EVIDENCE_FILE, AcledEvidence),
        sectors=vocabulary.sector_words(),
        speech=vocabulary.speech_lemmas(REPORTING_ROLE),
        platforms=vocabulary.platforms(),
    )
