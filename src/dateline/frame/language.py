"""The article's language, detected offline with ``py3langid`` (a pinned dependency).

Only a confident answer counts: a text mostly in a non-Latin script is not English whatever
the classifier says, and otherwise the classifier must give another language a normalised
probability of at least :data:`CONFIDENT` on at least :data:`MIN_CHARS` characters of story.
Short or mixed texts stay ``None`` (unknown), and an unknown language is extracted as English:
a wrong "not English" would silently cost a whole article, a wrong "English" only some noise.

Most texts are plainly English, and the classifier's scan of the sample cost about 2.5 ms of an
article's 8 ms framing: a text whose words are at least :data:`ENGLISH_SHARE` English function
words (``lexicons/english_markers.txt``; English runs at 35-50%, other Latin-script languages
at a few percent) is English without asking it. Only that answer is short-cut, and only where
the classifier would give it too: any other text still goes to the classifier.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from dateline import lexicons

MIN_CHARS = 200
SAMPLE_CHARS = 4_000  # the classifier's answer settles long before this
CONFIDENT = 0.95
LATIN_SHARE = 0.5
ENGLISH_SHARE = 0.25  # of a sample's words that are English function words: clearly English
ENGLISH_MIN_WORDS = 40  # words a sample needs before the function-word share says anything


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


ASCII_LETTERS = re.compile(r"[A-Za-z]+")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
WORD = re.compile(r"[^\W\d_]+")  # runs of letters in any script


def clearly_english(text: str) -> bool:
    """At least :data:`ENGLISH_SHARE` of the text's words (of :data:`ENGLISH_MIN_WORDS` or
    more) are English function words: English, whatever a classifier would say."""
    words = WORD.findall(text.lower())
    if len(words) < ENGLISH_MIN_WORDS:
        return False
    markers = lexicons.words("english_markers.txt")
    return sum(1 for word in words if word in markers) >= ENGLISH_SHARE * len(words)


def latin_share(text: str) -> float:
    """The share of letters that are Latin script (1.0 for a text without letters).

    The ASCII letters are counted by a regex and only the other characters one by one: a
    character loop over the whole sample cost more than the language classifier's own scan."""
    ascii_letters = sum(len(run) for run in ASCII_LETTERS.findall(text))
    others = [ch for ch in NON_ASCII.findall(text) if ch.isalpha()]
    if not ascii_letters and not others:
        return 1.0
    latin = sum(1 for ch in others if ord(ch) < 0x250 or 0x1E00 <= ord(ch) < 0x1F00)
    return (ascii_letters + latin) / (ascii_letters + len(others))


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code when the text's language is clear, else None."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    latin = latin_share(sample) >= LATIN_SHARE
    if latin and clearly_english(sample):
        return "en"
    language, probability = _identifier().classify(sample)
    if not latin:
        return language if language != "en" else None
    if language == "en" or probability >= CONFIDENT:
        return language
    return None
