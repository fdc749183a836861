"""The ``dateline_places`` spaCy factory: recognize, resolve, merge, write ``doc._.places``."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import Component
from dateline.model import Place
from dateline.places.gazetteer.index import Gazetteer, get_gazetteer
from dateline.places.mention import Toponym
from dateline.places.recognize import PlaceFinder
from dateline.places.records import build_places
from dateline.places.resolve import Resolver
from dateline.places.settings import DEFAULT_SETTINGS, PlaceSettings
from dateline.places.vocabulary import Vocabulary

TOPONYMS_KEY = "dateline_toponyms"


def find_places(
    doc: Doc,
    gazetteer: Gazetteer | None = None,
    vocabulary: Vocabulary | None = None,
    settings: PlaceSettings = DEFAULT_SETTINGS,
) -> tuple[list[Place], list[Toponym]]:
    """Recognize, resolve and merge the places of a Doc; also every toponym seen, by use."""
    vocabulary = vocabulary or Vocabulary.load()
    finder = PlaceFinder(doc, gazetteer or get_gazetteer(), vocabulary, settings)
    mentions = finder.find()
    Resolver(mentions, settings).resolve()
    return build_places(mentions, vocabulary), [Toponym.of(m) for m in mentions]


@Language.factory(
    "dateline_places",
    assigns=["doc._.places"],
    requires=["doc._.article", "doc._.entities", "doc.ents", "token.dep"],
    default_config={"settings": DEFAULT_SETTINGS.to_config()},
)
class PlaceComponent(Component):
    """Writes ``doc._.places`` (list[Place]); every toponym seen goes to
    ``doc.user_data["dateline_toponyms"]`` as (start, end, use, country, feature, lat, lon)
    tuples, for evaluation."""

    FACTORY = "dateline_places"
    ATTRIBUTE = "places"

    def __init__(self, nlp: Language, name: str, settings: dict[str, Any]) -> None:
        super().__init__(nlp, name)
        self.settings = PlaceSettings.from_config(settings)
        self.vocabulary = Vocabulary.load()

    def extract(self, doc: Doc) -> list[Place]:
        places, toponyms = find_places(doc, None, self.vocabulary, self.settings)
        doc.user_data[TOPONYMS_KEY] = [
            (t.start, t.end, t.use, t.country, t.feature, t.lat, t.lon) for t in toponyms
        ]
        return places
