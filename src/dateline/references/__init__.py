"""The within-article reference layer: which entity or place each token means, what pronouns
and definite descriptions refer back to, and which side a speaker is on. One policy, read by
quotes, events and commitments alike (before it, each layer mapped tokens to entities and picked
antecedents its own way: ``events.Resolver``, ``quotes._antecedent``, ``entities._link_nominals``).

The component ``dateline_references`` runs after entities and places and writes
``doc._.references``, a :class:`References`. Its API:

Token and span maps (from the entities' and places' mentions; a token in several mentions
belongs to the tightest):

* ``refs.entity_at(token)`` → :class:`~dateline.model.Entity` or None
* ``refs.place_at(token)`` → :class:`~dateline.model.Place` or None
* ``refs.token_entities`` / ``refs.token_places``: token index → id, for bulk scans
  (``set(refs.token_places)``, ``refs.token_entities.get(i)``)
* ``refs.mention_in(start, end)`` → :class:`Mention` (``id``, ``start``, ``end``,
  ``referent``) of the referent a character span means: entities before places, then the
  longest mention; ``refs.ids_in(start, end)`` every id overlapping it, in text order
* ``refs.referent(id)`` → the Entity or Place with that id

Antecedents (``antecedents.py`` documents the policy: number, gender, sentence, subject):

* ``refs.antecedent(token)`` → :class:`Mention` a third-person pronoun refers to, or None
* ``refs.nominal(token)`` → :class:`Mention` a definite description's head refers to
  ("the group", "the ministry", "the president"), or None
* ``refs.gender(id)`` → "male" | "female" | None, as the text gives it

Sides (``sides.py``):

* ``refs.spoken_for(token)`` → the Token a spokesperson noun speaks for, or None
* ``refs.owner_of(token)`` → the Token naming whose a person's role is ("GM's vice president",
  "an official of the state police"), or None
* ``refs.affiliation(id)`` → id of the organization a person's title names, or None
* ``refs.side_of(id, noun=None)`` → the id of the side an entity speaks for: itself for a body
  or a country; a person's organization; for a person's "our <force noun>" the armed forces of
  their country; for a person's bare "we" their country place
* ``refs.country_of(id)`` → the country Place of an entity's country, when the article names it

Every answer is computed from ``doc._.entities`` and ``doc._.places`` (required: a missing
layer is a component error, never a stand-in) and the parse; nothing here changes them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.component import Component
from dateline.model import Entity, Place
from dateline.references.antecedents import Antecedents
from dateline.references.index import Mention, MentionIndex, Referent
from dateline.references.sides import (
    affiliations,
    country_place,
    owner_of,
    side_of,
    spoken_for,
)


class References:
    """The references of one Doc (see the module docstring for the API)."""

    def __init__(self, doc: Doc, entities: list[Entity], places: list[Place]) -> None:
        self.doc = doc
        self.index = index = MentionIndex(doc, entities, places)
        self.token_entities = index.token_entities
        self.token_places = index.token_places
        self._antecedents = Antecedents(doc, index)
        self._affiliations = affiliations(doc, index)

    # token and span maps
    def entity_at(self, token: Token) -> Entity | None:
        ident = self.token_entities.get(token.i)
        return self.index.entities[ident] if ident is not None else None

    def place_at(self, token: Token) -> Place | None:
        ident = self.token_places.get(token.i)
        return self.index.places[ident] if ident is not None else None

    def mention_in(self, start: int, end: int) -> Mention | None:
        return self.index.in_span(start, end)

    def ids_in(self, start: int, end: int) -> list[str]:
        return list(dict.fromkeys(m.id for m in self.index.overlapping(start, end)))

    def referent(self, ident: str) -> Referent | None:
        return self.index.referent(ident)

    # antecedents
    def antecedent(self, token: Token) -> Mention | None:
        return self._antecedents.pronoun(token)

    def nominal(self, token: Token) -> Mention | None:
        return self._antecedents.nominal(token)

    def gender(self, ident: str) -> str | None:
        return self._antecedents.gender.get(ident)

    # sides
    def spoken_for(self, token: Token) -> Token | None:
        return spoken_for(token)

    def owner_of(self, token: Token) -> Token | None:
        return owner_of(token)

    def affiliation(self, ident: str) -> str | None:
        return self._affiliations.get(ident)

    def side_of(self, ident: str, noun: str | None = None) -> str | None:
        return side_of(self.index, self._affiliations, ident, noun)

    def country_of(self, ident: str) -> Place | None:
        entity = self.index.entities.get(ident)
        return country_place(self.index, entity) if entity is not None else None


@Language.factory(
    "dateline_references",
    assigns=["doc._.references"],
    requires=["doc._.article", "doc._.entities", "doc._.places", "token.dep", "token.lemma"],
)
class ReferenceComponent(Component):
    """Writes ``doc._.references``: the within-article reference layer."""

    FACTORY = "dateline_references"
    ATTRIBUTE = "references"

    def extract(self, doc: Doc) -> References:
        return References(doc, list(doc._.entities or []), list(doc._.places or []))


__all__ = ["Mention", "ReferenceComponent", "Referent", "References"]
