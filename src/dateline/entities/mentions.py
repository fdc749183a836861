"""Mentions of people, organizations and peoples, read from spaCy's NER and repaired.

The collector walks ``doc.ents`` once and fixes the model's classic errors on news: platforms
tagged PERSON, surnames tagged ORG, possessives ("Karzai’s") tagged ORG, title words ("State" in
"Secretary of State") tagged ORG, places tagged PERSON, names cut short or run across a line
break, and a byline or dateline counted as story text. It then adds the surnames the model left
untagged later in the text. Groups (``groups.py``) and roles (``roles.py``) add to its mentions;
``merge.py`` turns them into entities.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IS_ALPHA, ORTH, POS
from spacy.symbols import ADJ, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import countries
from dateline.entities.names import (
    ACRONYM,
    MIN_ACRONYM_INITIALS,
    initials,
    norm,
    place_name_known,
)
from dateline.entities.roles import RoleReader
from dateline.entities.words import entity_words, is_honorific, role_sector
from dateline.model import Article
from dateline.tokens import text_of
from dateline.vocabulary import institutions, platforms, role_words

ORG_LABELS = {"ORG", "NORP", "FAC"}  # NER labels whose entities become organizations
MISREAD_ORG_LABELS = {"WORK_OF_ART"}  # labels the model gives bodies' long names by mistake
NAME_LABELS = ("ORG", "GPE", "LOC", "FAC")  # labels of names that are not people
MAX_PLACE_CONTEXT_TOKENS = 2  # "the X area": only short names are read as places by context
MAX_PERSON_KEY_ORG_TOKENS = 3  # an ORG of at most this many tokens can be a known person
MIN_FIRST_NAME = 3  # a lone first name shorter than this is never looked for again
LOWERCASE_MIN_WORDS = 50  # words a text needs before its case is judged
LOWERCASE_SHARE = 0.03  # below this share of capitalized words, a text is written in lower case
ORG_AS_PERSON_TOKENS = (2, 4)  # an ORG this long (inclusive) may be a person an apposition names


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # PERSON | ORG | GROUP | NORP
    name: str  # the name with honorifics/possessive removed
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    alias_only: bool = False  # a nominal ("the group") that joins an entity, never makes one


def lowercase_text(doc: Doc) -> bool:
    """A text written all in lower case (some archives lower-case their stories): fewer than
    ``LOWERCASE_SHARE`` of its words start with a capital, so names cannot be told by case."""
    # read from the token arrays: a Token object per word cost more than the rest of the
    # layer's first pass on a long article (issue 18); each distinct word is looked up once
    # (a word list of Python ints and a string lookup per token cost 0.4-0.8 ms an article)
    columns = doc.to_array([IS_ALPHA, ORTH])
    words = columns[columns[:, 0] != 0, 1]
    if len(words) < LOWERCASE_MIN_WORDS:
        return False
    strings = doc.vocab.strings
    distinct, counts = np.unique(words, return_counts=True)
    capitalized = sum(
        count
        for orth, count in zip(distinct.tolist(), counts.tolist(), strict=True)
        if strings[orth][0].isupper()
    )
    return capitalized < LOWERCASE_SHARE * len(words)


class MentionCollector:
    """Collects the mentions of one Doc; groups and nominals add to the same ``mentions`` and
    ``taken`` (token indices already inside a mention)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.words = entity_words()
        self.roles = RoleReader(doc)
        self.article: Article | None = doc._.article
        self.mentions: list[Mention] = []
        self.taken: set[int] = set()  # token indices already inside a mention
        self.person_keys: set[str] = set()
        self.ents: list[SpacySpan] = []
        # coarse POS ids by token index: the scans for surnames, groups and nominals look at
        # nouns only, without building a Token for every word of the article
        self.pos_ids = doc.to_array(POS)
        self._place_names: dict[tuple[int, int, str], bool] = {}
        self.lowercase = lowercase_text(doc)
        self.demonym_tokens: set[int] = set()  # tokens of a nationality of several words

    def indices(self, *pos: int) -> list[int]:
        """Indices of the tokens with one of these coarse POS ids, in order."""
        wanted = self.pos_ids == pos[0]
        for other in pos[1:]:
            wanted |= self.pos_ids == other
        return np.flatnonzero(wanted).tolist()

    def text(self, span: SpacySpan) -> str:
        """``span.text``, sliced from the article instead of joined from the tokens."""
        return text_of(self.doc)[span.start_char : span.end_char]

    # -- collecting -----------------------------------------------------------------------

    def skip(self, start: int, end: int) -> bool:
        return self.article is not None and self.article.in_boilerplate(start, end)

    def collect(self) -> None:
        self.ents = list(self.doc.ents)  # ``doc.ents`` builds new Spans on every call
        self.demonym_tokens = {
            i
            for e in self.ents
            if len(e) > 1 and countries.by_demonym(self.text(e))
            for i in range(e.start, e.end)
        }
        self.person_keys = self._multiword_person_keys()
        not_people = self._not_people()
        person_keys = self._person_keys() - not_people
        acronyms = set(ACRONYM.findall(text_of(self.doc)))
        place_like = {
            norm(self.text(e))
            for e in self.ents
            if any(
                c.dep_ == "appos" and c.lower_ in self.words.settlement_nouns
                for c in e.root.children
            )
        }
        dateline = self.article.dateline if self.article else None
        for ent in self.ents:
            if self.skip(ent.start_char, ent.end_char):
                continue
            if dateline and dateline[0] <= ent.start_char < dateline[1]:
                continue  # "BAMAKO, Mali (AP) —": the place is the places layer's, AP the outlet
            in_line = self._within_line(ent)
            if in_line is None:
                continue
            ent = self._widen(in_line)
            if ent.label_ in ("PERSON", "ORG") and (
                self._is_place_name(ent) or norm(self.text(ent)) in place_like
            ):
                continue
            if ent.label_ in MISREAD_ORG_LABELS and self._headed_by_body_noun(ent):
                ent = SpacySpan(self.doc, ent.start, ent.end, label="ORG")
            if ent.label_ == "PERSON" and self._is_org_name(ent, acronyms):
                ent = SpacySpan(self.doc, ent.start, ent.end, label="ORG")
            if (
                ent.label_ in ("PERSON", "GPE", "LOC")
                and norm(self.text(ent)) in not_people
                and not place_name_known(self.text(ent))
            ):
                ent = SpacySpan(self.doc, ent.start, ent.end, label="ORG")
            if ent.label_ == "PERSON":
                self._add_person(ent)
            elif ent.label_ in ORG_LABELS or (
                ent.label_ in ("GPE", "LOC") and norm(self.text(ent)) in person_keys
            ):
                self._add_org(ent, person_keys)
        self._add_untagged_surnames(person_keys)

    def _headed_by_body_noun(self, ent: SpacySpan) -> bool:
        """ "The Hollin Coalition for Tenant Rights" tagged a work of art: a capitalized
        name whose head noun names a body (a coalition, a union, a council) is an organization,
        whatever label the model gave it."""
        root = ent.root
        if root.pos_ != "PROPN" or not root.text[:1].isupper():
            return False
        low = root.lower_
        return low in self.words.org_apposition_heads or low in self.words.nominal_org_heads

    def _not_people(self) -> set[str]:
        """One-word names the model tags PERSON less often than it tags them as a body or a
        place, counting a relative "which" after a mention as a vote for a thing and "who" for
        a person ("Northwind, which is headquartered in ..."): a company's or a party's name,
        not a person's. A name written as a person's full name elsewhere stays a person."""
        votes: Counter[str] = Counter()
        tagged_person: set[str] = set()
        for ent in self.ents:
            if len(ent) != 1:
                continue
            key = norm(self.text(ent))
            if ent.label_ == "PERSON":
                tagged_person.add(key)
            votes[key] += -1 if ent.label_ == "PERSON" else int(ent.label_ in NAME_LABELS)
            for clause in (c for c in ent.root.children if c.dep_ == "relcl"):
                for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                    votes[key] += {"which": 1, "who": -1}.get(subject.lower_, 0)
        return {
            key
            for key, vote in votes.items()
            if vote > 0 and key in tagged_person and key not in self.person_keys
        }

    def _multiword_person_keys(self) -> set[str]:
        """Names (and their surnames) of persons written with at least two words."""
        keys: set[str] = set()
        for ent in self.ents:
            if ent.label_ == "PERSON":
                words = self._name_tokens(ent)
                if len(words) >= 2:
                    keys.add(norm(" ".join(t.text for t in words)))
                    keys.add(norm(words[-1].text))
        keys.discard("")  # punctuation only: no name
        return keys

    def _person_keys(self) -> set[str]:
        """Surnames and full names of PERSON entities, to repair PERSONs tagged ORG."""
        keys: set[str] = set()
        for ent in self.ents:
            if ent.label_ != "PERSON" or self.skip(ent.start_char, ent.end_char):
                continue
            if self._is_place_name(ent):
                continue
            if norm(self.text(ent)) not in platforms():
                words = self._name_tokens(ent)
                if words:
                    keys.add(norm(" ".join(t.text for t in words)))
                    keys.add(norm(words[-1].text))
        keys.discard("")  # a "name" of punctuation only ("-" in a lower-case text) is no key
        return keys

    def _within_line(self, ent: SpacySpan) -> SpacySpan | None:
        """An entity never runs across a line break; keep the part that is story text."""
        if "\n" not in self.text(ent):
            return ent
        parts: list[list[Token]] = [[]]
        for token in ent:
            if "\n" in token.text:
                parts.append([])
            elif not token.is_space:
                parts[-1].append(token)
        for part in reversed(parts):
            part = [t for t in part if not t.is_punct or t.text == "."]
            if part and not self.skip(part[0].idx, part[-1].idx + len(part[-1])):
                return SpacySpan(self.doc, part[0].i, part[-1].i + 1, label=ent.label_)
        return None

    def _widen(self, ent: SpacySpan) -> SpacySpan:
        """Repair a name the model cut short: "Jama’at [Nusrat al-Islam] wal-Muslimin"."""
        start, end = ent.start, ent.end
        while (
            start > 0 and self._name_part(self.doc[start - 1]) and not self.doc[start - 1].ent_type_
        ):
            start -= 1
        while (
            end < len(self.doc) and self._name_part(self.doc[end]) and not self.doc[end].ent_type_
        ):
            end += 1
        if (start, end) == (ent.start, ent.end):
            return ent
        return SpacySpan(self.doc, start, end, label=ent.label_)

    def _name_part(self, token: Token) -> bool:
        """A capitalized word, or a particle or hyphen joining one ("wal-Muslimin")."""
        text = token.text
        doc = self.doc
        if text == "-":
            return 0 < token.i < len(doc) - 1 and doc[token.i + 1].text[:1].isupper()
        if token.lower_ in self.words.name_particles:
            return token.i < len(doc) - 1 and doc[token.i + 1].text == "-"
        if token.is_punct or token.like_num or is_honorific(text):
            return False
        if token.lower_ in role_words() or token.lower_ in self.words.title_adjectives:
            return False
        return token.pos_ == "PROPN" and text[:1].isupper() and not text.isupper()

    def _is_place_name(self, ent: SpacySpan) -> bool:
        """A country or well-known place that the model took for a person or organization
        (asked twice of most entities: remembered per span and label)."""
        span_key = (ent.start, ent.end, ent.label_)
        known = self._place_names.get(span_key)
        if known is None:
            known = self._place_names[span_key] = self._place_name_check(ent)
        return known

    def _place_name_check(self, ent: SpacySpan) -> bool:
        key = norm(self.text(ent))
        if countries.by_name(key) is not None or countries.by_demonym(key) is not None:
            return True  # "Sri Lankan" tagged PERSON is a nationality
        if self._place_context(ent):
            return True
        if ent.label_ in ("PERSON", "ORG") and len(ent) == 1:
            if ent.root.lower_ in self.words.group_modifiers or countries.by_demonym(
                self.text(ent)
            ):
                return True
            return key not in self.person_keys and place_name_known(self.text(ent))
        return False

    def _place_context(self, ent: SpacySpan) -> bool:
        """Syntax that says place: "the X area", "X province", "Raxaul and X" (a place joined)."""
        if ent.label_ not in ("PERSON", "ORG") or len(ent) > MAX_PLACE_CONTEXT_TOKENS:
            return False
        after = self.doc[ent.end] if ent.end < len(self.doc) else None
        place_nouns = self.words.settlement_nouns | self.words.place_context_nouns
        if after is not None and after.lower_ in place_nouns:
            return True
        root = ent.root
        linked = [root.head] if root.dep_ == "conj" else []
        linked += [c for c in root.children if c.dep_ == "conj"]
        return any(t.ent_type_ in ("GPE", "LOC") for t in linked)

    def _is_org_name(self, ent: SpacySpan, acronyms: set[str]) -> bool:
        """A "person" whose initials are an acronym in the text, or whose apposition is an
        organization word ("X, an al-Qaida affiliate"), is an organization."""
        letters = initials(self.text(ent))
        if len(letters) >= MIN_ACRONYM_INITIALS and letters in acronyms:
            return True
        heads = self.words.org_apposition_heads
        return any(c.dep_ == "appos" and c.lower_ in heads for c in ent.root.children)

    def _lowercase_name(self, tokens: list[Token]) -> bool:
        """In a text written in lower case, a name the model tagged PERSON counts when it has
        two words or more, all letters (a lone lower-case word so tagged is as often a place
        or a party as a person; its surname repeats are found from the full name)."""
        return self.lowercase and len(tokens) >= 2 and all(t.is_alpha for t in tokens)

    def _add_untagged_surnames(self, person_keys: set[str]) -> None:
        """A known person's surname the model left untagged later in the text."""
        dateline = self.article.dateline if self.article else None
        firsts = Counter(
            norm(m.name).split()[0]
            for m in self.mentions
            if m.kind == "PERSON" and len(m.name.split()) >= 2
        )
        surnames = {k for k in person_keys if " " not in k}
        first_names = {k for k in firsts if k not in surnames and len(k) >= MIN_FIRST_NAME}
        # a text written all in lower case has its names tagged as anything
        candidates = self.indices(PROPN, NOUN, ADJ, VERB) if self.lowercase else self.indices(PROPN)
        for i in candidates:
            if i in self.taken:
                continue
            token = self.doc[i]
            if token.ent_type_ or (self.lowercase and token.lower_ in role_words()):
                continue
            if dateline and dateline[0] <= token.idx < dateline[1]:
                continue
            key = norm(token.text)
            if not key or (key not in person_keys and key not in first_names):
                continue
            if self.skip(token.idx, token.idx + len(token)):
                continue
            self.taken.add(token.i)
            self.mentions.append(
                Mention(token.idx, token.idx + len(token), token.text, "PERSON", token.text)
            )

    @staticmethod
    def _name_tokens(span: SpacySpan) -> list[Token]:
        """The tokens of a name without leading honorifics and trailing possessive."""
        tokens = [t for t in span if t.tag_ != "POS" and t.text not in ("'s", "’s", "'", "’")]
        while tokens and (is_honorific(tokens[0].text) or tokens[0].lower_ == "the"):
            tokens = tokens[1:]
        return tokens

    def _add_person(self, ent: SpacySpan) -> None:
        if norm(self.text(ent)) in platforms():
            return
        tokens = self._name_tokens(ent)
        if not tokens or not (
            any(t.text[:1].isupper() for t in tokens) or self._lowercase_name(tokens)
        ):
            return
        span = self.doc[tokens[0].i : tokens[-1].i + 1]
        start = ent.start_char
        name = self.text(span)
        if not norm(name):
            return  # punctuation the model tagged PERSON ("-" in a lower-case text)
        mention = Mention(
            start, span.end_char, text_of(self.doc)[start : span.end_char], "PERSON", name
        )
        mention.roles, mention.country, mention.sector = self.roles.person_roles(ent)
        self.take(ent)
        self.mentions.append(mention)

    def _add_org(self, ent: SpacySpan, person_keys: set[str]) -> None:
        key = norm(self.text(ent))
        if not key or key in platforms() or self._inside_title(ent):
            return
        if len(ent) == 1 and key in role_words():
            return  # "Officials", "Police" tagged ORG: an unnamed actor (``descriptions.py``)
        if ent.label_ == "NORP":
            self._add_norp(ent)
            return
        if (key in person_keys and len(ent) <= MAX_PERSON_KEY_ORG_TOKENS) or self._org_is_person(
            ent
        ):
            tokens = self._name_tokens(ent)
            if tokens:
                span = self.doc[tokens[0].i : tokens[-1].i + 1]
                self.take(ent)
                name = self.text(span)
                mention = Mention(span.start_char, span.end_char, name, "PERSON", name)
                mention.roles, mention.country, mention.sector = self.roles.person_roles(ent)
                self.mentions.append(mention)
            return
        tokens = [t for t in ent if t.tag_ != "POS" and t.text not in ("'s", "’s")]
        if tokens and tokens[0].lower_ == "the":
            tokens = tokens[1:]
        if not tokens:
            return
        span = self.doc[tokens[0].i : tokens[-1].i + 1]
        known = institutions().get(norm(self.text(span)))
        country, sector = (known.country, known.sector) if known else (None, None)
        country, sector = self._org_country_sector(span, country, sector)
        self.take(ent)
        self.mentions.append(
            Mention(
                span.start_char,
                span.end_char,
                self.text(span),
                "ORG",
                self.text(span),
                country=country,
                sector=sector,
            )
        )

    def _org_is_person(self, ent: SpacySpan) -> bool:
        """A name the model tagged ORG but an apposition calls a person ("the leader of one of
        the factions, Ahmed Ag Assalat, said")."""
        low, high = ORG_AS_PERSON_TOKENS
        if ent.label_ != "ORG" or not low <= len(ent) <= high:
            return False
        heads = self.words.nominal_org_heads
        if any(t.lower_ in role_words() or t.lower_ in heads for t in ent):
            return False
        roles = self.roles.appositions(ent)
        return any(
            role_words().get(w.casefold(), (None, ""))[1] in ("person", "both")
            for role in roles
            for w in role.split()
        )

    def _org_country_sector(
        self, span: SpacySpan, country: str | None, sector: str | None
    ) -> tuple[str | None, str | None]:
        """An organization's country from a demonym or country name inside it, or from one
        modifying it from outside the name ("Lebanese Hezbollah", "Brazil's supreme court")."""
        outside = [
            c
            for c in span.root.children
            if c.i < span.start and c.dep_ in ("amod", "compound", "poss", "nmod")
        ]
        for token in [*span, *outside]:
            found = countries.by_demonym(token.text) or countries.by_name(token.text)
            if found and country is None:
                country = found.alpha3
        if sector is None:
            sector = role_sector(self.text(span))
        return country, sector

    def _add_norp(self, ent: SpacySpan) -> None:
        """A NORP standing alone as a people or party ("Afghans", "Republicans")."""
        root = ent.root
        if root.dep_ in ("amod", "compound", "nmod") or root.tag_ not in ("NNPS", "NNS", "NNP"):
            return
        if not self.text(ent).endswith("s"):
            return
        found = countries.by_demonym(self.text(ent))
        self.take(ent)
        self.mentions.append(
            Mention(
                ent.start_char,
                ent.end_char,
                self.text(ent),
                "NORP",
                self.text(ent),
                country=found.alpha3 if found else None,
                sector="CVL" if found else None,
            )
        )

    def take(self, span: SpacySpan) -> None:
        self.taken.update(range(span.start, span.end))

    def _inside_title(self, ent: SpacySpan) -> bool:
        """An ORG that is a word of a title before a name: "Secretary of State Alan Pike"."""
        following = ent.end
        while following < len(self.doc) and (
            self.doc[following].text[:1].isupper() and self.doc[following].ent_type_ != "PERSON"
        ):
            following += 1
        if following >= len(self.doc) or self.doc[following].ent_type_ != "PERSON":
            return False
        between = self.doc[ent.end : following]
        title_words = [t for t in between if t.lower_ in role_words() or is_honorific(t.text)]
        before = self.doc[ent.start - 1] if ent.start > 0 else None
        role_before = before is not None and before.lower_ in ("of", *role_words())
        return bool(title_words) or role_before and len(between) == 0
