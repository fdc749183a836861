"""The entity layer's look-up indexes give what a scan of every entity gives.

Merging people and organizations and linking "the group"-style nominals look entities up in
indexes (by name words, name ends, initials, sector) so that a long article is not quadratic.
Each index is checked here against the plain scan it replaced, on generated entities and
mentions (invented names), including the cases where order decides: ties, shared surnames,
sectors that change as nominals join.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.entities.mentions import Mention
from dateline.entities.merge import absorb, merge_others, merge_people
from dateline.entities.names import WORD_SPLIT, initials, norm
from dateline.entities.nominals import _Orgs, nearest_org
from dateline.entities.words import entity_words
from dateline.model import Entity

FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIRST = ("Ana", "Tomas", "Ines", "Piet")
LAST = ("Varga", "Lund", "Okoro", "Mendes")
ORG_WORDS = ("Movement", "for", "Democratic", "Renewal", "Union", "Front")


# -- the scans the indexes replaced (the reference) ---------------------------------------------


def scan_person_for(words: list[str], entities: list[Entity]) -> Entity | None:
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


def scan_merge_people(mentions: list[Mention]) -> list[Entity]:
    entities: list[Entity] = []
    for mention in sorted(mentions, key=lambda m: (-len(m.name.split()), m.start)):
        target = scan_person_for(norm(mention.name).split(), entities)
        if target is None:
            target = Entity(id="", name=mention.name, type="PERSON")
            entities.append(target)
        absorb(target, mention)
    return entities


def scan_acronym(key: str, entities: list[Entity]) -> Entity | None:
    particles = entity_words().name_particles
    compact = key.replace(".", "").replace(" ", "")
    key_initials = "".join(w[0] for w in WORD_SPLIT.split(key) if w and w not in particles)
    for entity in entities:
        if entity.type != "ORG":
            continue
        for name in entity.all_names():
            words = [w for w in WORD_SPLIT.split(name) if w]
            letters = initials(name)
            if len(words) > 1 and len(letters) >= 2 and letters.casefold() == compact:
                return entity
            other = norm(name).replace(".", "").replace(" ", "")
            if len(key.split()) > 1 and len(other) >= 2 and key_initials == other:
                return entity
    return None


def scan_merge_others(mentions: list[Mention]) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        key = norm(mention.name)
        entity = entities.get(key) or scan_acronym(key, list(entities.values()))
        if entity is None:
            entity = entities[key] = Entity(id="", name=mention.name, type=mention.kind)
        absorb(entity, mention)
    return list(entities.values())


# -- generated mentions --------------------------------------------------------------------------

person_names = st.one_of(
    st.builds(lambda f, la: f"{f} {la}", st.sampled_from(FIRST), st.sampled_from(LAST)),
    st.sampled_from(LAST),
    st.sampled_from(FIRST),
    st.builds(lambda f, la: f"{f} de {la}", st.sampled_from(FIRST), st.sampled_from(LAST)),
)
org_names = st.one_of(
    st.lists(st.sampled_from(ORG_WORDS), min_size=2, max_size=4).map(" ".join),
    st.sampled_from(("MDR", "UF", "M.D.R.", "DR", "Union")),
)


def mentions_of(names: st.SearchStrategy[str], kinds: tuple[str, ...]) -> st.SearchStrategy:
    def build(items: list[tuple[int, str, str]]) -> list[Mention]:
        out, seen = [], set()
        for start, name, kind in items:
            if start in seen:
                continue
            seen.add(start)
            out.append(Mention(start, start + len(name), name, kind, name))
        return out

    item = st.tuples(st.integers(0, 400), names, st.sampled_from(kinds))
    return st.lists(item, max_size=25).map(build)


def shape(entities: list[Entity]) -> list[tuple[str, str, list, list]]:
    return [(e.name, e.type, e.aliases, e.mentions) for e in entities]


@FEW
@given(mentions_of(person_names, ("PERSON",)))
def test_merging_people_by_index_is_merging_by_scan(mentions: list[Mention]) -> None:
    assert shape(merge_people(mentions)) == shape(scan_merge_people(mentions))


@FEW
@given(mentions_of(org_names, ("ORG", "GROUP")))
def test_acronyms_by_index_are_acronyms_by_scan(mentions: list[Mention]) -> None:
    assert shape(merge_others(mentions)) == shape(scan_merge_others(mentions))


# -- "the group", "the ministry": the nearest organization of the right sector ------------------

SECTORS = (None, "GOV", "MIL", "COP", "REB", "CVL")
ORG_NAMES = ("Kesh Navy", "Northern Army", "Ravel Group", "Interior Ministry", "Civic Union")


@st.composite
def orgs_and_queries(draw: st.DrawFn) -> tuple[list[Entity], list[tuple[int, str, int, str]]]:
    entities = []
    for _ in range(draw(st.integers(1, 6))):
        starts = draw(st.lists(st.integers(0, 300), min_size=1, max_size=5))
        entities.append(
            Entity(
                id="",
                name=draw(st.sampled_from(ORG_NAMES)),
                type=draw(st.sampled_from(("ORG", "ORG", "GROUP"))),
                sector=draw(st.sampled_from(SECTORS)),
                mentions=[(s, s + 5) for s in starts],
            )
        )
    words = sorted(entity_words().nominal_org_heads)
    queries = draw(
        st.lists(
            st.tuples(
                st.integers(0, 320),
                st.sampled_from(words),
                st.integers(0, len(entities) - 1),
                st.sampled_from(("GOV", "MIL", "REB")),
            ),
            max_size=12,
        )
    )
    return entities, queries


@FEW
@given(orgs_and_queries())
def test_nearest_organization_by_index_is_the_scans(
    case: tuple[list[Entity], list[tuple[int, str, int, str]]],
) -> None:
    """After each look-up an organization gains a mention and, if it had none, a sector (as a
    nominal joining it does): the index follows, and still agrees with the scan."""
    entities, queries = case
    words = entity_words()
    orgs = _Orgs(entities)
    for before, word, k, sector in queries:
        assert orgs.nearest(before, word, words) is nearest_org(entities, before, word, words)
        target = entities[k]
        target.mentions.append((before, before + 3))
        target.sector = target.sector or sector
        orgs.sync(target)
