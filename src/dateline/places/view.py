"""One Doc as the places layer reads it: token arrays, sentences, the spans where no place may
be made, and the article's scope (boilerplate out, the dateline in).

spaCy builds a new Token on every ``doc[i]`` and every Span on every ``doc.ents``, and the
recognition passes look at each token several times: what they need is read once, as lists.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import ENT_TYPE, IDX, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.symbols import PROPN
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from dateline import countries
from dateline.model import Article, Entity
from dateline.places.gazetteer.keys import name_key
from dateline.tokens import text_of

PLACE_LABELS = ("GPE", "LOC", "FAC")
# labels the small model puts on lists of towns ("Gaya and Dehri" as a WORK_OF_ART): split at
# "and" as well as at commas; a person's or an organization's name is split at commas only
LISTING_LABELS = ("WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE", "NORP")
LIST_SEPARATORS = (",", "and", "or", "&")
BLOCKING_ENTITY_TYPES = ("PERSON", "ORG")
TITLE_WORD_CHARS = 4  # a headline's content words are this long; "of", "in", "the" stay low
TITLE_MIN_WORDS = 3  # fewer content words say nothing of the sentence's casing
TITLE_SHARE = 0.8  # this share of them capitalized: a title-cased sentence


def capitalized(text: str, ent_type: str, pos: int) -> bool:
    """A word that may begin or continue a name: capitalized, and a proper noun, an acronym or
    inside a named entity (a capitalized sentence opener alone is not enough). The rule as
    one token's; :class:`DocView` applies it to a whole Doc at once (``cap``)."""
    return bool(text[:1].isupper() and (pos == PROPN or text.isupper() or ent_type))


@dataclass
class Blocked:
    """Character spans where no place may be made (the entities layer's persons and
    organizations, with the entity), and person-name words.

    The spans are indexed by start (:meth:`seal`), so that asking whether one is covered looks
    at the spans starting within the longest span's length before it, not at every span of the
    article: recognition asks once per candidate name, and a long article has many of both."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    person_words: set[str] = field(default_factory=set)
    entities: list[Entity | None] = field(default_factory=list)  # per span
    _order: list[int] = field(default_factory=list)  # span indices sorted by start
    _starts: list[int] = field(default_factory=list)
    _longest: int = 0

    def seal(self) -> None:
        """Index the spans (call after the last one is added)."""
        self._order = sorted(range(len(self.spans)), key=lambda k: self.spans[k][0])
        self._starts = [self.spans[k][0] for k in self._order]
        self._longest = max((e - s for s, e in self.spans), default=0)

    def _covering(self, start: int, end: int) -> int | None:
        """The index (in insertion order) of the first span holding [start, end), if any."""
        if len(self._order) != len(self.spans):
            self.seal()
        lo = bisect_left(self._starts, end - self._longest)
        hi = bisect_right(self._starts, start)
        found = [
            k for k in self._order[lo:hi] if self.spans[k][0] <= start and end <= self.spans[k][1]
        ]
        return min(found) if found else None

    def covers(self, start: int, end: int) -> bool:
        return self._covering(start, end) is not None

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity whose mention covers [start, end), if any."""
        k = self._covering(start, end)
        return self.entities[k] if k is not None else None


class DocView:
    """The token arrays, sentence index, blocked spans and scope of one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.article: Article | None = doc._.article if doc.has_extension("article") else None
        self.text = text_of(doc)
        self.ents: list[SpacySpan] = list(doc.ents)
        strings = doc.vocab.strings
        columns = doc.to_array([IDX, LENGTH, LOWER, ENT_TYPE, POS, TAG]).T
        starts, lengths, lowers, ent_types, pos, tags = (
            columns if len(doc) else [np.zeros(0, dtype=np.uint64)] * 6
        )
        self.starts: list[int] = starts.tolist()
        self.texts = [
            self.text[i : i + n] for i, n in zip(self.starts, lengths.tolist(), strict=True)
        ]
        self.lower = [strings[h] for h in lowers.tolist()]  # Token.lower_
        self.ent_types = [""] * len(self.texts)  # Token.ent_type_ ("" outside entities)
        for i in np.flatnonzero(ent_types).tolist():
            self.ent_types[i] = strings[int(ent_types[i])]
        # the tag of "'s" is the only tag the layer asks about: Token.tag_ == "POS"
        self.possessive: list[bool] = (tags == np.uint64(strings["POS"])).tolist()
        self.proper: list[bool] = (pos == PROPN).tolist()  # Token.pos == PROPN
        # the passes that only start at a capitalized word loop over these, not every token
        self.upper_at: list[int] = [i for i, t in enumerate(self.texts) if t[:1].isupper()]
        # capitalized(), asked only of the words with a capital first letter
        self.cap: list[bool] = [False] * len(self.texts)
        for i in self.upper_at:
            self.cap[i] = self.proper[i] or self.texts[i].isupper() or bool(self.ent_types[i])
        self.cap_at: list[int] = [i for i in self.upper_at if self.cap[i]]
        self.sent_of = self._sentence_index()
        self.blocked = self._blocked()
        # (label, start, end) of every entity, read once: each Span property is a call
        self.ent_bounds: list[tuple[str, int, int]] = [
            (ent.label_, ent.start, ent.end) for ent in self.ents
        ]
        self.ner_place: set[int] = {  # tokens the NER put in a place entity
            i
            for label, start, end in self.ent_bounds
            if label in PLACE_LABELS
            for i in range(start, end)
        }
        self.ent_of: dict[int, SpacySpan] = {  # token -> the entity holding it
            i: ent
            for ent, (_, start, end) in zip(self.ents, self.ent_bounds, strict=True)
            for i in range(start, end)
        }
        self._title_cased: dict[int, bool] = {}  # sentence -> title_cased (asked rarely)

    def __len__(self) -> int:
        return len(self.texts)

    def _sentence_index(self) -> list[int]:
        """The sentence of every token, as ``doc.sents`` numbers them (a sentence starts at
        token 0 and at every later token whose sentence start is 1), without their Spans."""
        if not len(self.doc) or not self.doc.has_annotation("SENT_START"):
            return [0] * len(self.doc)
        opens = self.doc.to_array(SENT_START) == 1
        opens[0] = False  # token 0 opens sentence 0 whatever its flag says
        return np.cumsum(opens).tolist()

    def _blocked(self) -> Blocked:
        """Spans of persons and organizations (the entities layer's, then spaCy's)."""
        blocked = Blocked()
        entities = self.doc._.entities if self.doc.has_extension("entities") else None
        for entity in entities or []:
            if entity.type not in BLOCKING_ENTITY_TYPES:
                continue
            is_country_named = countries.by_name(entity.name) is not None
            for start, end in entity.mentions:
                if not is_country_named:
                    blocked.spans.append((start, end))
                    blocked.entities.append(entity)
            if entity.type == "PERSON" and " " in entity.name.strip():
                blocked.person_words.update(name_key(w) for w in entity.name.split()[1:])
        for ent in self.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                blocked.person_words.update(name_key(t.text) for t in ent[1:] if t.is_alpha)
        blocked.seal()
        return blocked

    def in_scope(self, start: int, end: int) -> bool:
        """Outside boilerplate, or inside the dateline, which anchors the story."""
        article = self.article
        if article is None:
            return True
        if self.in_dateline(start, end):
            return True
        return not article.in_boilerplate(start, end)

    def in_dateline(self, start: int, end: int) -> bool:
        """[start, end) lies inside the article's dateline ("BAMAKO, Mali (AP) —")."""
        line = self.article.dateline if self.article else None
        return bool(line and line[0] <= start and end <= line[1])

    def tokens_of(self, start: int, end: int) -> range | None:
        """The tokens of ``doc.char_span(start, end)`` (strict alignment: None unless
        [start, end) begins and ends at token boundaries), found by bisecting the offsets."""
        first = bisect_left(self.starts, start)
        if first == len(self.starts) or self.starts[first] != start or end <= start:
            span = self.doc.char_span(start, end)  # let spaCy decide the odd cases
            return None if span is None else range(span.start, span.end)
        last = bisect_left(self.starts, end) - 1
        if self.starts[last] + len(self.texts[last]) != end:
            span = self.doc.char_span(start, end)
            return None if span is None else range(span.start, span.end)
        return range(first, last + 1)

    def spaced(self, i: int) -> bool:
        """``doc[i].whitespace_`` without the Token: the next token starts past this one's
        end (the text is every token's text and whitespace, in order)."""
        if i + 1 < len(self.starts):
            return self.starts[i + 1] > self.starts[i] + len(self.texts[i])
        return bool(self.doc[i].whitespace_)

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` without building the Span."""
        return self.text[self.starts[start] : self.starts[end - 1] + len(self.texts[end - 1])]

    def sentence(self, token: int) -> int:
        return self.sent_of[token] if len(self.sent_of) else 0

    def title_cased(self, token: int) -> bool:
        """Is the sentence of ``token`` written in title case (a headline: "Floods Hit Coastal
        Towns")? Its content words (``TITLE_WORD_CHARS`` letters or more: "of", "in" and
        "the" stay low there) are nearly all capitalized. Asked rarely; cached per sentence."""
        n = self.sentence(token)
        known = self._title_cased.get(n)
        if known is not None:
            return known
        start, end = token, token + 1
        while start > 0 and self.sent_of[start - 1] == n:
            start -= 1
        while end < len(self.sent_of) and self.sent_of[end] == n:
            end += 1
        words = [t for t in self.texts[start:end] if t.isalpha() and len(t) >= TITLE_WORD_CHARS]
        upper = sum(1 for t in words if t[:1].isupper())
        cased = len(words) >= TITLE_MIN_WORDS and upper >= TITLE_SHARE * len(words)
        self._title_cased[n] = cased
        return cased

    def inside_other_entity(
        self, span: SpacySpan, articles: frozenset[str]
    ) -> tuple[str | None, str]:
        """('larger', label) when a non-place entity strictly contains the span, ('exact',
        label) when it is the span (articles and a possessive aside, and an entity the model
        ran across a comma counts part by part: "Oulton Park, Cheshire"); (None, '')
        otherwise."""
        for i in range(span.start, span.end):
            if self.ent_types[i] and self.ent_types[i] not in PLACE_LABELS and i in self.ent_of:
                ent = self.ent_of[i]
                start, end = ent.start, ent.end
                separators = LIST_SEPARATORS if ent.label_ in LISTING_LABELS else (",",)
                for j in range(ent.start, ent.end):
                    if self.lower[j] in separators:
                        if j < span.start:
                            start = j + 1
                        elif j >= span.end:
                            end = min(end, j)
                inner = [
                    j
                    for j in range(start, end)
                    if self.lower[j] not in articles and not self.possessive[j]
                ]
                if inner and (inner[0], inner[-1]) == (span.start, span.end - 1):
                    return "exact", ent.label_
                return "larger", ent.label_
        return None, ""
