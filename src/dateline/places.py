"""Places: find toponyms in a Doc, resolve them against the gazetteer, one Place per place.

Recognition takes spaCy's GPE/LOC/FAC entities and adds what the small model misses, all by
lookups, never by scanning the gazetteer: runs of proper nouns that name a country, a
first-level region or a sizeable city; "Helmand province" / "the Mopti region" / "province of
X"; "City, ST" and "City, Country"; and a demonym only where it names territory ("Afghan
soil"), never people ("Afghan forces" is an actor's nationality). Person names, organizations,
seats of government ("the White House"), platforms and boilerplate are suppressed; the dateline
("BAMAKO, Mali (AP) —") is kept, because its place anchors the story.

Disambiguation scores each candidate on population, feature type, explicit hints ("province",
a country after a comma), the article's dominant countries and the places resolved nearby.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.attrs import ENT_TYPE, IDX, LENGTH, LOWER, POS
from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import countries
from dateline.component import Component
from dateline.gazetteer import Entry, Gazetteer, fold, get_gazetteer
from dateline.model import Article, Place
from dateline.tokens import text_of

PLACE_LABELS = ("GPE", "LOC", "FAC")
BLOCKING_ENTITY_TYPES = ("PERSON", "ORG")
LOCATIVE_PREPOSITIONS = frozenset(
    "in at near outside from to into across around throughout toward towards inside within "
    "between via through of onto off along beyond".split()
)
DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern north-east "
    "north-west south-east south-west north-eastern north-western south-eastern "
    "south-western upper lower greater".split()
)
CURATED_FEATURES = ("continent", "region", "sea", "river", "lake")
BIG_CITY = 100_000  # a bare proper noun the NER missed must name at least this big a city
MAX_NGRAM = 4
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
JOINERS = frozenset({"-", "of", "and", "&"})  # "Bosnia and Herzegovina", "Isle of Man"
PRECISION = {"city": 1, "admin2": 2, "river": 2, "lake": 2}


# ------------------------------------------------------------------------------ lexicons


def _rows(name: str) -> list[list[str]]:
    path = resources.files("dateline.lexicons").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return [[cell.strip() for cell in row] for row in csv.reader(lines)]


@lru_cache(maxsize=1)
def place_words() -> dict[str, str]:
    """Head nouns that mark a feature type: 'province' -> admin1."""
    return {row[0].casefold(): row[1] for row in _rows("place_words.csv") if len(row) >= 2}


@lru_cache(maxsize=1)
def place_nouns() -> frozenset[str]:
    """Nouns after which a demonym names territory ("Syrian soil")."""
    return frozenset(row[0].casefold() for row in _rows("place_nouns.txt") if row)


@lru_cache(maxsize=1)
def platforms() -> frozenset[str]:
    """Platforms and apps ("Twitter", "Telegram"): never places."""
    return frozenset(fold(row[0]) for row in _rows("platforms.txt") if row)


@lru_cache(maxsize=1)
def institutions() -> frozenset[str]:
    """Institutions named by their seat ("the White House", "the Kremlin"): a toponym used for
    a government, so not a place of action in this layer."""
    return frozenset(fold(row[0]) for row in _rows("institutions.csv") if row)


@lru_cache(maxsize=1)
def generic_names() -> frozenset[str]:
    """Capitalized common words that only a tagged or typed mention may take as a place."""
    return frozenset(row[0].casefold() for row in _rows("generic_names.txt") if row)


@lru_cache(maxsize=1)
def speech_lemmas() -> frozenset[str]:
    """Verbs of saying (the quotes layer's lexicon): "Washington said" uses a place as actor."""
    rows = _rows("speech_verbs.csv")
    return frozenset(row[0].casefold() for row in rows if row and row[0] != "lemma")


def is_metonymic(span: SpacySpan) -> bool:
    """A toponym that is the subject of a verb of saying stands for its government or people
    ("Washington said", "Moscow denied"): still a place, but not where anything happened."""
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.casefold() in speech_lemmas()


@lru_cache(maxsize=1)
def region_demonyms() -> dict[str, str]:
    """'European' -> 'Europe': peoples of regions and continents."""
    return {fold(row[0]): row[1] for row in _rows("region_demonyms.csv") if len(row) >= 2}


def _capitalized(text: str, ent_type: str, pos: int) -> bool:
    """A word that may begin or continue a name: capitalized, and a proper noun, an acronym or
    inside a named entity (a capitalized sentence opener alone is not enough)."""
    return bool(text[:1].isupper() and (pos == PROPN or text.isupper() or ent_type))


# ------------------------------------------------------------------------------ mentions


@dataclass
class Mention:
    """One toponym occurrence and what the text around it says about it."""

    start: int  # character span of the name itself ("Helmand" in "Helmand province")
    end: int
    name: str
    surface: str  # as written with its type word ("Helmand province")
    sent: int  # sentence index
    hint: str | None = None  # feature from a type word: admin1 | admin2 | city | river
    country_hint: str | None = None  # alpha-2 from "X, Country" / "X, ST"
    admin1_hint: str | None = None  # admin1 name from "City, ST"
    container: tuple[int, int, Entry] | None = None  # "Ga." in "Atlanta, Ga.": tokens, entry
    label: str = ""  # spaCy label, if any
    strong: bool = False  # locative context: "in X", "X, a town", "X province"
    # place | demonym ("Russian officials") | embedded ("Kunduz council") | institution
    use: str = "place"
    candidates: tuple[Entry, ...] = ()
    chosen: Entry | None = None
    country: str | None = None  # resolved or inferred alpha-2

    def demonym_like(self) -> bool:
        return self.label == "NORP"

    def key(self) -> tuple:
        if self.chosen is not None:
            return ("g", self.chosen.id)
        return ("u", fold(self.name))


@dataclass
class Toponym:
    """A recognized toponym with its use (place | demonym | embedded) and its resolution,
    kept for evaluation: the places layer outputs only the 'place' ones."""

    start: int
    end: int
    use: str
    country: str | None = None
    feature: str | None = None
    lat: float | None = None
    lon: float | None = None

    @classmethod
    def of(cls, m: Mention) -> Toponym:
        e = m.chosen
        if e is None:
            return cls(m.start, m.end, m.use, m.country)
        return cls(m.start, m.end, m.use, e.country, e.feature, e.lat, e.lon)


@dataclass
class _Blocked:
    """Character spans where no place may be made, and person-name words."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    person_words: set[str] = field(default_factory=set)

    def covers(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.spans)


class PlaceFinder:
    """Finds and resolves the places of one Doc."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer | None = None) -> None:
        self.doc = doc
        self.gaz = gazetteer or get_gazetteer()
        self.article: Article | None = doc._.article if doc.has_extension("article") else None
        # spaCy builds a new Token on every doc[i] and every Span on every doc.ents, and the
        # scans below look at each token several times: read what they need once, as arrays.
        self.text = text_of(doc)
        self.ents: list[SpacySpan] = list(doc.ents)
        strings = doc.vocab.strings
        columns = doc.to_array([IDX, LENGTH, LOWER, ENT_TYPE, POS]).T.tolist() if len(doc) else []
        starts, lengths, lowers, ent_types, pos = columns or ([], [], [], [], [])
        self.starts: list[int] = starts
        self.texts = [self.text[i : i + n] for i, n in zip(starts, lengths, strict=True)]
        self.lower = [strings[h] for h in lowers]  # Token.lower_
        self.ent_types = [strings[h] if h else "" for h in ent_types]  # Token.ent_type_
        self.cap = [
            _capitalized(text, ent_type, tag)
            for text, ent_type, tag in zip(self.texts, self.ent_types, pos, strict=True)
        ]
        self.sent_of = self._sentence_index()
        self.blocked = self._blocked()
        self.mentions: list[Mention] = []
        self.used: set[int] = set()  # token indices already in a mention
        self.ner_place: set[int] = {  # tokens the NER put in a place entity
            i for ent in self.ents if ent.label_ in PLACE_LABELS for i in range(ent.start, ent.end)
        }

    # -- setup ----------------------------------------------------------------------------

    def _sentence_index(self) -> list[int]:
        index = [0] * len(self.doc)
        if not self.doc.has_annotation("SENT_START"):
            return index
        for n, sent in enumerate(self.doc.sents):
            for i in range(sent.start, sent.end):
                index[i] = n
        return index

    def _blocked(self) -> _Blocked:
        """Spans of persons and organizations (the entities layer's, then spaCy's)."""
        blocked = _Blocked()
        entities = self.doc._.entities if self.doc.has_extension("entities") else None
        for entity in entities or []:
            if entity.type not in BLOCKING_ENTITY_TYPES:
                continue
            is_country_named = countries.by_name(entity.name) is not None
            for start, end in entity.mentions:
                if not is_country_named:
                    blocked.spans.append((start, end))
            if entity.type == "PERSON" and " " in entity.name.strip():
                blocked.person_words.update(fold(w) for w in entity.name.split()[1:])
        for ent in self.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                blocked.person_words.update(fold(t.text) for t in ent[1:] if t.is_alpha)
        return blocked

    def in_scope(self, start: int, end: int) -> bool:
        """Outside boilerplate, or inside the dateline, which anchors the story."""
        article = self.article
        if article is None:
            return True
        if article.dateline and article.dateline[0] <= start and end <= article.dateline[1]:
            return True
        return not article.in_boilerplate(start, end)

    # -- recognition ----------------------------------------------------------------------

    def find(self) -> list[Mention]:
        for ent in self.ents:
            if ent.label_ in PLACE_LABELS:
                self._from_entity(ent)
        self._from_proper_nouns()
        self._from_appositions()
        self._from_demonyms()
        self._repeat_names()
        self.mentions.sort(key=lambda m: m.start)
        return self.mentions

    def _from_entity(self, ent: SpacySpan) -> None:
        tokens = list(ent)
        while tokens and tokens[0].lower_ in ("the", "a"):
            tokens = tokens[1:]
        if tokens and tokens[-1].tag_ == "POS":
            tokens = tokens[:-1]
        hint = None
        if len(tokens) > 1 and tokens[-1].lower_ in place_words() and not self._known(tokens):
            hint = place_words()[tokens[-1].lower_]
            tokens = tokens[:-1]
        if not tokens:
            return
        if len(tokens) > 1 and tokens[0].lower_ in DIRECTIONS and not self._known(tokens):
            tokens = tokens[1:]
        span = self.doc[tokens[0].i : tokens[-1].i + 1]
        self._add(span, label=ent.label_, hint=hint, full=ent)

    def _known(self, tokens: list[Token]) -> bool:
        return bool(self.gaz.lookup(self.doc[tokens[0].i : tokens[-1].i + 1].text))

    def _span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` without building the Span."""
        return self.text[self.starts[start] : self.starts[end - 1] + len(self.texts[end - 1])]

    def _from_proper_nouns(self) -> None:
        """Longest gazetteer matches over runs of proper nouns the NER did not tag a place."""
        doc, cap, lower = self.doc, self.cap, self.lower
        i = 0
        while i < len(cap):
            if i in self.used or i in self.ner_place or not cap[i]:
                i += 1
                continue
            matched = 0
            for n in range(min(MAX_NGRAM, len(cap) - i), 0, -1):
                window = range(i, i + n)
                if not all(cap[j] or lower[j] in JOINERS for j in window):
                    continue
                if lower[i + n - 1] in JOINERS:
                    continue
                if any(j in self.used or j in self.ner_place for j in window):
                    continue
                if not self.gaz.lookup(self._span_text(i, i + n)):
                    continue  # what _proper_noun_place asks first, without making a Span
                if self._proper_noun_place(doc[i : i + n]):
                    matched = n
                    break
            i += matched or 1

    def _proper_noun_place(self, span: SpacySpan) -> bool:
        """Add the span if the gazetteer knows it well enough to overrule the NER."""
        entries = self.gaz.lookup(span.text)
        if not entries or not self._distinctive(span):
            return False
        nxt = self.doc[span.end] if span.end < len(self.doc) else None
        hint = place_words().get(nxt.lower_) if nxt is not None else None
        strong_name = any(
            e.feature in ("country", "admin1", *CURATED_FEATURES) or e.population >= BIG_CITY
            for e in entries
        )
        inside, inside_label = self._inside_other_entity(span)
        if inside == "larger":  # "Kunduz" in "Kunduz provincial council"; "Michael Jordan"
            if strong_name and inside_label != "PERSON":
                self._embedded(span, entries)
            return False
        is_country = any(e.feature == "country" for e in entries)
        if inside == "exact" and not (is_country or self._evidence(span)):
            if strong_name and is_metonymic(span):  # "Washington (ORG) said": a capital as actor
                self._embedded(span, entries, use="metonym")
            return False  # a one-word PERSON/ORG is believed unless the text says "place"
        if not (strong_name or hint):
            return False
        return self._add(span, label="", hint=hint)

    def _evidence(self, span: SpacySpan) -> bool:
        """Does the text around the span say it is a place (type word, ', Country', 'in X',
        'X, a town', or the dateline)?"""
        probe = self._mention(span, label="")
        self._read_context(span, probe)
        article = self.article
        in_dateline = bool(
            article
            and article.dateline
            and article.dateline[0] <= span.start_char < article.dateline[1]
        )
        return probe.strong or in_dateline

    def _distinctive(self, span: SpacySpan) -> bool:
        """Not a generic capitalized word ("Central") nor a short acronym ("ICON", "AI"),
        unless it is a country's name ("US", "UAE") or the text marks it a place ("DOHA,
        Qatar" in a dateline)."""
        text = span.text
        if countries.by_name(text) is not None:
            return True
        if len(span) == 1 and text.casefold() in generic_names():
            return False
        return not (text.isupper() and len(text) <= 4) or self._evidence(span)

    def _inside_other_entity(self, span: SpacySpan) -> tuple[str | None, str]:
        """('larger', label) when a non-place entity strictly contains the span, ('exact',
        label) when it is the span; (None, '') otherwise."""
        for i in range(span.start, span.end):
            if self.ent_types[i] and self.ent_types[i] not in PLACE_LABELS:
                ent = next(e for e in self.ents if e.start <= i < e.end)
                inner = [t for t in ent if t.lower_ not in ("the",) and t.tag_ != "POS"]
                if inner and (inner[0].i, inner[-1].i) == (span.start, span.end - 1):
                    return "exact", ent.label_
                return "larger", ent.label_
        return None, ""

    def _embedded(self, span: SpacySpan, entries: tuple[Entry, ...], use: str = "embedded") -> None:
        """A toponym inside another name, or a seat standing for an institution: resolved for
        evaluation, never output as a place."""
        if not self.in_scope(span.start_char, span.end_char):
            return
        mention = self._mention(span, label="")
        mention.use, mention.candidates = use, entries
        self.mentions.append(mention)
        self.used.update(t.i for t in span)

    def _from_appositions(self) -> None:
        """'Zorgbaltu, a farming village in ...' / 'the town of X': a name the gazetteer may
        not know, made a place by the words around it (whatever the NER called it)."""
        doc, cap, lower = self.doc, self.cap, self.lower
        for end, text in enumerate(self.texts):
            if text != "," or end == 0:
                continue
            start = end
            while start > 0 and cap[start - 1] and (start - 1) not in self.used:
                start -= 1
            if start == end or end - start > MAX_NGRAM:
                continue
            if self._apposition_place(start, end):
                span = doc[start:end]
                if self._inside_other_entity(span)[0] != "larger":
                    self._add(span, label="GPE", hint="city")
        for i, word in enumerate(lower):
            if word in ("town", "village", "city") and i + 2 < len(lower):
                if lower[i + 1] != "of" or not cap[i + 2]:
                    continue
                end = i + 2
                while end < len(cap) and cap[end] and end - i < 6:
                    end += 1
                span = doc[i + 2 : end]
                if self._inside_other_entity(span)[0] != "larger":
                    self._add(span, label="GPE", hint="city", trusted=True)

    def _from_demonyms(self) -> None:
        """'Afghan territory', 'Syrian soil': a demonym modifying a noun of territory."""
        for i, text in enumerate(self.texts):
            if i in self.used or not text[:1].isupper():
                continue
            span, entries = self._demonym_at(i)
            if span is None or not self.in_scope(span.start_char, span.end_char):
                continue
            if self.blocked.covers(span.start_char, span.end_char) and len(span) > 1:
                continue
            head = span.root.head
            territorial = span.root.dep_ in ("amod", "compound", "nmod") and (
                head.lower_ in place_nouns() or head.lemma_.casefold() in place_nouns()
            )
            mention = self._mention(span, label="NORP")
            mention.use = "place" if territorial else "demonym"
            mention.candidates = entries
            self.mentions.append(mention)
            self.used.update(t.i for t in span)

    def _demonym_at(self, i: int) -> tuple[SpacySpan | None, tuple[Entry, ...]]:
        """The demonym starting at token i ("Latin American", "Afghan") and its place."""
        for n in (2, 1):
            if i + n > len(self.texts) or any(j in self.used for j in range(i, i + n)):
                continue
            text = self._span_text(i, i + n)
            region = region_demonyms().get(fold(text))
            if region is not None:
                return self.doc[i : i + n], self.gaz.lookup(region)[:1]
            country = countries.by_demonym(text) if n == 1 or " " in text else None
            if country is not None:
                entries = self.gaz.lookup(country.name)
                return self.doc[i : i + n], tuple(e for e in entries if e.feature == "country")
        return None, ()

    def _repeat_names(self) -> None:
        """Other occurrences of a name accepted as a place are the same place (one sense per
        discourse), even where the NER called them something else."""
        wanted: dict[str, set[int]] = {}
        for m in self.mentions:
            if m.use == "place" and not m.demonym_like():
                words = self.doc.char_span(m.start, m.end)
                if words is not None:
                    wanted.setdefault(words[0].text, set()).add(len(words))
        known = {(m.name, m.start) for m in self.mentions}
        names = {m.name for m in self.mentions if m.use == "place"}
        for i, text in enumerate(self.texts):
            if text not in wanted:
                continue
            for n in sorted(wanted[text], reverse=True):
                span = self.doc[i : i + n]
                if span.text not in names or (span.text, span.start_char) in known:
                    continue
                if self._inside_other_entity(span)[0] == "larger":
                    continue
                if self._add(span, label="", hint=None, trusted=True):
                    break

    # -- one mention ----------------------------------------------------------------------

    def _mention(self, span: SpacySpan, label: str, hint: str | None = None) -> Mention:
        return Mention(
            start=span.start_char,
            end=span.end_char,
            name=span.text,
            surface=span.text,
            sent=self.sent_of[span.start] if len(self.sent_of) else 0,
            hint=hint,
            label=label,
        )

    def _add(
        self,
        span: SpacySpan,
        label: str,
        hint: str | None,
        full: SpacySpan | None = None,
        trusted: bool = False,
    ) -> bool:
        """Record a mention unless it is not a place; True when recorded. ``trusted``: the
        same name was already accepted as a place in this article."""
        key = fold(span.text)
        if not key or key in platforms() or not any(c.isalpha() for c in span.text):
            return False
        if not self.in_scope(span.start_char, span.end_char):
            return False
        if any(t.i in self.used for t in span):
            return False
        if key in institutions():
            self._embedded(span, self.gaz.lookup(span.text), use="institution")
            return False
        if self.blocked.covers(span.start_char, span.end_char):
            entries = self.gaz.lookup(span.text)
            if entries:
                self._embedded(span, entries)
            return False
        mention = self._mention(span, label, hint)
        self._read_context(span, mention)
        mention.candidates = self._candidates(span)
        if not trusted and not self._plausible(span, mention):
            return False
        if full is not None and full.end > span.end and mention.hint:
            mention.surface = text_of(self.doc)[span.start_char : full.end_char]
        self.mentions.append(mention)
        self.used.update(t.i for t in span)
        self._add_container(mention)
        return True

    def _add_container(self, mention: Mention) -> None:
        """The abbreviated state of "Moore, Okla." is a place mention of its own."""
        if mention.container is None:
            return
        start, end, entry = mention.container
        if any(i in self.used for i in range(start, end)):
            return
        span = self.doc[start:end]
        state = self._mention(span, label="GPE", hint=entry.feature)
        state.candidates, state.name = (entry,), entry.name
        self.mentions.append(state)
        self.used.update(range(start, end))

    def _candidates(self, span: SpacySpan) -> tuple[Entry, ...]:
        entries = self.gaz.lookup(span.text)
        if not entries and span.start >= 2 and self.doc[span.start - 1].text == ",":
            entries = self.gaz.abbreviation(span.text)  # "Raleigh, N.C."
        return entries

    def _read_context(self, span: SpacySpan, mention: Mention) -> None:
        """Type word after ("province"), 'province of' before, ', Country' / ', ST' after."""
        doc = self.doc
        end = span.end
        if end < len(doc) and doc[end].lower_ in place_words() and mention.hint is None:
            mention.hint = place_words()[doc[end].lower_]
            mention.surface = doc[span.start : end + 1].text
            end += 1
        if span.start >= 2 and doc[span.start - 1].lower_ == "of":
            word = doc[span.start - 2].lower_
            if word in place_words():
                mention.hint = place_words()[word]
        if end + 1 < len(doc) and doc[end].text == ",":
            self._comma_hint(doc, end + 1, mention)
        mention.strong = bool(mention.hint or mention.country_hint) or self._locative(span)
        if self._apposition_place(span.start, span.end):
            mention.strong = True
            mention.hint = mention.hint or "city"

    def _comma_hint(self, doc: Doc, i: int, mention: Mention) -> None:
        """'Atlanta, Ga.' / 'Atlanta, Georgia' / 'Bamako, Mali': the container after a comma."""
        for n in (3, 2, 1):
            if i + n > len(doc):
                continue
            words = doc[i : i + n]
            if not all(t.text[:1].isupper() or t.text == "." for t in words):
                continue
            text = words.text
            country = countries.by_name(text)
            if country is not None:
                mention.country_hint = country.alpha2
                return
            states = self.gaz.abbreviation(text) if len(text) <= 5 else ()
            if states and n == len(words):
                mention.container = (i, i + n, states[0])
            if not states:
                states = tuple(e for e in self.gaz.lookup(text) if e.feature == "admin1")
            if states and n == len(words):
                mention.country_hint = states[0].country
                mention.admin1_hint = states[0].admin1
                return

    def _locative(self, span: SpacySpan) -> bool:
        """'in X', 'at X', 'west of X': the span is the object of a locative preposition."""
        root = span.root
        if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS:
            return True
        before = self.doc[span.start - 1] if span.start > 0 else None
        return before is not None and before.lower_ in LOCATIVE_PREPOSITIONS

    def _apposition_place(self, start: int, end: int) -> bool:
        """'X, a river town in ...' (X = tokens [start, end)): an apposition whose noun phrase
        is headed by a town word."""
        i = end
        if i + 2 >= len(self.texts) or self.texts[i] != ",":
            return False
        if self.lower[i + 1] not in ("a", "an", "the"):
            return False
        if any(self.ent_types[j] in NOT_NAMES for j in range(start, end)):
            return False
        for token in self.doc[i + 2 : min(i + 9, len(self.texts))]:
            if token.lower_ in place_words() and place_words()[token.lower_] == "city":
                return True
            if token.tag_ == "POS" or token.text == "-":
                continue  # "the country's second-largest city"
            if token.pos_ not in ("ADJ", "NOUN", "PROPN", "ADV") or token.is_punct:
                break
        return False

    def _plausible(self, span: SpacySpan, mention: Mention) -> bool:
        """Keep gazetteer-known names; unknown ones only with locative evidence."""
        key = fold(span.text)
        person_word = key in self.blocked.person_words
        if mention.candidates:
            if person_word and not (mention.hint or mention.country_hint):
                return any(e.feature == "country" for e in mention.candidates)
            return True
        if person_word or span.text.islower():
            return False
        if mention.label == "LOC" and len(span) > 1:
            return True  # "the Korean Peninsula", "the Niger Delta": geographic by form
        return mention.label in ("GPE", "LOC") and mention.strong


# ------------------------------------------------------------------------------ resolving


def _prior(entry: Entry) -> float:
    """What we believe before reading the context: big places and high-level features."""
    if entry.feature in CURATED_FEATURES:
        return 9.0  # curated names (Middle East, Sahel, Atlantic): rarely a namesake town
    bonus = {"country": 4.0, "admin1": 1.0}.get(entry.feature, 0.0)
    return math.log10(entry.population + 1) + bonus


class Resolver:
    """Choose one gazetteer entry per mention: priors and hints first, then the context that
    first reading reveals (the article's countries, the places nearby)."""

    COUNTRY_WEIGHT = 2.0  # x share of the article's mentions in the candidate's country
    LOCAL_WEIGHT = 3.0  # x share of sub-national mentions there (for admin1 candidates)
    NEARBY_WEIGHT = 0.75  # per place of the same country within two sentences

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.country_share: dict[str, float] = {}
        self.local_share: dict[str, float] = {}
        self.by_sentence: dict[int, Counter[str]] = {}  # sentence -> countries of first readings
        for m in mentions:
            if m.candidates and m.candidates[0].country:
                self.by_sentence.setdefault(m.sent, Counter())[m.candidates[0].country] += 1

    def resolve(self) -> None:
        first = {id(m): self._best(m, context=False) for m in self.mentions if m.candidates}
        self._shares(first)
        for m in self.mentions:
            if m.candidates:
                m.chosen = self._best(m, context=True)
                m.country = m.chosen.country
        for m in self.mentions:
            if m.chosen is None:
                m.country = m.country_hint or self._nearby_country(m)
        self._one_sense(self.mentions)

    def _best(self, m: Mention, context: bool) -> Entry:
        return max(m.candidates, key=lambda e: self.score(e, m, context))

    def _shares(self, first: dict[int, Entry]) -> None:
        countries_seen: Counter[str] = Counter()
        local: Counter[str] = Counter()
        for m in self.mentions:
            entry = first.get(id(m))
            code = entry.country if entry else m.country_hint
            if not code:
                continue
            countries_seen[code] += 1
            if entry is not None and entry.feature in ("admin1", "admin2", "city"):
                local[code] += 1
        total = sum(countries_seen.values()) or 1
        self.country_share = {c: n / total for c, n in countries_seen.items()}
        total = sum(local.values()) or 1
        self.local_share = {c: n / total for c, n in local.items()}

    def score(self, entry: Entry, m: Mention, context: bool = True) -> float:
        score = _prior(entry) + self._hints(entry, m)
        if entry.lat is None and entry.feature != "country":
            score -= 1.0
        if not context:
            return score
        code = entry.country or ""
        score += self.COUNTRY_WEIGHT * self.country_share.get(code, 0.0)
        if entry.feature == "admin1" and any(
            e.feature == "country" and e.country != code for e in m.candidates
        ):  # Georgia the state against Georgia the country: the other local places decide
            score += self.LOCAL_WEIGHT * self.local_share.get(code, 0.0)
        near = sum(self.by_sentence.get(n, {}).get(code, 0) for n in range(m.sent - 2, m.sent + 3))
        if m.candidates and m.candidates[0].country == code:
            near -= 1  # not itself
        return score + self.NEARBY_WEIGHT * min(near, 3)

    @staticmethod
    def _hints(entry: Entry, m: Mention) -> float:
        """Type words, a container after a comma, and the bare-name convention."""
        score = 0.0
        if m.hint:
            score += 6.0 if entry.feature == m.hint else -3.0
        elif (
            entry.feature == "city"
            and entry.population >= 20_000
            and any(e.feature == "admin1" and e.country == entry.country for e in m.candidates)
            and not any(e.feature == "country" for e in m.candidates)
        ):
            score += 3.0  # bare "Mopti" / "Washington": the city, not its namesake province
        if m.country_hint:
            score += 6.0 if entry.country == m.country_hint else -6.0
        if m.admin1_hint and entry.admin1 == m.admin1_hint:
            score += 2.0
        return score

    def _nearby_country(self, m: Mention) -> str | None:
        """An unknown place takes the country of the closest resolved place in its sentence,
        else the article's dominant country when one dominates."""
        same = [
            o
            for o in self.mentions
            if o.chosen is not None and o.sent == m.sent and o.chosen.country
        ]
        if same:
            return min(same, key=lambda o: abs(o.start - m.start)).chosen.country
        if self.country_share:
            code, share = max(self.country_share.items(), key=lambda kv: kv[1])
            if share >= 0.5:
                return code
        return None

    @staticmethod
    def _one_sense(mentions: list[Mention]) -> None:
        """Repeated mentions of a name take the reading of its best-specified mention
        ("Springfield, Ill." settles a later "the city of Springfield"), when that reading
        is of the same feature and among their own candidates."""

        def strength(m: Mention) -> int:
            return 2 * bool(m.admin1_hint) + bool(m.country_hint) + bool(m.hint)

        groups: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.chosen is not None and m.use == "place":
                groups.setdefault(fold(m.name), []).append(m)
        for group in groups.values():
            best = max(group, key=strength)
            if strength(best) == 0:
                continue
            for m in group:
                if (
                    m is not best
                    and m.chosen.feature == best.chosen.feature
                    and best.chosen in m.candidates
                    and strength(m) <= strength(best)
                ):
                    m.chosen, m.country = best.chosen, best.chosen.country


# ------------------------------------------------------------------------------ output


def _place_name(group: list[Mention]) -> str:
    chosen = group[0].chosen
    if chosen is not None and chosen.feature == "country":
        return chosen.name
    names = [m.name for m in group]
    if chosen is not None and any(fold(n) == fold(chosen.name) for n in names):
        return chosen.name
    return names[0]


def build_places(mentions: Iterable[Mention]) -> list[Place]:
    """Merge mentions of the same place into Place records, numbered in text order."""
    groups: dict[tuple, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.use != "place":
            continue
        groups.setdefault(m.key(), []).append(m)
    places = []
    for n, group in enumerate(groups.values(), start=1):
        entry = group[0].chosen
        first = next((m for m in group if m.country), group[0])
        aliases = list(dict.fromkeys(s for m in group for s in (m.name, m.surface)))
        name = _place_name(group)
        places.append(
            Place(
                id=f"p{n}",
                name=name,
                country=entry.country if entry else first.country,
                admin1=entry.admin1 if entry and entry.feature != "country" else None,
                feature=entry.feature if entry else _guess_feature(group),
                geonames_id=entry.geonames_id if entry else None,
                lat=entry.lat if entry else None,
                lon=entry.lon if entry else None,
                mentions=[(m.start, m.end) for m in group],
                aliases=[a for a in aliases if a != name],
            )
        )
    return places


def _guess_feature(group: list[Mention]) -> str:
    """The feature of a place the gazetteer does not know: a hint, its last word, its label."""
    hinted = next((m.hint for m in group if m.hint), None)
    if hinted:
        return hinted
    m = group[0]
    words = fold(m.name).split()
    if words and words[-1] in place_words():
        return place_words()[words[-1]]
    return "city" if m.label == "GPE" else "region"


def find_places(doc: Doc, gazetteer: Gazetteer | None = None) -> tuple[list[Place], list[Toponym]]:
    """Recognize, resolve and merge the places of a Doc; also every toponym seen, by use."""
    mentions = PlaceFinder(doc, gazetteer).find()
    Resolver(mentions).resolve()
    return build_places(mentions), [Toponym.of(m) for m in mentions]


def place_at(doc: Doc, start: int, end: int) -> Place | None:
    """The place with a mention overlapping [start, end), the tightest mention first."""
    best: tuple[int, Place] | None = None
    for place in doc._.places or []:
        for m_start, m_end in place.mentions:
            if m_start < end and start < m_end:
                size = m_end - m_start
                if best is None or size < best[0]:
                    best = (size, place)
    return best[1] if best else None


def place_by_id(doc: Doc, place_id: str) -> Place | None:
    return next((p for p in doc._.places or [] if p.id == place_id), None)


def metonymic_at(doc: Doc, start: int, end: int) -> bool:
    """True when the toponym at [start, end) stands for a government or people ("Washington
    said"): the events layer should not take it as the place where something happened."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and is_metonymic(span)


def precision_code(place: Place | None) -> int | None:
    """ACLED geo_precision: 1 a town, 2 part of a region (district, river), 3 region or
    larger (province, country); None without a place."""
    if place is None:
        return None
    return PRECISION.get(place.feature, 3)


@Language.factory(
    "dateline_places",
    assigns=["doc._.places"],
    requires=["doc._.article", "doc._.entities", "doc.ents", "token.dep"],
)
class PlaceComponent(Component):
    """Writes ``doc._.places`` (list[Place]); every toponym seen goes to
    ``doc.user_data["dateline_toponyms"]`` as (start, end, use, country, feature, lat, lon)
    tuples, for evaluation."""

    FACTORY = "dateline_places"
    ATTRIBUTE = "places"

    def extract(self, doc: Doc) -> list[Place]:
        places, toponyms = find_places(doc)
        doc.user_data["dateline_toponyms"] = [
            (t.start, t.end, t.use, t.country, t.feature, t.lat, t.lon) for t in toponyms
        ]
        return places


__all__ = [
    "Mention",
    "PlaceFinder",
    "Resolver",
    "Toponym",
    "build_places",
    "find_places",
    "is_metonymic",
    "metonymic_at",
    "place_at",
    "place_by_id",
    "PlaceComponent",
    "precision_code",
]
