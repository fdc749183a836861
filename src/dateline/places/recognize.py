"""Recognition: which spans of a Doc are toponyms, and what use each is put to.

spaCy's GPE/LOC/FAC entities come first (neighbours the model cut apart joined again, entities
run across a comma split); then what the small model misses, all by lookups, never by scanning
the gazetteer: runs of proper nouns that name a country, a first-level unit, a curated region,
a big city or a unit written with its type word ("Laurel County"); "Ghazni province" / "the
province of X" / "states such as X"; "City, ST", "City, Country" and "Karachi's Lyari";
"X, a farming village"; all-caps town names opening a paragraph ("ATLANTA (AP)").

Names the model or the entities layer typed PERSON/ORG are **rescued** when the gazetteer and
the text agree: a spatial preposition ("in Jogbani", "near Raxaul"), a container, a type word,
the dateline, or a place of the article within ``rescue_km`` ("to Cirencester from
Gloucester"); never a word of a person's name, nor an entity with a role or that speaks.

Each mention gets a **use**: ``place`` (output), ``demonym`` ("Russian officials", kept as a
non-literal reference of its country; also "Iowans", "Europeans"), ``embedded`` ("Herat" in
"Herat provincial council"), ``institution`` ("the EU"), ``metonym`` ("Washington (ORG)
said") and ``facility`` (streets, buildings, campuses: "on Royal Street", "accepted to Florida
Atlantic University"; recognized but not placed). Every span considered and refused is
recorded with one of :data:`REJECTIONS`. Boilerplate is out of scope; the dateline is kept,
because its place anchors the story.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from dateline import countries
from dateline.model import Entity
from dateline.places.clues import NOT_NAMES, Clues, is_metonymic
from dateline.places.demonyms import DemonymReader
from dateline.places.gazetteer.index import CURATED_FEATURES, Entry, Gazetteer
from dateline.places.gazetteer.keys import name_key
from dateline.places.mention import Mention
from dateline.places.nearness import PointIndex
from dateline.places.settings import PlaceSettings
from dateline.places.view import PLACE_LABELS, DocView
from dateline.places.vocabulary import Vocabulary
from dateline.tokens import text_of

STRONG_FEATURES = ("country", "admin1", *CURATED_FEATURES)
UNIT_NAMES = ("country", "admin1")  # a whole name that outweighs the model's typing of a part
UNIT_FEATURES = ("country", "admin1", "admin2", *CURATED_FEATURES)
ACRONYM_MAX_CHARS = 4  # "ICON", "AI": an all-caps word this short needs evidence to be a place
DEMONYM_WORDS = (2, 1)  # "Latin American", then "Afghan"
TERRITORY_DEPS = ("amod", "compound", "nmod")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
NATURAL_FEATURES = ("river", "lake", "sea")
DATE_LABELS = ("DATE", "TIME")
STATE_CODE_CHARS = 3  # "WA", "NSW": an all-caps word this short may be a state's code
MODIFIER_DEPS = ("amod", "compound", "poss")
MIN_HEADLINE_CHARS = 4  # an all-caps paragraph opener this long may be a dateline's town
NAME_LABELS = ("ORG", "FAC")  # longer names a toponym may open as modifier
DATELINE_MARKS = (",", "(", "—", "–", "-", "--", ":")  # what follows a dateline's town

# why a candidate span was not taken as a place (doc.user_data["dateline_place_rejections"])
REJECTIONS = (
    "platform",  # "Twitter"
    "out_of_scope",  # in boilerplate (a credit line, a byline)
    "overlap",  # its words are already part of another mention
    "institution",  # "the White House": a seat standing for a government
    "person",  # the entities layer holds it as a person (kept as an embedded toponym)
    "organization",  # the entities layer holds it as an organization (idem)
    "person_word",  # a word of a person's name in this article ("Lincoln" after "Laura Lincoln")
    "generic_word",  # "Central", "Centre": a common word without evidence of a place
    "acronym",  # "ICON", "AI": a short all-caps word without evidence of a place
    "unknown_name",  # the gazetteer does not know it and the words around it do not say place
    "weak_name",  # the gazetteer knows only small namesakes and nothing says place
    "inside_name",  # part of a longer name ("Herat" in "Herat provincial council")
)


class PlaceFinder:
    """Finds the toponyms of one Doc (:meth:`find`); :mod:`.resolve` chooses their readings."""

    def __init__(
        self,
        doc: Doc,
        gazetteer: Gazetteer,
        vocabulary: Vocabulary,
        settings: PlaceSettings,
        demonyms: DemonymReader | None = None,
    ) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.vocab = vocabulary
        self.settings = settings
        self.view = DocView(doc)
        self.clues = Clues(self.view, gazetteer, vocabulary, settings)
        self.mentions: list[Mention] = []
        self.used: set[int] = set()  # token indices already in a mention
        self.rejected: list[tuple[int, int, str, str]] = []  # (start, end, text, reason)
        self.deferred: list[tuple[SpacySpan, tuple[Entry, ...]]] = []  # for _rescue_by_context
        self.speaks: dict[int, bool] = {}  # id(entity) -> does it speak (see _speaks)
        # the places demonyms name: the component's, kept across articles, or this Doc's own
        self.demonyms = demonyms or DemonymReader(gazetteer, vocabulary, settings)
        # known names opening a longer name ("the Elmira Zephyr grant"): see _repeat_names
        self.openers: list[Mention] = []

    def _reject(self, span: SpacySpan, reason: str) -> bool:
        self.rejected.append((span.start_char, span.end_char, self._text(span), reason))
        return False

    def _text(self, span: SpacySpan) -> str:
        """``span.text`` from the Doc's text (spaCy builds a Token per word for it)."""
        return self.view.span_text(span.start, span.end) if len(span) else ""

    def find(self) -> list[Mention]:
        for ent in self._joined_place_entities():
            for part in _comma_parts(ent, self.view.texts):
                self._from_entity(part, ent.label_)
        self._from_facilities(early=True)
        self._from_proper_nouns()
        self._from_appositions()
        self._from_demonyms()
        self._rescue_by_context()
        self._repeat_names()
        self._from_facilities()
        self.mentions.sort(key=lambda m: m.start)
        return self.mentions

    # -- the passes -----------------------------------------------------------------------

    def _from_entity(self, ent: SpacySpan, label: str) -> None:
        vocab, lower = self.vocab, self.view.lower
        start, end = ent.start, ent.end  # the tokens kept, trimmed below
        while start < end and lower[start] in vocab.articles:
            start += 1
        if start < end and self.view.possessive[end - 1]:
            end -= 1
        hint = None
        if end - start > 1 and lower[end - 1] in vocab.place_words and not self._known(start, end):
            hint = vocab.place_words[lower[end - 1]]
            end -= 1
        if start >= end:
            return
        if end - start > 1 and lower[start] in vocab.directions and not self._known(start, end):
            start += 1
        span = self.doc[start:end]
        if self._continues_name(span):  # "Islamic State Sahel Province"
            self._reject(span, "inside_name")
            return
        if not hint and not self._distinctive(span):
            self._reject(span, self._indistinct_reason(span))
            return
        self._add(span, label=label, hint=hint, full=ent)

    def _joined_place_entities(self) -> list[SpacySpan]:
        """The model's place entities, with neighbours it cut apart joined again when the
        gazetteer knows the whole ("Baja" + "California", "Trinidad" + "and" + "Tobago"). The
        second part may be an entity of another type ("Tobago" as a PERSON) when the whole is
        a country or first-level unit: the model read the part, not the name."""
        view, joiners = self.view, self.vocab.name_joiners
        joined: list[SpacySpan] = []
        for ent in view.ents:
            is_place = ent.label_ in PLACE_LABELS
            if joined and (is_place or ent.label_ not in NOT_NAMES):
                last = joined[-1]
                gap = view.lower[last.end : ent.start]
                if all(w in joiners for w in gap) and len(gap) <= 1:
                    whole = self.gaz.lookup(view.span_text(last.start, ent.end))
                    if whole and (is_place or any(e.feature in UNIT_NAMES for e in whole)):
                        joined[-1] = SpacySpan(self.doc, last.start, ent.end, label=last.label_)
                        continue
            if is_place:
                joined.append(ent)
        return joined

    def _continues_name(self, span: SpacySpan) -> bool:
        """The model cut a place out of a longer proper name: the word before is a
        capitalized proper noun of no place entity, mid-sentence, joined to it."""
        i, view = span.start - 1, self.view
        if i < 1 or view.sent_of[i] != view.sent_of[span.start]:
            return False
        return (
            view.proper[i]
            and view.texts[i][:1].isupper()
            and view.spaced(i)
            and i not in view.ner_place
            and not view.ent_types[i]
            and not self.gaz.lookup(view.texts[i])
        )

    def _opens_name(self, span: SpacySpan) -> bool:
        """The model cut a place off the front of a longer proper name ("Leeds" of a firm
        called "Leeds Veridata", the next word tagged apart or not at all): the word
        after is a capitalized proper noun of the same sentence, joined by a space, that no
        place, unit code, type word, direction, facility word or title is ("Portland Oregon",
        "Washington DC", "Kent County", "Ohio Gov. Smith" keep their place). A title-cased
        sentence (a headline) capitalizes every word, so there the next word says nothing."""
        i, view = span.end, self.view
        if i >= len(view) or view.sent_of[i] != view.sent_of[span.start]:
            return False
        text = view.texts[i]
        if not view.proper[i] or not text[:1].isupper() or not view.spaced(i - 1):
            return False
        word = view.lower[i].rstrip(".")
        vocab = self.vocab
        if view.ent_types[i] in NOT_NAMES or word in vocab.place_words or self._person_at(i):
            return False
        if word in vocab.directions or word in vocab.facility_words or word in vocab.titles:
            return False
        if self.gaz.lookup(text) or self.gaz.abbreviation(text):
            return False
        return not self.view.title_cased(span.start)

    def _person_at(self, i: int) -> bool:
        """Does a person's full name (two words or more) start at token i ("Texas Jane Doe",
        a caption run on)? One word the model calls a person after a town is as often the
        rest of a firm's name ("Leeds Veridata") as a surname."""
        ent = self.view.ent_of.get(i)
        return ent is not None and ent.label_ == "PERSON" and ent.start == i and len(ent) > 1

    def _known(self, start: int, end: int) -> bool:
        """Does the gazetteer know the words of tokens [start, end) as a name?"""
        return bool(self.gaz.lookup(self.view.span_text(start, end)))

    def _from_proper_nouns(self) -> None:
        """Longest gazetteer matches over runs of proper nouns the NER did not tag a place.

        Only capitalized tokens start a name, and a name is at most ``max_name_words`` long,
        so the run of tokens that may sit in one is counted forward from those tokens only,
        that far (:meth:`_name_run`), not over the whole article."""
        doc, view, used = self.doc, self.view, self.used
        lower, joiners = view.lower, self.vocab.name_joiners
        lookup, span_text = self.gaz.lookup, view.span_text
        resume = 0  # the token after the last name matched
        for i in view.cap_at:
            if i < resume or i in used:
                continue
            matched = 0
            for n in range(self._name_run(i), 0, -1):
                if lower[i + n - 1] in joiners:
                    continue
                if not used.isdisjoint(range(i, i + n)):
                    continue
                if not lookup(span_text(i, i + n)):
                    continue  # what _proper_noun_place asks first, without making a Span
                if self._proper_noun_place(doc[i : i + n]):
                    matched = n
                    break
            resume = i + (matched or 1)

    def _name_run(self, i: int) -> int:
        """How many tokens from token i on may belong to one name, up to ``max_name_words``:
        capitalized or a joiner ("of"), not in a place entity of the NER, not in a date ("in
        August")."""
        view, joiners = self.view, self.vocab.name_joiners
        stop = min(i + self.settings.max_name_words, len(view.texts))
        j = i
        while (
            j < stop
            and (view.cap[j] or view.lower[j] in joiners)
            and j not in view.ner_place
            and view.ent_types[j] not in DATE_LABELS
        ):
            j += 1
        return j - i

    def _proper_noun_place(self, span: SpacySpan) -> bool:
        """Add the span if the gazetteer knows it well enough to overrule the NER."""
        text = self._text(span)
        entries = self.gaz.lookup(text)
        if not entries:
            return False
        if self._is_demonym(span):  # "Canadian", "English": the demonym pass reads them
            return False
        if name_key(text) in self.vocab.institutions:
            if any(e.feature in CURATED_FEATURES for e in entries):  # "the EU"
                self._embedded(span, entries, use="institution")
            return self._reject(span, "institution")
        if not self._distinctive(span):
            return self._reject(span, self._indistinct_reason(span))
        lower = self.view.lower
        hint = self.vocab.place_words.get(lower[span.end]) if span.end < len(lower) else None
        strong_name = self._strong_name(span, entries)
        inside, inside_label = self.view.inside_other_entity(span, self.vocab.articles)
        if inside == "larger":  # "Herat" in "Herat provincial council"; "Michael Jordan"
            if inside_label != "PERSON" and (strong_name or self._modifier_name(span, entries)):
                self._embedded(span, entries)
            return self._reject(span, "inside_name")
        is_country = any(e.feature == "country" for e in entries)
        if inside == "exact" and not (is_country or self._evidence(span)):
            if strong_name and is_metonymic(span, self.vocab):  # "Washington (ORG) said"
                self._embedded(span, entries, use="metonym")
            elif any(e.feature in STRONG_FEATURES for e in entries) and inside_label == "ORG":
                self._embedded(span, entries, use="institution")  # "the EU", "EU airlines"
            # a one-word PERSON/ORG is believed unless the text says "place"
            self.deferred.append((span, entries))
            return self._reject(span, "person" if inside_label == "PERSON" else "organization")
        if not (strong_name or hint or self._rescue_evidence(span)):
            self.deferred.append((span, entries))
            return self._reject(span, "weak_name")
        return self._add(span, label="", hint=hint, rescue=inside == "exact")

    def _is_demonym(self, span: SpacySpan) -> bool:
        return self.demonyms.is_demonym(self._text(span))

    def _strong_name(self, span: SpacySpan, entries: tuple[Entry, ...]) -> bool:
        """A country, first-level unit, curated region or big city; or a unit named with its
        type word ("Laurel County", "Rapides Parish") that the gazetteer holds as that type."""
        if any(
            e.feature in STRONG_FEATURES
            or (e.primary and e.population >= self.settings.big_city_population)
            for e in entries
        ):  # a big city by one of its alternate names ("Latin" for Lahti) is not enough
            return True
        feature = self.vocab.place_words.get(self.view.lower[span.end - 1])
        return len(span) > 1 and feature is not None and any(e.feature == feature for e in entries)

    def _evidence(self, span: SpacySpan) -> bool:
        """Does the text around the span say it is a place (type word, ', Country', 'in X',
        'X, a town', or the dateline)?"""
        probe = self._mention(span, label="")
        self.clues.read(span, probe)
        article = self.view.article
        in_dateline = bool(
            article
            and article.dateline
            and article.dateline[0] <= span.start_char < article.dateline[1]
        )
        return probe.strong or in_dateline

    def _rescue_evidence(self, span: SpacySpan) -> bool:
        """Stronger evidence, enough to overrule the model's PERSON/ORG: a type word or a
        container ("Jogbani, Bihar"), "X, a town", a spatial preposition ("in Jogbani", "near
        Raxaul", "in Žilina, Nitra and Košice"), or the dateline."""
        probe = self._mention(span, label="")
        self.clues.read(span, probe)
        if probe.hint or probe.country_hint or probe.containers or probe.in_dateline:
            return True
        if self._heads_paragraph(span) or self._after_comma_as_unit(span):
            return True
        return self.clues.locative(span, self.vocab.spatial_prepositions)

    def _heads_paragraph(self, span: SpacySpan) -> bool:
        """An all-caps name opening a paragraph ("ATLANTA (AP) An aide ...", "ST. LOUIS –"):
        how datelines are written, found or not by the frame."""
        name = self._text(span)
        if not name.isupper() or len(name) < MIN_HEADLINE_CHARS:
            return False
        if span.end < len(self.view) and self.view.texts[span.end] not in DATELINE_MARKS:
            return False
        text, start = self.view.text, span.start_char
        line_start = text.rfind("\n", 0, start) + 1
        return not text[line_start:start].strip()

    def _after_comma_as_unit(self, span: SpacySpan) -> bool:
        """', Kent' after a capitalized name ("Brands Hatch, Kent"): a unit after a comma is
        the container of the name before it."""
        i = span.start
        if i < 2 or self.view.texts[i - 1] != "," or not self.view.cap[i - 2]:
            return False
        return any(e.feature in ("admin1", "admin2") for e in self.gaz.lookup(self._text(span)))

    def _modifier_name(self, span: SpacySpan, entries: tuple[Entry, ...]) -> bool:
        """A town of some size opening a longer name as its modifier ("Beverly Hills Police
        Department", "Allendale Woman's Club"; not the head: "Bank of Valletta", "St. Louis
        Police"): an embedded toponym, which is never output as a place."""
        if len(span) == 1 and self._text(span).casefold() in self.vocab.generic_names:
            return False
        ent = self.view.ent_of.get(span.start)
        if (
            ent is None
            or ent.label_ not in NAME_LABELS
            or ent.root.i in range(span.start, span.end)
        ):
            return False
        first = next((t.i for t in ent if t.lower_ not in self.vocab.articles), ent.start)
        return first == span.start and any(
            e.feature in STRONG_FEATURES or e.population >= self.settings.embedded_min_population
            for e in entries
        )

    def _rescue_by_context(self) -> None:
        """Names set aside above (typed PERSON/ORG, or small) that the gazetteer places within
        ``rescue_km`` of a place the article already has, where a locative word or a list
        links them ("to Cirencester from Gloucester", "in Zilina, Nitra and Kosice")."""
        anchors = PointIndex(self.settings.rescue_km)
        for m in self.mentions:
            if m.use == "place" and m.candidates:
                e = m.candidates[0]
                if e.feature in ("city", "admin2", "admin1") and e.lat is not None:
                    anchors.add(e, "")
        if not anchors.cells:
            return
        for span, entries in self.deferred:
            if not self.used.isdisjoint(range(span.start, span.end)):
                continue
            ner_place = any(i in self.view.ner_place for i in range(span.start, span.end))
            if not (ner_place or self._evidence(span)):
                continue
            if name_key(self._text(span)) in self.view.blocked.person_words:
                continue
            entity = self.view.blocked.entity_at(span.start_char, span.end_char)
            if entity is not None and (entity.roles or self._speaks(entity)):
                continue
            near = any(
                anchors.nearest(e) is not None
                for e in entries
                if e.feature in ("city", "admin2") and e.lat is not None
            )
            if near:
                self._add(span, label="", hint=None, trusted=True, rescue=True, near=True)

    def _rescuable(
        self,
        span: SpacySpan,
        entries: tuple[Entry, ...],
        explicit: bool = False,
        near: bool = False,
    ) -> bool:
        """May a span the entities layer holds as a person or organization be a place? Only
        when the gazetteer knows a place of some size by that name (or the text says so
        outright: ``explicit``, "the village of X"), the name is not a word of a person's
        name, the entity has no role ("Nelson, the mayor") and never speaks ("Nelson says"),
        and the words around it say place (or, ``near``, the gazetteer puts it beside a place
        the article has)."""
        if name_key(self._text(span)) in self.view.blocked.person_words:
            return False
        if not explicit and not any(
            e.feature in UNIT_FEATURES or e.population >= self.settings.rescue_min_population
            for e in entries
        ):
            return False
        entity = self.view.blocked.entity_at(span.start_char, span.end_char)
        if entity is not None and (entity.roles or self._speaks(entity)):
            return False
        return near or explicit or self._rescue_evidence(span)

    def _speaks(self, entity: Entity) -> bool:
        """Is any mention of the entity the subject of a verb of saying? (Asked once per
        entity: an entity named often is asked about at each of its mentions.)"""
        known = self.speaks.get(id(entity))
        if known is not None:
            return known
        said = False
        for start, end in entity.mentions:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and is_metonymic(span, self.vocab):
                said = True
                break
        self.speaks[id(entity)] = said
        return said

    def _indistinct_reason(self, span: SpacySpan) -> str:
        return "generic_word" if len(span) == 1 and not self._text(span).isupper() else "acronym"

    def _distinctive(self, span: SpacySpan) -> bool:
        """Not a generic capitalized word ("Central") nor a short acronym ("ICON", "AI"),
        unless it is a country's name ("US", "UAE") or the text marks it a place ("DOHA,
        Qatar" in a dateline)."""
        text = self._text(span)
        if countries.by_name(text) is not None:
            return True
        if len(span) == 1 and text.casefold() in self.vocab.generic_names:
            return False
        letters = text.replace(".", "")
        if not (letters.isupper() and len(letters) <= ACRONYM_MAX_CHARS):
            return True
        if any(e.feature in CURATED_FEATURES for e in self.gaz.lookup(text)):
            return True  # "EU"
        return self._evidence(span)

    def _embedded(
        self, span: SpacySpan, entries: tuple[Entry, ...], use: str = "embedded"
    ) -> Mention | None:
        """A toponym inside another name, or a seat standing for an institution: resolved for
        evaluation, never output as a place. Returns the mention (None out of scope)."""
        if not self.view.in_scope(span.start_char, span.end_char):
            return None
        mention = self._mention(span, label="")
        mention.use, mention.candidates = use, entries
        self.mentions.append(mention)
        self.used.update(range(span.start, span.end))
        return mention

    def _from_appositions(self) -> None:
        """'Zorgbaltu, a farming village in ...' / 'the town of X': a name the gazetteer may
        not know, made a place by the words around it (whatever the NER called it).

        Both forms hang on a capitalized word (the last before the comma, the first after
        "of"), so only those (``cap_at``) are visited, in text order, not every token."""
        doc, view, articles = self.doc, self.view, self.vocab.articles
        cap, lower, texts = view.cap, view.lower, view.texts
        max_words = self.settings.max_name_words
        for end in (i + 1 for i in view.cap_at):  # the token after a capitalized word
            if end == len(texts) or texts[end] != ",":
                continue
            start = end
            while start > 0 and cap[start - 1] and (start - 1) not in self.used:
                start -= 1
            if start == end or end - start > max_words:
                continue
            if self.clues.apposition_place(start, end):
                span = doc[start:end]
                if view.inside_other_entity(span, articles)[0] != "larger":
                    self._add(span, label="GPE", hint="city")
        town_words, longest = self.vocab.town_words, self.settings.town_of_window
        for first in view.cap_at:  # "the town of X": X's first word, two after the town word
            if first < 2 or lower[first - 1] != "of" or lower[first - 2] not in town_words:
                continue
            end = first
            while end < len(cap) and cap[end] and end - first < longest:
                end += 1
            span = doc[first:end]
            if view.inside_other_entity(span, articles)[0] != "larger":
                self._add(span, label="GPE", hint="city", trusted=True)

    def _from_demonyms(self) -> None:
        """'Afghan territory', 'Syrian soil': a demonym modifying a noun of territory."""
        place_nouns = self.vocab.place_nouns
        for i in self.view.upper_at:
            if i in self.used:
                continue
            span, entries = self._demonym_at(i)
            if span is None or not self.view.in_scope(span.start_char, span.end_char):
                continue
            if self.view.blocked.covers(span.start_char, span.end_char) and len(span) > 1:
                continue
            head = span.root.head
            territorial = span.root.dep_ in TERRITORY_DEPS and (
                head.lower_ in place_nouns or head.lemma_.casefold() in place_nouns
            )
            mention = self._mention(span, label="NORP")
            mention.use = "place" if territorial else "demonym"
            mention.candidates = entries
            self.mentions.append(mention)
            self.used.update(range(span.start, span.end))

    def _demonym_at(self, i: int) -> tuple[SpacySpan | None, tuple[Entry, ...]]:
        """The demonym starting at token i ("Latin American", "Afghan") and its place. Asked
        at every capitalized token: the memo of readings is read here, before any call."""
        view, used, memo = self.view, self.used, self.demonyms.readings
        texts, cap = view.texts, view.cap
        for n in DEMONYM_WORDS:
            end = i + n
            if end > len(texts):
                continue
            if n > 1 and not all(cap[i + 1 : end]):
                continue  # "Latin American": every word capitalized (most openers fail here)
            if not used.isdisjoint(range(i, end)):
                continue
            text = texts[i] if n == 1 else view.span_text(i, end)
            norp = view.ent_types[i:end].count("NORP") == n
            key = (text, n, norp)
            entries = memo[key] if key in memo else self.demonyms.reading(text, n, norp)
            if entries is not None:
                return self.doc[i:end], entries
        return None, ()

    def _from_facilities(self, early: bool = False) -> None:
        """Streets, buildings and sites ("Royal Street", "the Barclays Center"): the model's
        FAC entities, and names headed by a facility word where the words around say place.
        Kept as toponyms of use "facility"; the gazetteer cannot place them, so they are
        not output as places. ``early``: before the proper-noun pass, only names headed by a
        facility word in a locative context ("accepted to Florida Atlantic University"), so
        that the town inside is not taken for the place meant."""
        view, words, articles = self.view, self.vocab.facility_words, self.vocab.articles
        lower, possessive = view.lower, view.possessive
        for label, start, end in view.ent_bounds:
            if label in NOT_NAMES or label == "PERSON":
                continue
            if early and label in PLACE_LABELS and label != "FAC":
                continue
            tokens = [j for j in range(start, end) if lower[j] not in articles]
            while tokens and possessive[tokens[-1]]:
                tokens = tokens[:-1]
            if not tokens:
                continue
            first, last = tokens[0], tokens[-1]  # the Span is built only for a candidate
            headed = lower[last].rstrip(".") in words
            if early and headed and last > first:
                self._facility(self.doc[first : last + 1], needs_evidence=True)
            elif not early and (label == "FAC" or headed):
                evidence = not (headed and label == "FAC")
                self._facility(self.doc[first : last + 1], needs_evidence=evidence)
        if early:
            return
        for i in view.cap_at:
            if view.lower[i].rstrip(".") not in words or i in self.used:
                continue
            start = i
            while start > 0 and view.cap[start - 1] and i - start < self.settings.max_name_words:
                start -= 1
            if start < i:
                self._facility(self.doc[start : i + 1], needs_evidence=True)

    def _facility(self, span: SpacySpan, needs_evidence: bool) -> None:
        text = self._text(span)
        if not self.used.isdisjoint(range(span.start, span.end)) or not any(
            c.isalpha() for c in text
        ):
            return
        if len(span) == 1 and (
            text.casefold() in self.vocab.generic_names
            or text.casefold().rstrip(".") in self.vocab.facility_words
        ):
            return  # "the Centre", "the Campus"
        view, joiners, tokens = self.view, self.vocab.name_joiners, range(span.start, span.end)
        if view.lower[span.end - 1] in joiners:
            return  # "the Great House of"
        if any(view.ent_types[j] in NOT_NAMES for j in tokens):
            return  # "Easter Vigil Mass on Holy Saturday, March 31"
        if not all(view.cap[j] or view.lower[j] in joiners for j in tokens):
            return
        if not self.view.in_scope(span.start_char, span.end_char):
            return
        if needs_evidence and not self.clues.locative(span):
            return
        mention = self._mention(span, label="FAC")
        mention.use = "facility"
        self.mentions.append(mention)
        self.used.update(range(span.start, span.end))

    def _repeat_names(self) -> None:
        """Other occurrences of a name accepted as a place are the same place (one sense per
        discourse), even where the NER called them something else. A known name that opens
        a longer one counts as accepted: it would have been a place but for the word after
        it ("the Elmira Zephyr grant", then "work begins in Elmira"), and each repeat is
        read again on its own (a second "Leeds Veridata" stays inside its name)."""
        view = self.view
        wanted: dict[str, set[int]] = {}
        places = [m for m in self.mentions if m.use == "place"]
        names = {m.name for m in [*places, *self.openers]}
        for m in [*(p for p in places if not p.demonym_like()), *self.openers]:
            words = view.tokens_of(m.start, m.end)
            if words is not None:
                wanted.setdefault(view.texts[words.start], set()).add(len(words))
        known = {(m.name, m.start) for m in self.mentions}
        for i in self._tokens_among(wanted):
            text = view.texts[i]
            for n in sorted(wanted[text], reverse=True):
                end = min(i + n, len(view))
                text = view.span_text(i, end)
                if text not in names or (text, view.starts[i]) in known:
                    continue
                span = self.doc[i:end]
                if self.view.inside_other_entity(span, self.vocab.articles)[0] == "larger":
                    continue
                if self._add(span, label="", hint=None, trusted=True):
                    break

    def _tokens_among(self, words: dict[str, set[int]]) -> list[int]:
        """The tokens whose text is one of ``words``, in text order: when every word starts
        with a capital (names do), only the capitalized tokens need a look."""
        texts = self.view.texts
        if all(w[:1].isupper() for w in words):
            return [i for i in self.view.upper_at if texts[i] in words]
        return [i for i, t in enumerate(texts) if t in words]

    # -- one mention ----------------------------------------------------------------------

    def _mention(self, span: SpacySpan, label: str, hint: str | None = None) -> Mention:
        text = self._text(span)
        return Mention(
            start=span.start_char,
            end=span.end_char,
            name=text,
            surface=text,
            sent=self.view.sentence(span.start),
            hint=hint,
            label=label,
            in_dateline=self.view.in_dateline(span.start_char, span.end_char),
        )

    def _add(
        self,
        span: SpacySpan,
        label: str,
        hint: str | None,
        full: SpacySpan | None = None,
        trusted: bool = False,
        rescue: bool = False,
        near: bool = False,
    ) -> bool:
        """Record a mention unless it is not a place; True when recorded. ``trusted``: the
        same name was already accepted as a place in this article, or the words around it
        name a town ("the village of X"); ``rescue``: a span the model or the entities layer
        typed PERSON/ORG, taken when :meth:`_rescuable` agrees."""
        text = self._text(span)
        key = name_key(text)
        if not key or not any(c.isalpha() for c in text):
            return False
        if key in self.vocab.platforms:
            return self._reject(span, "platform")
        if not self.view.in_scope(span.start_char, span.end_char):
            return self._reject(span, "out_of_scope")
        if not self.used.isdisjoint(range(span.start, span.end)):
            return self._reject(span, "overlap")
        if key in self.vocab.institutions:
            self._embedded(span, self.gaz.lookup(text), use="institution")
            return self._reject(span, "institution")
        entries = self.gaz.lookup(text)
        if self.view.blocked.covers(span.start_char, span.end_char):
            entity = self.view.blocked.entity_at(span.start_char, span.end_char)
            may = rescue or trusted or label in PLACE_LABELS
            explicit = trusted and label == "GPE"
            if not (may and self._rescuable(span, entries, explicit=explicit, near=near)):
                person = entity is not None and entity.type == "PERSON"
                if entries and (not person or self._strong_name(span, entries)):
                    self._embedded(span, entries)
                if entries and label in PLACE_LABELS:
                    self.deferred.append((span, entries))
                return self._reject(span, "person" if person else "organization")
        if self._opens_name(span):  # "Leeds" + "Veridata": a firm named after a town
            opener = self._embedded(span, entries) if entries else None
            if opener is not None:
                self.openers.append(opener)
            return self._reject(span, "inside_name")
        mention = self._mention(span, label, hint)
        mention.candidates = self._candidates(span)
        self.clues.read(span, mention)
        if full is not None and full.end > span.end and mention.hint:
            mention.surface = text_of(self.doc)[span.start_char : full.end_char]
        if mention.hint in NATURAL_FEATURES and not any(
            e.feature == mention.hint for e in mention.candidates
        ):  # "the Red River": not the town of Red; a river the gazetteer does not hold
            mention.candidates, mention.name = (), mention.surface
        held = {c.country for c in mention.containers}
        if held and mention.candidates and not any(e.country in held for e in mention.candidates):
            # "Karachi's Lyari": every namesake lies in another country, so the gazetteer does
            # not know this one; it is a place in the container's country
            mention.candidates = ()
            # the first container's country, in text order (a set's order follows the hash seed)
            mention.country_hint = mention.country_hint or mention.containers[0].country
        if not trusted and not self._plausible(span, mention):
            return self._reject(span, self._implausible_reason(span, mention))
        self.mentions.append(mention)
        self.used.update(range(span.start, span.end))
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
        # "Perth, WA": Washington or Western Australia, whichever holds a reading of Perth
        units = tuple(c for c in mention.containers if c.feature == entry.feature) or (entry,)
        state.candidates, state.name = units, entry.name
        state.is_container, state.container_of = True, units
        self.mentions.append(state)
        self.used.update(range(start, end))

    def _candidates(self, span: SpacySpan) -> tuple[Entry, ...]:
        text = self._text(span)
        entries = self.gaz.lookup(text)
        if not entries and span.start >= 2 and self.view.texts[span.start - 1] == ",":
            entries = self.gaz.abbreviation(text)  # "Raleigh, N.C."
        elif text.isupper() and len(text) <= STATE_CODE_CHARS:
            entries += self.gaz.abbreviation(text)  # "in WA": the context decides
        return entries

    def _implausible_reason(self, span: SpacySpan, mention: Mention) -> str:
        if name_key(self._text(span)) in self.view.blocked.person_words:
            return "person_word"
        return "unknown_name" if not mention.candidates else "weak_name"

    def _plausible(self, span: SpacySpan, mention: Mention) -> bool:
        """Keep gazetteer-known names; unknown ones only with locative evidence."""
        text = self._text(span)
        person_word = name_key(text) in self.view.blocked.person_words
        if mention.candidates:
            if person_word and not (mention.hint or mention.country_hint):
                return any(e.feature == "country" for e in mention.candidates)
            return True
        if person_word or text.islower():
            return False
        if mention.label == "LOC" and len(span) > 1:
            return True  # "the Korean Peninsula", "the Niger Delta": geographic by form
        if mention.hint or mention.country_hint or mention.containers:
            return True  # "Zorgbaltu, Ruritania", "Karachi's Lyari", "the Xyz district"
        if mention.label not in ("GPE", "LOC") or span.root.dep_ in MODIFIER_DEPS:
            return False  # "Indigenous reserves": a modifier, not a place
        return self.clues.locative(span, self.vocab.spatial_prepositions)


def _comma_parts(ent: SpacySpan, texts: list[str]) -> list[SpacySpan]:
    """An entity the model ran across a comma ("Thruxton, Hampshire") as its parts
    (``texts``: the Doc's token texts)."""
    parts, start = [], ent.start
    for i in range(ent.start, ent.end):
        if texts[i] == ",":
            if i > start:
                parts.append(ent.doc[start:i])
            start = i + 1
    if start == ent.start:
        return [ent]
    if start < ent.end:
        parts.append(ent.doc[start : ent.end])
    return parts
