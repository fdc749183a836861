"""The ``dateline_places`` spaCy factory: recognize, resolve, merge, write ``doc._.places``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import Component
from dateline.model import Article, Place
from dateline.places.demonyms import DemonymReader
from dateline.places.gazetteer.index import Gazetteer, get_gazetteer
from dateline.places.mention import Toponym
from dateline.places.recognize import PlaceFinder
from dateline.places.records import build_places
from dateline.places.resolve import Resolver
from dateline.places.settings import DEFAULT_SETTINGS, PlaceSettings
from dateline.places.vocabulary import Vocabulary

TOPONYMS_KEY = "dateline_toponyms"
REJECTIONS_KEY = "dateline_place_rejections"  # (start, end, text, reason) per rejected span


def find_places(
    doc: Doc,
    gazetteer: Gazetteer | None = None,
    vocabulary: Vocabulary | None = None,
    settings: PlaceSettings = DEFAULT_SETTINGS,
    demonyms: DemonymReader | None = None,
) -> tuple[list[Place], list[Toponym]]:
    """Recognize, resolve and merge the places of a Doc; also every toponym seen, by use.
    ``demonyms``: a reader kept across Docs (made with the same gazetteer, vocabulary and
    settings), whose memo spares most demonym look-ups."""
    vocabulary = vocabulary or Vocabulary.load()
    gazetteer = gazetteer or get_gazetteer()
    finder = PlaceFinder(doc, gazetteer, vocabulary, settings, demonyms)
    mentions = finder.find()
    doc.user_data[REJECTIONS_KEY] = finder.rejected
    outlet = outlet_country(finder.view.article, gazetteer, vocabulary)
    Resolver(mentions, settings, outlet, gazetteer.neighbours, vocabulary.name_joiners).resolve()
    return build_places(mentions, vocabulary), [Toponym.of(m) for m in mentions]


def outlet_country(
    article: Article | None, gazetteer: Gazetteer, vocabulary: Vocabulary
) -> str | None:
    """The outlet's home country, from the country-code domain of the article's URL
    ("nzherald.co.nz" -> NZ); None for generic domains and codes used as generic ones (.tv)."""
    if article is None or not article.url:
        return None
    host = urlsplit(article.url if "//" in article.url else f"//{article.url}").hostname or ""
    tld = host.rsplit(".", 1)[-1].lower()
    if tld in vocabulary.generic_tlds:
        return None
    return gazetteer.by_tld.get(tld)


@Language.factory(
    "dateline_places",
    assigns=["doc._.places"],
    requires=["doc._.article", "doc._.entities", "doc.ents", "token.dep"],
    default_config={"settings": DEFAULT_SETTINGS.to_config()},
)
class PlaceComponent(Component):
    """Writes ``doc._.places`` (list[Place]); every toponym seen goes to
    ``doc.user_data["dateline_toponyms"]`` as (start, end, use, country, feature, lat, lon,
    reason) tuples, and every span rejected with its reason to
    ``doc.user_data["dateline_place_rejections"]``, for evaluation."""

    FACTORY = "dateline_places"
    ATTRIBUTE = "places"

    def __init__(self, nlp: Language, name: str, settings: dict[str, Any]) -> None:
        super().__init__(nlp, name)
        self.settings = PlaceSettings.from_config(settings)
        self.vocabulary = Vocabulary.load()
        self.demonyms: DemonymReader | None = None  # made on first use (it opens the gazetteer)

    def extract(self, doc: Doc) -> list[Place]:
        if self.demonyms is None:
            self.demonyms = DemonymReader(get_gazetteer(), self.vocabulary, self.settings)
        places, toponyms = find_places(doc, None, self.vocabulary, self.settings, self.demonyms)
        doc.user_data[TOPONYMS_KEY] = [t.as_tuple() for t in toponyms]
        return places
