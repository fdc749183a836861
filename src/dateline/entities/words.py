"""The word sets the entities layer reads names, roles and groups by, loaded once.

Every set comes from a lexicon file (``entity_words.csv`` by kind, ``roles.csv``, ``titles.txt``
through :mod:`dateline.vocabulary`); the code holds only how they are used. The file's header
documents each kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dateline.vocabulary import honorifics, role_words, words_of

ENTITY_WORDS = "entity_words.csv"
# A person named only by role ("the Russian president", "a police spokesman") is an entity of
# type ROLE: a person for pronouns, sides and events, but not a named person (the gold
# scorecard's person list, and what a reader expects under PERSON, are people with names).
ROLE = "ROLE"
PERSON_TYPES = frozenset({"PERSON", ROLE})


@dataclass(frozen=True)
class EntityWords:
    """The entities layer's vocabulary, one frozen set per job (see ``entity_words.csv``)."""

    org_apposition_heads: frozenset[str]
    igo_markers: frozenset[str]
    settlement_nouns: frozenset[str]
    place_context_nouns: frozenset[str]
    name_particles: frozenset[str]
    title_adjectives: frozenset[str]
    group_modifiers: frozenset[str]
    rebel_group_modifiers: frozenset[str]
    rebel_nominal_modifiers: frozenset[str]
    armed_role_modifiers: frozenset[str]
    nominal_org_heads: frozenset[str]
    bare_nominals: frozenset[str]
    not_group_heads: frozenset[str]
    government_nominals: frozenset[str]
    military_nominals: frozenset[str]
    heads_of_state: frozenset[str]
    group_nominals: frozenset[str]
    force_nouns: frozenset[str]


@cache
def entity_words() -> EntityWords:
    """Every set of ``entity_words.csv``, read once per process."""

    def kind(name: str) -> frozenset[str]:
        return words_of(ENTITY_WORDS, name)

    return EntityWords(
        org_apposition_heads=kind("org_apposition_head"),
        igo_markers=kind("igo_marker"),
        settlement_nouns=kind("settlement_noun"),
        place_context_nouns=kind("place_context_noun"),
        name_particles=kind("name_particle"),
        title_adjectives=kind("title_adjective"),
        group_modifiers=kind("group_modifier"),
        rebel_group_modifiers=kind("rebel_group_modifier"),
        rebel_nominal_modifiers=kind("rebel_nominal_modifier"),
        armed_role_modifiers=kind("armed_role_modifier"),
        nominal_org_heads=kind("nominal_org_head"),
        bare_nominals=kind("bare_nominal"),
        not_group_heads=kind("not_group_head"),
        government_nominals=kind("government_nominal"),
        military_nominals=kind("military_nominal"),
        heads_of_state=kind("head_of_state"),
        group_nominals=kind("group_nominal"),
        force_nouns=kind("force_noun"),
    )


def is_honorific(token_text: str) -> bool:
    """A title or rank written before a name ("Gen.", "Mrs")."""
    return token_text.casefold().rstrip(".") in honorifics()


def role_sector(role: str) -> str | None:
    """The sector a role's words imply ("military spokesman" → MIL, "minister" → GOV)."""
    words = [w.casefold().strip(".,") for w in role.split()]
    table = role_words()
    armed = entity_words().armed_role_modifiers
    if any(w in armed for w in words[:-1]) and (
        words and table.get(words[-1], (None, ""))[0] in (None, "GOV")
    ):
        return "MIL"
    for word in reversed(words):
        sector = table.get(word, (None, ""))[0]
        if sector:
            return sector
    return None
