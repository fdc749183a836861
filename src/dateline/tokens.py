"""Helpers every layer uses to read a parsed Doc cheaply: its text, its token arrays, and the
tokens a character span covers.

spaCy rebuilds ``doc.text`` from the tokens on every call, and a ``Token`` object is built on
every index, so layers that read either in their loops paid for it dozens of times per article
(measured: ``doc.text`` about 60 times per article before :func:`text_of`). These helpers read
each once per Doc and keep the result in ``doc.user_data``. They import nothing from the rest
of dateline, so every module may import them.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, POS
from spacy.tokens import Doc

PLURAL_TAGS = frozenset({"NNS", "NNPS"})  # Penn tags of a plural noun, read by every layer
TEXT_KEY = "dateline_text"
ARRAYS_KEY = "dateline_arrays"


def text_of(doc: Doc) -> str:
    """The Doc's text, built once per Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


class Arrays:
    """Token attributes of one Doc as Python lists, each read from spaCy on first use.

    Only for layers that run after the parser: the parse attributes are read once and never
    refreshed (``starts`` is safe before parsing, tokenization does not change).
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._cache: dict[str, list[int]] = {}

    def _read(self, key: str, attr: int) -> list[int]:
        values = self._cache.get(key)
        if values is None:
            values = self._cache[key] = self.doc.to_array(attr).tolist()
        return values

    @property
    def starts(self) -> list[int]:
        """Character offset of every token, ascending."""
        return self._read("starts", IDX)

    @property
    def pos(self) -> list[int]:
        return self._read("pos", POS)

    @property
    def dep(self) -> list[int]:
        return self._read("dep", DEP)

    @property
    def lemma(self) -> list[int]:
        return self._read("lemma", LEMMA)

    @property
    def lower(self) -> list[int]:
        return self._read("lower", LOWER)

    @property
    def heads(self) -> list[int]:
        """Absolute head index of every token (a root is its own head)."""
        values = self._cache.get("heads")
        if values is None:
            relative = self.doc.to_array(HEAD).astype(np.int64)
            values = self._cache["heads"] = (relative + np.arange(len(self.doc))).tolist()
        return values


def arrays(doc: Doc) -> Arrays:
    """The Doc's shared :class:`Arrays` (one per Doc, whichever layer asks first)."""
    found = doc.user_data.get(ARRAYS_KEY)
    if found is None:
        found = doc.user_data[ARRAYS_KEY] = Arrays(doc)
    return found


def token_range(doc: Doc, start: int, end: int) -> range | None:
    """The tokens ``doc.char_span(start, end, alignment_mode="expand")`` covers, found by
    bisecting the token offsets instead of building a Span; None when out of the text."""
    starts, text_len = arrays(doc).starts, len(text_of(doc))
    if start >= end:  # degenerate: let spaCy decide
        span = doc.char_span(start, end, alignment_mode="expand")
        return None if span is None else range(span.start, span.end)
    if start < 0 or end > text_len or not starts:
        return None
    first = bisect_right(starts, start) - 1  # the token (with its trailing space) at start
    last = bisect_right(starts, end - 1) - 1
    if first < 0:
        first = 0
    if start != starts[first] and start == starts[first] + len(doc[first]):
        first += 1  # the span starts in the token's trailing whitespace
    return range(first, last + 1)
