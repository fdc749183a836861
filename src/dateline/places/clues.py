"""What the words right around a name say about it: a type word ("Ghazni province", "province
of Ghazni"), a container after a comma ("Atlanta, Ga.", "Accra, Ghana"), a locative
preposition ("in X"), an apposition headed by a town word ("X, a river town"), and a verb of
saying that makes a toponym stand for its government ("Washington said").
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from dateline import countries
from dateline.places.candidates import inside
from dateline.places.gazetteer.index import Entry, Gazetteer
from dateline.places.mention import Mention
from dateline.places.settings import PlaceSettings
from dateline.places.view import DocView
from dateline.places.vocabulary import Vocabulary

NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
APPOSITION_POS = ("ADJ", "NOUN", "PROPN", "ADV")
CONTAINER_WORDS = (3, 2, 1)  # lengths of the container tried after a comma, longest first
ABBREVIATION_MAX_CHARS = 6  # "N.H.", "Okla.", "N.W.T.": longer text is not a state code
ADMIN_FEATURES = ("admin1", "admin2")
UNIT_FEATURES = ("country", "admin1", "continent", "region")
LIST_WORDS = ("and", "or", "&")  # "Ohio, Michigan and Indiana": a list, not a container
NOT_CONTAINERS = ("PERSON", "DATE", "TIME")  # "Kinshasa, Sofia Haddad": a person
CONJUNCT_DEPS = ("conj", "appos")
POSSESSIVE_FEATURES = ("city", "admin1", "admin2", "country")
POSSESSIVE_CANDIDATES = 3  # the possessor's most populous readings
MAX_CONJUNCTS = 6


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
        # token where a container after a comma starts -> (its end, its entries)
        self.container_at: dict[int, tuple[int, tuple[Entry, ...]]] = {}

    def read(self, span: SpacySpan, mention: Mention) -> None:
        """Type word after ("province"), 'province of' before, ', Country' / ', ST' after."""
        view, place_words = self.view, self.vocab.place_words
        lower, texts = view.lower, view.texts
        end = span.end
        if end < len(view) and lower[end] in place_words and mention.hint is None:
            mention.hint = place_words[lower[end]]
            mention.surface = view.span_text(span.start, end + 1)
            end += 1
        if span.start >= 2 and lower[span.start - 1] == "of":
            word = lower[span.start - 2]
            if word in self.vocab.of_words:
                mention.hint = self.vocab.of_words[word]
        in_list = span.start > 0 and texts[span.start - 1] == ","
        if end + 1 < len(view) and texts[end] == "," and not in_list:
            self.comma_container(end + 1, mention)  # not "Miami, West Palm Beach, New York"
        if mention.hint is None:
            mention.hint = self.listed_under(span)
        if not mention.containers and span.start >= 2 and view.possessive[span.start - 1]:
            self.possessive_container(span.start - 2, mention)
        container = self.container_at.get(span.start)
        if container is not None and container[0] == span.end:
            mention.is_container, mention.container_of = True, container[1]
        explicit = mention.hint or mention.country_hint or mention.containers
        mention.strong = bool(explicit) or self.locative(span)
        if self.apposition_place(span.start, span.end):
            mention.strong = True
            mention.hint = mention.hint or "city"

    def comma_container(self, i: int, mention: Mention) -> None:
        """'Atlanta, Ga.' / 'Atlanta, Georgia' / 'Perth, Scotland' / 'Accra, Ghana': the
        unit after a comma that holds the name. Not in a list of units ("Ohio, Michigan and
        Indiana") and not after a name that is itself only a unit. Of the unit's readings
        (Georgia the state or the country), those that hold a reading of the name win."""
        view = self.view
        if mention.candidates and all(e.feature in UNIT_FEATURES for e in mention.candidates):
            return
        for n in CONTAINER_WORDS:
            if i + n > len(view):
                continue
            words = view.texts[i : i + n]
            if not all(t[:1].isupper() or t == "." for t in words):
                continue
            if i + n < len(view) and view.lower[i + n] in LIST_WORDS:
                continue
            if any(view.ent_types[j] in NOT_CONTAINERS for j in range(i, i + n)):
                continue  # "in Kinshasa, Sofia Haddad, the minister": a person, not Sofia
            text = view.span_text(i, i + n)
            units, kind = self._units(text)
            if not units:
                continue
            holding = tuple(
                u for u in units if any(inside(e, u, self.settings) for e in mention.candidates)
            )
            units = holding or units
            mention.containers, mention.container_kind = units, kind
            if len({u.country for u in units}) == 1:
                mention.country_hint = units[0].country
            admin1s = {u.name for u in units if u.feature == "admin1"}
            if len(admin1s) == 1:
                mention.admin1_hint = next(iter(admin1s))
            abbreviated = (
                [u for u in units if u.feature == "admin1"] if kind == "abbreviation" else []
            )
            if abbreviated:
                mention.container = (i, i + n, abbreviated[0])
            self.container_at[i] = (i + n, units)
            return

    def _units(self, text: str) -> tuple[tuple[Entry, ...], str]:
        """The countries and first- or second-level units a text after a comma may name, and
        whether it is written as an abbreviation ("Ga.") or a name."""
        if len(text) <= ABBREVIATION_MAX_CHARS:
            abbreviated = self.gaz.abbreviation(text)
            if abbreviated:
                return abbreviated, "abbreviation"
        units: list[Entry] = []
        country = countries.by_name(text)
        if country is not None:
            entry = self.gaz.country(country.alpha2)
            if entry is not None:
                units.append(entry)
        units += [e for e in self.gaz.lookup(text) if e.feature in ADMIN_FEATURES]
        return tuple(units), "name"

    def listed_under(self, span: SpacySpan) -> str | None:
        """ "states such as California or Washington", "towns like Toribio": the feature of
        the type noun a list of examples hangs from."""
        root = span.root
        for _ in range(MAX_CONJUNCTS):
            if root.dep_ not in CONJUNCT_DEPS or root.head is root:
                break
            root = root.head
        marker = root.head
        if root.dep_ != "pobj" or marker.lower_ not in self.vocab.example_markers:
            return None
        noun = marker.head
        if noun.lower_ == "such" or noun.dep_ == "amod":  # "such as": "states such as"
            noun = noun.head
        nouns = self.vocab.type_nouns
        return nouns.get(noun.lemma_.casefold()) or nouns.get(noun.lower_)

    def possessive_container(self, i: int, mention: Mention) -> None:
        """ "Karachi's Lyari neighborhood", "Seoul's Jamsil Stadium": the place before a
        possessive holds the name after it."""
        token = self.doc[i]
        if not token.text[:1].isupper():
            return
        held = tuple(e for e in self.gaz.lookup(token.text) if e.feature in POSSESSIVE_FEATURES)[
            :POSSESSIVE_CANDIDATES
        ]
        if held:
            mention.containers, mention.container_kind = held, "possessive"
            countries_held = {e.country for e in held}
            if len(countries_held) == 1:
                mention.country_hint = next(iter(countries_held))

    def locative(self, span: SpacySpan, prepositions: frozenset[str] | None = None) -> bool:
        """'in X', 'at X', 'west of X', 'in Y, X and Z': the span is the object of a locative
        preposition (``prepositions``, by default every locative one), or a conjunct of one."""
        prepositions = prepositions or self.vocab.locative_prepositions
        root = span.root
        for _ in range(MAX_CONJUNCTS):
            if root.dep_ not in CONJUNCT_DEPS or root.head is root:
                break
            root = root.head
        if root.dep_ == "pobj" and root.head.lower_ in prepositions:
            return True
        return span.start > 0 and self.view.lower[span.start - 1] in prepositions

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
