"""Event types and trigger frames: the data that says what a trigger means.

``event_types.csv`` gives each PLOVER type its argument rules (:class:`EventType`);
``event_frames.csv`` gives each trigger sense its type, mode, CAMEO root, ACLED types, argument
prepositions and excluded senses (:class:`TriggerFrame`). A frame's effective rules (its own
columns, else its type's) are worked out here, once, so the readers ask a frame, never a type
name; :class:`FrameIndex` finds the frames of a head lemma. The format is meant to grow to
thousands of frames: a new sense is a new row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from dateline.errors import Errors, LexiconError

TYPES_FILE = "event_types.csv"
FRAMES_FILE = "event_frames.csv"
LIGHT = "LIGHT"  # the frame type of a light verb ("conducted an airstrike")
REPORTED = "reported"  # the frame of a reported hostile act's report ("X claimed Y attacked")
ULTIMATUM = "ultimatum"  # the frame of an act promised unless a condition is met: a threat
POSITIONS = ("verb", "noun", "modal", REPORTED, ULTIMATUM)
ANY_MODE = "*"
ANY_WORD = "*"  # an excluded sense's condition on any word in that relation ("obj=*")
NO_REQUIREMENT = "none"  # a frame's "requires" that lifts its type's ("summit": no pair needed)
SENSE_RELATIONS = ("obj", "subj", "head", "mod", "comp", "sentence")  # else: a preposition


@dataclass(frozen=True)
class EventTypeRow:
    """One row of ``event_types.csv`` (the columns are documented in the file)."""

    type: str
    cameo: str
    content: bool = False
    requires: str | None = None
    actor_preps: frozenset[str] = frozenset()
    instrument_preps: frozenset[str] = frozenset()
    verb_target_preps: frozenset[str] = frozenset()
    charge_preps: frozenset[str] = frozenset()
    light_target_preps: frozenset[str] = frozenset()
    purpose_preps: frozenset[str] = frozenset()
    content_target: frozenset[str] = frozenset()
    complement_subject_target: bool = False
    condition_target: bool = False
    victim_target: bool = False
    own_force_modes: frozenset[str] = frozenset()
    own_force_modes_in_content: frozenset[str] = frozenset()
    negated_as: str | None = None
    absorbs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FrameRow:
    """One row of ``event_frames.csv`` (the columns are documented in the file)."""

    phrase: str
    pos: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    requires: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor_preps: frozenset[str] | None = None
    target_preps: frozenset[str] | None = None
    instrument_preps: frozenset[str] | None = None
    exclude: str = ""


@dataclass(frozen=True)
class EventType:
    """A PLOVER type with its argument rules (``event_types.csv``)."""

    name: str
    cameo: str | None
    content: bool
    requires: str | None
    actor_preps: frozenset[str]
    instrument_preps: frozenset[str]
    verb_target_preps: frozenset[str]
    charge_preps: frozenset[str]
    light_target_preps: frozenset[str]
    purpose_preps: frozenset[str]
    content_target: frozenset[str]
    complement_subject_target: bool
    condition_target: bool
    victim_target: bool
    own_force_modes: frozenset[str]
    own_force_modes_in_content: frozenset[str]
    negated_as: str | None
    absorbs: frozenset[tuple[str, str]]

    def own_force(self, mode: str | None) -> bool:
        """Whether this type's object, in ``mode``, is the actor's own force."""
        return _mode_in(mode, self.own_force_modes)

    def own_force_in_content(self, mode: str | None) -> bool:
        """The same, for the act as the content of another ("refused to deploy troops")."""
        return _mode_in(mode, self.own_force_modes_in_content)


def _mode_in(mode: str | None, modes: frozenset[str]) -> bool:
    return ANY_MODE in modes or (mode is not None and mode in modes)


NO_TYPE = EventType(  # a light verb's frame: no event of its own, so no rules
    name=LIGHT,
    cameo=None,
    content=False,
    requires=None,
    actor_preps=frozenset(),
    instrument_preps=frozenset(),
    verb_target_preps=frozenset(),
    charge_preps=frozenset(),
    light_target_preps=frozenset(),
    purpose_preps=frozenset(),
    content_target=frozenset(),
    complement_subject_target=False,
    condition_target=False,
    victim_target=False,
    own_force_modes=frozenset(),
    own_force_modes_in_content=frozenset(),
    negated_as=None,
    absorbs=frozenset(),
)


@dataclass(frozen=True)
class SenseCondition:
    """One condition of an excluded sense: a word in a relation to the trigger."""

    relation: str  # one of SENSE_RELATIONS, else a preposition
    lemmas: frozenset[str]


@dataclass(frozen=True)
class TriggerFrame:
    """One trigger frame with its effective rules: its own columns, else its type's."""

    words: tuple[str, ...]
    pos: str  # verb | noun | modal
    type: str  # PLOVER type, or LIGHT
    mode: str | None
    cameo: str | None
    requires: str | None  # target | pair | None
    acled: tuple[str, str] | None
    event_type: EventType
    actor_preps: frozenset[str]  # a noun trigger's actors
    target_preps: frozenset[str]  # targets on a light verb's or a noun's clause
    verb_target_preps: frozenset[str]  # targets on the verb trigger itself
    noun_target_preps: frozenset[str]  # targets on a noun trigger (never an actor's)
    exclusions: tuple[tuple[SenseCondition, ...], ...]

    @property
    def is_noun(self) -> bool:
        return self.pos == "noun"

    @property
    def is_light(self) -> bool:
        """A light verb's frame: no event of its own ("conducted an airstrike")."""
        return self.type == LIGHT


class FrameIndex:
    """Trigger frames by (head lemma, pos), longest phrase first. A verb phrase's head is its
    first word, a noun phrase's its last (the compound's head); modal frames by their word."""

    def __init__(self, frames: list[TriggerFrame]) -> None:
        self.by_head: dict[tuple[str, str], list[TriggerFrame]] = {}
        for frame in frames:
            head = frame.words[-1] if frame.is_noun else frame.words[0]
            self.by_head.setdefault((head, frame.pos), []).append(frame)
        for found in self.by_head.values():
            found.sort(key=lambda f: -len(f.words))  # stable: file order among equals
        self.light_verbs = frozenset(
            f.words[0] for f in frames if f.pos == "verb" and f.type == LIGHT
        )
        self.event_nouns = frozenset(f.words[-1] for f in frames if f.is_noun)
        self.modal: dict[str, TriggerFrame] = {}
        for frame in frames:
            if frame.pos == "modal":
                self.modal.setdefault(frame.words[0], frame)
        self.reported = next(f for f in frames if f.pos == REPORTED)
        self.ultimatum = next(f for f in frames if f.pos == ULTIMATUM)

    def get(self, head: str, pos: str) -> list[TriggerFrame]:
        return self.by_head.get((head, pos), [])

    def heads(self, head: str, pos: str) -> bool:
        """Whether ``head`` heads any frame of ``pos``."""
        return (head, pos) in self.by_head


def build_types(rows: Iterable[EventTypeRow]) -> dict[str, EventType]:
    """The type table's rows as :class:`EventType`, by name."""
    out: dict[str, EventType] = {}
    for row in rows:
        columns = {f.name: getattr(row, f.name) for f in fields(row)}
        columns["name"] = columns.pop("type")
        columns["cameo"] = row.cameo or None
        columns["absorbs"] = frozenset(_type_mode(item) for item in row.absorbs)
        out[row.type] = EventType(**columns)
    return out


def _type_mode(item: str) -> tuple[str, str]:
    type_, _, mode = item.partition(":")
    return type_, mode


def build_frames(
    rows: Iterable[FrameRow], types: dict[str, EventType], target_preps: frozenset[str]
) -> list[TriggerFrame]:
    """Frames with their effective rules: a frame's own role columns, else its type's;
    ``target_preps`` are the prepositions of a target when neither says otherwise."""
    out = []
    for row in rows:
        if row.pos not in POSITIONS or (row.type not in types and row.type != LIGHT):
            raise LexiconError(
                Errors.D151.format(
                    name=FRAMES_FILE,
                    phrase=row.phrase,
                    pos=row.pos,
                    type=row.type,
                    known=sorted(types),
                )
            )
        kind = types.get(row.type, NO_TYPE)
        instrument = row.instrument_preps
        if instrument is None:
            instrument = kind.instrument_preps
        actor = row.actor_preps if row.actor_preps is not None else kind.actor_preps
        target = row.target_preps
        if target is None:
            target = target_preps - instrument
        verb_target = row.target_preps or kind.verb_target_preps or target
        acled = None
        if row.acled_event_type:
            acled = (row.acled_event_type, row.acled_sub_event_type or "")
        out.append(
            TriggerFrame(
                words=tuple(row.phrase.lower().split()),
                pos=row.pos,
                type=row.type,
                mode=row.mode,
                cameo=row.cameo,
                requires=_requires(row.requires, kind.requires),
                acled=acled,
                event_type=kind,
                actor_preps=actor,
                target_preps=target,
                verb_target_preps=verb_target,
                noun_target_preps=target - actor,
                exclusions=_exclusions(row.exclude, row.phrase),
            )
        )
    return out


def _requires(own: str | None, of_type: str | None) -> str | None:
    """The frame's own requirement, else its type's; "none" lifts the type's."""
    if own == NO_REQUIREMENT:
        return None
    return own or of_type


def _exclusions(cell: str, phrase: str) -> tuple[tuple[SenseCondition, ...], ...]:
    """``from=hospital/clinic|head=company`` → alternatives of conditions (see the file)."""
    out = []
    for alternative in cell.split("|"):
        conditions = []
        for item in alternative.split():
            relation, equals, lemmas = item.partition("=")
            if not equals or not relation or not lemmas:
                raise LexiconError(Errors.D152.format(name=FRAMES_FILE, phrase=phrase, item=item))
            conditions.append(SenseCondition(relation, frozenset(lemmas.lower().split("/"))))
        if conditions:
            out.append(tuple(conditions))
    return tuple(out)
