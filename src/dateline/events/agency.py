"""Agency: whether a trigger's subject is a party that can act, and whether its scene is one.

An event codes what a political, military, police, criminal or civil party does. A trigger
whose subject is a thing or a measure ("the rating declined", "the program can quit", "prices
rose") tells of no such act, whatever sense its verb has elsewhere; only some types can have a
thing for agent ("a bomb killed five" is an ASSAULT). Natural disasters and sport are out of
scope for the violent types: "the quake killed 300" or "the boxer beat his rival" is no
ASSAULT unless a party is its subject. The words are in ``agency_words.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline.events.clauses import agent_of, governing_verb, subject_of
from dateline.events.lexicon import word_groups

if TYPE_CHECKING:
    from dateline.events.context import DocContext

AGENCY_FILE = "agency_words.csv"
COMMON_NOUN = "NOUN"


@dataclass(frozen=True)
class AgencyWords:
    """The word groups of ``agency_words.csv``, one field per kind (documented there)."""

    inanimate: frozenset[str]
    thing_agent_type: frozenset[str]
    disaster: frozenset[str]
    sport: frozenset[str]
    scope_type: frozenset[str]
    neuter_pronoun: frozenset[str]


@lru_cache(maxsize=1)
def agency_words() -> AgencyWords:
    """The agency lexicon, read once."""
    return word_groups(AGENCY_FILE, AgencyWords)


def no_agent(tok: Token, type_: str, is_noun: bool, ctx: DocContext) -> bool:
    """True when the trigger ``tok`` of type ``type_`` has no party that can act: its active
    subject is a thing (for a type a thing cannot do) or a disaster, or its sentence is a
    disaster or sports scene and its subject names no party. A noun trigger has no subject of
    its own ("prices sparked protests": the protests are not the prices' act)."""
    words = agency_words()
    subj, passive = (None, False) if is_noun else subject_of(tok, ctx)
    if passive:
        subj, passive = agent_of(tok, ctx), False  # "were killed by police": the agent acts
    if subj is not None and subj.lower_ in words.neuter_pronoun:
        subj = _pronoun_thing(tok, subj, ctx) or subj
    lemma = subj.lemma_.lower() if subj is not None else ""
    if subj is not None and subj.pos_ == COMMON_NOUN:
        if lemma in words.disaster:
            return True
        if lemma in words.inanimate and type_ not in words.thing_agent_type:
            return True
    if type_ not in words.scope_type:
        return False
    scene = ctx.sentence_words(tok.i)
    if scene & words.sport:  # a named athlete is an entity, but no party: only roles count
        return subj is None or not _role(subj, ctx)
    if scene & words.disaster:
        return subj is None or not (_role(subj, ctx) or ctx.actors.one(subj) is not None)
    return False


def _pronoun_thing(tok: Token, pron: Token, ctx: DocContext) -> Token | None:
    """The governing clause's common-noun subject an "it" naming no party stands for."""
    gov = governing_verb(tok)
    if gov is None or ctx.actors.one(pron) is not None:
        return None
    subj, passive = subject_of(gov, ctx)
    if subj is None or passive or subj.pos_ != COMMON_NOUN or subj.i > pron.i:
        return None
    return subj


def _role(subj: Token, ctx: DocContext) -> bool:
    """Whether a subject is a role or group noun with a PLOVER sector ("police", "rebels")."""
    return subj.pos_ == COMMON_NOUN and ctx.lexicon.sectors.get(subj.lemma_.lower()) is not None
