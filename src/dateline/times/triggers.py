"""Trigger words: which rules can match at all in a text, read off the rules' own patterns.

Scanning ~35 regexes over a whole article is most of this layer's cost, and in a typical
article most rules have nothing to find. Every match of a rule contains, case-insensitively,
one word of each of its *trigger groups*; a text whose folded form (:func:`fold_text`) holds no
word of some group cannot match, and the scan is skipped. Testing for a word costs a substring
search (microseconds), a scan milliseconds.

The groups are derived from the compiled pattern (:func:`required_groups`), so they cannot
drift from it when a regex or a lexicon changes: the pattern is parsed with the standard
library's own regex parser, and every sequence of literal characters the pattern must match
becomes a required word (an alternation contributes one word per branch). A word that the
pattern always follows with a non-word character (a space, punctuation or the right boundary)
must also end a word in the text ("am" in "camera" is not the clock's "am").

Two refinements are marked in a rule's pattern with regex comments, which change no match:

* ``(?#core)...(?#/core)`` marks a *core*: a part every match contains. It is also compiled
  case-sensitively over the folded text, without the rule's left-boundary lookbehind, so the
  engine jumps from one possible first character to the next; it is tested after the words.
  Worth it where the words alone are common ("day" and "month" in "the following month").
* ``(?#name)`` at the start of one branch of an alternation: when the branch's own required
  words are absent from a text, the branch is switched off ("(?!)" fails at once, and an
  alternative that fails everywhere changes no match), so the rest of the pattern is scanned
  without it ("twice a day" in the recurrence rule).

The parser is ``re._parser`` (CPython's, since 3.11). If it cannot read a pattern, the rule is
simply always scanned: triggers only ever skip work, never matches
(``tests/test_times.py`` checks every rule against the team's sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MAX_EXACT = 64  # alternatives kept as whole strings before a sequence is cut into words
MAX_CLASS = 8  # a character class larger than this says nothing worth testing
MAX_CLAUSES = 3  # groups kept from an alternation whose branches each require several words
CORE = re.compile(r"\(\?#core\)(.*?)\(\?#/core\)", re.S)
BRANCH_MARK = re.compile(r"\(\?#(\w+)\)")
UPPER_ESCAPES = re.compile(r"\\[SWDBAZN]")  # escapes that lower-casing a pattern would change

REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
ATOMIC = getattr(sre, "ATOMIC_GROUP", None)
NONWORD_CATEGORIES = {sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD}
EMPTY: frozenset[str] = frozenset({""})

# re.IGNORECASE lets these match an ASCII letter ("i", "s") that str.lower() leaves non-ASCII
# (every other character it matches to an ASCII letter lower-cases to that letter): fold them
# first, so that a word the regex can match is always found in the folded text.
_ODD_CASES = "\u0130\u0131\u017f"
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_WORD_CHAR = re.compile(r"\w")


def fold_text(text: str) -> str:
    """Lower-cased text in which every trigger word a rule's regex can match appears as such."""
    if not text.isascii() and any(c in text for c in _ODD_CASES):
        text = text.translate(_ASCII_FOLD)
    return text.lower()


def _ends_word(folded: str, word: str) -> bool:
    """Does ``word`` occur in ``folded`` with no word character right after it?"""
    at = folded.find(word)
    while at >= 0:
        if not _WORD_CHAR.match(folded, at + len(word)):
            return True
        at = folded.find(word, at + 1)
    return False


@dataclass(frozen=True)
class Trigger:
    """Words one of which every match of a rule contains, in the text's ``fold_text`` form;
    the ``ended`` ones only count where no letter or digit follows them. With ``core``, a
    case-sensitive regex that every match, folded, contains a match of."""

    words: frozenset[str] = frozenset()
    ended: frozenset[str] = frozenset()
    core: re.Pattern[str] | None = None

    def found(self, folded: str) -> bool:
        if self.words and not any(
            w in folded and (w not in self.ended or _ends_word(folded, w)) for w in self.words
        ):
            return False
        return self.core is None or self.core.search(folded) is not None


class Folded:
    """A text in its ``fold_text`` form, remembering which triggers it holds (several rules
    share a trigger, and a trigger that is absent costs a scan of the whole text)."""

    def __init__(self, text: str) -> None:
        self.text = fold_text(text)
        self.seen: dict[Trigger, bool] = {}
        self.words: dict[tuple[str, bool], bool] = {}  # (word, ended) -> in the text

    def has(self, trigger: Trigger) -> bool:
        found = self.seen.get(trigger)
        if found is None:
            found = self.seen[trigger] = self._found(trigger)
        return found

    def _found(self, trigger: Trigger) -> bool:
        """``trigger.found(self.text)``, each word searched once per text: the rules' triggers
        share many words ("the", "last", month names), about half of the 460 a text is
        searched for."""
        if trigger.words and not any(self._word(w, w in trigger.ended) for w in trigger.words):
            return False
        return trigger.core is None or trigger.core.search(self.text) is not None

    def _word(self, word: str, ended: bool) -> bool:
        key = (word, ended)
        found = self.words.get(key)
        if found is None:
            text = self.text
            found = word in text and (not ended or _ends_word(text, word))
            self.words[key] = found
        return found


# --------------------------------------------------------------------------------------------
# Reading required words off a parsed pattern
# --------------------------------------------------------------------------------------------

Group = frozenset[tuple[str, bool]]  # (word, ends a word): one of them is in every match
Items = list[tuple[Any, Any]]


@dataclass(frozen=True)
class _Info:
    """What a piece of pattern requires: all the strings it can match when few and known
    (``exact``); else the strings one of which each match starts with (``prefix``) and ends
    with (``suffix``), when known; and groups of words one of which each match contains."""

    exact: frozenset[str] | None
    groups: tuple[Group, ...] = ()
    ended: bool = False  # an assertion inside makes every exact string end a word
    prefix: frozenset[str] | None = None
    suffix: frozenset[str] | None = None

    @property
    def starts(self) -> frozenset[str] | None:
        return self.exact if self.exact is not None else self.prefix

    @property
    def ends(self) -> frozenset[str] | None:
        return self.exact if self.exact is not None else self.suffix


def _nonword(code: int) -> bool:
    char = chr(code)
    return not (char.isalnum() or char == "_")


def _class_nonword(members: Items) -> bool:
    """Is every character of a class a non-word character?"""
    for op, av in members:
        if op is sre.LITERAL:
            if not _nonword(av):
                return False
        elif op is sre.RANGE:
            lo, hi = av
            if hi - lo > 255 or not all(_nonword(c) for c in range(lo, hi + 1)):
                return False
        elif op is sre.CATEGORY:
            if av not in NONWORD_CATEGORIES:
                return False
        else:
            return False
    return True


def _excludes_word(sub: Any) -> bool:
    """Does a negative lookahead of ``sub`` rule out a word character next?"""
    items = list(sub)
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        alternatives = [list(b) for b in items[0][1][1]]
    else:
        alternatives = [items]
    return any(
        len(a) == 1
        and a[0][0] is sre.IN
        and (sre.CATEGORY, sre.CATEGORY_WORD) in a[0][1]
        and not any(op is sre.NEGATE for op, _ in a[0][1])
        for a in alternatives
    )


def _starts_nonword(items: Items, follow: bool) -> bool:
    """Does every match of ``items`` (then of what follows, if they can match nothing) begin
    with a non-word character or the end of the text? ``follow``: does what follows?"""
    if not items:
        return follow
    (op, av), rest = items[0], items[1:]
    if op is sre.LITERAL:
        return _nonword(av)
    if op is sre.IN:
        return _class_nonword(av)
    if op in (sre.AT, sre.ASSERT):
        return _starts_nonword(rest, follow)
    if op is sre.ASSERT_NOT:
        direction, sub = av
        return (direction == 1 and _excludes_word(sub)) or _starts_nonword(rest, follow)
    after = _starts_nonword(rest, follow)
    if op is sre.SUBPATTERN:
        return _starts_nonword(list(av[3]), after)
    if op is ATOMIC:
        return _starts_nonword(list(av), after)
    if op is sre.BRANCH:
        return all(_starts_nonword(list(b), after) for b in av[1])
    if op in REPEATS:
        lo, hi, sub = av
        if hi == 0:
            return after
        first = _starts_nonword(list(sub), after)
        return first if lo > 0 else first and after
    return False  # any character, a negated literal, a back-reference


def _class_chars(members: Items) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in members:
        if op is sre.LITERAL:
            chars.add(chr(av).lower())
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        else:
            return None
    return frozenset(chars) if len(chars) <= MAX_CLASS else None


def _group(strings: frozenset[str], ended: bool) -> list[Group]:
    """A group of whole strings, unless one of them is empty (then nothing is required)."""
    if not strings or "" in strings:
        return []
    return [frozenset((s, ended) for s in strings)]


def _requirements(info: _Info, follow: bool) -> list[Group]:
    exact = _group(info.exact, info.ended or follow) if info.exact is not None else []
    return list(info.groups) + exact


def _strength(group: Group) -> tuple[int, float, int]:
    """Longer words are rarer ("beginning" than "the"); fewer words are cheaper to test."""
    lengths = [len(w) for w, _ in group]
    return min(lengths), sum(lengths) / len(lengths), -len(group)


def _known(strings: set[str] | frozenset[str] | None) -> frozenset[str] | None:
    """Strings that tell something: none of them empty."""
    return frozenset(strings) if strings and "" not in strings else None


def _times(a: frozenset[str] | set[str], b: frozenset[str]) -> frozenset[str] | None:
    """Every string of ``a`` followed by every string of ``b``, when not too many."""
    if len(a) * len(b) > MAX_EXACT:
        return None
    return frozenset(x + y for x in a for y in b)


def _sequence(items: Items, follow: bool) -> _Info:
    """A concatenation: runs of items with few known strings are multiplied out into whole
    words, across a piece whose first or last strings are known ("0" + "s" in "1990s"); a run
    ends where an item is not such (a ``\\s+``), and whether its words end a word is read
    from what follows the run's last character-consuming item."""
    groups: list[Group] = []
    run: frozenset[str] = EMPTY
    run_end = 0  # index after the run's last item that consumes characters
    run_ended = False  # that item ends every string of the run with a word's end
    prefix: frozenset[str] | None = None
    whole = True
    for i, item in enumerate(items):
        info = _item(item, _starts_nonword(items[i + 1 :], follow))
        groups.extend(info.groups)
        joined = _times(run, info.exact) if info.exact is not None else None
        if joined is not None:
            run = joined
            if info.exact != EMPTY:
                run_end, run_ended = i + 1, info.ended
            continue
        across = _times(run, info.starts) if info.starts is not None else None
        if whole:
            prefix = _known(across) or _known(run)
        if across is not None and run != EMPTY:
            groups.extend(_group(across, False))
        else:
            groups.extend(_group(run, run_ended or _starts_nonword(items[run_end:], follow)))
        whole = False
        if info.exact is not None:
            run, run_ended = info.exact, info.ended
        else:
            run, run_ended = info.ends or EMPTY, False
        run_end = i + 1
    ended = run_ended or _starts_nonword(items[run_end:], follow)
    if whole:
        return _Info(run, tuple(groups), run_ended or _starts_nonword(items[run_end:], False))
    groups.extend(_group(run, ended))
    return _Info(None, tuple(groups), prefix=prefix, suffix=_known(run))


def _branch(infos: list[_Info], follow: bool) -> _Info:
    """An alternation: the union of its branches' strings when all are known; otherwise one
    group per rank, each uniting every branch's strongest (then next strongest...) group."""
    exacts = [i.exact for i in infos]
    if all(e is not None for e in exacts):
        union = frozenset().union(*exacts)  # type: ignore[arg-type]
        if len(union) <= MAX_EXACT:
            return _Info(union, (), all(i.ended for i in infos))
    ranked: list[list[Group]] = []
    for info in infos:
        options = sorted(_requirements(info, follow), key=_strength, reverse=True)
        if not options:
            ranked = []  # a branch that requires nothing: the alternation neither
            break
        ranked.append(options)
    clauses: list[Group] = []
    for rank in range(min(MAX_CLAUSES, max((len(r) for r in ranked), default=0))):
        clause = frozenset().union(*(r[min(rank, len(r) - 1)] for r in ranked))
        if clause not in clauses:
            clauses.append(clause)
    starts = [i.starts for i in infos]
    ends = [i.ends for i in infos]
    prefix = frozenset().union(*starts) if all(starts) else None  # type: ignore[arg-type]
    suffix = frozenset().union(*ends) if all(ends) else None  # type: ignore[arg-type]
    return _Info(
        None,
        tuple(clauses),
        prefix=prefix if prefix and len(prefix) <= MAX_EXACT else None,
        suffix=suffix if suffix and len(suffix) <= MAX_EXACT else None,
    )


def _item(item: tuple[Any, Any], follow: bool) -> _Info:
    op, av = item
    if op is sre.LITERAL:
        return _Info(frozenset({chr(av).lower()}))
    if op is sre.IN:
        return _Info(_class_chars(av))
    if op in (sre.AT, sre.ASSERT_NOT):
        return _Info(EMPTY)
    if op is sre.ASSERT:
        direction, sub = av
        if direction == -1:  # a lookbehind: its words precede the match, but are required
            return _Info(EMPTY, tuple(_requirements(_sequence(list(sub), follow), follow)))
        return _Info(EMPTY)
    if op is sre.SUBPATTERN:
        return _sequence(list(av[3]), follow)
    if op is ATOMIC:
        return _sequence(list(av), follow)
    if op is sre.BRANCH:
        return _branch([_sequence(list(b), follow) for b in av[1]], follow)
    if op in REPEATS:
        lo, hi, sub = av
        if hi == 0:
            return _Info(EMPTY)
        inner = follow if hi == 1 else follow and _starts_nonword(list(sub), follow)
        info = _sequence(list(sub), inner)
        if lo == 0:
            if hi == 1 and info.exact is not None:
                return _Info(info.exact | EMPTY)
            return _Info(None)
        if lo == hi and info.exact is not None and len(info.exact) ** lo <= MAX_EXACT:
            product = EMPTY
            for _ in range(lo):
                product = frozenset(a + b for a in product for b in info.exact)
            return _Info(product, info.groups, info.ended)
        return _Info(None, tuple(_requirements(info, inner)), prefix=info.starts, suffix=info.ends)
    return _Info(None)


def _to_trigger(group: Group) -> Trigger:
    """One trigger for a group: words containing a word that need not end a word are dropped
    (finding the shorter one suffices)."""
    ended = {w for w, e in group if e} - {w for w, e in group if not e}
    words = {w for w, _ in group}
    plain = words - ended
    kept = frozenset(w for w in words if not any(p != w and p in w for p in plain))
    return Trigger(kept, frozenset(ended & kept))


def required_groups(source: str, flags: int = re.I) -> tuple[Trigger, ...]:
    """Triggers every match of the regex ``source`` satisfies (none when it cannot be read)."""
    try:
        parsed = sre_parse.parse(source, flags)
    except Exception:  # a parser of another Python: scan always, lose nothing
        return ()
    info = _sequence(list(parsed), False)
    triggers: list[Trigger] = []
    for group in _requirements(info, False):
        trigger = _to_trigger(group)
        if trigger not in triggers:
            triggers.append(trigger)
    return tuple(triggers)


def core_trigger(source: str) -> Trigger | None:
    """The ``(?#core)...(?#/core)`` part of a rule's pattern, lower-cased and compiled
    case-sensitively to be searched in folded text."""
    m = CORE.search(source)
    if m is None:
        return None
    core = m.group(1)
    if UPPER_ESCAPES.search(core):
        raise ValueError(f"a core cannot be lower-cased: {core!r}")
    folded = core.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    return Trigger(core=re.compile(folded))


def branch_source(source: str, name: str) -> str:
    """The branch of an alternation that starts with the marker ``(?#name)``."""
    start = source.index(f"(?#{name})")
    depth, i, in_class = 0, start, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        elif c == "|" and depth == 0:
            break
        i += 1
    return source[start:i]


def branch_marks(source: str) -> list[str]:
    """The names of the branches marked in a pattern (the core's markers excepted)."""
    return [name for name in BRANCH_MARK.findall(source) if name != "core"]
