"""Definite descriptions that join the entity they refer to: "the group", "the militant
group", "the army's statement" (an organization named before), "the president" (the person
titled so, or the article's dominant untitled person for a head-of-state word)."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter, defaultdict

from spacy.symbols import NOUN
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from dateline.entities.mentions import MentionCollector
from dateline.entities.words import EntityWords, role_sector
from dateline.model import Entity
from dateline.vocabulary import function_words, role_words

# "the president" means the article's most mentioned untitled person only when that person
# has at least this many times the mentions of the runner-up
DOMINANT_MENTION_RATIO = 2


def link_nominals(collector: MentionCollector, entities: list[Entity]) -> None:
    """Add each definite description not already in a mention to the entity it refers to."""
    doc, words = collector.doc, collector.words
    mention_counts = Counter({e.id or e.name: len(e.mentions) for e in entities})
    orgs = _Orgs(entities)
    for i in collector.indices(NOUN):
        if i in collector.taken:
            continue
        head = doc[i]
        if head.ent_type_:
            continue
        word = head.lower_
        is_org = word in words.nominal_org_heads
        is_role = role_words().get(word, (None, ""))[1] in ("person", "both")
        if not (is_org or is_role):
            continue
        start = head.i - 1
        while start >= 0 and doc[start].pos_ == "ADJ" and not doc[start].ent_type_:
            start -= 1
        if start < 0 or doc[start].lower_ != "the":
            continue
        span = doc[start : head.i + 1]
        if collector.skip(span.start_char, span.end_char):
            continue
        if is_org:
            target = orgs.nearest(span.start_char, word, words)
        else:
            if len(span) != 2 or _qualified(head):
                continue
            target = person_by_role(entities, word, span.start_char, mention_counts, words)
        if target is not None:
            _add_nominal(target, span, word, words)
            orgs.sync(target)


def _qualified(head: Token) -> bool:
    """ "the president of X" names someone else, not the article's president."""
    doc, nxt = head.doc, head.i + 1
    return nxt < len(doc) and doc[nxt].lower_ in function_words("qualifying_preposition")


def _add_nominal(target: Entity, span: SpacySpan, word: str, words: EntityWords) -> None:
    target.mentions.append((span.start_char, span.end_char))
    if span.text not in target.aliases:
        target.aliases.append(span.text)
    adjectives = [t.lower_ for t in span[1:-1]]
    if target.sector is None:
        target.sector = role_sector(" ".join([*adjectives, word])) or (
            "REB" if set(adjectives) & words.rebel_nominal_modifiers else None
        )


def nearest_org(
    entities: list[Entity], before: int, word: str, words: EntityWords
) -> Entity | None:
    """The organization most recently named before a nominal, governments excluded for
    "the group" (a group is not a government) and required for "the ministry"."""
    wants_gov = word in words.government_nominals
    wants_mil = word in words.military_nominals
    best, best_pos = None, -1
    for entity in entities:
        if entity.type != "ORG":
            continue
        is_gov = entity.sector in ("GOV",)
        if wants_gov != is_gov and not wants_mil:
            continue
        if word in words.group_nominals and entity.sector in ("MIL", "COP"):
            continue
        if wants_mil and (entity.sector != "MIL" or _other_branch(entity, words)):
            continue
        for start, _end in entity.mentions:
            if best_pos < start < before:
                best, best_pos = entity, start
    return best


class _Orgs:
    """The organizations' mention starts, sorted, one list per sector (a nominal's kind
    admits only some sectors), kept up to date as nominals join them: the organization most
    recently named before a nominal is then a binary search per admitted sector, not a pass
    over every mention of the article. Organizations are told by their place in the list;
    of two mentions at one start, the earlier organization wins, as in a scan of the list."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.places = {id(e): k for k, e in enumerate(entities) if e.type == "ORG"}
        self.by_sector: defaultdict[str | None, list[tuple[int, int]]] = defaultdict(list)
        self.indexed: dict[int, tuple[str | None, int]] = {}  # place -> (sector, mentions)
        for entity in entities:
            if entity.type == "ORG":
                self.sync(entity)

    def sync(self, entity: Entity) -> None:
        """File the organization's new mentions, and all of them anew if its sector changed."""
        k = self.places.get(id(entity))
        if k is None:
            return
        sector, done = self.indexed.get(k, (entity.sector, 0))
        if sector != entity.sector:
            old = self.by_sector[sector]
            for start, _ in entity.mentions[:done]:
                del old[bisect_left(old, (start, k))]
            done = 0
        for start, _ in entity.mentions[done:]:
            insort(self.by_sector[entity.sector], (start, k))
        self.indexed[k] = (entity.sector, len(entity.mentions))

    def nearest(self, before: int, word: str, words: EntityWords) -> Entity | None:
        """:func:`nearest_org`, from the index."""
        wants_gov = word in words.government_nominals
        wants_mil = word in words.military_nominals
        group = word in words.group_nominals
        best: tuple[int, int] | None = None  # (start, -place)
        for sector, starts in self.by_sector.items():
            if wants_mil:
                if sector != "MIL" or group:
                    continue
            elif (sector == "GOV") != wants_gov or (group and sector in ("MIL", "COP")):
                continue
            found = self._last_before(starts, before, wants_mil, words)
            if found is not None and (best is None or found > best):
                best = found
        return self.entities[-best[1]] if best is not None else None

    def _last_before(
        self, starts: list[tuple[int, int]], before: int, mil: bool, words: EntityWords
    ) -> tuple[int, int] | None:
        """The last mention before ``before`` (the earliest organization among those at its
        start), skipping, for a military nominal, the services other than the army."""
        i = bisect_left(starts, (before, -1))
        found: tuple[int, int] | None = None
        while i > 0:
            i -= 1
            start, k = starts[i]
            if found is not None and start < found[0]:
                break
            if mil and _other_branch(self.entities[k], words):
                continue
            found = (start, -k)
        return found


def person_by_role(
    entities: list[Entity], word: str, before: int, counts: Counter[str], words: EntityWords
) -> Entity | None:
    """ "the president": the person titled so (unqualified) before; else, for a head of
    state or government word, the article's most mentioned person with no other title."""
    people = [e for e in entities if e.type == "PERSON"]
    titled = [
        e
        for e in people
        if any(r.casefold().split()[-1] == word and len(r.split()) == 1 for r in e.roles)
        and min(e.mentions)[0] < before
    ]
    if titled:
        return max(titled, key=lambda e: max(s for s, _ in e.mentions if s < before))
    if word not in words.heads_of_state:
        return None
    untitled = [e for e in people if not e.roles and min(e.mentions)[0] < before]
    if not untitled:
        return None
    ranked = sorted(untitled, key=lambda e: len(e.mentions), reverse=True)
    if len(ranked) > 1 and len(ranked[0].mentions) < DOMINANT_MENTION_RATIO * len(
        ranked[1].mentions
    ):
        return None
    return ranked[0]


def _other_branch(entity: Entity, words: EntityWords) -> bool:
    """A service other than the army ("Ghanaian Air Force", "the navy"): "the army" is not it."""
    names = " ".join(n.casefold() for n in entity.all_names())
    return any(re.search(r"\b" + re.escape(b) + r"\b", names) for b in words.service_branches)
