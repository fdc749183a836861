"""People, organizations and groups in the story, one entity per real referent.

spaCy's NER is the starting point; this component repairs its classic errors on news
(platforms tagged PERSON, surnames tagged ORG, possessives such as "Karzai’s" tagged ORG, title
words such as "State" in "Secretary of State" tagged ORG, byline names counted as story people),
adds nominal groups that act in conflict news ("Afghan forces", "gunmen", "civilians"), merges
mentions of one referent ("Trump", "Donald Trump", "the president"), and reads roles, country
and sector from titles, appositions and demonyms, never from the names themselves.

The package, one job per module:

* ``words.py``     the layer's word sets (``entity_words.csv``), ``role_sector``
* ``names.py``     name keys, acronyms, what the country tables and gazetteer say a name is
* ``roles.py``     roles from titles and appositions, and the country and sector they imply
* ``mentions.py``  mentions from the NER, repaired
* ``groups.py``    nominal groups ("Afghan forces")
* ``merge.py``     mentions → entities
* ``nominals.py``  definite descriptions ("the group", "the president") → the entity meant
* ``builder.py``   the order these run in
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import Component
from dateline.entities.builder import EntityBuilder
from dateline.entities.names import norm, place_country, place_name_known
from dateline.entities.words import is_honorific, role_sector
from dateline.model import Entity, Span
from dateline.vocabulary import honorifics, institutions, platforms, role_words


def entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping [start, end), the tightest one first."""
    best: tuple[int, Entity] | None = None
    for entity in doc._.entities or []:
        for m_start, m_end in entity.mentions:
            if m_start < end and start < m_end:
                size = m_end - m_start
                if best is None or size < best[0]:
                    best = (size, entity)
    return best[1] if best else None


def entity_by_id(doc: Doc, entity_id: str) -> Entity | None:
    for entity in doc._.entities or []:
        if entity.id == entity_id:
            return entity
    return None


@Language.factory(
    "dateline_entities",
    assigns=["doc._.entities"],
    requires=["doc._.article", "doc.ents", "token.dep", "token.lemma"],
)
class EntityComponent(Component):
    """Writes ``doc._.entities``: one Entity per referent, with roles and mentions."""

    FACTORY = "dateline_entities"
    ATTRIBUTE = "entities"

    def extract(self, doc: Doc) -> list[Entity]:
        return EntityBuilder(doc).build()


__all__ = [
    "Entity",
    "EntityBuilder",
    "EntityComponent",
    "Span",
    "entity_at",
    "entity_by_id",
    "honorifics",
    "institutions",
    "is_honorific",
    "norm",
    "place_country",
    "place_name_known",
    "platforms",
    "role_sector",
    "role_words",
]
