"""People, organizations and groups in the story, one entity per real referent.

spaCy's NER is the starting point; this component repairs its classic errors on news
(platforms tagged PERSON, surnames tagged ORG, possessives such as "Ghani’s" tagged ORG, title
words such as "State" in "Secretary of State" tagged ORG, byline names counted as story people),
adds nominal groups that act in conflict news ("Afghan forces", "gunmen", "civilians"), merges
mentions of one referent ("Trump", "Donald Trump", "the president"), and reads roles, country
and sector from titles, appositions and demonyms, never from the names themselves.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.attrs import POS
from spacy.language import Language
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import countries
from dateline.component import Component
from dateline.model import Article, Entity, Span
from dateline.tokens import text_of

ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
ORG_APPOSITION_HEADS = {
    "affiliate",
    "group",
    "organization",
    "organisation",
    "movement",
    "faction",
    "party",
    "militia",
    "coalition",
    "alliance",
    "branch",
    "wing",
}
IGO_MARKERS = {
    "u.n.",
    "un",
    "united nations",
    "nato",
    "eu",
    "european union",
    "african union",
    "unicef",
    "unhcr",
    "who",
    "imf",
    "world bank",
    "icrc",
    "red cross",
}
PLACE_NOUNS = {
    "town",
    "city",
    "village",
    "district",
    "province",
    "region",
    "capital",
    "port",
    "county",
    "state",
    "island",
    "suburb",
    "neighborhood",
    "neighbourhood",
}
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "wal", "abu"}
TITLE_ADJECTIVES = {
    "former",
    "acting",
    "deputy",
    "top",
    "senior",
    "chief",
    "foreign",
    "defense",
    "defence",
    "interior",
    "vice",
    "prime",
    "state",
    "national",
    "security",
    "military",
    "general",
    "provincial",
    "regional",
    "local",
    "district",
    "federal",
    "supreme",
    "army",
    "police",
    "presidential",
    "resident",
    "special",
    "assistant",
    "associate",
    "executive",
    "finance",
    "justice",
    "health",
    "education",
    "energy",
    "trade",
    "economy",
    "information",
}
GROUP_MODIFIERS = {
    "militant",
    "jihadi",
    "jihadist",
    "islamist",
    "armed",
    "security",
    "government",
    "rebel",
    "opposition",
    "military",
    "local",
    "pro-government",
    "anti-government",
    "separatist",
    "insurgent",
    "terrorist",
    "federal",
    "provincial",
    "national",
    "special",
    "elite",
    "foreign",
}
NOMINAL_ORG_HEADS = {
    "group",
    "organization",
    "organisation",
    "movement",
    "militia",
    "insurgency",
    "army",
    "ministry",
    "government",
    "administration",
    "agency",
    "council",
    "party",
    "militants",
    "insurgents",
    "rebels",
    "company",
    "firm",
    "union",
}
ORG_LABELS = {"ORG", "NORP", "FAC"}


@lru_cache(maxsize=1)
def role_words() -> dict[str, tuple[str | None, str]]:
    """Role noun → (sector, kind) from the roles lexicon."""
    path = resources.files("dateline.lexicons").joinpath("roles.csv")
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(ln for ln in handle if ln.strip() and not ln.startswith("#"))
        return {r[0].strip(): (r[1].strip() or None, r[2].strip()) for r in rows if len(r) >= 3}


def _word_list(name: str) -> frozenset[str]:
    path = resources.files("dateline.lexicons").joinpath(name)
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().casefold() for ln in lines if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    return _word_list("titles.txt")


@lru_cache(maxsize=1)
def platforms() -> frozenset[str]:
    return _word_list("platforms.txt")


@lru_cache(maxsize=1)
def institutions() -> dict[str, tuple[str | None, str | None]]:
    path = resources.files("dateline.lexicons").joinpath("institutions.csv")
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(ln for ln in handle if ln.strip() and not ln.startswith("#"))
        return {
            countries.fold(r[0]): (r[1].strip() or None, r[2].strip() or None)
            for r in rows
            if len(r) >= 3
        }


@lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """A comparison key: folded, possessive and punctuation at the edges dropped (memoized: the
    same names are compared many times per article)."""
    key = countries.fold(POSSESSIVE.sub("", text.strip()))
    return key.replace("-", " ").strip(" .,;:")


def is_honorific(token_text: str) -> bool:
    return token_text.casefold().rstrip(".") in honorifics()


def role_sector(role: str) -> str | None:
    """The sector a role's words imply ("military spokesman" → MIL, "minister" → GOV)."""
    words = [w.casefold().strip(".,") for w in role.split()]
    table = role_words()
    if any(w in ("military", "army", "armed", "defense", "defence") for w in words[:-1]) and (
        words and table.get(words[-1], (None, ""))[0] in (None, "GOV")
    ):
        return "MIL"
    for word in reversed(words):
        sector = table.get(word, (None, ""))[0]
        if sector:
            return sector
    return None


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


class EntityBuilder:
    """Collects mentions in one Doc and merges them into entities."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.article: Article | None = doc._.article
        self.mentions: list[Mention] = []
        self.taken: set[int] = set()  # token indices already inside a mention
        self.person_keys: set[str] = set()
        self.ents: list[SpacySpan] = []
        # coarse POS ids by token index: the scans for surnames, groups and nominals look at
        # nouns only, without building a Token for every word of the article
        self.pos_ids = doc.to_array(POS)
        self._place_names: dict[tuple[int, int, str], bool] = {}

    def _indices(self, *pos: int) -> list[int]:
        """Indices of the tokens with one of these coarse POS ids, in order."""
        wanted = self.pos_ids == pos[0]
        for other in pos[1:]:
            wanted |= self.pos_ids == other
        return np.flatnonzero(wanted).tolist()

    def _text(self, span: SpacySpan) -> str:
        """``span.text``, sliced from the article instead of joined from the tokens."""
        return text_of(self.doc)[span.start_char : span.end_char]

    # -- collecting -----------------------------------------------------------------------

    def skip(self, start: int, end: int) -> bool:
        return self.article is not None and self.article.in_boilerplate(start, end)

    def collect(self) -> None:
        self.ents = list(self.doc.ents)  # ``doc.ents`` builds new Spans on every call
        self.person_keys = self._multiword_person_keys()
        person_keys = self._person_keys()
        acronyms = set(ACRONYM.findall(text_of(self.doc)))
        place_like = {
            norm(self._text(e))
            for e in self.ents
            if any(c.dep_ == "appos" and c.lower_ in PLACE_NOUNS for c in e.root.children)
        }
        dateline = self.article.dateline if self.article else None
        for ent in self.ents:
            if self.skip(ent.start_char, ent.end_char):
                continue
            if dateline and dateline[0] <= ent.start_char < dateline[1]:
                continue  # "BAMAKO, Mali (AP) —": the place is the places layer's, AP the outlet
            ent = self._within_line(ent)
            if ent is None:
                continue
            ent = self._widen(ent)
            if ent.label_ in ("PERSON", "ORG") and (
                self._is_place_name(ent) or norm(self._text(ent)) in place_like
            ):
                continue
            if ent.label_ == "PERSON" and self._is_org_name(ent, acronyms):
                ent = SpacySpan(self.doc, ent.start, ent.end, label="ORG")
            if ent.label_ == "PERSON":
                self._add_person(ent)
            elif ent.label_ in ORG_LABELS or (
                ent.label_ in ("GPE", "LOC") and norm(self._text(ent)) in person_keys
            ):
                self._add_org(ent, person_keys)
        self._add_untagged_surnames(person_keys)
        self._add_groups()

    def _multiword_person_keys(self) -> set[str]:
        """Names (and their surnames) of persons written with at least two words."""
        keys: set[str] = set()
        for ent in self.ents:
            if ent.label_ == "PERSON":
                words = self._name_tokens(ent)
                if len(words) >= 2:
                    keys.add(norm(" ".join(t.text for t in words)))
                    keys.add(norm(words[-1].text))
        return keys

    def _person_keys(self) -> set[str]:
        """Surnames and full names of PERSON entities, to repair PERSONs tagged ORG."""
        keys: set[str] = set()
        for ent in self.ents:
            if ent.label_ != "PERSON" or self.skip(ent.start_char, ent.end_char):
                continue
            if self._is_place_name(ent):
                continue
            if norm(self._text(ent)) not in platforms():
                words = self._name_tokens(ent)
                if words:
                    keys.add(norm(" ".join(t.text for t in words)))
                    keys.add(norm(words[-1].text))
        return keys

    def _within_line(self, ent: SpacySpan) -> SpacySpan | None:
        """An entity never runs across a line break; keep the part that is story text."""
        if "\n" not in self._text(ent):
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
        if token.lower_ in PARTICLES:
            return token.i < len(doc) - 1 and doc[token.i + 1].text == "-"
        if token.is_punct or token.like_num or is_honorific(text):
            return False
        if token.lower_ in role_words() or token.lower_ in TITLE_ADJECTIVES:
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
        key = norm(self._text(ent))
        if countries.by_name(key) is not None:
            return True
        if self._place_context(ent):
            return True
        if ent.label_ in ("PERSON", "ORG") and len(ent) == 1:
            if ent.root.lower_ in GROUP_MODIFIERS or countries.by_demonym(self._text(ent)):
                return True
            return key not in self.person_keys and place_name_known(self._text(ent))
        return False

    def _place_context(self, ent: SpacySpan) -> bool:
        """Syntax that says place: "the X area", "X province", "Raxaul and X" (a place joined)."""
        if ent.label_ not in ("PERSON", "ORG") or len(ent) > 2:
            return False
        after = self.doc[ent.end] if ent.end < len(self.doc) else None
        if after is not None and after.lower_ in PLACE_NOUNS | {"area", "border", "valley"}:
            return True
        root = ent.root
        linked = [root.head] if root.dep_ == "conj" else []
        linked += [c for c in root.children if c.dep_ == "conj"]
        return any(t.ent_type_ in ("GPE", "LOC") for t in linked)

    def _is_org_name(self, ent: SpacySpan, acronyms: set[str]) -> bool:
        """A "person" whose initials are an acronym in the text, or whose apposition is an
        organization word ("X, an al-Qaida affiliate"), is an organization."""
        words = [w for w in re.split(r"[\s-]+", self._text(ent)) if w]
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if len(initials) >= 3 and initials in acronyms:
            return True
        return any(
            c.dep_ == "appos" and c.lower_ in ORG_APPOSITION_HEADS for c in ent.root.children
        )

    def _add_untagged_surnames(self, person_keys: set[str]) -> None:
        """A known person's surname the model left untagged later in the text."""
        dateline = self.article.dateline if self.article else None
        firsts = Counter(
            norm(m.name).split()[0]
            for m in self.mentions
            if m.kind == "PERSON" and len(m.name.split()) >= 2
        )
        surnames = {k for k in person_keys if " " not in k}
        first_names = {k for k in firsts if k not in surnames and len(k) > 2}
        for i in self._indices(PROPN):
            if i in self.taken:
                continue
            token = self.doc[i]
            if token.ent_type_:
                continue
            if dateline and dateline[0] <= token.idx < dateline[1]:
                continue
            key = norm(token.text)
            if key not in person_keys and key not in first_names:
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
        if norm(self._text(ent)) in platforms():
            return
        tokens = self._name_tokens(ent)
        if not tokens or not any(t.text[:1].isupper() for t in tokens):
            return
        span = self.doc[tokens[0].i : tokens[-1].i + 1]
        start = ent.start_char
        name = self._text(span)
        mention = Mention(
            start, span.end_char, text_of(self.doc)[start : span.end_char], "PERSON", name
        )
        mention.roles, mention.country, mention.sector = self._person_roles(ent)
        self._take(ent)
        self.mentions.append(mention)

    def _add_org(self, ent: SpacySpan, person_keys: set[str]) -> None:
        key = norm(self._text(ent))
        if not key or key in platforms() or self._inside_title(ent):
            return
        if ent.label_ == "NORP":
            self._add_norp(ent)
            return
        if (key in person_keys and len(ent) <= 3) or self._org_is_person(ent):
            tokens = self._name_tokens(ent)
            if tokens:
                span = self.doc[tokens[0].i : tokens[-1].i + 1]
                self._take(ent)
                name = self._text(span)
                mention = Mention(span.start_char, span.end_char, name, "PERSON", name)
                mention.roles, mention.country, mention.sector = self._person_roles(ent)
                self.mentions.append(mention)
            return
        tokens = [t for t in ent if t.tag_ != "POS" and t.text not in ("'s", "’s")]
        if tokens and tokens[0].lower_ == "the":
            tokens = tokens[1:]
        if not tokens:
            return
        span = self.doc[tokens[0].i : tokens[-1].i + 1]
        country, sector = institutions().get(norm(self._text(span)), (None, None))
        country, sector = self._org_country_sector(span, country, sector)
        self._take(ent)
        self.mentions.append(
            Mention(
                span.start_char,
                span.end_char,
                self._text(span),
                "ORG",
                self._text(span),
                country=country,
                sector=sector,
            )
        )

    def _org_is_person(self, ent: SpacySpan) -> bool:
        """A name the model tagged ORG but an apposition calls a person ("the leader of one of
        the factions, Ahmed Ag Assalat, said")."""
        if ent.label_ != "ORG" or not 2 <= len(ent) <= 4:
            return False
        if any(t.lower_ in role_words() or t.lower_ in NOMINAL_ORG_HEADS for t in ent):
            return False
        roles = self._appositions(ent)
        return any(
            role_words().get(w.casefold(), (None, ""))[1] in ("person", "both")
            for role in roles
            for w in role.split()
        )

    def _org_country_sector(
        self, span: SpacySpan, country: str | None, sector: str | None
    ) -> tuple[str | None, str | None]:
        """An organization's country from a demonym or country name inside it."""
        for token in span:
            found = countries.by_demonym(token.text) or countries.by_name(token.text)
            if found and country is None:
                country = found.alpha3
        if sector is None:
            sector = role_sector(self._text(span))
        return country, sector

    def _add_norp(self, ent: SpacySpan) -> None:
        """A NORP standing alone as a people or party ("Afghans", "Republicans")."""
        root = ent.root
        if root.dep_ in ("amod", "compound", "nmod") or root.tag_ not in ("NNPS", "NNS", "NNP"):
            return
        if not self._text(ent).endswith("s"):
            return
        found = countries.by_demonym(self._text(ent))
        self._take(ent)
        self.mentions.append(
            Mention(
                ent.start_char,
                ent.end_char,
                self._text(ent),
                "NORP",
                self._text(ent),
                country=found.alpha3 if found else None,
                sector="CVL" if found else None,
            )
        )

    def _take(self, span: SpacySpan) -> None:
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

    # -- roles ----------------------------------------------------------------------------

    def _person_roles(self, ent: SpacySpan) -> tuple[list[str], str | None, str | None]:
        roles: list[str] = []
        pre = self._title_before(ent)
        if pre is not None:
            roles.append(self._text(pre))
        roles.extend(self._appositions(ent))
        country = sector = None
        for role in roles:
            folded = role.casefold()
            if any(
                re.search(r"(?<![\w.])" + re.escape(m) + r"(?![\w])", folded) for m in IGO_MARKERS
            ):
                sector = sector or "IGO"
                continue
            country = country or self._country_in(role)
            sector = sector or role_sector(role)
        return roles, country, sector

    def _title_before(self, ent: SpacySpan) -> SpacySpan | None:
        """The title written before a name: "U.S. military spokesman", "Defense Minister Gen."."""
        i = ent.start
        # honorifics inside the entity belong to the title too
        first = ent.start
        while first < ent.end and is_honorific(self.doc[first].text):
            first += 1
        j = i - 1
        while j >= 0 and self._title_token(self.doc[j]):
            j -= 1
        start = j + 1
        while start < i and (self.doc[start].lower_ in ("of", "and") or self.doc[start].is_punct):
            start += 1
        tokens = list(self.doc[start:i])
        while tokens and (is_honorific(tokens[-1].text) or tokens[-1].lower_ in ("of", "for")):
            tokens = tokens[:-1]
        if not tokens or not any(self._is_role_token(t) for t in tokens):
            return None
        return self.doc[tokens[0].i : tokens[-1].i + 1]

    def _title_token(self, token: Token) -> bool:
        if token.is_sent_start and not token.text[:1].isupper():
            return False
        if token.lower_ in ("of", "for"):
            return True
        if token.pos_ in ("DET", "VERB", "AUX", "ADP", "PRON", "CCONJ", "SCONJ", "NUM"):
            return False
        if token.is_punct:
            return token.text == "-"
        if token.ent_type_ == "PERSON":
            return False
        if token.ent_type_ in ("GPE", "NORP", "ORG"):
            return True
        return (
            self._is_role_token(token)
            or token.lower_ in TITLE_ADJECTIVES
            or (token.text[:1].isupper() and token.pos_ == "PROPN")
            or is_honorific(token.text)
        )

    @staticmethod
    def _is_role_token(token: Token) -> bool:
        return token.lower_ in role_words() or token.lemma_.lower() in role_words()

    def _appositions(self, ent: SpacySpan) -> list[str]:
        """Roles in appositions: "X, a member of Y," and "The governor of Z, X"."""
        roles: list[str] = []
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos" and self._is_role_token(child) and child.i >= ent.end:
                roles.append(self._role_phrase(child, exclude=ent))
        head = root.head
        if root.dep_ == "appos" and self._is_role_token(head) and head.i < ent.start:
            roles.append(self._role_phrase(head, exclude=ent))
        first = ent.start
        while first > 0 and (
            is_honorific(self.doc[first - 1].text)
            or self.doc[first - 1].text == "."
            and first > 1
            and is_honorific(self.doc[first - 2].text)
        ):
            first -= 1
        if not roles and first >= 2 and self.doc[first - 1].text == ",":
            before = self.doc[first - 2]
            noun = before if self._is_role_token(before) else None
            if noun is None:
                # "The governor of the northern region, Col. X": walk to the role noun
                for token in self.doc[max(0, first - 10) : first - 1]:
                    if self._is_role_token(token) and token.is_sent_start is False:
                        noun = token
                        break
            if (
                noun is not None
                and noun.sent == ent.sent
                and noun.dep_ in ("nsubj", "ROOT", "nsubjpass")
            ):
                roles.append(self._role_phrase(noun, exclude=ent))
        return [r for r in roles if r]

    def _role_phrase(self, noun: Token, exclude: SpacySpan) -> str:
        tokens = [t for t in noun.subtree if not (exclude.start <= t.i < exclude.end)]
        tokens = [t for t in tokens if t.i < exclude.start or t.i >= exclude.end]
        # keep the contiguous run around the noun, without determiners and edge punctuation
        run = [t for t in tokens if abs(t.i - noun.i) < 12]
        while run and (run[0].pos_ in ("DET", "PRON") or run[0].is_punct):
            run = run[1:]
        while run and (run[-1].is_punct or run[-1].pos_ in ("DET", "CCONJ", "ADP")):
            run = run[:-1]
        if not run:
            return ""
        run = [t for t in run if run[0].i <= t.i <= run[-1].i]
        cut = [t for t in run if t.text == ","]
        if cut:
            run = [t for t in run if t.i < cut[0].i] if cut[0].i > noun.i else run
        return self.doc[run[0].i : run[-1].i + 1].text if run else ""

    @staticmethod
    def _country_in(text: str) -> str | None:
        words = re.findall(r"[\w.'’-]+", text)
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                phrase = " ".join(words[i : i + size])
                found = countries.by_demonym(phrase) or countries.by_name(phrase)
                if found:
                    return found.alpha3
        for word in words:
            if word[:1].isupper() and word.casefold() not in role_words():
                code = place_country(word)
                if code:
                    return code
        return None

    # -- groups ---------------------------------------------------------------------------

    def _add_groups(self) -> None:
        """Nominal groups: "Afghan forces", "jihadi fighters", "civilians", "rebel officials"."""
        table = role_words()
        for i in self._indices(NOUN, PROPN):
            if i in self.taken:
                continue
            token = self.doc[i]
            word = token.lower_
            sector_kind = table.get(word)
            if sector_kind is None or sector_kind[1] == "person":
                continue
            if sector_kind[1] == "both" and token.tag_ not in ("NNS", "NNPS"):
                continue
            if token.dep_ == "compound" or self.skip(token.idx, token.idx + len(token)):
                continue
            if word in ("members", "head", "chief"):
                continue
            mods = self._group_modifiers(token)
            if (
                word
                in (
                    "government",
                    "administration",
                    "council",
                    "ministry",
                    "authorities",
                    "military",
                    "army",
                    "police",
                    "officials",
                    "leaders",
                )
                and not mods
            ):
                continue  # bare "the government" is resolved as a nominal, not a new group
            start = mods[0].idx if mods else token.idx
            end = token.idx + len(token)
            text = text_of(self.doc)[start:end]
            country = None
            for mod in mods:
                found = countries.by_demonym(mod.text) or countries.by_name(mod.text)
                if found:
                    country = found.alpha3
            sector = sector_kind[0]
            if any(
                m.lower_ in ("militant", "jihadi", "jihadist", "rebel", "insurgent") for m in mods
            ):
                sector = "REB"
            self.taken.update(range(mods[0].i if mods else token.i, token.i + 1))
            self.mentions.append(
                Mention(
                    start,
                    end,
                    text,
                    "GROUP",
                    POSSESSIVE.sub("", text),
                    country=country,
                    sector=sector,
                )
            )

    def _group_modifiers(self, head: Token) -> list[Token]:
        """Contiguous modifiers left of a group noun that say whose group it is."""
        mods: list[Token] = []
        i = head.i - 1
        while i >= 0:
            tok = self.doc[i]
            if tok.head != head and tok.head not in mods:
                break
            if tok.ent_type_ in ("NORP", "GPE", "ORG") or tok.lower_ in GROUP_MODIFIERS:
                mods.insert(0, tok)
                i -= 1
                continue
            if tok.text in (".",) and mods:
                i -= 1
                continue
            break
        return mods

    # -- merging --------------------------------------------------------------------------

    def build(self) -> list[Entity]:
        self.collect()
        entities: list[Entity] = []
        people = [m for m in self.mentions if m.kind == "PERSON"]
        others = [m for m in self.mentions if m.kind != "PERSON"]
        entities.extend(self._merge_people(people))
        entities.extend(self._merge_others(others))
        self._link_nominals(entities)
        entities.sort(key=lambda e: min(e.mentions))
        for number, entity in enumerate(entities, start=1):
            entity.id = f"e{number}"
        return entities

    def _merge_people(self, mentions: list[Mention]) -> list[Entity]:
        """Full names first; a shorter mention joins the person whose surname it is."""
        entities: list[Entity] = []
        by_length = sorted(mentions, key=lambda m: (-len(m.name.split()), m.start))
        for mention in by_length:
            target = self._person_for(mention, entities)
            if target is None:
                target = Entity(id="", name=mention.name, type="PERSON")
                entities.append(target)
            self._absorb(target, mention)
        return entities

    @staticmethod
    def _person_for(mention: Mention, entities: list[Entity]) -> Entity | None:
        """The person a mention names: the same name, else the one whose surname (or, for a
        lone first name, whose first name) it is. A surname shared by several people goes to
        the one the article introduced first, as news style does ("Clinton" after "Hillary
        Clinton" and, later, "Bill Clinton")."""
        words = norm(mention.name).split()
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
            if len(words) < len(norm(e.name).split())
            and norm(e.name).split()[-len(words) :] == words
        ]
        if by_surname:
            return min(by_surname, key=lambda e: min(e.mentions))
        if len(words) == 1:
            by_first = [e for e in entities if norm(e.name).split()[0] == words[0]]
            if len(by_first) == 1:
                return by_first[0]
        return None

    def _merge_others(self, mentions: list[Mention]) -> list[Entity]:
        entities: dict[str, Entity] = {}
        for mention in sorted(mentions, key=lambda m: m.start):
            key = norm(mention.name)
            entity = entities.get(key) or self._acronym_match(key, entities.values())
            if entity is None:
                kind = "ORG" if mention.kind == "ORG" else mention.kind
                entity = Entity(id="", name=mention.name, type=kind)
                entities[key] = entity
            self._absorb(entity, mention)
        return list(entities.values())

    @staticmethod
    def _acronym_match(key: str, entities: Iterable[Entity]) -> Entity | None:
        """'MDR' joins 'Movement for Democratic Renewal' when the initials agree, whichever of
        the two is mentioned first."""
        compact = key.replace(".", "").replace(" ", "")
        key_initials = "".join(w[0] for w in re.split(r"[\s-]+", key) if w and w not in PARTICLES)
        for entity in entities:
            if entity.type != "ORG":
                continue
            for name in entity.all_names():
                words = [w for w in re.split(r"[\s-]+", name) if w]
                initials = "".join(w[0] for w in words if w[:1].isupper())
                if len(words) > 1 and len(initials) >= 2 and initials.casefold() == compact:
                    return entity  # the acronym comes after the long name
                other = norm(name).replace(".", "").replace(" ", "")
                if len(key.split()) > 1 and len(other) >= 2 and key_initials == other:
                    return entity  # the long name comes after the acronym
        return None

    @staticmethod
    def _absorb(entity: Entity, mention: Mention) -> None:
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

    def _link_nominals(self, entities: list[Entity]) -> None:
        """Definite descriptions ("the group", "the militant group", "the army's statement",
        "the president") join the entity they refer to."""
        mention_counts = Counter({e.id or e.name: len(e.mentions) for e in entities})
        for i in self._indices(NOUN):
            if i in self.taken:
                continue
            head = self.doc[i]
            if head.ent_type_:
                continue
            word = head.lower_
            is_org = word in NOMINAL_ORG_HEADS
            is_role = role_words().get(word, (None, ""))[1] in ("person", "both")
            if not (is_org or is_role):
                continue
            start = head.i - 1
            while start >= 0 and self.doc[start].pos_ == "ADJ" and not self.doc[start].ent_type_:
                start -= 1
            if start < 0 or self.doc[start].lower_ != "the":
                continue
            span = self.doc[start : head.i + 1]
            if self.skip(span.start_char, span.end_char):
                continue
            if is_org:
                target = self._nearest_org(entities, span.start_char, word)
            else:
                if len(span) != 2 or self._followed_by_of(head):
                    continue
                target = self._person_by_role(entities, word, span.start_char, mention_counts)
            if target is not None:
                self._add_nominal(target, span, word)

    def _followed_by_of(self, head: Token) -> bool:
        """ "the president of X" names someone else, not the article's president."""
        nxt = head.i + 1
        return nxt < len(self.doc) and self.doc[nxt].lower_ in ("of", "for")

    @staticmethod
    def _add_nominal(target: Entity, span: SpacySpan, word: str) -> None:
        target.mentions.append((span.start_char, span.end_char))
        if span.text not in target.aliases:
            target.aliases.append(span.text)
        adjectives = [t.lower_ for t in span[1:-1]]
        if target.sector is None:
            target.sector = role_sector(" ".join([*adjectives, word])) or (
                "REB" if set(adjectives) & {"militant", "jihadist", "rebel"} else None
            )

    @staticmethod
    def _nearest_org(entities: list[Entity], before: int, word: str) -> Entity | None:
        """The organization most recently named before a nominal, governments excluded for
        "the group" (a group is not a government) and required for "the ministry"."""
        wants_gov = word in ("ministry", "government", "administration", "council", "agency")
        wants_mil = word == "army"
        best, best_pos = None, -1
        for entity in entities:
            if entity.type != "ORG":
                continue
            is_gov = entity.sector in ("GOV",)
            if wants_gov != is_gov and not wants_mil:
                continue
            if word == "group" and entity.sector in ("MIL", "COP"):
                continue
            if wants_mil and entity.sector != "MIL":
                continue
            for start, _end in entity.mentions:
                if best_pos < start < before:
                    best, best_pos = entity, start
        return best

    @staticmethod
    def _person_by_role(
        entities: list[Entity], word: str, before: int, counts: Counter[str]
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
        if word not in ("president", "premier", "chancellor", "king", "emir"):
            return None
        untitled = [e for e in people if not e.roles and min(e.mentions)[0] < before]
        if not untitled:
            return None
        ranked = sorted(untitled, key=lambda e: len(e.mentions), reverse=True)
        if len(ranked) > 1 and len(ranked[0].mentions) < 2 * len(ranked[1].mentions):
            return None
        return ranked[0]


def place_name_known(name: str) -> bool:
    """True when the gazetteer knows the name as a country, a first-level region or a city of
    some size: the model's PERSON tag on such a single word is more likely wrong than right."""
    try:
        from dateline.gazetteer import get_gazetteer
    except ImportError:
        return False
    try:
        entries = get_gazetteer().lookup(name)
    except Exception:  # a missing or unbuilt index must not break entity extraction
        return False
    return any(e.feature in ("country", "admin1") or (e.population or 0) >= 50_000 for e in entries)


def place_country(name: str) -> str | None:
    """The alpha-3 country of a place name the gazetteer knows as a region or sizeable city."""
    try:
        from dateline.gazetteer import get_gazetteer

        entries = get_gazetteer().lookup(name)
    except Exception:  # no index: no country, never a failure
        return None
    for entry in entries:
        if entry.feature == "admin1" or (entry.population or 0) >= 50_000:
            found = countries.by_code(entry.country) if entry.country else None
            return found.alpha3 if found else None
    return None


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


__all__ = ["Entity", "EntityBuilder", "EntityComponent", "Span", "entity_at", "entity_by_id"]
