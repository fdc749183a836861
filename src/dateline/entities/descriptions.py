"""Unnamed actors: noun phrases headed by a role or group noun that no named entity covers.

News names many of its sources and actors only by what they are: "police said", "officials
said", "analysts said", "the ministry said", "a police spokesman said", "the Russian president",
"Britain's foreign secretary", "US and British activists". Each becomes an entity of its own (or
a mention of the named one it means), so that a quote or an event can point at it and carry its
country and sector:

* **Groups and bodies** (a group noun of ``roles.csv``, or a "both" noun in the plural): joined
  to a named organization or group whose name has the noun ("police" after "Kent
  Police") and whose country does not differ, else a new entity: ``ORG`` for a body in the
  singular ("police", "the ministry"), ``GROUP`` for a plural of people ("officials").
* **Persons by role** (a person noun: "president", "spokesman"): a definite description joins
  the named person whose role has the same head and agrees with its modifiers ("the Russian
  president" after "Russian President Ivan Petrov"); an indefinite one ("a spokesman") or a
  *specific* one (a country, organization or place in its modifiers, possessive or "of"/"for"
  phrase: "Britain's foreign secretary", "the mayor of Elsmere") that joins nobody is a new
  PERSON whose name and role are the description. A definite description that says no more
  than the role ("the president", "the 23-year-old") is left to the reference layer, which
  resolves it to a person named before.
* A role noun that is part of a named person's title or apposition ("army spokesman Luc
  Moreau", "Luc Moreau, a spokesman for the army", "the mayor of Kelby, Clara Voss") names
  that person and makes nothing; so does a relational noun ("members of the Guard").

Country and sector come from the phrase's words as for a title (demonyms, country names,
possessives, "of" phrases; the role nouns' sectors), never from a name alone. A description
whose modifiers name two countries ("US and British activists") stays one entity with its whole
name and no single country.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import defaultdict
from functools import cache

from spacy.symbols import ADJ, NOUN, PROPN
from spacy.tokens import Doc, Token

from dateline import countries
from dateline.entities.mentions import Mention, MentionCollector
from dateline.entities.merge import absorb
from dateline.entities.names import country_in, norm
from dateline.entities.words import PERSON_TYPES, ROLE, role_sector
from dateline.model import Entity
from dateline.tokens import PLURAL_TAGS, text_of, token_range
from dateline.vocabulary import function_words, role_nouns, role_words, sector_words

MODIFIER_DEPS = ("amod", "compound", "nmod", "poss", "npadvmod")  # left of the head, kept
OWNER_PREPOSITIONS = ("of", "for", "at", "in")  # "the mayor of X", "a spokesman for X"
AGE_NOUN = re.compile(r"^\d+-year-old$")  # "the 23-year-old": a person noun, never a title
INDEFINITE = ("a", "an", "another", "one")
NOUN_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj")  # where an adjective stands as a noun
EPITHET_REACH = 3000  # characters back a definite description looks for the person it names


class Known:
    """The entities :func:`add_descriptions` reads, indexed as they grow (new entities are
    appended, mentions, aliases and roles only ever added): by mention start (the name a
    phrase holds), by name word (the body a bare noun means), by title head (the person a
    definite description means) and by position (the people named shortly before). Each
    look-up then costs what it finds, so a long article's descriptions are not each compared
    with every entity of the article. Entities are told by their place in the list, which is
    also the order the scans visit them in (ties go to the earlier one, as before)."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.starts: list[list[int]] = []  # each entity's mention starts, sorted
        self._done: list[tuple[int, int, int]] = []  # mentions, aliases, roles indexed
        self._places: dict[int, int] = {}  # id(entity) -> its place in the list
        self.at: defaultdict[int, set[int]] = defaultdict(set)  # start -> non-ROLE entities
        self.by_word: defaultdict[str, set[int]] = defaultdict(set)  # bodies by name word
        self.by_title: defaultdict[str, set[int]] = defaultdict(set)  # people by title head
        self.people: list[tuple[int, int]] = []  # (start, entity) of each PERSON mention
        for entity in entities:
            self._index(entity)

    def add(self, entity: Entity) -> None:
        """A new entity, appended to the list."""
        self.entities.append(entity)
        self._index(entity)

    def absorb(self, entity: Entity, mention: Mention) -> None:
        """:func:`~dateline.entities.merge.absorb`, and the entity's index brought up to date."""
        absorb(entity, mention)
        self.sync(entity)

    def place(self, entity: Entity) -> int:
        return self._places[id(entity)]

    def _index(self, entity: Entity) -> None:
        self._places[id(entity)] = len(self.starts)
        self.starts.append([])
        self._done.append((0, 0, 0))
        if entity.type not in PERSON_TYPES:
            self._add_words(len(self.starts) - 1, [entity.name])
        self.sync(entity)

    def sync(self, entity: Entity) -> None:
        """Index what was appended to the entity since it was last indexed."""
        k = self.place(entity)
        mentions, aliases, roles = self._done[k]
        for start, _ in entity.mentions[mentions:]:
            insort(self.starts[k], start)
            if entity.type != ROLE:
                self.at[start].add(k)
            if entity.type == "PERSON":
                insort(self.people, (start, k))
        if entity.type not in PERSON_TYPES:
            self._add_words(k, entity.aliases[aliases:])
        if entity.type == "PERSON":
            titles = [*entity.roles[roles:], *_definite_aliases(entity.aliases[aliases:])]
            for title in titles:
                for word in _title_heads(title):
                    self.by_title[word].add(k)
        self._done[k] = (len(entity.mentions), len(entity.aliases), len(entity.roles))

    def _add_words(self, k: int, names: list[str]) -> None:
        for name in names:
            for word in re.findall(r"[\w'-]+", name.casefold()):
                self.by_word[word].add(k)

    def last_before(self, k: int, pos: int) -> int | None:
        """The entity's last mention start before ``pos``, if any."""
        starts = self.starts[k]
        i = bisect_left(starts, pos)
        return starts[i - 1] if i else None


def _definite_aliases(aliases: list[str]) -> list[str]:
    return [a for a in aliases if a.casefold().startswith("the ")]


def _title_heads(title: str) -> set[str]:
    """The role nouns of a title ("Russian President" -> president)."""
    return {w for w in _title_words_of(title) if w in role_words()}


def _title_words_of(title: str) -> list[str]:
    return [w.casefold().strip(".,") for w in title.split()]


def add_descriptions(collector: MentionCollector, entities: list[Entity]) -> None:
    """Join or add an entity for every role or group noun phrase no mention covers."""
    doc = collector.doc
    new: dict[str, Entity] = {}
    known = Known(entities)
    for i in collector.indices(NOUN, PROPN, ADJ):
        if i in collector.taken:
            continue
        head = doc[i]
        if head.pos_ == "ADJ" and head.dep_ not in NOUN_DEPS:
            continue  # "military" is a noun only where it stands as one ("military says")
        kind = noun_kind(head)
        if kind is None or not _free(collector, head):
            continue
        phrase = description(head)
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        if collector.skip(start, end):
            continue
        text = text_of(doc)[start:end]
        country, sector, owner = _identity(collector, head, phrase, known)
        if owner is not None and (owner.type in PERSON_TYPES) == (kind == "group"):
            # "a top leader of the Shabaab" acts for the Shabaab, "Karzai's administration" is
            # Karzai's side: the reference layer reads whose they are, no new actor is made;
            # the description's country is the owner's ("Chinese foreign ministry spokesman")
            if owner.country is None and country is not None and owner.type not in PERSON_TYPES:
                owner.country = country
            continue
        if kind == "person":
            target = _titled_person(head, phrase, country, known)
            if target is None and not (_indefinite(head) or _specific(collector, head, phrase)):
                continue  # "the president", "the 23-year-old": the reference layer's
            if target is None and _definite(head) and _named_before(head, country, known):
                continue  # "the California congressman": an epithet for someone named
        else:
            target = _named_body(head, country, known)
        collector.taken.update(t.i for t in phrase)
        if target is not None:
            known.absorb(target, Mention(start, end, text, target.type, target.name))
            continue
        name = _name(text)
        mention = Mention(start, end, text, _type(head, kind), name, country=country)
        mention.sector = sector
        if kind == "person":
            mention.roles = [name]
        key = norm(name)
        entity = new.get(key)
        if entity is None:
            entity = new[key] = Entity(id="", name=name, type=mention.kind)
            known.add(entity)
        known.absorb(entity, mention)
        if owner is not None and entity.country is None:
            entity.country = owner.country


def name_group_heads(doc: Doc, entities: list[Entity]) -> None:
    """A name that modifies a group noun is a group's name: "Shabaab gunmen", "the rebel
    FDLR force", "Zeta cartel members" act as the group, so the named entity is an
    organization (the recognizer often tags such a name PERSON) with the sector the phrase
    gives: a sectored modifier of the noun first ("rebel"), else the noun's own ("gunmen" →
    REB, "force" → MIL). A sector already known is kept."""
    sectors = sector_words()
    for entity in entities:
        if entity.type == ROLE or entity.sector is not None and entity.type != "PERSON":
            continue
        for start, end in entity.mentions:
            tokens = token_range(doc, start, end)
            if tokens is None or not len(tokens):
                continue
            last = doc[tokens.stop - 1]
            head = last.head
            if last.dep_ != "compound" or head.i in tokens or noun_kind(head) != "group":
                continue
            mods = [
                t.lower_
                for t in head.lefts
                if t.dep_ in ("amod", "compound") and t.i not in tokens and sectors.get(t.lower_)
            ]
            sector = sectors[mods[-1]] if mods else role_sector(head.text)
            if entity.type == "PERSON":
                entity.type = "ORG"
            if entity.sector is None:
                entity.sector = sector
            break


def noun_kind(token: Token) -> str | None:
    """ "person" or "group" for a role or group noun (by word, then lemma: a person noun in
    the plural is a group, "advisers"), else None."""
    if AGE_NOUN.match(token.lower_):
        return "person"
    if token.pos_ == "PROPN" and not _role_proper(token):
        return None
    table = role_words()
    found = table.get(token.lower_)
    if found is None:
        found = table.get(token.lemma_.lower())
        if found is not None and token.tag_ in PLURAL_TAGS and found[1] == "person":
            return "group"
    if found is None:
        # "a protester", "one rioter": one of a group noun's people when the table lists only
        # the plural ("protesters" → protester): a person, as "soldier" is
        return "person" if token.lower_ in _group_singulars() else None
    sector_kind = found[1]
    if sector_kind == "both":
        return "group" if token.tag_ in PLURAL_TAGS else "person"
    return sector_kind


@cache
def _group_singulars() -> frozenset[str]:
    """Lemmas of plural group rows that have no row of their own ("protester")."""
    rows = role_nouns()
    return frozenset(
        row.lemma
        for row in rows.values()
        if row.kind == "group" and row.lemma and row.lemma not in rows and " " not in row.lemma
    )


def _role_proper(token: Token) -> bool:
    """A capitalized role word ("Defense Minister said") rather than a word of a name
    ("Estado Mayor"): a role word whose proper-noun neighbours in its phrase are role or title
    words, demonyms or names of places and bodies."""
    if token.lower_ not in role_words():
        return False
    for other in token.lefts:
        if other.pos_ != "PROPN" or other.ent_type_ in ("GPE", "NORP", "ORG", "LOC"):
            continue
        word = other.lower_
        if word in role_words() or word in _title_words() or countries.by_demonym(other.text):
            continue
        return False
    return True


def _title_words() -> frozenset[str]:
    from dateline.entities.words import entity_words

    return entity_words().title_adjectives


def description(head: Token) -> list[Token]:
    """The tokens of the phrase a role or group noun heads: its left modifiers (coordinated
    ones too: "US and British activists"), without a determiner or a pronoun possessive, and an
    "of"/"for" phrase after it that names its owner ("the mayor of Elsmere")."""
    left = head.i
    for child in sorted(head.lefts, key=lambda c: -c.i):
        if child.dep_ not in MODIFIER_DEPS or child.pos_ == "PRON":
            break
        left = min(left, _modifier_start(child))
    doc = head.doc
    while left < head.i and (doc[left].pos_ in ("DET", "PUNCT") or doc[left].lower_ == "the"):
        left += 1
    right = head.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in OWNER_PREPOSITIONS and _names_owner(child):
            right = child.right_edge.i
        break
    while right > head.i and doc[right].is_punct:
        right -= 1
    return list(doc[left : right + 1])


def _modifier_start(child: Token) -> int:
    """Where a modifier starts: its whole subtree, coordinated words too ("US and British"),
    except that a coordination of names ("the Shabaab and Karzai's administration") keeps only
    the conjunct next to the head: two named owners are two phrases, not one."""
    conjuncts = [c for c in child.children if c.dep_ == "conj"]
    named = [t for t in (child, *conjuncts) if t.ent_type_ in ("ORG", "PERSON", "FAC")]
    if conjuncts and named:
        last = max(conjuncts, key=lambda c: c.i)
        return last.left_edge.i
    return child.left_edge.i


def _names_owner(prep: Token) -> bool:
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and (
        obj.ent_type_ in ("GPE", "ORG", "NORP", "LOC")
        or obj.pos_ == "PROPN"
        or noun_kind(obj) == "group"
    )


def _free(collector: MentionCollector, head: Token) -> bool:
    """A noun that heads a phrase of its own, not a word of a named person's title, apposition
    or name, nor a relational noun ("members of")."""
    if head.ent_type_ and not _lone_entity(head):
        return False
    if head.lower_ in collector.words.not_group_heads and not any(
        c.dep_ in ("compound", "amod") for c in head.lefts
    ):
        return False  # "members of the Guard", "the head of X"; "army chief" is a role
    if head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
        return False  # "police officers": the phrase's head is the last noun
    if head.dep_ == "appos" and _is_name(head.head):
        return False  # "X, a spokesman for Y"
    if head.dep_ in ("attr",) and any(
        _is_name(c) for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")
    ):
        return False  # "X is the mayor"
    for child in head.children:
        if child.dep_ == "appos" and _is_name(child):
            return False  # "the mayor of Kelby, Clara Voss,"
        if child.dep_ == "prep":
            for obj in child.children:
                if any(c.dep_ == "appos" and _is_name(c) for c in obj.children):
                    return False  # "the head of the agency, Ana Silva"
    return not _title_of_name(head)


def _lone_entity(token: Token) -> bool:
    """A role word the NER tagged alone ("Officials" as ORG): the word, not a name."""
    doc = token.doc
    return token.ent_iob_ == "B" and (token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I")


def _is_name(token: Token) -> bool:
    return token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and token.text[:1].isupper())


def _title_of_name(head: Token) -> bool:
    """A role noun written before a name ("army spokesman Luc Moreau", "President Siddiq")."""
    doc = head.doc
    j = head.i + 1
    qualifying = function_words("qualifying_preposition")
    while (
        j < len(doc)
        and doc[j].ent_type_ != "PERSON"
        and (
            doc[j].lower_ in role_words()
            or doc[j].lower_ in qualifying  # "Secretary of State Alan Pike"
            or doc[j].text[:1].isupper()
            and doc[j].pos_ == "PROPN"
            and (
                doc[j].text.rstrip(".").casefold() in _honorifics()
                or doc[j - 1].lower_ in qualifying
            )
        )
    ):
        j += 1
    return j < len(doc) and doc[j].ent_type_ == "PERSON"


def _honorifics() -> frozenset[str]:
    from dateline.vocabulary import honorifics

    return honorifics()


def _definite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


def _named_before(head: Token, country: str | None, known: Known) -> bool:
    """A named person mentioned shortly before whose country does not contradict the
    description's: the one a definite description may stand for (the reference layer
    decides which)."""
    people = known.people
    first = bisect_left(people, (head.idx - EPITHET_REACH, -1))
    last = bisect_left(people, (head.idx, -1))
    for _, k in people[first:last]:
        entity = known.entities[k]
        if not (country and entity.country and entity.country != country):
            return True
    return False


def _indefinite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in head.children)


def _specific(collector: MentionCollector, head: Token, phrase: list[Token]) -> bool:
    """Modifiers, a possessive or an "of" phrase that say whose or where the role is."""
    for token in phrase:
        if token.i == head.i:
            continue
        if token.ent_type_ in ("GPE", "ORG", "NORP", "LOC") or countries.by_demonym(token.text):
            return True
        if token.pos_ == "PROPN":
            return True
        if noun_kind(token) == "group":
            return True  # "a police spokesman"
    return False


def _identity(
    collector: MentionCollector, head: Token, phrase: list[Token], known: Known
) -> tuple[str | None, str | None, Entity | None]:
    """Country, sector and owning organization of a description, from its own words."""
    words = [t.text for t in phrase]
    found = {
        c.alpha3
        for t in phrase
        if t.i != head.i and (c := countries.by_demonym(t.text) or countries.by_name(t.text))
    }
    country = next(iter(found)) if len(found) == 1 else None
    if not found:
        country = country_in(" ".join(words))
    owner = _owner(head, phrase, known)
    sector = role_sector(" ".join(words))
    if owner is not None and owner.type not in PERSON_TYPES and noun_kind(head) == "person":
        # a company's vice president is not a government official: the owner's sector, or
        # the role's when it is not a government one
        if owner.sector is not None:
            sector = owner.sector if sector in (None, "GOV") else sector
        elif sector == "GOV" and owner.country is None:
            sector = None
    if owner is not None and country is None:
        country = owner.country
    return country, sector, owner


def _owner(head: Token, phrase: list[Token], known: Known) -> Entity | None:
    """The named person, organization or group a description belongs to ("GM's vice
    president", "a leader of the Shabaab", "Karzai's administration"): the first entity (not a
    role) with a mention starting at one of the phrase's other words."""
    found: set[int] = set()
    for t in phrase:
        if t.i != head.i:
            found |= known.at.get(t.idx, set())
    return known.entities[min(found)] if found else None


def _titled_person(
    head: Token, phrase: list[Token], country: str | None, known: Known
) -> Entity | None:
    """The named person a definite description means: a role (or a definite alias: "the
    president") with the same head noun, named before it, whose country and title words do
    not contradict the description's."""
    if _indefinite(head) or AGE_NOUN.match(head.lower_):
        return None
    noun = head.lower_
    lemma = head.lemma_.lower()
    modifiers = {t.lower_ for t in phrase if t.i != head.i and t.is_alpha}
    generic = function_words("qualifying_preposition")
    best: tuple[int, Entity] | None = None
    places = known.by_title.get(noun, set()) | known.by_title.get(lemma, set())
    for k in sorted(places):
        entity = known.entities[k]
        last = known.last_before(k, head.idx)
        if last is None:
            continue  # first named at or after the description
        if country and entity.country and entity.country != country:
            continue
        if not _title_agrees(entity, {noun, lemma}, modifiers - generic, country):
            continue
        if best is None or last > best[0]:
            best = (last, entity)
    return best[1] if best else None


def _title_agrees(
    entity: Entity, heads: set[str], modifiers: set[str], country: str | None
) -> bool:
    """One of the person's titles has the description's head noun and every modifier of the
    description (but a demonym, when the description names a country)."""
    titles = [*entity.roles, *_definite_aliases(entity.aliases)]
    for role in titles:
        words_ = _title_words_of(role)
        if not heads & {w for w in words_ if w in role_words()}:
            continue
        unmatched = {
            m for m in modifiers - set(words_) if not (country and countries.by_demonym(m))
        }
        if not unmatched:
            return True
    return False


def _named_body(head: Token, country: str | None, known: Known) -> Entity | None:
    """The named organization or group a bare body noun means: one whose name has the noun
    ("police" after "Kent Police") and whose country does not differ, the most
    recently mentioned before it, else the only one after it."""
    forms = {head.lower_, head.lemma_.lower()}
    before: tuple[int, Entity] | None = None
    after: list[Entity] = []
    places: set[int] = set()
    for form in forms:
        places |= known.by_word.get(form, set())
    for k in sorted(places):
        entity = known.entities[k]
        if not entity.mentions:
            continue
        if country and entity.country and entity.country != country:
            continue
        last = known.last_before(k, head.idx)
        if last is not None:
            if before is None or last > before[0]:
                before = (last, entity)
        else:
            after.append(entity)
    if before is not None:
        return before[1]
    return after[0] if len(after) == 1 else None


def _type(head: Token, kind: str) -> str:
    """ROLE for a person named only by role, ORG for a body named in the singular, GROUP for
    people in the plural."""
    if kind == "person":
        return ROLE
    row = role_nouns().get(head.lower_)
    plural = head.tag_ in PLURAL_TAGS or (row is not None and row.lemma is not None)
    return "GROUP" if plural else "ORG"


def _name(text: str) -> str:
    """The description as a name: without a leading article."""
    words = text.split()
    while words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) if words else text
