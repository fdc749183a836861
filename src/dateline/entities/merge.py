"""Merging mentions into entities, one per real referent.

People: full names first, then a shorter mention joins the person whose surname (or lone first
name) it is. Organizations, groups and peoples: the same folded name, or an acronym whose
initials agree with a long name ("MDR" and "Movement for Democratic Renewal", either first).
"""

from __future__ import annotations

from collections.abc import Iterable

from dateline.entities.mentions import Mention
from dateline.entities.names import POSSESSIVE, WORD_SPLIT, initials, norm
from dateline.entities.words import entity_words
from dateline.model import Entity

MIN_ACRONYM = 2  # letters an acronym must have to join a long name


def merge_people(mentions: list[Mention]) -> list[Entity]:
    """Full names first; a shorter mention joins the person whose surname it is."""
    entities: list[Entity] = []
    by_length = sorted(mentions, key=lambda m: (-len(m.name.split()), m.start))
    for mention in by_length:
        target = person_for(mention, entities)
        if target is None:
            target = Entity(id="", name=mention.name, type="PERSON")
            entities.append(target)
        absorb(target, mention)
    return entities


def person_for(mention: Mention, entities: list[Entity]) -> Entity | None:
    """The person a mention names: the same name, else the one whose surname (or, for a
    lone first name, whose first name) it is. A surname shared by several people goes to
    the one the article introduced first, as news style does ("Clinton" after "Hillary
    Clinton" and, later, "Bill Clinton")."""
    words = norm(mention.name).split()
    exact = [
        e
        for e in entities
        if norm(e.name).split() == words or any(norm(a).split() == words for a in e.aliases)
    ]
    if exact:
        return exact[0]
    by_surname = [
        e
        for e in entities
        if len(words) < len(norm(e.name).split()) and norm(e.name).split()[-len(words) :] == words
    ]
    if by_surname:
        return min(by_surname, key=lambda e: min(e.mentions))
    if len(words) == 1:
        by_first = [e for e in entities if norm(e.name).split()[0] == words[0]]
        if len(by_first) == 1:
            return by_first[0]
    return None


def merge_others(mentions: list[Mention]) -> list[Entity]:
    """Organizations, groups and peoples: one entity per folded name or matching acronym."""
    entities: dict[str, Entity] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        key = norm(mention.name)
        entity = entities.get(key) or acronym_match(key, entities.values())
        if entity is None:
            kind = "ORG" if mention.kind == "ORG" else mention.kind
            entity = Entity(id="", name=mention.name, type=kind)
            entities[key] = entity
        absorb(entity, mention)
    return list(entities.values())


def acronym_match(key: str, entities: Iterable[Entity]) -> Entity | None:
    """'MDR' joins 'Movement for Democratic Renewal' when the initials agree, whichever of
    the two is mentioned first."""
    particles = entity_words().name_particles
    compact = key.replace(".", "").replace(" ", "")
    key_initials = "".join(w[0] for w in WORD_SPLIT.split(key) if w and w not in particles)
    for entity in entities:
        if entity.type != "ORG":
            continue
        for name in entity.all_names():
            words = [w for w in WORD_SPLIT.split(name) if w]
            letters = initials(name)
            if len(words) > 1 and len(letters) >= MIN_ACRONYM and letters.casefold() == compact:
                return entity  # the acronym comes after the long name
            other = norm(name).replace(".", "").replace(" ", "")
            if len(key.split()) > 1 and len(other) >= MIN_ACRONYM and key_initials == other:
                return entity  # the long name comes after the acronym
    return None


def absorb(entity: Entity, mention: Mention) -> None:
    """Add a mention, its names as aliases, its roles, country and sector to an entity."""
    entity.mentions.append((mention.start, mention.end))
    for alias in (mention.text, mention.name):
        alias = POSSESSIVE.sub("", alias).strip()
        if alias and alias != entity.name and alias not in entity.aliases:
            entity.aliases.append(alias)
    for role in mention.roles:
        if role not in entity.roles:
            entity.roles.append(role)
    entity.country = entity.country or mention.country
    entity.sector = entity.sector or mention.sector
