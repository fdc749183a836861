"""The quotes layer's vocabulary: cue verbs (``speech_verbs.csv``, read through
:mod:`dateline.vocabulary`), channel phrases (``channels.csv``), the words that say who speaks
(``speaker_words.csv`` plus the roles lexicon's group nouns) and the pronoun classes
(``function_words.csv``). Each is loaded once per process."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from dateline import lexicons
from dateline.vocabulary import function_words, speech_verbs

PERSON_PRONOUNS = function_words("person_pronoun")
GROUP_PRONOUNS = function_words("group_pronoun")
ORG_TYPES = {"ORG", "GROUP", "GPE", "NORP"}  # entity types that can be a collective speaker


@dataclass(frozen=True)
class Lexicon:
    """Cue verbs with their role and implied channel, and channel phrases."""

    verbs: dict[str, tuple[str, str | None]]
    frames: dict[str, frozenset[str]]
    channel_phrases: tuple[tuple[str, str], ...]
    channel_re: re.Pattern[str]

    def role(self, lemma: str) -> str | None:
        entry = self.verbs.get(lemma.lower())
        return entry[0] if entry else None

    def verb_channel(self, lemma: str) -> str | None:
        entry = self.verbs.get(lemma.lower())
        return entry[1] if entry else None

    def frames_of(self, lemma: str) -> frozenset[str]:
        """The non-clausal contents a verb reports ("called for NP", "urged X to VP")."""
        return self.frames.get(lemma.lower(), frozenset())


@dataclass(frozen=True)
class ChannelPhrase:
    """A phrase of ``channels.csv`` that names the channel of an utterance."""

    phrase: str
    channel: str


@cache
def lexicon() -> Lexicon:
    """Load the speech-verb and channel lexicons once per process."""
    rows = speech_verbs()
    verbs = {lemma: (row.role, row.channel) for lemma, row in rows.items()}
    frames = {lemma: row.frames for lemma, row in rows.items() if row.frames}
    phrases = tuple(
        sorted(
            (
                (row.phrase.lower(), row.channel)
                for row in lexicons.table("channels.csv", ChannelPhrase)
            ),
            key=lambda pc: -len(pc[0]),
        )
    )
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p, _ in phrases) + r")\b",
        re.IGNORECASE,
    )
    return Lexicon(verbs, frames, phrases, pattern)


def is_speech_cue(lemmas: Iterable[str], text: str = "") -> bool:
    """True when a cue (its lemmas, or its text for "according to") is speech by our lexicon.

    Shared with ``dateline eval quotes``, which counts only speech attributions.
    """
    lex = lexicon()
    return "according to" in text.lower() or any(lex.role(lemma) for lemma in lemmas)
