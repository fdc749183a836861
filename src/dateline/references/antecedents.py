"""What a pronoun or a definite description refers back to: one policy for every layer.

**Pronouns** ("he", "she", "it", "they" and their other cases) are resolved once per Doc, in
text order, so that what an earlier pronoun settled is known to the later ones. The candidates
are the mentions of entities, and of countries (a country "said", "it" may be one), that end
before the pronoun, at most ``LOOKBACK_CHARS`` back and outside quotation marks (unless the
pronoun is inside the same quotation: "we", "they" in a quote may point at names in it). A
candidate must agree:

* "he"/"she": a person whose written gender (``gender.py``) is not the other one, nor the other
  one learnt from a pronoun already resolved to them;
* "it": an organization, group, people or country, never a person;
* "they": an organization, group, people or country first, anywhere in the window; a person
  only when no group is there (news writes "they" for bodies far more than for one person).

Among agreeing candidates the nearest sentence that has one wins, and in it the subject, else
the nearest mention: the quotes layer's policy before the unification, which PolNeAR measured
(speaker accuracy 0.945). What changed with the unification: gender agreement, "they" before
persons only when no group is near, "it" never a person and a country only among places, and a
pronoun inside a quotation may point at a name in the same quotation.

**Definite descriptions** ("the group", "the ministry", "the president") resolve to: the entity
the entities layer already joined them to; else an entity whose name, alias or role has the noun
(most mentioned before it, then the latest); else the entities layer's own nominal rules
(``entities.nominals``: the nearest organization of the right kind, the person titled so); else,
for a collective noun, the antecedent a "they" would have among groups.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from dateline.entities.names import country_in
from dateline.entities.nominals import nearest_org, person_by_role
from dateline.entities.words import PERSON_TYPES, entity_words
from dateline.model import Entity, Place
from dateline.quotes.marks import find_marked
from dateline.references.gender import FEMALE, MALE, written_gender
from dateline.references.index import Mention, MentionIndex
from dateline.tokens import PLURAL_TAGS, arrays, text_of
from dateline.vocabulary import function_words, role_words, speaker_words

LOOKBACK_CHARS = 3000  # how far back a pronoun or nominal looks for its antecedent
GROUP_TYPES = frozenset({"ORG", "GROUP", "NORP", "GPE"})  # entity types a "they"/"it" can be
BODY_TYPES = frozenset({"ORG", "GROUP", "NORP"})  # what "the ministry" can be
PLURAL_GROUP_TYPE = "GROUP"  # a nominal group, "gunmen" or "the federal government"
SUBJECT_PATH = ("compound", "poss", "appos", "amod", "det")  # deps climbed to a mention's head
SUBJECT_DEPS = ("nsubj", "nsubjpass")
NAME_WORDS = re.compile(r"[\w'’-]+")
AGE_NOUN = re.compile(r"^\d+-(?:year|month)-old$")


@dataclass(frozen=True)
class Pronouns:
    """The pronoun classes of ``function_words.csv`` the policy reads."""

    masculine: frozenset[str]
    feminine: frozenset[str]
    neuter: frozenset[str]
    plural: frozenset[str]

    def kind(self, word: str) -> str | None:
        return self.kinds.get(word)

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Each pronoun's class; a word in two classes keeps the first of masculine, feminine,
        neuter, plural."""
        found: dict[str, str] = {}
        for name in ("masculine", "feminine", "neuter", "plural"):
            for word in getattr(self, name):
                found.setdefault(word, name)
        return found

    @cached_property
    def kind_ids(self) -> dict[int, str]:
        """:attr:`kinds` keyed by the string ids spaCy's ``LOWER`` array holds."""
        return {get_string_id(word): name for word, name in self.kinds.items()}


@cache
def pronouns() -> Pronouns:
    return Pronouns(
        function_words("masculine_pronoun"),
        function_words("feminine_pronoun"),
        function_words("neuter_pronoun"),
        function_words("plural_pronoun"),
    )


def name_words(*names: str) -> frozenset[str]:
    """The words of names and roles, casefolded: what a nominal's noun is matched against."""
    return frozenset(w for n in names for w in NAME_WORDS.findall(n.casefold()))


def entity_words_of(entity: Entity) -> frozenset[str]:
    """The words a definite description's noun is matched against: every word of an
    organization's or group's names; of a person, only the role nouns of their titles ("the
    secretary" is the Secretary of State, "the state" is not)."""
    if entity.type not in PERSON_TYPES:
        return name_words(*entity.all_names(), *entity.roles)
    roles = role_words()
    return frozenset(w for w in name_words(*entity.roles, *entity.aliases) if w in roles)


def is_age_noun(token: Token) -> bool:
    """ "23-year-old" as a noun, written as one token or split at its hyphens ("old" after
    "23 - year -")."""
    if AGE_NOUN.match(token.lower_):
        return True
    doc, i = token.doc, token.i
    return (
        token.lower_ == "old"
        and i >= 3
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ in ("year", "month")
        and doc[i - 3].text in ("-",)
    )


def person_description(head: Token) -> bool:
    """A definite description of a person named before: "the 23-year-old", or "the" with a
    role noun that has modifiers or a coordinated role ("the former secretary of state and
    current presidential nominee"): an epithet for someone the text has named, resolved as a
    "he" or "she" would be. A bare "the lawyer" is not one: it often introduces someone new."""
    doc = head.doc
    start = head.i
    while start > 0 and doc[start - 1].dep_ in ("amod", "compound", "nummod", "punct", "npadvmod"):
        start -= 1
    if start == 0 or doc[start - 1].lower_ != "the":
        return False
    if is_age_noun(head):
        return True
    kind = role_words().get(head.lower_, (None, ""))[1]
    if kind not in ("person", "both") or head.tag_ in PLURAL_TAGS:
        return False
    modified = any(c.dep_ in ("amod", "compound") for c in head.lefts)
    coordinated = any(c.dep_ == "conj" and c.lower_ in role_words() for c in head.children)
    return modified or coordinated


def description_country(head: Token) -> str | None:
    """The country a description's modifiers name ("the Russian president" → RUS)."""
    words = [t.text for t in head.lefts if t.dep_ in ("amod", "compound", "poss", "nmod")]
    return country_in(" ".join(words)) if words else None


def _possessed(head: Token) -> bool:
    """ "her agent", "his lawyer": a role noun with a possessive pronoun."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)


class Antecedents:
    """Resolves the pronouns and definite descriptions of one Doc."""

    def __init__(self, doc: Doc, index: MentionIndex) -> None:
        self.doc = doc
        self.index = index
        self.pronouns = pronouns()
        text = text_of(doc)
        self.quoted = sorted((m.open_at, m.close_end) for m in find_marked(text))
        self.quoted_starts = [q[0] for q in self.quoted]
        self.sent_starts = [s.start_char for s in doc.sents]
        self.gender: dict[str, str | None] = {
            e.id: written_gender(doc, e) for e in index.entities.values() if e.type in PERSON_TYPES
        }
        self.words = {e.id: entity_words_of(e) for e in index.entities.values()} | {
            p.id: name_words(p.name, *p.aliases) for p in index.places.values()
        }
        # word -> the referents whose names or roles have it, in self.words's order: a
        # description looks up its few words instead of scanning every referent (issue 18).
        self.by_word: dict[str, list[str]] = {}
        for ident, words in self.words.items():
            for word in words:
                self.by_word.setdefault(word, []).append(ident)
        self.order = {ident: i for i, ident in enumerate(self.words)}
        self.resolved: dict[int, Mention | None] = {}
        self._resolve_all_pronouns()

    # ------------------------------------------------------------------ pronouns

    def _resolve_all_pronouns(self) -> None:
        """Every third-person pronoun in text order. A he/she teaches its person's gender only
        in the reliable layout "X said he ...": the pronoun is the subject of a clause reported
        by a verb whose subject is the antecedent, with no other person named between them and
        outside quotation marks. (Learning from every
        resolution let a quoted "he" about someone else turn a woman male, and so did "X told
        Y, after he admitted": PolNeAR speaker accuracy fell from 0.945 to 0.940, then 0.943,
        until learning was limited so.) Conflicting evidence teaches nothing."""
        learned: dict[str, set[str]] = {}
        kind_ids = self.pronouns.kind_ids
        for i, lower in enumerate(arrays(self.doc).lower):  # no Token built for other words
            kind = kind_ids.get(lower)
            if kind is None:
                continue
            token = self.doc[i]
            if token.pos_ not in ("PRON", "DET"):
                continue
            found = self._pronoun(token, kind)
            self.resolved[token.i] = found
            if found is None or kind not in ("masculine", "feminine"):
                continue
            if self.gender.get(found.id) is not None and found.id not in learned:
                continue  # written evidence stands
            if self._teaches(token, found):
                genders = learned.setdefault(found.id, set())
                genders.add(MALE if kind == "masculine" else FEMALE)
                self.gender[found.id] = next(iter(genders)) if len(genders) == 1 else None

    def _teaches(self, token: Token, found: Mention) -> bool:
        """Whether a resolution is sure enough to learn a gender from (see above)."""
        if self._quote_at(token.idx) is not None or self._quote_at(found.start) is not None:
            return False
        clause = token.head
        if token.dep_ not in SUBJECT_DEPS or clause.dep_ != "ccomp":
            return False
        governor = clause.head
        subject = next((c for c in governor.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or not found.start <= subject.idx < found.end:
            return False
        between = self.index.overlapping(found.end, token.idx)
        return not any(self._is_person(m) and m.id != found.id for m in between)

    def pronoun(self, token: Token) -> Mention | None:
        """The mention a third-person pronoun refers back to, or None."""
        if token.i in self.resolved:
            return self.resolved[token.i]
        kind = self.pronouns.kind(token.lower_)
        return self._pronoun(token, kind) if kind else None

    def _pronoun(self, token: Token, kind: str) -> Mention | None:
        if kind in ("masculine", "feminine"):
            wrong = FEMALE if kind == "masculine" else MALE
            return self._nearest(token, lambda m: self._is_person(m) and self._gender(m) != wrong)
        if kind == "neuter":
            return self._nearest(token, self._is_singular_group)
        return self._nearest(token, self._is_group) or self._nearest(token, self._is_person)

    def _gender(self, mention: Mention) -> str | None:
        return self.gender.get(mention.id)

    @staticmethod
    def _is_person(mention: Mention) -> bool:
        return isinstance(mention.referent, Entity) and mention.referent.type in PERSON_TYPES

    @staticmethod
    def _is_group(mention: Mention) -> bool:
        referent = mention.referent
        if isinstance(referent, Place):
            return referent.feature == "country"
        return referent.type in GROUP_TYPES

    def _is_singular_group(self, mention: Mention) -> bool:
        """What "it" can stand for: a group, but not one written in the plural ("government
        the dockers and the drivers ended their strike ... it was welcomed": "it" is no plural)."""
        if not self._is_group(mention):
            return False
        if not isinstance(mention.referent, Entity) or mention.referent.type != PLURAL_GROUP_TYPE:
            return True
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is None or span[-1].tag_ not in PLURAL_TAGS

    @staticmethod
    def _is_body(mention: Mention) -> bool:
        """An organization, group or people named as such (not a country): what a collective
        noun ("the ministry") refers back to."""
        referent = mention.referent
        return isinstance(referent, Entity) and referent.type in BODY_TYPES

    def _nearest(self, token: Token, fits: Callable[[Mention], bool]) -> Mention | None:
        """The fitting mention in the nearest sentence that has one: its subject, else the
        nearest."""
        pos = token.idx
        own_quote = self._quote_at(pos)
        in_sentence: list[Mention] = []
        sentence = None
        for mention in self.index.before(pos, LOOKBACK_CHARS):
            if not fits(mention):
                continue
            quote = self._quote_at(mention.start)
            if quote is not None and quote != own_quote:
                continue
            start = self._sentence_of(mention.start)
            if sentence is not None and start != sentence:
                break
            sentence = start
            in_sentence.append(mention)
        for mention in in_sentence:
            if self._is_subject(mention):
                return mention
        return in_sentence[0] if in_sentence else None

    def _quote_at(self, pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.quoted_starts, pos) - 1
        if i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]:
            return self.quoted[i]
        return None

    def _sentence_of(self, pos: int) -> int:
        return self.sent_starts[max(0, bisect.bisect_right(self.sent_starts, pos) - 1)]

    def _is_subject(self, mention: Mention) -> bool:
        doc = self.doc
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for t in span if span is not None else ():
            head = t
            while head.dep_ in SUBJECT_PATH and head.head != head:
                head = head.head
            if head.dep_ in SUBJECT_DEPS:
                return True
        return False

    # ------------------------------------------------------------------ definite descriptions

    def nominal(self, head: Token) -> Mention | None:
        """The referent of a definite description headed by ``head`` ("the group")."""
        ident = self.index.token_entities.get(head.i)
        if ident is not None:
            entity = self.index.entities[ident]
            return Mention(ident, head.idx, head.idx + len(head), entity)
        if is_age_noun(head):
            return self._nearest(head, self._is_named_person) if person_description(head) else None
        noun, forms = head.lemma_.lower(), {head.lemma_.lower(), head.lower_}
        collective = bool(forms & speaker_words()["collective"])
        plural = collective or bool(forms & speaker_words()["people"])
        found = self._by_words(head, forms, plural)
        if found is not None:
            return found
        found = self._by_nominal_rules(head, noun)
        if found is not None:
            return found
        if collective:
            return self._nearest(head, self._is_body)
        if person_description(head):
            country = description_country(head)
            return self._nearest(
                head,
                lambda m: (
                    self._is_named_person(m)
                    and (country is None or m.referent.country in (None, country))
                ),
            )
        return None

    @staticmethod
    def _is_named_person(mention: Mention) -> bool:
        return isinstance(mention.referent, Entity) and mention.referent.type == "PERSON"

    def _by_words(self, head: Token, forms: set[str], plural: bool) -> Mention | None:
        """An entity or place whose names or roles have the noun, mentioned before."""
        pos = head.idx
        matches = [
            ident
            for ident in self._having(forms)
            if self.index.mentions_before(ident, pos) > 0
            and (not plural or self._group_like(ident))
        ]
        if not matches and plural is False and _possessed(head):
            # "according to her agent ... said agent Mark Roesler": the one person titled so
            later = [ident for ident in self._having(forms) if self._is_person_id(ident)]
            if len(later) == 1:
                referent = self.index.referent(later[0])
                assert referent is not None
                return Mention(later[0], head.idx, head.idx + len(head), referent)
        if not matches:
            return None
        best = max(
            matches,
            key=lambda ident: (
                self.index.mentions_before(ident, pos),
                max(s for s, _ in self.index.referent(ident).mentions if s < pos),  # type: ignore[union-attr]
            ),
        )
        referent = self.index.referent(best)
        assert referent is not None
        return Mention(best, head.idx, head.idx + len(head), referent)

    def _having(self, forms: set[str]) -> list[str]:
        """The referents whose words share one of ``forms``, in ``self.words``'s order."""
        found = {ident for form in forms for ident in self.by_word.get(form, ())}
        return sorted(found, key=self.order.__getitem__)

    def _is_person_id(self, ident: str) -> bool:
        referent = self.index.entities.get(ident)
        return referent is not None and referent.type == "PERSON"

    def _group_like(self, ident: str) -> bool:
        referent = self.index.referent(ident)
        return isinstance(referent, Place) or (
            referent is not None and referent.type not in PERSON_TYPES
        )

    def _by_nominal_rules(self, head: Token, noun: str) -> Mention | None:
        """The entities layer's own nominal rules, for a description it did not join."""
        words, entities = entity_words(), list(self.index.entities.values())
        target = None
        if head.lower_ in words.nominal_org_heads:
            target = nearest_org(entities, head.idx, head.lower_, words)
        elif role_words().get(head.lower_, (None, ""))[1] in ("person", "both"):
            counts = {e.id: len(e.mentions) for e in entities}
            target = person_by_role(entities, head.lower_, head.idx, counts, words)  # type: ignore[arg-type]
        if target is None:
            return None
        return Mention(target.id, head.idx, head.idx + len(head), target)
