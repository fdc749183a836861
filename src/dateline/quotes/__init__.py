"""Who said what: direct, partial and indirect quotes with speaker, cue, channel and date.

The component ``dateline_quotes`` writes ``doc._.quotes`` (a list of :class:`model.Quote`).

How it works, and why:

* **Quote marks first, by characters.** Quotation marks are found on the raw text, not on tokens,
  because spaCy splits and attaches them unpredictably. Straight and curly marks pair up with a
  stack (so a nested quote stays inside its outer one); a quote left open at a paragraph end
  continues only when the next paragraph opens with a quote mark (the newspaper convention for a
  quotation running over paragraphs), else it is capped at the paragraph end, so one stray mark
  never swallows the rest of the article.
* **Direct or partial** depends on what stands before the opening mark: a sentence boundary, a
  colon or a comma before a capital makes a whole utterance (``direct``); a word makes quoted
  words inside the reporter's sentence (``partial``).
* **Attribution** follows the layout: the cue after the closing mark (``"...," she said``), before
  the opening mark (``He said: "..."``), a dash byline (``"..." —Name``), the first speech verb up
  the dependency chain for a partial quote, or, when a quote paragraph has no cue, the speaker of
  the quote just before it (continuation).
* **Indirect quotes** come from the parse: a speech verb with a clausal complement
  (``X said (that) ...``, ``X told Y ...``, ``..., adding that ...``), a clause before
  ``, X said`` (with the sentences before it in the paragraph that have no attribution of their
  own), and ``according to X``. A verb can also report a noun phrase or an infinitive, by the
  frames its lexicon row allows ("called for an inquiry", "urged X to VP", "called the plan a
  mistake", "pledged to VP"), when its subject can speak. A reported clause that itself
  contains quoted words is left to those words (a partial quote), as the gold convention codes
  only the verbatim fragment; the clause is kept on the partial quote as its context.
* **Speakers** resolve to an entity (or place) id: the subject of the cue if it names one; a
  pronoun or a nominal ("the group", "the president") to what the reference layer
  (``doc._.references``, :mod:`dateline.references`) says it refers back to, the one policy
  every layer shares; a spokesperson to the one spoken for; "the statement" to whoever last
  issued one, "the ruling" to the body that ruled, "the paper" to the outlet last named as
  reporting; a poll share ("63 percent said") to the group it is a part of; in text written
  all in lower case, the words after a title ("district magistrate orin vaskel"). A date, or a
  subject in a byline or credit line, is never a speaker; a reporter's question ("Asked what
  ..., X said") is nobody's quote; and a headline verb or a platform glued to an entity's name
  ("Rip Ana Silva", "Twitter Ana Lopes") is left out of the speaker's shown name. When nothing
  justifies a speaker, it stays null.
* **Continuation** also runs from a reported clause that ends a paragraph into a quotation
  paragraph without a cue of its own (the newspaper convention).

Vocabulary lives in ``lexicons/speech_verbs.csv``, ``channels.csv``, ``speaker_words.csv`` and
``function_words.csv``.

The package, one job per module, in the order an article goes through them:

* ``vocabulary.py``  cue verbs, channel phrases, speaker words, pronoun classes
* ``marks.py``       quote marks on the raw characters (no Doc): ``find_marked``, ``paragraphs``
* ``layout.py``      one Doc's paragraphs, sentences, token columns and quoted stretches
* ``drafts.py``      a quote under construction and its speaker
* ``syntax.py``      parse readings: subjects, cue verbs above a word, what a cue reports
* ``speakers.py``    speaker phrase → entity, place or name
* ``indirect.py``    reported speech from the parse
* ``marked.py``      attribution of quote-marked words
* ``details.py``     channel and date
* ``extractor.py``   the order these run in
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.component import Component
from dateline.model import Quote
from dateline.quotes.extractor import QuoteExtractor, extract_quotes
from dateline.quotes.marks import Marked, find_marked, paragraphs
from dateline.quotes.vocabulary import Lexicon, is_speech_cue, lexicon
from dateline.vocabulary import speaker_words


@Language.factory(
    "dateline_quotes",
    assigns=["doc._.quotes"],
    requires=[
        "doc._.article",
        "doc._.entities",
        "doc._.places",
        "doc._.references",
        "doc._.times",
        "token.dep",
    ],
)
class QuoteComponent(Component):
    """Writes ``doc._.quotes``: who said what, how and when."""

    FACTORY = "dateline_quotes"
    ATTRIBUTE = "quotes"

    def extract(self, doc: Doc) -> list[Quote]:
        return extract_quotes(doc)


__all__ = [
    "Lexicon",
    "Marked",
    "QuoteComponent",
    "QuoteExtractor",
    "extract_quotes",
    "find_marked",
    "is_speech_cue",
    "lexicon",
    "paragraphs",
    "speaker_words",
]
