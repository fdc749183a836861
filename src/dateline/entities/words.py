"""The word sets the entities layer reads names, roles and groups by, loaded once.

Every set comes from a lexicon file (``entity_words.csv`` by kind, ``roles.csv``, ``titles.txt``
through :mod:`dateline.vocabulary`); the code holds only how they are used. The file's header
documents each kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dateline import lexicons
from dateline.vocabulary import honorifics, role_nouns, role_words, sector_words, words_of

ENTITY_WORDS = "entity_words.csv"
# A person named only by role ("the Russian president", "a police spokesman") is an entity of
# type ROLE: a person for pronouns, sides and events, but not a named person (the gold
# scorecard's person list, and what a reader expects under PERSON, are people with names).
ROLE = "ROLE"
PERSON_TYPES = frozenset({"PERSON", ROLE})
# sectors of offices: a title with one keeps it whatever modifies it ("Defense Minister" is GOV)
OFFICE_SECTORS = frozenset({"GOV", "LEG", "JUD", "REL"})
# offices that a "former" or "retired" holder leaves: the holder is an elite (PLOVER's ELI)
FORMER_SECTORS = frozenset({"GOV", "LEG", "JUD"})
ELITE = "ELI"


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
    service_branches: frozenset[str]
    former_modifiers: frozenset[str]


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
        service_branches=kind("service_branch"),
        former_modifiers=kind("former_modifier"),
    )


def is_honorific(token_text: str) -> bool:
    """A title or rank written before a name ("Gen.", "Mrs")."""
    return token_text.casefold().rstrip(".") in honorifics()


@dataclass(frozen=True)
class HonorificRole:
    """A row of ``honorific_roles.csv``: an honorific and the role noun it stands for."""

    honorific: str
    role: str


@cache
def honorific_roles() -> dict[str, str]:
    """Honorific (lower case, no dot) → the role noun it stands for ("gen" → "general")."""
    return {row.honorific: row.role for row in lexicons.table("honorific_roles.csv", HonorificRole)}


def honorific_role(token_text: str) -> str | None:
    """The role noun an honorific names ("Gen." → "general"), None for a courtesy title."""
    return honorific_roles().get(token_text.casefold().rstrip("."))


def role_sector(role: str) -> str | None:
    """The sector a role's words imply. The head noun decides when it names an office
    ("minister" → GOV, and "Defense Minister" too: a minister governs; "senator" → LEG, "judge"
    → JUD); otherwise the modifier nearest the head that has a sector does ("army spokesman" →
    MIL, "police officer" → COP, "union leader" → LAB, "intelligence chief" → SPY, "agricultural
    workers" → AGR), else the head's own sector ("officer" → MIL), else a modifier that speaks
    only for a head without one ("Muslim leaders" → REL). An office held before ("former
    minister", "retired judge") is an elite's, not the office's: ELI, as PLOVER codes them."""
    words = [w.casefold().strip(".,") for w in role.split()]
    sector = _role_sector(words)
    if sector in FORMER_SECTORS and any(w in entity_words().former_modifiers for w in words):
        return ELITE
    return sector


def _role_sector(words: list[str]) -> str | None:
    table = role_words()
    head = next((i for i in range(len(words) - 1, -1, -1) if words[i] in table), None)
    if head is None:  # no title or group noun: an actor noun ("court", "peacekeepers")
        sectors = sector_words()
        for word in reversed(words):
            for form in (word, word[:-1] if word.endswith("s") else word):
                if sectors.get(form):
                    return sectors[form]
        return _modifier_sector(words, weak=True)
    head_sector, head_kind = table[words[head]]
    if head_kind == "person" and head_sector in OFFICE_SECTORS:
        return head_sector
    if head_kind == "group" and head_sector and not _plural_row(words[head]):
        return head_sector  # a body keeps its own: "defence ministry", "opposition party"
    armed = entity_words().armed_role_modifiers
    sectors = sector_words()
    modifiers = sector_modifiers()
    for word in reversed(words[:head]):
        if word in armed:
            return "MIL"
        if sectors.get(word):
            return sectors[word]
        if word in modifiers and modifiers[word][1] == "strong":
            return modifiers[word][0]
    return head_sector or _modifier_sector(words[:head], weak=True)


def _modifier_sector(words: list[str], weak: bool) -> str | None:
    """The sector of the modifier nearest the head among ``sector_modifiers.csv``'s (``weak``:
    the weak ones too, for a head that has no sector of its own)."""
    modifiers = sector_modifiers()
    for word in reversed(words):
        found = modifiers.get(word)
        if found is not None and (weak or found[1] == "strong"):
            return found[0]
    return None


@dataclass(frozen=True)
class SectorModifier:
    """A row of ``sector_modifiers.csv``: an adjective that says a role's sector."""

    word: str
    sector: str
    strength: str


@cache
def sector_modifiers() -> dict[str, tuple[str, str]]:
    """Adjective → (sector, strength) from ``sector_modifiers.csv``."""
    rows = lexicons.table("sector_modifiers.csv", SectorModifier)
    return {row.word: (row.sector, row.strength) for row in rows}


def _plural_row(word: str) -> bool:
    """A plural of people ("officials": its row names a lemma), not a body ("ministry")."""
    row = role_nouns().get(word)
    return row is not None and row.lemma is not None
