"""One Doc's entities, in the order the layer builds them: collect mentions from the NER
(repaired), add nominal groups, merge mentions into entities, link definite descriptions,
add the unnamed actors (``descriptions.py``), then number the entities by first mention."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.entities.descriptions import add_descriptions, name_group_heads
from dateline.entities.groups import add_groups
from dateline.entities.mentions import MentionCollector
from dateline.entities.merge import merge_others, merge_people
from dateline.entities.nominals import link_nominals
from dateline.model import Entity


class EntityBuilder:
    """Collects mentions in one Doc and merges them into entities."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.collector = MentionCollector(doc)

    def build(self) -> list[Entity]:
        collector = self.collector
        collector.collect()
        add_groups(collector)
        people = [m for m in collector.mentions if m.kind == "PERSON"]
        others = [m for m in collector.mentions if m.kind != "PERSON"]
        entities = merge_people(people) + merge_others(others)
        link_nominals(collector, entities)
        add_descriptions(collector, entities)
        name_group_heads(self.doc, entities)
        entities.sort(key=lambda e: min(e.mentions))
        for number, entity in enumerate(entities, start=1):
            entity.id = f"e{number}"
        return entities
