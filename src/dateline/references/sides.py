"""Which side a speaker is on: for whom a spokesperson speaks, and whose "we" a speaker's is.

* ``spoken_for(token)``: the phrase a spokesperson noun speaks for: "Clinton's spokesman" →
  Clinton, "a spokesman for the ministry" → the ministry (a token; the caller resolves it).
* ``affiliations``: the organization named in a person's title ("Shabaab spokesman Ali
  Dhere", "X, a spokesman for the ministry,"), read from the tokens around their mentions.
* ``side_of(id, noun)``: an organization, group or country speaks for itself; a person for the
  organization of their title; a person's "our soldiers" are the armed forces of their country
  when the article names them; a person's bare "we" is their country.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline import countries
from dateline.entities.words import PERSON_TYPES, ROLE, entity_words
from dateline.model import Entity, Place
from dateline.references.index import MentionIndex
from dateline.tokens import token_range
from dateline.vocabulary import function_words, role_words, speaker_words

TITLE_REACH = 6  # tokens left of a name read as its title ("Shabaab spokesman X")
TITLE_STOPS = ("DET", "VERB", "AUX", "PRON", "CCONJ", "SCONJ", "PUNCT")


def spoken_for(token: Token) -> Token | None:
    """The head of the phrase a spokesperson noun speaks for, or None."""
    if token.lemma_.lower() not in speaker_words()["spokes"]:
        return None
    for child in token.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in function_words("on_behalf"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def owner_of(token: Token) -> Token | None:
    """Whose a person's role is, when the phrase names an owner: "GM's vice president" → GM,
    "a senior official of the state police" → police, "the NCAA's director" → NCAA (a token;
    the caller resolves it, and only a body, never a place, speaks through its people)."""
    if role_words().get(token.lower_, (None, ""))[1] not in ("person", "both"):
        if role_words().get(token.lemma_.lower(), (None, ""))[1] not in ("person", "both"):
            return None
    for child in token.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def affiliations(doc: Doc, index: MentionIndex) -> dict[str, str]:
    """person id → id of the organization or group their title names."""
    out: dict[str, str] = {}
    for person in index.entities.values():
        if person.type not in PERSON_TYPES:
            continue
        for start, end in person.mentions:
            tokens = token_range(doc, start, end)
            if tokens is None or not len(tokens):
                continue
            org = _title_org(doc, index, tokens.start) or _apposition_org(
                doc, index, doc[tokens.stop - 1]
            )
            if org is None and person.type == ROLE:  # "a spokesman for the ministry"
                org = next((b for i in tokens if (b := _body(index, i)) is not None), None)
            if org is not None and org != person.id:
                out[person.id] = org
                break
    return out


def _body(index: MentionIndex, i: int) -> str | None:
    ident = index.token_entities.get(i)
    entity = index.entities.get(ident) if ident else None
    return entity.id if entity is not None and entity.type in ("ORG", "GROUP") else None


def _title_org(doc: Doc, index: MentionIndex, first: int) -> str | None:
    """An organization inside the title run left of a name that holds a role noun."""
    roles = role_words()
    org, has_role = None, False
    for i in range(first - 1, max(first - TITLE_REACH, 0) - 1, -1):
        tok = doc[i]
        if tok.pos_ in TITLE_STOPS or tok.is_sent_end:
            break
        has_role = has_role or tok.lower_ in roles
        org = org or _body(index, i)
    return org if has_role else None


def _apposition_org(doc: Doc, index: MentionIndex, last: Token) -> str | None:
    """ "X, a spokesman for the ministry," and "the ministry's spokesman, X,": the body the
    apposed role noun speaks for."""
    root = last
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    for noun in nouns:
        if noun.lower_ not in role_words() and noun.lemma_.lower() not in role_words():
            continue
        principal = spoken_for(noun)
        if principal is not None:
            found = _body(index, principal.i)
            if found is not None:
                return found
    return None


def side_of(
    index: MentionIndex, affiliation: dict[str, str], ident: str, noun: str | None
) -> str | None:
    """The side a speaker is on (see the module docstring); ``noun`` is the lemma of what the
    speaker's "our" modifies ("our soldiers"), None for a bare "we"."""
    referent = index.referent(ident)
    if referent is None:
        return None
    if isinstance(referent, Place) or referent.type not in PERSON_TYPES:
        return referent.id
    if ident in affiliation:
        return affiliation[ident]
    if noun is not None and noun in entity_words().force_nouns:
        forces = [
            e
            for e in index.entities.values()
            if e.type not in PERSON_TYPES
            and e.sector == "MIL"
            and e.country
            and (referent.country is None or e.country == referent.country)
        ]
        if len(forces) == 1 or (forces and referent.country):
            return forces[0].id
    if noun is None:
        place = country_place(index, referent)
        return place.id if place else None
    return None


def country_place(index: MentionIndex, entity: Entity) -> Place | None:
    """The country place of an entity's country, when the article mentions that country."""
    if not entity.country:
        return None
    for place in index.places.values():
        if place.feature != "country" or not place.country:
            continue
        found = countries.by_code(place.country)
        if (found.alpha3 if found else place.country.upper()) == entity.country:
            return place
    return None
