"""What every dateline pipeline component shares: its Doc extension and its requirements.

A component is a class registered with spaCy's ``@Language.factory`` (as spaCy's own
``span_ruler.py`` is), subclassing :class:`Component`:

.. code-block:: python

    @Language.factory(
        "dateline_quotes",
        assigns=["doc._.quotes"],
        requires=["doc._.entities", "doc._.references", "token.dep"],
        default_config={"max_speaker_distance": 3000},
    )
    class QuoteExtractor(Component):
        FACTORY = "dateline_quotes"
        ATTRIBUTE = "quotes"

        def __init__(self, nlp, name, max_speaker_distance):
            super().__init__(nlp, name)
            ...

        def extract(self, doc):
            return [...]

The factory's ``assigns``/``requires`` are what ``nlp.analyze_pipes()`` reports, and the base
class enforces them: constructing a component in a pipeline where no earlier component assigns
what it requires is a :class:`~dateline.errors.ComponentError` (``D002``), and running it on a
Doc whose required extension was never filled is one too (``D003``). No component ever builds a
stand-in for a missing earlier layer. Lexicons are loaded once, in ``__init__``; thresholds come
from the factory's config, not module globals.
"""

from __future__ import annotations

from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc

from dateline.errors import ComponentError, Errors

EXTENSION_PREFIX = "doc._."


def register_extension(attribute: str) -> None:
    """Declare ``doc._.<attribute>`` (default None), once per process."""
    if not Doc.has_extension(attribute):
        Doc.set_extension(attribute, default=None)


def assigned_by_pipeline(nlp: Language) -> set[str]:
    """Every attribute the components already in ``nlp`` declare they assign."""
    assigned: set[str] = set()
    for pipe_name in nlp.pipe_names:
        assigned.update(nlp.get_pipe_meta(pipe_name).assigns)
    return assigned


def check_requirements(nlp: Language, component: str, requires: list[str]) -> None:
    """Refuse a component whose requirements no earlier component assigns."""
    missing = [attr for attr in requires if attr not in assigned_by_pipeline(nlp)]
    if missing:
        raise ComponentError(
            Errors.D002.format(component=component, needs=", ".join(missing), pipes=nlp.pipe_names)
        )


class Component:
    """Base of dateline's components: fills ``doc._.<ATTRIBUTE>`` with :meth:`extract`."""

    FACTORY: ClassVar[str]
    ATTRIBUTE: ClassVar[str]

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        meta = nlp.get_factory_meta(self.FACTORY)
        self.requires = list(meta.requires)
        self.required_extensions = [
            attr[len(EXTENSION_PREFIX) :]
            for attr in meta.requires
            if attr.startswith(EXTENSION_PREFIX)
        ]
        for attribute in self.required_extensions:
            register_extension(attribute)
        register_extension(self.ATTRIBUTE)
        check_requirements(nlp, name, self.requires)

    def __call__(self, doc: Doc) -> Doc:
        for attribute in self.required_extensions:
            if getattr(doc._, attribute) is None:
                raise ComponentError(Errors.D003.format(component=self.name, attribute=attribute))
        setattr(doc._, self.ATTRIBUTE, self.extract(doc))
        return doc

    def extract(self, doc: Doc) -> Any:
        """The records this component writes to the Doc."""
        raise NotImplementedError
