"""Mojibake repair: UTF-8 text that was once decoded as Windows-1252 ("â€œ" for "“").

Wire archives and scraped pages often carry it; the quotes layer then sees no quotation marks
and "he said" lines lose their quotes, names lose their letters ("FranÃ§ois"). The repair is
ftfy's (a well-kept library for exactly this; hand-written tables would miss double encodings
and the lossy cases it knows), and runs only when ftfy's own detector says the text shows
mojibake, so clean text is never touched and its offsets never move. Only ftfy's encoding
steps run: curly quotes, line breaks, width, ligatures and Unicode normalization are left as
written, so the repaired text differs from the input only where the input was mis-decoded.

One step comes before ftfy: "â€" followed by U+FFFD is a right double quotation mark whose last
byte (0x9D, which Windows-1252 does not define) a decoder replaced; ftfy cannot know which
byte was lost, but 0x9D is the only one of the undefined bytes after E2 80 that makes a
printable character news text uses ("”"), so it is put back before the repair.

Offsets of the output index the repaired text (``document.text`` carries it); an evaluation
whose gold offsets index the input maps them through :func:`offset_map`.
"""

from __future__ import annotations

import difflib
import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ftfy
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES, is_bad

from dateline.errors import Warnings
from dateline.model import Article

# ftfy's encoding repairs only: nothing that changes correctly decoded text
ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
LOST_CLOSING_QUOTE = ("â€\ufffd", "â€\x9d")  # see the module docstring
# characters clean news text is full of ("—", "’", "“", "©"): a telltale is chosen among them
# only where an alternative of ftfy's detector requires nothing rarer
TYPOGRAPHIC = frozenset(
    MOJIBAKE_CATEGORIES["common"]
    + MOJIBAKE_CATEGORIES["start_punctuation"]
    + MOJIBAKE_CATEGORIES["end_punctuation"]
)


def _item_chars(item: tuple[Any, Any]) -> frozenset[str] | None:
    """The characters one character-consuming pattern item can match, when it lists them
    (a literal, or a class of literals and ranges); None for anything wider."""
    op, av = item
    if op is sre.LITERAL:
        return frozenset(chr(av))
    if op is not sre.IN:
        return None
    chars: set[str] = set()
    for member, value in av:
        if member is sre.LITERAL:
            chars.add(chr(value))
        elif member is sre.RANGE:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:  # a negation or a category (\s, \w) matches unlisted characters
            return None
    return frozenset(chars)


def _rarity(chars: frozenset[str]) -> tuple[bool, bool, int]:
    return (any(c.isascii() for c in chars), bool(chars & TYPOGRAPHIC), len(chars))


def telltale_characters(pattern: re.Pattern[str] = BADNESS_RE) -> frozenset[str] | None:
    """Characters of which every match of ``pattern`` (ftfy's mojibake detector) contains one,
    read off the pattern itself: in each alternative, the rarest of the character sets it
    must match in sequence (a literal or a class, outside any repeat or group). None when some
    alternative has no such set or the pattern cannot be read: then every text is searched.

    A text holding none of them cannot be bad: only the sets' union need be looked for, one
    fast character-class scan instead of the detector's 40 alternatives at every position."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # another Python's parser: search every text, lose nothing
        return None
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        alternatives = [list(branch) for branch in items[0][1][1]]
    else:
        alternatives = [items]
    needed: set[str] = set()
    for alternative in alternatives:
        options: list[frozenset[str]] = [c for c in map(_item_chars, alternative) if c]
        if not options:
            return None
        rarest = min(options, key=_rarity)
        needed |= rarest
    return frozenset(needed)


def _telltale_search(chars: frozenset[str] | None) -> re.Pattern[str] | None:
    if chars is None:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


TELLTALE = _telltale_search(telltale_characters())


def may_be_bad(text: str) -> bool:
    """False only when ftfy's detector provably finds nothing: the text holds no telltale
    character (:func:`telltale_characters`)."""
    return TELLTALE is None or TELLTALE.search(text) is not None


def repaired(text: str) -> str:
    """The text with its mojibake repaired, or the text itself when it shows none."""
    # ASCII text cannot hold mojibake (every mis-decoded byte is a non-ASCII character), nor
    # can a text whose only other characters are dashes, curly quotes and the like: both tests
    # are far cheaper than ftfy's detector (0.7 ms on a 640-word article with a dash in it)
    if text.isascii() or not may_be_bad(text) or not is_bad(text):
        return text
    return ftfy.fix_text(text.replace(*LOST_CLOSING_QUOTE), ENCODING_ONLY)


def repair_article(article: Article) -> bool:
    """Repair the article's text in place when it shows mojibake, with a warning saying so;
    True when the text changed. Run before anything records an offset into the text."""
    fixed = repaired(article.text)
    if fixed == article.text:
        return False
    notice = Warnings.W121.format(fewer=len(article.text) - len(fixed))
    article.text = fixed
    if notice not in article.warnings:
        article.warnings.append(notice)
    return True


def offset_map(original: str, fixed: str) -> list[int]:
    """For each offset of ``original`` (0..len inclusive), the offset of the same place in
    ``fixed``; inside a repaired stretch, the stretch's start. The repair keeps line breaks, so
    lines are aligned one to one and characters only within a line that changed."""
    out: list[int] = []
    a_lines, b_lines = original.split("\n"), fixed.split("\n")
    if len(a_lines) != len(b_lines):  # not a repair of this text: align the whole
        a_lines, b_lines = [original], [fixed]
    b_at = 0
    for a, b in zip(a_lines, b_lines, strict=True):
        if a == b:
            out.extend(range(b_at, b_at + len(a) + 1))
        else:
            line = [0] * (len(a) + 1)
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            for tag, a0, a1, b0, _ in matcher.get_opcodes():
                for k in range(a0, a1):
                    line[k] = b_at + (b0 + k - a0 if tag == "equal" else b0)
            line[len(a)] = b_at + len(b)
            out.extend(line)
        b_at += len(b) + 1  # the line and its break
    return out  # one entry per character and per break, plus the end: len(original) + 1
