"""The word sets the entities layer reads names, roles and groups by, loaded once.

Every set comes from a lexicon file (``entity_words.csv`` by kind, ``roles.csv``, ``titles.txt``
through :mod:`dateline.vocabulary`); the code holds only how they are used. The file's header
documents each kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dateline.vocabulary import honorifics, role_nouns, role_words, sector_words, words_of

ENTITY_WORDS = "entity_words.csv"
# A person named only by role ("the Russian president", "a police spokesman") is an entity of
# type ROLE: a person for pronouns, sides and events, but not a named person (the gold
# scorecard's person list, and what a reader expects under PERSON, are people with names).
ROLE = "ROLE"
PERSON_TYPES = frozenset({"PERSON", ROLE})
# sectors of offices: a title with one keeps it whatever modifies it ("Defense Minister" is GOV)
OFFICE_SECTORS = frozenset({"GOV", "LEG", "JUD", "REL"})


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
    )


def is_honorific(token_text: str) -> bool:
    """A title or rank written before a name ("Gen.", "Mrs")."""
    return token_text.casefold().rstrip(".") in honorifics()


def role_sector(role: str) -> str | None:
    """The sector a role's words imply. The head noun decides when it names an office
    ("minister" → GOV, and "Defense Minister" too: a minister governs; "senator" → LEG, "judge"
    → JUD); otherwise the modifier nearest the head that has a sector does ("army spokesman" →
    MIL, "police officer" → COP, "union leader" → LAB, "intelligence chief" → SPY), else the
    head's own sector ("officer" → MIL)."""
    words = [w.casefold().strip(".,") for w in role.split()]
    table = role_words()
    head = next((i for i in range(len(words) - 1, -1, -1) if words[i] in table), None)
    if head is None:  # no title or group noun: an actor noun ("court", "peacekeepers")
        sectors = sector_words()
        for word in reversed(words):
            for form in (word, word[:-1] if word.endswith("s") else word):
                if sectors.get(form):
                    return sectors[form]
        return None
    head_sector, head_kind = table[words[head]]
    if head_kind == "person" and head_sector in OFFICE_SECTORS:
        return head_sector
    if head_kind == "group" and head_sector and not _plural_row(words[head]):
        return head_sector  # a body keeps its own: "defence ministry", "opposition party"
    armed = entity_words().armed_role_modifiers
    sectors = sector_words()
    for word in reversed(words[:head]):
        if word in armed:
            return "MIL"
        if sectors.get(word):
            return sectors[word]
    return head_sector


def _plural_row(word: str) -> bool:
    """A plural of people ("officials": its row names a lemma), not a body ("ministry")."""
    row = role_nouns().get(word)
    return row is not None and row.lemma is not None
