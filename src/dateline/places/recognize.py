"""Recognition: which spans of a Doc are toponyms, and what use each is put to.

spaCy's GPE/LOC/FAC entities come first; then what the small model misses, all by lookups,
never by scanning the gazetteer: runs of proper nouns that name a country, a first-level region
or a sizeable city; "Helmand province" / "the Mopti region" / "province of X"; "City, ST" and
"City, Country"; "X, a farming village"; and a demonym only where it names territory ("Afghan
soil"), never people ("Afghan forces" is an actor's nationality, kept as a demonym mention).
Person names, organizations, seats of government ("the White House"), platforms and boilerplate
are suppressed; the dateline ("BAMAKO, Mali (AP) —") is kept, because its place anchors the
story.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dateline import countries
from dateline.places.clues import Clues, is_metonymic
from dateline.places.gazetteer.index import CURATED_FEATURES, Entry, Gazetteer
from dateline.places.gazetteer.keys import name_key
from dateline.places.mention import Mention
from dateline.places.settings import PlaceSettings
from dateline.places.view import PLACE_LABELS, DocView
from dateline.places.vocabulary import Vocabulary
from dateline.tokens import text_of

STRONG_FEATURES = ("country", "admin1", *CURATED_FEATURES)
ACRONYM_MAX_CHARS = 4  # "ICON", "AI": an all-caps word this short needs evidence to be a place
DEMONYM_WORDS = (2, 1)  # "Latin American", then "Afghan"
TERRITORY_DEPS = ("amod", "compound", "nmod")


class PlaceFinder:
    """Finds the toponyms of one Doc (:meth:`find`); :mod:`.resolve` chooses their readings."""

    def __init__(
        self,
        doc: Doc,
        gazetteer: Gazetteer,
        vocabulary: Vocabulary,
        settings: PlaceSettings,
    ) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.vocab = vocabulary
        self.settings = settings
        self.view = DocView(doc)
        self.clues = Clues(self.view, gazetteer, vocabulary, settings)
        self.mentions: list[Mention] = []
        self.used: set[int] = set()  # token indices already in a mention

    def find(self) -> list[Mention]:
        for ent in self.view.ents:
            if ent.label_ in PLACE_LABELS:
                self._from_entity(ent)
        self._from_proper_nouns()
        self._from_appositions()
        self._from_demonyms()
        self._repeat_names()
        self.mentions.sort(key=lambda m: m.start)
        return self.mentions

    # -- the passes -----------------------------------------------------------------------

    def _from_entity(self, ent: SpacySpan) -> None:
        vocab = self.vocab
        tokens = list(ent)
        while tokens and tokens[0].lower_ in vocab.articles:
            tokens = tokens[1:]
        if tokens and tokens[-1].tag_ == "POS":
            tokens = tokens[:-1]
        hint = None
        if len(tokens) > 1 and tokens[-1].lower_ in vocab.place_words and not self._known(tokens):
            hint = vocab.place_words[tokens[-1].lower_]
            tokens = tokens[:-1]
        if not tokens:
            return
        if len(tokens) > 1 and tokens[0].lower_ in vocab.directions and not self._known(tokens):
            tokens = tokens[1:]
        span = self.doc[tokens[0].i : tokens[-1].i + 1]
        self._add(span, label=ent.label_, hint=hint, full=ent)

    def _known(self, tokens: list[Token]) -> bool:
        return bool(self.gaz.lookup(self.doc[tokens[0].i : tokens[-1].i + 1].text))

    def _from_proper_nouns(self) -> None:
        """Longest gazetteer matches over runs of proper nouns the NER did not tag a place."""
        doc, view, joiners = self.doc, self.view, self.vocab.name_joiners
        cap, lower, ner_place = view.cap, view.lower, view.ner_place
        i = 0
        while i < len(cap):
            if i in self.used or i in ner_place or not cap[i]:
                i += 1
                continue
            matched = 0
            for n in range(min(self.settings.max_name_words, len(cap) - i), 0, -1):
                window = range(i, i + n)
                if not all(cap[j] or lower[j] in joiners for j in window):
                    continue
                if lower[i + n - 1] in joiners:
                    continue
                if any(j in self.used or j in ner_place for j in window):
                    continue
                if not self.gaz.lookup(view.span_text(i, i + n)):
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
        hint = self.vocab.place_words.get(nxt.lower_) if nxt is not None else None
        strong_name = any(
            e.feature in STRONG_FEATURES or e.population >= self.settings.big_city_population
            for e in entries
        )
        inside, inside_label = self.view.inside_other_entity(span, self.vocab.articles)
        if inside == "larger":  # "Kunduz" in "Kunduz provincial council"; "Michael Jordan"
            if strong_name and inside_label != "PERSON":
                self._embedded(span, entries)
            return False
        is_country = any(e.feature == "country" for e in entries)
        if inside == "exact" and not (is_country or self._evidence(span)):
            if strong_name and is_metonymic(span, self.vocab):  # "Washington (ORG) said"
                self._embedded(span, entries, use="metonym")
            return False  # a one-word PERSON/ORG is believed unless the text says "place"
        if not (strong_name or hint):
            return False
        return self._add(span, label="", hint=hint)

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

    def _distinctive(self, span: SpacySpan) -> bool:
        """Not a generic capitalized word ("Central") nor a short acronym ("ICON", "AI"),
        unless it is a country's name ("US", "UAE") or the text marks it a place ("DOHA,
        Qatar" in a dateline)."""
        text = span.text
        if countries.by_name(text) is not None:
            return True
        if len(span) == 1 and text.casefold() in self.vocab.generic_names:
            return False
        return not (text.isupper() and len(text) <= ACRONYM_MAX_CHARS) or self._evidence(span)

    def _embedded(self, span: SpacySpan, entries: tuple[Entry, ...], use: str = "embedded") -> None:
        """A toponym inside another name, or a seat standing for an institution: resolved for
        evaluation, never output as a place."""
        if not self.view.in_scope(span.start_char, span.end_char):
            return
        mention = self._mention(span, label="")
        mention.use, mention.candidates = use, entries
        self.mentions.append(mention)
        self.used.update(t.i for t in span)

    def _from_appositions(self) -> None:
        """'Zorgbaltu, a farming village in ...' / 'the town of X': a name the gazetteer may
        not know, made a place by the words around it (whatever the NER called it)."""
        doc, view, articles = self.doc, self.view, self.vocab.articles
        cap, lower, max_words = view.cap, view.lower, self.settings.max_name_words
        for end, text in enumerate(view.texts):
            if text != "," or end == 0:
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
        for i, word in enumerate(lower):
            if word in town_words and i + 2 < len(lower):
                if lower[i + 1] != "of" or not cap[i + 2]:
                    continue
                end = i + 2
                while end < len(cap) and cap[end] and end - (i + 2) < longest:
                    end += 1
                span = doc[i + 2 : end]
                if view.inside_other_entity(span, articles)[0] != "larger":
                    self._add(span, label="GPE", hint="city", trusted=True)

    def _from_demonyms(self) -> None:
        """'Afghan territory', 'Syrian soil': a demonym modifying a noun of territory."""
        place_nouns = self.vocab.place_nouns
        for i, text in enumerate(self.view.texts):
            if i in self.used or not text[:1].isupper():
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
            self.used.update(t.i for t in span)

    def _demonym_at(self, i: int) -> tuple[SpacySpan | None, tuple[Entry, ...]]:
        """The demonym starting at token i ("Latin American", "Afghan") and its place."""
        view = self.view
        for n in DEMONYM_WORDS:
            if i + n > len(view) or any(j in self.used for j in range(i, i + n)):
                continue
            text = view.span_text(i, i + n)
            region = self.vocab.region_demonyms.get(name_key(text))
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
        for i, text in enumerate(self.view.texts):
            if text not in wanted:
                continue
            for n in sorted(wanted[text], reverse=True):
                span = self.doc[i : i + n]
                if span.text not in names or (span.text, span.start_char) in known:
                    continue
                if self.view.inside_other_entity(span, self.vocab.articles)[0] == "larger":
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
            sent=self.view.sentence(span.start),
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
        key = name_key(span.text)
        if not key or key in self.vocab.platforms or not any(c.isalpha() for c in span.text):
            return False
        if not self.view.in_scope(span.start_char, span.end_char):
            return False
        if any(t.i in self.used for t in span):
            return False
        if key in self.vocab.institutions:
            self._embedded(span, self.gaz.lookup(span.text), use="institution")
            return False
        if self.view.blocked.covers(span.start_char, span.end_char):
            entries = self.gaz.lookup(span.text)
            if entries:
                self._embedded(span, entries)
            return False
        mention = self._mention(span, label, hint)
        self.clues.read(span, mention)
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

    def _plausible(self, span: SpacySpan, mention: Mention) -> bool:
        """Keep gazetteer-known names; unknown ones only with locative evidence."""
        key = name_key(span.text)
        person_word = key in self.view.blocked.person_words
        if mention.candidates:
            if person_word and not (mention.hint or mention.country_hint):
                return any(e.feature == "country" for e in mention.candidates)
            return True
        if person_word or span.text.islower():
            return False
        if mention.label == "LOC" and len(span) > 1:
            return True  # "the Korean Peninsula", "the Niger Delta": geographic by form
        return mention.label in ("GPE", "LOC") and mention.strong
