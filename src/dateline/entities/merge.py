"""Merging mentions into entities, one per real referent.

People: full names first, then a shorter mention joins the person whose surname (or lone first
name) it is. Organizations, groups and peoples: the same folded name, or an acronym whose
initials agree with a long name ("MDR" and "Movement for Democratic Renewal", either first).

Both merges keep indexes of the entities made so far (by name words, name ends, initials), so
that each mention is looked up among the few entities it can join: comparing every mention
with every entity made a long article's merge quadratic in its length.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from dateline.entities.mentions import Mention
from dateline.entities.names import POSSESSIVE, WORD_SPLIT, initials, norm
from dateline.entities.words import entity_words
from dateline.model import Entity, Span

MIN_ACRONYM = 2  # letters an acronym must have to join a long name
FAR = 1 << 60  # after any mention: the first mention of a person who has none yet


def merge_people(mentions: list[Mention]) -> list[Entity]:
    """Full names first; a shorter mention joins the person whose surname it is."""
    people = _People()
    once = _glued_once(mentions)
    by_length = sorted(mentions, key=lambda m: (m.start in once, -len(m.name.split()), m.start))
    for mention in by_length:
        target = people.person_for(mention)
        if target is None and mention.start in once:
            target = people.named(tuple(norm(mention.name).split()[1:]))
        if target is None:
            target = people.add(Entity(id="", name=mention.name, type="PERSON"))
        people.absorb(target, mention)
    return people.entities


def _glued_once(mentions: list[Mention]) -> set[int]:
    """Starts of one-off mentions that put a word before a full name the text repeats: in
    "Senators Rip John Doe" (a headline) the tagger takes the verb into the name that the
    story then writes "John Doe" twice. Such a mention joins that person after the repeated
    names are in, instead of naming it."""
    counts = Counter(norm(m.name) for m in mentions)
    out = set()
    for m in mentions:
        words = norm(m.name).split()
        if len(words) > 2 and counts[norm(m.name)] == 1 and counts[" ".join(words[1:])] > 1:
            out.add(m.start)
    return out


class _People:
    """The people merged so far, indexed by the words of every name and alias (the same
    name), by the ends of each full name (a surname, or the last two words) and by first name.
    A person is told by the place it was made in, which is also the order a scan of the list
    would visit them in (ties go to the earlier one); each one's first mention is kept as
    mentions join it."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._places: dict[int, int] = {}  # id(person) -> its place in the list
        self._first: list[Span] = []  # each person's first mention (start, end)
        self._aliases: list[int] = []  # aliases already indexed, per person
        self._exact: dict[tuple[str, ...], int] = {}  # words of a name or alias -> person
        self._ends: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        self._firsts: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, entity: Entity) -> Entity:
        k = self._places[id(entity)] = len(self.entities)
        self.entities.append(entity)
        self._first.append((FAR, FAR))
        self._aliases.append(0)
        words = tuple(norm(entity.name).split())
        self._exact.setdefault(words, k)
        for cut in range(1, len(words)):
            self._ends[words[cut:]].append(k)
        if words:
            self._firsts[words[0]].append(k)
        return entity

    def absorb(self, entity: Entity, mention: Mention) -> None:
        """:func:`absorb`, and the person's index brought up to date."""
        k = self._places[id(entity)]
        absorb(entity, mention)
        self._first[k] = min(self._first[k], (mention.start, mention.end))
        for alias in entity.aliases[self._aliases[k] :]:
            words = tuple(norm(alias).split())
            self._exact[words] = min(self._exact.get(words, k), k)
        self._aliases[k] = len(entity.aliases)

    def named(self, words: tuple[str, ...]) -> Entity | None:
        """The person with exactly this name or alias, if any."""
        exact = self._exact.get(words)
        return self.entities[exact] if exact is not None else None

    def person_for(self, mention: Mention) -> Entity | None:
        """The person a mention names: the same name, else the one whose surname (or, for a
        lone first name, whose first name) it is. A surname shared by several people goes to
        the one the article introduced first, as news style does ("Clinton" after "Hillary
        Clinton" and, later, "Bill Clinton")."""
        words = tuple(norm(mention.name).split())
        exact = self._exact.get(words)
        if exact is not None:
            return self.entities[exact]
        by_surname = self._ends.get(words)
        if by_surname:
            return self.entities[min(by_surname, key=lambda k: self._first[k])]
        if len(words) == 1:
            by_first = self._firsts.get(words[0], [])
            if len(by_first) == 1:
                return self.entities[by_first[0]]
        return None


def merge_others(mentions: list[Mention]) -> list[Entity]:
    """Organizations, groups and peoples: one entity per folded name or matching acronym."""
    entities: dict[str, Entity] = {}
    acronyms = _Acronyms()
    for mention in sorted(mentions, key=lambda m: m.start):
        key = norm(mention.name)
        entity = entities.get(key) or acronyms.match(key)
        if entity is None:
            kind = "ORG" if mention.kind == "ORG" else mention.kind
            entity = Entity(id="", name=mention.name, type=kind)
            entities[key] = entity
            acronyms.add(entity)
        absorb(entity, mention)
        acronyms.sync(entity)
    return list(entities.values())


class _Acronyms:
    """The organizations' names by their initials and by their letters run together, so that
    an acronym finds the long name it abbreviates (and a long name the acronym met before it)
    without a pass over every organization; the first organization made wins, as a scan in
    order would have it."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._places: dict[int, int] = {}  # id(entity) -> its place in the list
        self._names: list[int] = []  # names already indexed, per entity
        self._initials: dict[str, int] = {}  # "mdr" -> first org with a long name of them
        self._compact: dict[str, int] = {}  # "mdr" -> first org with a name of those letters

    def add(self, entity: Entity) -> None:
        self._places[id(entity)] = len(self.entities)
        self.entities.append(entity)
        self._names.append(0)
        self.sync(entity)

    def sync(self, entity: Entity) -> None:
        """Index the organization's names added since it was last indexed."""
        if entity.type != "ORG":
            return
        k = self._places[id(entity)]
        names = entity.all_names()
        for name in names[self._names[k] :]:
            words = [w for w in WORD_SPLIT.split(name) if w]
            letters = initials(name)
            if len(words) > 1 and len(letters) >= MIN_ACRONYM:
                key = letters.casefold()
                self._initials[key] = min(self._initials.get(key, k), k)
            other = norm(name).replace(".", "").replace(" ", "")
            if len(other) >= MIN_ACRONYM:
                self._compact[other] = min(self._compact.get(other, k), k)
        self._names[k] = len(names)

    def match(self, key: str) -> Entity | None:
        """'MDR' joins 'Movement for Democratic Renewal' when the initials agree, whichever of
        the two is mentioned first."""
        particles = entity_words().name_particles
        compact = key.replace(".", "").replace(" ", "")
        key_initials = "".join(w[0] for w in WORD_SPLIT.split(key) if w and w not in particles)
        found = [self._initials.get(compact)]  # the acronym comes after the long name
        if len(key.split()) > 1:
            found.append(self._compact.get(key_initials))  # the long name after the acronym
        places = [k for k in found if k is not None]
        return self.entities[min(places)] if places else None


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
