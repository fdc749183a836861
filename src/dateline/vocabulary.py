"""Vocabulary several layers share, read once through :mod:`dateline.lexicons`.

Entities, places, quotes and events each used to read the same files their own way (three
readers of ``speech_verbs.csv``, two of ``platforms.txt`` and of ``institutions.csv``, each with
its own folding). The accessors here are the one reading of each shared table; a layer-only word
set stays with its layer (``entities/words.py``, ``quotes/vocabulary.py``), still read through the
same loader. Every accessor is cached: a file is parsed once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dateline import lexicons
from dateline.countries import fold
from dateline.errors import Errors, LexiconError

# ---------------------------------------------------------------- role and group nouns


@dataclass(frozen=True)
class RoleNoun:
    """A noun that says what a person or group is ("minister", "gunmen"), from ``roles.csv``.

    ``kind`` is ``person`` (names one person), ``group`` (names a body or a plural of people),
    ``both`` ("official", "soldier": a person in the singular, a group in the plural) or
    ``actor`` (a noun for an unnamed actor of a kind, "a doctor": a sector, never a title).
    """

    word: str
    kind: str
    sector: str | None = None
    lemma: str | None = None

    @property
    def base(self) -> str:
        """The dictionary form: the lemma when the file gives one, else the word."""
        return self.lemma or self.word


TITLE_KINDS = frozenset({"person", "group", "both"})  # kinds the entities layer reads


@cache
def role_nouns() -> dict[str, RoleNoun]:
    """Word (lower case, as written) → its row, every kind."""
    return {row.word: row for row in lexicons.table("roles.csv", RoleNoun)}


@cache
def role_words() -> dict[str, tuple[str | None, str]]:
    """Title and group nouns → (sector, kind): what the entities and quotes layers read (the
    ``actor`` nouns are left out: "a doctor" is not a title)."""
    return {w: (row.sector, row.kind) for w, row in role_nouns().items() if row.kind in TITLE_KINDS}


@cache
def sector_words() -> dict[str, str | None]:
    """Role nouns by word and by lemma → their sector (None when the word alone does not say,
    "spokesman"): what the events layer reads for the sector of an unnamed actor ("soldiers" →
    MIL) and to know that a noun names an actor at all. Relational nouns ("head", "member",
    ``not_group_head`` in ``entity_words.csv``) are left out: "the heads of the delegations"
    act as the delegations. Measured on the snapshot corpus with events reading this table:
    with them in, "heads" replaced "delegations" as an AGREE actor; with every sector-less noun
    left out, 74 articles lost bare actors such as "opposition leader". A lemma's own row wins.
    """
    relational = words_of("entity_words.csv", "not_group_head")
    out: dict[str, str | None] = {}
    for row in role_nouns().values():
        if row.word not in relational and row.base not in relational:
            out.setdefault(row.word, row.sector)
    for row in role_nouns().values():
        if row.lemma and row.lemma not in role_nouns() and row.lemma not in relational:
            out.setdefault(row.lemma, row.sector)
    return out


# ---------------------------------------------------------------- sectors


@dataclass(frozen=True)
class SectorCode:
    """A PLOVER sector code and whether its bodies speak as one institution."""

    code: str
    institutional: bool
    description: str = ""


@cache
def institutional_sectors() -> frozenset[str]:
    """Sectors whose bodies speak as one ("the ministry said"): GOV, MIL, COP, REB, IGO."""
    return frozenset(
        row.code for row in lexicons.table("sector_codes.csv", SectorCode) if row.institutional
    )


# ---------------------------------------------------------------- names that are not actors


@cache
def honorifics() -> frozenset[str]:
    """Honorifics and ranks written before a name ("Mr", "Gen"), lower case, without the dot."""
    return lexicons.words("titles.txt")


@cache
def platforms() -> frozenset[str]:
    """Platforms and apps ("Twitter", "Telegram"), folded with :func:`countries.fold`: never a
    person, organization or place acting in a story."""
    return lexicons.words("platforms.txt", fold=fold)


@dataclass(frozen=True)
class Institution:
    """An institution named by its seat or a common name ("the Kremlin"), as general knowledge."""

    name: str
    country: str | None = None
    sector: str | None = None


@cache
def institutions() -> dict[str, Institution]:
    """Folded name → institution. The entities layer takes country and sector from it; the
    places layer takes its keys as toponyms used for a government, not a place of action."""
    return {fold(row.name): row for row in lexicons.table("institutions.csv", Institution)}


# ---------------------------------------------------------------- function words


@dataclass(frozen=True)
class _KindRow:
    word: str
    kind: str


@cache
def word_kinds(name: str) -> dict[str, frozenset[str]]:
    """kind → words (casefolded) of a ``word,kind`` table such as ``entity_words.csv``."""
    kinds: dict[str, set[str]] = {}
    for row in lexicons.table(name, _KindRow):
        kinds.setdefault(row.kind, set()).add(row.word.casefold())
    return {kind: frozenset(words) for kind, words in kinds.items()}


def words_of(name: str, kind: str) -> frozenset[str]:
    """The words of one kind in a ``word,kind`` table. An unknown kind is a packaging error
    (a typo in code or file), never an empty set."""
    kinds = word_kinds(name)
    if kind not in kinds:
        raise LexiconError(Errors.D019.format(name=name, kind=kind, known=sorted(kinds)))
    return kinds[kind]


def function_words(kind: str) -> frozenset[str]:
    """The closed-class words of one kind in ``function_words.csv`` ("person_pronoun",
    "adverbial_mark", ...)."""
    return words_of("function_words.csv", kind)


# ---------------------------------------------------------------- speech verbs and speakers


@cache
def speaker_words() -> dict[str, frozenset[str]]:
    """kind -> words, from ``speaker_words.csv`` plus the roles lexicon's group nouns: those of
    an institution or armed group ("the ministry", "the rebels") count as collective; the
    others ("residents", "protesters") as ``people``, matched only to an entity so named."""
    kinds: dict[str, set[str]] = {"collective": set(), "people": set()}
    for kind, words in word_kinds("speaker_words.csv").items():
        kinds.setdefault(kind, set()).update(words)
    institutional = institutional_sectors()
    for word, (sector, kind) in role_words().items():
        if kind == "group" and " " not in word:
            kinds["collective" if sector in institutional else "people"].add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


@dataclass(frozen=True)
class SpeechVerb:
    """A cue verb of ``speech_verbs.csv``: what it introduces, the channel it implies and the
    non-clausal contents it can report (see the file's header)."""

    lemma: str
    role: str
    channel: str | None = None
    frames: frozenset[str] = frozenset()


@cache
def speech_verbs() -> dict[str, SpeechVerb]:
    """Lemma (lower case) → its row."""
    return {row.lemma.lower(): row for row in lexicons.table("speech_verbs.csv", SpeechVerb)}


@cache
def speech_lemmas(role: str | None = None) -> frozenset[str]:
    """The lemmas of the speech verbs, all of them or only those of one role (``report``:
    verbs that report a clause, never events)."""
    return frozenset(
        lemma for lemma, verb in speech_verbs().items() if role is None or verb.role == role
    )
