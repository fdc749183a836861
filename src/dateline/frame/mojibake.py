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

import ftfy
from ftfy.badness import is_bad

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


def repaired(text: str) -> str:
    """The text with its mojibake repaired, or the text itself when it shows none."""
    # ASCII text cannot hold mojibake (every mis-decoded byte is a non-ASCII character), and
    # the test is 1,000 times cheaper than ftfy's detector (2 ms on a 640-word article)
    if text.isascii() or not is_bad(text):
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
