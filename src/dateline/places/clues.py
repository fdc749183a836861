"""What the words right around a name say about it: a type word ("Helmand province", "province
of Helmand"), a container after a comma ("Atlanta, Ga.", "Bamako, Mali"), a locative
preposition ("in X"), an apposition headed by a town word ("X, a river town"), and a verb of
saying that makes a toponym stand for its government ("Washington said").
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from dateline import countries
from dateline.places.gazetteer.index import Gazetteer
from dateline.places.mention import Mention
from dateline.places.settings import PlaceSettings
from dateline.places.view import DocView
from dateline.places.vocabulary import Vocabulary

NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
APPOSITION_POS = ("ADJ", "NOUN", "PROPN", "ADV")
CONTAINER_WORDS = (3, 2, 1)  # lengths of the container tried after a comma, longest first
ABBREVIATION_MAX_CHARS = 5  # "N.H.", "Okla.": longer text after a comma is not a state code


def is_metonymic(span: SpacySpan, vocabulary: Vocabulary) -> bool:
    """A toponym that is the subject of a verb of saying stands for its government or people
    ("Washington said", "Moscow denied"): still a place, but not where anything happened."""
    root = span.root
    return root.dep_ in SUBJECT_DEPS and root.head.lemma_.casefold() in vocabulary.speech_lemmas


class Clues:
    """Reads the local clues of one Doc's names into their :class:`Mention`."""

    def __init__(
        self, view: DocView, gazetteer: Gazetteer, vocabulary: Vocabulary, settings: PlaceSettings
    ) -> None:
        self.view = view
        self.doc: Doc = view.doc
        self.gaz = gazetteer
        self.vocab = vocabulary
        self.settings = settings

    def read(self, span: SpacySpan, mention: Mention) -> None:
        """Type word after ("province"), 'province of' before, ', Country' / ', ST' after."""
        doc, place_words = self.doc, self.vocab.place_words
        end = span.end
        if end < len(doc) and doc[end].lower_ in place_words and mention.hint is None:
            mention.hint = place_words[doc[end].lower_]
            mention.surface = doc[span.start : end + 1].text
            end += 1
        if span.start >= 2 and doc[span.start - 1].lower_ == "of":
            word = doc[span.start - 2].lower_
            if word in place_words:
                mention.hint = place_words[word]
        if end + 1 < len(doc) and doc[end].text == ",":
            self.comma_container(end + 1, mention)
        mention.strong = bool(mention.hint or mention.country_hint) or self.locative(span)
        if self.apposition_place(span.start, span.end):
            mention.strong = True
            mention.hint = mention.hint or "city"

    def comma_container(self, i: int, mention: Mention) -> None:
        """'Atlanta, Ga.' / 'Atlanta, Georgia' / 'Bamako, Mali': the container after a comma."""
        doc = self.doc
        for n in CONTAINER_WORDS:
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
            states = self.gaz.abbreviation(text) if len(text) <= ABBREVIATION_MAX_CHARS else ()
            if states and n == len(words):
                mention.container = (i, i + n, states[0])
            if not states:
                states = tuple(e for e in self.gaz.lookup(text) if e.feature == "admin1")
            if states and n == len(words):
                mention.country_hint = states[0].country
                mention.admin1_hint = states[0].admin1
                return

    def locative(self, span: SpacySpan) -> bool:
        """'in X', 'at X', 'west of X': the span is the object of a locative preposition."""
        prepositions = self.vocab.locative_prepositions
        root = span.root
        if root.dep_ == "pobj" and root.head.lower_ in prepositions:
            return True
        before = self.doc[span.start - 1] if span.start > 0 else None
        return before is not None and before.lower_ in prepositions

    def apposition_place(self, start: int, end: int) -> bool:
        """'X, a river town in ...' (X = tokens [start, end)): an apposition whose noun phrase
        is headed by a town word."""
        view, i = self.view, end
        if i + 2 >= len(view) or view.texts[i] != ",":
            return False
        if view.lower[i + 1] not in self.vocab.articles:
            return False
        if any(view.ent_types[j] in NOT_NAMES for j in range(start, end)):
            return False
        town_words = self.vocab.town_words
        stop = min(i + 2 + self.settings.apposition_window, len(view))
        for token in self.doc[i + 2 : stop]:
            if token.lower_ in town_words:
                return True
            if token.tag_ == "POS" or token.text == "-":
                continue  # "the country's second-largest city"
            if token.pos_ not in APPOSITION_POS or token.is_punct:
                break
        return False
