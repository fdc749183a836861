"""Who a noun phrase refers to: the one place events and commitments turn words into parties.

Two parts, kept together so that they can be switched in one place to the within-article
reference layer (``dateline_references``: token → entity/place maps, antecedents, speaker sides)
when it lands:

* :class:`ReferenceIndex`: which entity or place each token belongs to, the quotes' speakers,
  the article's countries; built from the earlier layers' records (``doc._.entities``,
  ``doc._.places``, ``doc._.quotes``), nothing else;
* :class:`Resolver`: a noun-phrase head → entity or place ids (or a bare name as a last resort):
  members of coordinations, pronouns and "the group" by their antecedents, "we" and "our men"
  by the speaker's side, "a leader of the group" by the group.

:func:`resolver_for` is the narrow interface for a layer that needs parties but not the event
layer's per-document context (commitments): the index and the resolver, nothing more.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from spacy import symbols
from spacy.tokens import Doc, Token

from dateline import countries, lexicons, numbers, vocabulary
from dateline.events.lexicon import EventLexicon
from dateline.events.lexicon import load as load_lexicon
from dateline.events.tree import Tree
from dateline.model import Entity, Place, Quote
from dateline.tokens import PLURAL_TAGS, arrays

if TYPE_CHECKING:  # imported for the annotation only: references imports quotes, which
    from dateline.events.frames import TriggerFrame
    from dateline.references import References  # import the event layer's neighbours
    from dateline.references.index import Mention

LOOKBACK_TOKENS = 400  # tokens searched back for "the group" or "the region"
MAX_INNER_DEPTH = 3  # "the leader of the militia's armed wing": nested possessors and of-phrases
PERSON, GROUP, ORG, GPE = "PERSON", "GROUP", "ORG", "GPE"  # entity types (dateline.model)
PERSON_TYPES = frozenset({PERSON, "ROLE"})  # a named person, or a role description
NAME_LABELS = {"ORG", "NORP", "GPE", "PERSON", ""}  # spaCy NER labels a missed name may carry
OBJECT_DEPS = {"dobj", "dative", "pobj"}  # a pronoun in these takes no subject of its clause
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PLURAL_PROPER = "NNPS"  # fine-grained tag of a plural proper noun
NATIONAL_LABELS = {"NORP", "GPE"}  # spaCy NER labels of nationalities and countries
PART_OF_PREP = "of"  # "both sides of the road": the sides of a thing, a place
PAIR = 2  # "the two sides"


@dataclass(frozen=True)
class ImpliedAgent:
    """A row of ``implied_agents.csv``: a trigger whose unnamed agent is of one sector."""

    phrase: str
    pos: str
    sector: str


ACT_POS = {"NOUN", "VERB"}  # "in police firing": the act noun, or a gerund tagged as a verb


@cache
def implied_agents() -> dict[tuple[str, str], str]:
    """(frame phrase, pos) → the sector of the agent the act implies ("arrest" → COP)."""
    rows = lexicons.table("implied_agents.csv", ImpliedAgent)
    return {(row.phrase, row.pos): row.sector for row in rows}


@cache
def agent_phrase_prepositions() -> frozenset[str]:
    """Prepositions of the act a passive victim fell in ("killed in police firing")."""
    return lexicons.words("agent_phrase_prepositions.txt")


@cache
def body_member_nouns() -> frozenset[str]:
    """Plural role nouns for the staff of one body ("officers" of a police force)."""
    return vocabulary.words_of("entity_words.csv", "body_member")


def alpha3(code: str) -> str:
    """ISO alpha-3 for an alpha-2 or alpha-3 country code."""
    found = countries.by_code(code)
    return found.alpha3 if found else code.upper()


@dataclass(frozen=True)
class ActorSettings:
    """The resolver's search window (the event component's config sets it); pronouns'
    antecedents are the reference layer's, with its own window."""

    lookback_tokens: int = LOOKBACK_TOKENS


class ReferenceIndex:
    """The event layer's view of the reference layer (``doc._.references``): its token maps,
    entities and places, plus what only events ask: the quotes' speakers by offset and the
    article's countries. Nothing here maps tokens or picks antecedents itself any more (it used
    to keep a second token map and its own antecedent search; one policy now serves quotes,
    events and commitments)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.article = doc._.article
        self.references: References = doc._.references
        mentions = self.references.index
        self.entities: dict[str, Entity] = mentions.entities
        self.places: dict[str, Place] = mentions.places
        self.tok_entity: dict[int, str] = self.references.token_entities
        self.tok_place: dict[int, str] = self.references.token_places
        self.quotes: list[Quote] = list(doc._.quotes)
        self._speakers = SpeakerIndex(self.quotes)
        self._salient: tuple[Place | None] | None = None
        self._appos_entities: bool | None = None
        self._bodies: dict[str, str | None] = {}

    def in_wrapping(self, start: int, end: int) -> bool:
        """Whether a span lies in the article's wrapping (captions, credits, bylines)."""
        check = getattr(self.article, "in_boilerplate", None)
        return bool(check and check(start, end))

    def place_at(self, i: int) -> Place | None:
        """The place token ``i`` names, if any."""
        pid = self.tok_place.get(i)
        return self.places[pid] if pid else None

    def entity_at(self, i: int) -> Entity | None:
        ident = self.tok_entity.get(i)
        return self.entities[ident] if ident else None

    def speaker_at(self, offset: int) -> Quote | None:
        """The first quote (in the quotes layer's order) with a speaker around ``offset``."""
        return self._speakers.at(offset)

    def appos_entities(self) -> bool:
        """Whether any entity token is an apposition (most documents have none)."""
        if self._appos_entities is None:
            dep = arrays(self.doc).dep
            self._appos_entities = any(dep[i] == symbols.appos for i in self.tok_entity)
        return self._appos_entities

    def place_country(self, ref: str) -> str | None:
        """Alpha-3 of a country place's country; None for anything else."""
        p = self.places.get(ref)
        if p is None or p.feature != "country" or not p.country:
            return None
        return alpha3(p.country)

    def country_of_refs(self, refs: list[str]) -> Place | None:
        """The country place of the first entity (among ``refs``) that has one."""
        for ref in refs:
            found = self.references.country_of(ref)
            if found is not None:
                return found
        return None

    def salient_country(self) -> Place | None:
        """The country the story is about: the country place mentioned most (the first of
        those mentioned equally often)."""
        if self._salient is None:
            found = [p for p in self.places.values() if p.feature == "country"]
            best = max(found, key=lambda p: len(p.mentions)) if found else None
            self._salient = (best,)
        return self._salient[0]

    def sole_body(self, sector: str) -> str | None:
        """The article's one named organization of ``sector`` ("Kestrel County Police"), or
        None when it names none or several: a bare "officers" may stand for that body only
        when no other of its sector could be meant."""
        if sector not in self._bodies:
            found = [
                e.id
                for e in self.entities.values()
                if e.type == ORG and e.sector == sector and e.name[:1].isupper()
            ]
            self._bodies[sector] = found[0] if len(found) == 1 else None
        return self._bodies[sector]


class SpeakerIndex:
    """Which quote, with a speaker, covers a character offset, by bisection: a lookup per
    trigger and per "we" used to scan every quote of the article (quadratic in its length)."""

    def __init__(self, quotes: list[Quote]) -> None:
        spoken = sorted(
            ((q.start, order, q) for order, q in enumerate(quotes) if q.speaker),
            key=lambda item: (item[0], item[1]),
        )
        self.starts = [start for start, _, _ in spoken]
        self.items = [(order, q) for _, order, q in spoken]
        self.reach: list[int] = []  # the furthest end of the quotes up to each position
        furthest = -1
        for _, q in self.items:
            furthest = max(furthest, q.end)
            self.reach.append(furthest)

    def at(self, offset: int) -> Quote | None:
        best: tuple[int, Quote] | None = None
        j = bisect_right(self.starts, offset) - 1
        while j >= 0 and self.reach[j] > offset:
            order, q = self.items[j]
            if q.end > offset and (best is None or order < best[0]):
                best = (order, q)
            j -= 1
        return best[1] if best else None


class Resolver:
    """Turns noun-phrase heads into entity or place ids (or bare names as a last resort)."""

    def __init__(
        self,
        index: ReferenceIndex,
        tree: Tree,
        lexicon: EventLexicon,
        settings: ActorSettings | None = None,
    ) -> None:
        self.index = index
        self.tree = tree
        self.words = lexicon.words
        self.sectors = lexicon.sectors
        self.country_nouns = lexicon.country_nouns
        self.settings = settings or ActorSettings()
        # (token, any_place) -> refs: a subject or object is resolved once per document, though
        # every trigger sharing it asks again (nothing the resolver reads changes meanwhile)
        self._refs: dict[tuple[int, bool], tuple[str, ...]] = {}

    def refs(self, tok: Token | None, any_place: bool = False) -> list[str]:
        """The ids (or bare names) a noun phrase refers to, one per member, in order; a new
        list on every call (callers extend it)."""
        if tok is None:
            return []
        found = self._refs.get((tok.i, any_place))
        if found is None:
            out: list[str] = []
            for member in self.members(tok):
                if self.index.in_wrapping(member.idx, member.idx + len(member)):
                    continue  # a caption, credit or byline is no party of the story
                ref = self.one(member, True, any_place=any_place)
                if ref and ref not in out:
                    out.append(ref)
            found = self._refs[(tok.i, any_place)] = tuple(out)
        return list(found)

    def implied(self, frame: TriggerFrame, tok: Token) -> list[str]:
        """The agent an act implies when its clause names none ("five men were arrested": the
        police): the entity of the implied sector (``implied_agents.csv``) mentioned nearest
        before the trigger, else the first after it; none when the article has no such entity
        (no actor is invented)."""
        actor = self._actor_of_act(tok)
        if actor is not None:
            return [actor]
        sector = implied_agents().get((" ".join(frame.words), frame.pos))
        if sector is None:
            return []
        before: tuple[int, str] | None = None
        after: tuple[int, str] | None = None
        for entity in self.index.entities.values():
            if entity.sector != sector or entity.type in PERSON_TYPES:
                continue
            for start, _ in entity.mentions:
                if self.index.in_wrapping(start, start + 1):
                    continue
                if start < tok.idx and (before is None or start > before[0]):
                    before = (start, entity.id)
                elif start > tok.idx and (after is None or start < after[0]):
                    after = (start, entity.id)
        found = before or after
        return [found[1]] if found else []

    def _actor_of_act(self, tok: Token) -> str | None:
        """ "were killed in police firing", "was hurt during the army's raid": the actor of the
        act a passive verb's victims fell in (the act noun's compound or possessive, an entity or
        a role noun such as "police"), for a passive with no "by" agent."""
        for prep in self.tree.children(tok):
            if prep.dep_ != "prep" or prep.lower_ not in agent_phrase_prepositions():
                continue
            for act in self.tree.children(prep):
                if act.dep_ != "pobj" or act.pos_ not in ACT_POS:
                    continue
                for mod in self.tree.children(act):
                    if mod.dep_ not in ("compound", "poss", "amod") or mod.i > act.i:
                        continue  # "police firing", "the army's raid", "a rebel attack"
                    known = mod.i in self.index.tok_entity
                    if not known and mod.lemma_.lower() not in self.sectors:
                        continue
                    ref = self.one(mod, allow_place=False)
                    if ref is not None:
                        return ref
        return None

    def members(self, tok: Token) -> list[Token]:
        """The heads a noun phrase stands for: itself, its conjuncts, "including X"."""
        out = [tok]
        for child in self.tree.children(tok):
            if child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN", "PRON"}:
                out.extend(self.members(child))
            elif child.dep_ == "prep" and child.lower_ in self.words.member_prep:
                out.extend(g for g in self.tree.children(child) if g.dep_ == "pobj")
        return out

    def one(
        self, tok: Token, allow_place: bool = True, depth: int = 0, any_place: bool = False
    ) -> str | None:
        """The referent of one head: an entity, a place used as a party, or a bare name."""
        index, words = self.index, self.words
        if tok.lower_ in words.first_plural and tok.pos_ == "PRON" and not tok.is_upper:
            return self.speaker_side(tok, None)
        if tok.pos_ == "PRON" or tok.lower_ in words.pronouns:
            return self.antecedent(tok)
        if tok.i in index.tok_entity:
            return self._organization(tok) or self._body_of(tok) or index.tok_entity[tok.i]
        # "the governor of the region, Col. X," (appositive name): only an entity token in an
        # appos relation can answer, so without one in the document no subtree is walked
        for sub in self.tree.subtree(tok) if index.appos_entities() else ():
            if sub.dep_ == "appos" and sub.i in index.tok_entity:
                ent = index.entities[index.tok_entity[sub.i]]
                if ent.type == PERSON or sub.head.i == tok.i:
                    return ent.id
        place = index.place_at(tok.i)
        capital = tok.dep_ == "nsubj" and place is not None and place.feature == "city"
        if place and allow_place and (place.feature == "country" or any_place or capital):
            return place.id  # "Beirut rejected ..."
        if place is not None:
            return None  # a place named as a location is not a party
        if tok.lower_ in self.country_nouns and self._definite(tok):
            country = index.salient_country()
            return country.id if country else None
        if tok.lemma_.lower() in words.org_noun and tok.pos_ != "PROPN" and self._definite(tok):
            return self.recent_org(tok)  # "the commission"; "the X Coalition" is a name
        if tok.pos_ == "NUM" and tok.dep_ in SUBJECT_DEPS | OBJECT_DEPS:
            return self._counted(tok, depth)  # "All four have been released"
        if depth < MAX_INNER_DEPTH:
            inner = self._inner(tok, allow_place, depth)
            if inner:
                return inner
        return self.bare_name(tok)

    def _body_of(self, tok: Token) -> str | None:
        """ "Officers arrested four people" in a story whose only police body is a named force:
        the force. Only an unmodified plural role noun (no possessor, name or nationality
        saying whose staff they are; "police officers" counts as unmodified) in an article
        with one named body of its sector."""
        if tok.pos_ != "NOUN" or tok.lower_ not in body_member_nouns():
            return None
        members = body_member_nouns()
        for child in self.tree.children(tok):
            if child.dep_ in {"poss", "compound", "nmod"} and child.lower_ not in members:
                return None  # "their officers", "council officers": whose staff is said
            if child.dep_ == "amod" and child.ent_type_ in NATIONAL_LABELS:
                return None  # "Kenyan officers": a nationality says whose
        sector = self.sectors.get(tok.lower_) or self.sectors.get(tok.lemma_.lower())
        return self.index.sole_body(sector) if sector else None

    def _counted(self, tok: Token, depth: int) -> str | None:
        """ "Four people were arrested ... All four have since been released": a bare number
        standing as a noun phrase means the group counted with that number nearest before
        it (a noun with that number as its modifier), within the lookback window."""
        value = numbers.word_value(tok.text)
        if value is None or depth >= MAX_INNER_DEPTH:
            return None
        doc = tok.doc
        start = max(tok.i - self.settings.lookback_tokens, 0)
        for i in range(tok.i - 1, start - 1, -1):
            num = doc[i]
            if num.dep_ != "nummod" or numbers.word_value(num.text) != value:
                continue
            head = num.head
            if head.i != num.i and head.pos_ in {"NOUN", "PROPN"}:
                return self.one(head, allow_place=False, depth=depth + 1)
        return None

    def _definite(self, tok: Token) -> bool:
        return any(c.lower_ in self.words.definite_article for c in self.tree.children(tok))

    def _organization(self, tok: Token) -> str | None:
        """Members stand for their organization: "rebel officials" act as the rebel group."""
        index = self.index
        ent = index.entity_at(tok.i)
        if ent is None or ent.type != GROUP:
            return None
        for child in self.tree.children(tok):
            if child.dep_ == "compound":
                org = index.entity_at(child.i)
                if org is not None and org.type in {ORG, GPE} and org.id != ent.id:
                    return org.id
            if child.dep_ == "poss" and child.lower_ in self.words.group_pronoun:  # "its men"
                ref = self.antecedent(child)
                if ref in index.entities and index.entities[ref].type == ORG:
                    return ref
            if child.dep_ == "poss" and child.lower_ in self.words.person_pronoun:
                return self._persons_body(child, tok)
        return None

    def _persons_body(self, pron: Token, tok: Token) -> str | None:
        """ "He told reporters his party would boycott the vote": a bare body noun (``org_noun``) a
        person's pronoun possesses is that person's side: the body the reference layer ties
        them to, else the person, never the bare noun, which names nobody."""
        if tok.lemma_.lower() not in self.words.org_noun:
            return None
        ref = self.antecedent(pron)
        entity = self.index.entities.get(ref) if ref else None
        if entity is None or entity.type != PERSON:
            return None
        return self.index.references.side_of(entity.id, tok.lemma_.lower()) or entity.id

    def _inner(self, tok: Token, allow_place: bool, depth: int) -> str | None:
        """ "Afghan forces' checkpoints" → Afghan forces; "dozens of gunmen" → gunmen; "a leader
        of the group" → the group."""
        words = self.words
        parsed = numbers.word_value(tok.text)
        children = self.tree.children(tok)  # walked up to five times below
        for child in children:
            if child.dep_ == "poss" and child.lower_ in words.first_plural and not child.is_upper:
                return self.speaker_side(child, tok)  # "our men", said by a minister
        for dep in ("compound", "poss"):
            for child in children:
                if child.dep_ == dep and (dep == "poss" or child.pos_ == "PROPN"):
                    ref = self.one(child, allow_place, depth + 1)
                    if ref:
                        return ref
        for child in children:
            if child.dep_ == "prep" and child.lower_ in words.part_prep:
                for pobj in self.tree.children(child):
                    if pobj.dep_ == "pobj":
                        lemma = tok.lemma_.lower()
                        if parsed or lemma in words.part_noun or lemma not in self.sectors:
                            return self.one(pobj, allow_place, depth + 1)
        for child in children:
            if child.dep_ in {"amod", "compound"} and child.ent_type_ in NATIONAL_LABELS:
                ref = self.one(child, allow_place, depth + 1)
                if ref:
                    return ref
                if countries.by_demonym(child.text) is None:
                    continue  # "a Democratic bill": a party adjective is no party
                return child.text  # "a Senegalese plan": the nationality, as a bare name
        return None

    def bare_name(self, tok: Token) -> str | None:
        """A role or group noun the entity layer did not cover ("soldiers"), or a name the
        recognizer missed, as a bare name."""
        if tok.pos_ == "PROPN" and tok.ent_type_ in NAME_LABELS:
            if _fragment(tok):
                return None
            words = [t.text for t in tok.lefts if t.dep_ in {"compound", "flat"}] + [tok.text]
            return " ".join(words)
        mods = [
            c
            for c in tok.lefts
            if c.dep_ in {"compound", "amod"}
            and not c.like_num
            and numbers.word_value(c.text) is None
        ]
        national = any(c.ent_type_ in NATIONAL_LABELS for c in mods)  # "Russian advisers"
        lemma = tok.lemma_.lower()
        pair = self._pair_of_parties(tok) if lemma in self.words.pair_party_noun else None
        if pair is not None:
            return pair
        phrase = any(f"{c.lower_} {lemma}" in self.sectors for c in mods)  # "armed groups"
        if lemma not in self.sectors and not phrase and not (national and tok.pos_ == "NOUN"):
            return None
        return " ".join([t.text for t in mods] + [tok.text])

    def _pair_of_parties(self, tok: Token) -> str | None:
        """ "called on both sides", "the two sides": the parties as the text names them, a pair
        with its count ("both", "two"); not "both sides of the road", a place."""
        if tok.tag_ not in PLURAL_TAGS or any(
            c.dep_ == "prep" and c.lower_ == PART_OF_PREP for c in self.tree.children(tok)
        ):
            return None
        count = [
            c
            for c in tok.lefts
            if (c.dep_ == "det" and c.lower_ in self.words.several_det)
            or (c.dep_ == "nummod" and numbers.word_value(c.text) == PAIR)
        ]
        return " ".join([c.text for c in count] + [tok.text]) if count else None

    def speaker_side(self, pron: Token, noun: Token | None) -> str | None:
        """ "we", "our men" inside a quote: the side the speaker is on, as the reference layer
        says (``side_of``: a body for itself, a person for the organization of their title,
        a person's "our soldiers" for their country's armed forces, a person's "we" for their
        country)."""
        quote = self.index.speaker_at(pron.idx)
        if quote is None or not quote.speaker or quote.speaker not in self.index.entities:
            return None
        lemma = noun.lemma_.lower() if noun is not None else None
        return self.index.references.side_of(quote.speaker, lemma)

    def recent_org(self, tok: Token) -> str | None:
        """ "the group": the organization the reference layer says the description means."""
        found = self.index.references.nominal(tok)
        if found is None or found.is_place:
            return None
        entity = self.index.entities.get(found.id)
        return found.id if entity is not None and entity.type != PERSON else None

    def antecedent(self, pron: Token) -> str | None:
        """What a third-person pronoun refers back to, by the reference layer's policy (number,
        gender, nearest sentence, subject first); a person only for "he"/"she" and their cases,
        never for "it" (events read "they" about bodies far more than about people)."""
        low = pron.lower_
        words = self.words
        if low not in words.pronouns:
            return None
        want_person = low in words.person_pronoun
        found = self.index.references.antecedent(pron)
        if not want_person:
            nearer = self._nearer_description(pron, found.end if found else None)
            if nearer is not None:
                return nearer
        if found is not None and _binds_object(pron, found):
            found = self._nearest_other(pron, found, want_person)
        if found is None or self.index.in_wrapping(found.start, found.end):
            return None
        if found.is_place:
            place = self.index.places.get(found.id)
            return found.id if place is not None and place.feature == "country" else None
        entity = self.index.entities.get(found.id)
        if entity is None:
            return None
        return found.id if (entity.type in PERSON_TYPES) == want_person else None

    def _nearer_description(self, pron: Token, after: int | None) -> str | None:
        """ "the militant group while it was attacking": a definite organization noun of the
        pronoun's sentence, nearer than the named antecedent, is what "it" takes up (the
        reference layer's candidates are mentions, and a description it resolves is none)."""
        doc, org_nouns = pron.doc, self.words.org_noun
        for i in range(pron.i - 1, pron.sent.start - 1, -1):
            tok = doc[i]
            if after is not None and tok.idx < after:
                return None
            if tok.lemma_.lower() in org_nouns and tok.dep_ != "compound" and self._definite(tok):
                return self.recent_org(tok)
        return None

    def _nearest_other(self, pron: Token, found: Mention, want_person: bool) -> Mention | None:
        """The nearest fitting mention of the pronoun's sentence after ``found``, for an object
        pronoun that cannot mean its own clause's subject."""
        for other in self.index.references.index.before(pron.idx, pron.idx - found.start):
            if other.start <= found.start:
                break
            if isinstance(other.referent, Place):  # Mention.is_place, spelt out for mypy
                continue
            if (other.referent.type in PERSON_TYPES) == want_person:
                return other
        return None  # better no antecedent than the one the clause rules out


def _binds_object(pron: Token, found: Mention) -> bool:
    """An object pronoun whose antecedent was found inside the subject of its own clause or of
    the clause it depends on ("X's leader wrote to Y asking it to delay": "it" is not X): a
    pronoun object does not take up the subject of its clause (binding condition B)."""
    if pron.dep_ not in OBJECT_DEPS:
        return False
    verb = pron.head
    for _ in range(MAX_INNER_DEPTH):
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if any(
            s.left_edge.idx <= found.start < s.right_edge.idx + len(s.right_edge) for s in subjects
        ):
            return True
        if verb.head.i == verb.i:
            break
        verb = verb.head
    return False


def _fragment(tok: Token) -> bool:
    """A piece of a name, never a party of its own (issue 20): an initial ("N."), a word of a
    longer name the parse split off ("York" of an unrecognized "New York" read as its own
    phrase: a proper noun right of a proper-noun compound), or an adjective of a party or
    nationality standing alone ("Democratic", "Israeli": NORP without a head noun)."""
    if len(tok.text.rstrip(".")) <= 1:
        return True
    if (
        tok.ent_type_ == "NORP"
        and tok.tag_ != PLURAL_PROPER  # "Palestinians" are a people, "Democratic" is no one
        and not any(t.dep_ in {"compound", "flat"} for t in tok.lefts)
    ):
        return True
    return tok.dep_ in {"compound", "flat"} and tok.head.pos_ == "PROPN" and tok.head.i > tok.i


def resolver_for(doc: Doc, lexicon: EventLexicon | None = None) -> Resolver:
    """A resolver over the Doc's entities, places and quotes, for a layer that reads parties but
    not events' per-document context (see the module docstring)."""
    return Resolver(ReferenceIndex(doc), Tree(), lexicon or load_lexicon())
