"""Quote marks, found on the raw characters.

Quotation marks are found on the text, not on tokens, because spaCy splits and attaches them
unpredictably. Straight and curly marks pair up with a stack (so a nested quote stays inside its
outer one); a quote left open at a paragraph end continues only when the next paragraph opens
with a quote mark of the same family (the newspaper convention for a quotation running over
paragraphs), else it is capped at the paragraph end, so one stray mark never swallows the rest of
the article. Nothing here reads a Doc: ``dateline eval quotes`` uses the same functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Typography, not vocabulary: the marks and stops that delimit a quotation.
OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
CLOSERS = {"\u201d", "\u00bb"}
MARK_TOKENS = {"\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", '"', "''", "``"}
DASHES = "\u2014\u2013\u2015-"
SENT_END = ".!?"
MARK_RE = re.compile("''|``|[\u201c\u201d\u201e\u00ab\u00bb\"]")
# A text is hard-wrapped when it has at least this many lines and nearly all of them are of
# similar, medium length (typed by a wire service at a fixed width).
HARD_WRAP_MIN_LINES = 6
HARD_WRAP_WIDTH = (40, 100)
HARD_WRAP_SHARE = 0.8
LINE_QUOTE_REACH = 4  # lines a quotation may run on over in a one-sentence-a-line text
BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass(frozen=True)
class Marked:
    """A quote-marked stretch: inner span [start, end) and the marks' positions."""

    start: int
    end: int
    open_at: int
    close_at: int | None  # None when the quote was left open and capped at a paragraph end
    close_end: int  # just past the closing mark (the content end when capped)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans. Every line is a paragraph, unless the text is hard-wrapped (nearly all
    lines of similar, medium length with blank lines between paragraphs), where blank lines
    separate paragraphs."""
    sep = re.compile(r"\n[ \t\u00a0]*\n\s*") if _hard_wrapped(text) else re.compile(r"\n+\s*")
    spans, pos = [], 0
    for m in sep.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _hard_wrapped(text: str) -> bool:
    lines = [len(line) for line in text.split("\n") if line.strip()]
    if len(lines) < HARD_WRAP_MIN_LINES or not re.search(r"\n[ \t\u00a0]*\n", text):
        return False
    low, high = HARD_WRAP_WIDTH
    return sum(low <= n <= high for n in lines) >= HARD_WRAP_SHARE * len(lines)


def _mark_kind(text: str, i: int, mark: str, stack_open: bool) -> str | None:
    """'open', 'close' or None for the quote mark at i (curly marks say it; straight ones and
    typewriter doubles ('' and ``) are read from the spacing around them)."""
    if mark in OPENERS or mark == "``":
        return "open"
    if mark in CLOSERS:
        return "close"
    before = text[i - 1] if i else " "
    j = i + len(mark)
    after = text[j] if j < len(text) else " "
    if i == 0 or before.isspace() or before in "([{\u2014\u2013\u2015/:":
        if not after.isspace():
            return "open"
        return "close" if stack_open else None
    return "close"


def find_marked(text: str) -> list[Marked]:
    """Outermost quote-marked spans, robust to nesting, multi-paragraph and unbalanced marks."""
    out: list[Marked] = []
    paras = paragraphs(text)
    pending: tuple[int, int] | None = None  # an open mark carried over from the last paragraph
    skip_until = 0  # marks before this were paired across lines already
    for n, (p0, p1) in enumerate(paras):
        if p1 <= skip_until:
            continue
        p0 = max(p0, skip_until)
        stack: list[tuple[int, int]] = []  # (position, width) of open marks
        skip_first = None
        if pending is not None:
            stack.append(pending)
            pending = None
            skip_first = first_nonspace(text, p0, p1)  # the re-opening mark of this paragraph
        for m in MARK_RE.finditer(text, p0, p1):
            i = m.start()
            if i == skip_first:
                continue
            kind = _mark_kind(text, i, m.group(0), bool(stack))
            if kind == "open":
                stack.append((i, len(m.group(0))))
            elif kind == "close" and stack:
                o = stack.pop()
                if not stack:
                    _add(out, text, o, (i, len(m.group(0))))
        if stack:
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            if nxt and _reopens(text, stack[0], *nxt):
                pending = stack[0]
            elif (close := _close_on_later_line(text, paras, n)) is not None:
                _add(out, text, stack[0], close)
                skip_until = close[0] + close[1]
            else:
                _add(out, text, stack[0], None, cap=p1)
    return out


def _close_on_later_line(text: str, paras: list[tuple[int, int]], n: int) -> tuple[int, int] | None:
    """A quotation left open at the end of a line that runs on over the next lines of a text
    written one sentence a line (single line breaks, no mark opening the next line): its
    closing mark, when the first mark of the next ``LINE_QUOTE_REACH`` lines closes.
    Blank-line paragraphs keep the newspaper convention (a continued quotation reopens its
    paragraph), and a first mark that opens means the earlier one was stray."""
    end = paras[n][1]
    for a, b in paras[n + 1 : n + 1 + LINE_QUOTE_REACH]:
        if BLANK_LINE.search(text, end, a):
            return None
        m = MARK_RE.search(text, a, b)
        if m is None:
            end = b
            continue
        if _mark_kind(text, m.start(), m.group(0), True) != "close":
            return None
        return m.start(), len(m.group(0))
    return None


def first_nonspace(text: str, a: int, b: int) -> int | None:
    for i in range(a, b):
        if not text[i].isspace():
            return i
    return None


def _reopens(text: str, pending: tuple[int, int], a: int, b: int) -> bool:
    """The paragraph [a, b) opens with a quote mark of the same family (curly, straight or
    typed) as the pending one: a quotation continuing over the paragraph break. A different
    family means the earlier mark was a stray one."""
    i = first_nonspace(text, a, b)
    m = MARK_RE.match(text, i) if i is not None else None
    return m is not None and _family(m.group(0)) == _family(text[pending[0] : sum(pending)])


def _family(mark: str) -> str:
    return "straight" if mark == '"' else "typed" if mark in ("''", "``") else "curly"


def _add(
    out: list[Marked],
    text: str,
    o: tuple[int, int],
    c: tuple[int, int] | None,
    cap: int = 0,
) -> None:
    start, end = o[0] + o[1], c[0] if c is not None else cap
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        close_at, close_end = (c[0], c[0] + c[1]) if c is not None else (None, end)
        out.append(Marked(start, end, o[0], close_at, close_end))
