"""Story vs wrapping: byline, dateline, title and the lines that wrap a story, by their shape.

Nothing is deleted: wrapping is marked as ``Article.boilerplate`` spans so that offsets keep
indexing the text as read, and so that people named only in bylines or contact lines are not
counted as people in the story.

Wrapping is recognised from its **shape and position** first, and from phrases second
(``lexicons/boilerplate.txt``), because each outlet words its prompts differently but lays them
out alike:

* the **head** (everything before the story's first paragraph that follows the byline or the
  time stamp) keeps its title and standfirst; every other short line there is wrapping: the
  masthead, navigation, a kicker ("ANALYSIS"), "Save", "Reading time: 6 minutes";
* a **run** of three or more consecutive short lines without sentence punctuation inside the
  story is a link list ("Keep reading / list 1 of 3 / <headline> / ..."), as is every short
  line right after a related-links cue (``lexicons/related_cues.txt``);
* the **tail** after a closing stamp or copyright line ("This article was published on ...",
  "© 2026 ...") is wrapping when what follows is short (bios, disclosures, tags), and after the
  story's last paragraph every short line and every author bio (a sentence that begins with the
  byline's name) is;
* anywhere: navigation and tag lists (three or more short items between separators), contact
  lines (an e-mail address, phone number or web address in a short line), agency slugs
  ("sad-lm/ber"), photo credits, and the phrase patterns.

Measured on the seven gold articles: boilerplate 0.61 → see ``dateline eval published`` and the
scorecard in the lead's notes; the rules never mark a line holding a gold quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from dateline.frame.dates import full_dates, month_days, patterns
from dateline.lexicons import lines as lexicon_lines
from dateline.lexicons import table
from dateline.model import Article, Span

LONG_LINE = 400  # a "line" this long is a whole paragraph or article run together
SHORT_LINE = 100  # characters: a line this short without sentence punctuation is no paragraph
PROSE_WORDS = 8  # a sentence of the story has at least this many words ...
TERMINAL = (".", "!", "?", "”", '"', "’", "'", ")", "…")  # ... and ends like a sentence
HEAD_WINDOW = 14  # a byline or time stamp further down than this many lines is not the head's
RUN_LENGTH = 3  # consecutive short lines that make a link list
TAIL_WORDS = 40  # after a closing stamp, lines this long or longer mean the story goes on
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"(©])")
BYLINE = re.compile(r"^\s*by\s+(?P<names>[^\n]{2,160}?)\s*[–—-]?\s*$", re.I)
# "KABUL (Reuters) -", "BAMAKO, Mali (AP) —", "WASHINGTON, March 4 (Reuters) -", "LONDON —"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}?(?:,\s*[A-Z][A-Za-z .'’-]{1,30}?)?)"
    r"(?:,\s*(?P<date>(?:[A-Za-z]{3,9}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9})(?:,?\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z .]{2,30})\))?\s*[—–-]{1,2}\s",
)
NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*", re.I)
SEPARATORS = re.compile(r"\s*(?:\||·|•|»|›|\s/\s)\s*")
SEPARATOR_MARKS = ("|", "·", "•", "»", "›", "/")  # one of them is in every SEPARATORS match
LABEL = re.compile(r"^(?P<label>[A-Z][\w’'-]*(?:\s[\w’'-]+){0,2}):\s+\S")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d ()-]{7,}\d(?!\w)")
PHONE_DIGITS = re.compile(r"\d[\d ()-]{7,}\d")  # PHONE without its edges: found first, cheaply
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I)
SLUG = re.compile(r"^\(?[a-z]{2,5}(?:-[a-z]{2,5})*(?:/[a-z]{2,5}(?:-[a-z]{2,5})*)+\)?$")
BULLET = re.compile(r"^\s*(?:[-*•–—]|\d{1,2}[.)])\s")
QUOTE_MARKS = ("“", '"', "‘")
BIO_VERBS = re.compile(r"^\s*(?:is|was|has|writes|covers|reports|teaches|leads|heads)\b")
STAMP_PARTS = re.compile(r"(?<=[.;|])\s+|\s+[|·]\s+")  # "© X 2026. Published 09 Oct 2026"
COPYRIGHT = re.compile(r"^\W*(?:©|\(c\)|copyright\b)", re.I)


@dataclass(frozen=True)
class OutletName:
    """lexicons/outlets.csv: how a dateline or byline names a wire agency or outlet."""

    token: str
    outlet: str


@dataclass(frozen=True)
class StampCue:
    """lexicons/stamp_cues.csv: words that open a publication or update time stamp."""

    cue: str
    kind: str  # published | updated


@cache
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(line, re.I) for line in lexicon_lines("boilerplate.txt"))


def _anchored(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts at the start of the text: it opens with "^"
    and has no "|" outside brackets (which would let another branch match anywhere)."""
    if not pattern.startswith("^"):
        return False
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
    return True


@cache
def boilerplate_matchers() -> tuple[re.Pattern[str] | None, tuple[re.Pattern[str], ...]]:
    """The boilerplate patterns as (one pattern joining the anchored ones, to ``match`` at the
    start of a line; the others, to ``search``): one call instead of twenty-odd per line, with
    the same answer (a line is wrapping when any pattern matches)."""
    patterns = boilerplate_patterns()
    anchored = [p.pattern for p in patterns if _anchored(p.pattern)]
    others = tuple(p for p in patterns if not _anchored(p.pattern))
    if not anchored:
        return None, others
    try:
        joined = re.compile("|".join(f"(?:{p})" for p in anchored), re.I)
    except re.error:  # a pattern that only compiles alone (a global inline flag): keep them apart
        return None, patterns
    return joined, others


@cache
def outlets() -> dict[str, str]:
    return {row.token.casefold(): row.outlet for row in table("outlets.csv", OutletName)}


@cache
def outlet_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in lexicon_lines("outlet_words.txt"))


@cache
def related_cues() -> tuple[str, ...]:
    return tuple(w.casefold() for w in lexicon_lines("related_cues.txt"))


@cache
def stamp_cue_pattern() -> re.Pattern[str]:
    cues = sorted(table("stamp_cues.csv", StampCue), key=lambda c: len(c.cue), reverse=True)
    body = "|".join(re.escape(c.cue).replace(r"\ ", r"\s+") for c in cues)
    return re.compile(r"^\W*(?P<cue>" + body + r")\b\W*", re.I)


@cache
def stamp_kinds() -> dict[str, str]:
    return {c.cue.casefold(): c.kind for c in table("stamp_cues.csv", StampCue)}


@dataclass
class Line:
    """One line (or, in text run together, one sentence) of the article."""

    index: int
    start: int  # offsets of the line without its surrounding whitespace
    end: int
    text: str
    blank_before: bool  # a blank line separates it from the previous line
    kind: str | None = None  # why it is wrapping (None: story, title or standfirst)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def span(self) -> Span:
        return self.start, self.end


@dataclass
class Frame:
    """The wrapping decision over an article's lines: what the date decision reads."""

    lines: list[Line]
    head_end: int  # index of the first story line (lines before it are the head)
    story_end: int  # index after the last story line (lines from it are the tail)
    title: Line | None = None
    byline: Line | None = None
    dateline: Line | None = None
    dateline_date: str | None = None
    authors: list[str] = field(default_factory=list)

    def story_lines(self) -> list[Line]:
        return [ln for ln in self.lines if ln.kind is None and ln is not self.title]


def lines_with_offsets(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) for every line, end excluding the newline."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def units_with_offsets(text: str) -> Iterator[tuple[int, int, str]]:
    """Lines, with very long lines cut into sentences: text without line breaks (a scraped
    page run together) must not have a whole story marked because one sentence is wrapping."""
    for start, end, line in lines_with_offsets(text):
        if len(line) <= LONG_LINE:
            yield start, end, line
            continue
        cursor = 0
        for match in SENTENCE_END.finditer(line):
            yield start + cursor, start + match.start(), line[cursor : match.start()]
            cursor = match.end()
        yield start + cursor, end, line[cursor:]


def split_lines(text: str) -> list[Line]:
    """The article's non-blank lines with their trimmed offsets."""
    found: list[Line] = []
    blank = False
    for start, _end, raw in units_with_offsets(text):
        if not raw.strip():
            blank = True
            continue
        left = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        found.append(Line(len(found), start + left, start + left + len(stripped), stripped, blank))
        blank = False
    return found


# -- the shape of one line ---------------------------------------------------------------------


def is_prose(line: Line) -> bool:
    """A sentence of the story: long enough, and ending like a sentence."""
    if len(line.text) > 2 * SHORT_LINE:
        return True
    return line.words >= PROSE_WORDS and line.text.endswith(TERMINAL)


def is_short(line: Line) -> bool:
    return len(line.text) <= SHORT_LINE and not line.text.endswith((".", "!", "?", "”", '"'))


def is_phrase_wrapping(text: str) -> bool:
    stripped = text.strip().lstrip("–—-").strip()
    if not stripped:
        return False
    anchored, others = boilerplate_matchers()
    if anchored is not None and anchored.match(stripped):
        return True
    return any(p.search(stripped) for p in others)


def is_list_line(text: str) -> bool:
    """Navigation or tags: three or more short items between separators ("News | Sport |
    Jobs", "Topics: Colombia · Armed conflict · Coca", "Share: Facebook · X · Email")."""
    body = LABEL.sub("", text, count=1) if LABEL.match(text) else text
    if not any(mark in body for mark in SEPARATOR_MARKS):
        return False  # nothing to split at: one item (most lines; the split scans every space)
    items = [item for item in SEPARATORS.split(body) if item.strip()]
    return len(items) >= 3 and all(len(item.split()) <= 4 for item in items)


def is_contact(line: Line) -> bool:
    """A short line with an e-mail address, phone number or web address in it (a sentence
    with a web address may be the story's; one with an e-mail address or phone number is the
    outlet's call for tips)."""
    if line.words > 30:
        return False
    text = line.text
    # each regex only where the characters every match holds are there: EMAIL's scan tries
    # every word of a story line, PHONE's every character
    return bool(
        ("@" in text and EMAIL.search(text))
        or (("://" in text or "www." in text.lower()) and URL.search(text))
        or (PHONE_DIGITS.search(text) and PHONE.search(text))
    )


def is_stamp(text: str) -> str | None:
    """'published' or 'updated' for a time-stamp line ("Posted: Mon 5 Jan 2026", "Updated
    10:48 AM EDT, April 23, 2026", "Last updated 15:05 WAT", "This article was published on
    18 September 2026."), 'date' for a line that is only a date ("March 01, 2008"), else None."""
    if len(text) > 120:
        return None
    for part in STAMP_PARTS.split(text):
        cue = stamp_cue_pattern().match(part)
        if cue is None:
            continue  # no cue: whatever date or time the part holds, it is no stamp
        has_time = re.search(r"\b\d{1,2}[:.]\d{2}\b", part) is not None
        numeric = patterns()["numeric"].search(part) is not None
        dated = bool(full_dates(part)) or bool(month_days(part)) or numeric
        if dated or has_time:
            return stamp_kinds().get(re.sub(r"\s+", " ", cue["cue"]).casefold(), "published")
    if full_dates(text) and _only_a_date(text):
        return "date"
    return None


def _only_a_date(text: str) -> bool:
    """Nothing but a date, a weekday, a time and a zone ("Friday 17 July 2026, 10:02 GMT")."""
    rest = text
    for found in reversed(full_dates(text)):
        rest = rest[: found.start] + rest[found.end :]
    rest = re.sub(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?", " ", rest, flags=re.I)
    rest = re.sub(r"\b[A-Z]{2,5}\b", " ", rest)  # GMT, EDT, WAT
    return not re.sub(r"[\W_]+", "", rest)


def is_caption(text: str) -> bool:
    """A photo caption or credit ("FILE - In this ... photo", "(AP Photo/Jo Tan)")."""
    return bool(
        re.match(r"^\W*file\s*(?:photo)?\s*[-–—:]", text, re.I)
        or re.search(r"\((?:[A-Z]+\s)?photo\s*/[^)]*\)\s*$", text, re.I)
    )


def is_bio(line: Line, authors: list[str]) -> bool:
    """A sentence about the author: it opens with a byline name and "is", "writes", ..."""
    for name in authors:
        if line.text.startswith(name) and BIO_VERBS.match(line.text[len(name) :]):
            return True
    return False


def title_case(name: str) -> str:
    """'BAKARY SANOGO' → 'Bakary Sanogo'; names already in mixed case stay as written."""
    return name.title() if name.isupper() else name


def parse_byline(names: str) -> tuple[list[str], str | None]:
    """Authors and outlet from the text after 'By'."""
    names = re.split(r"\s+(?:in|at|from|reporting from)\s+[A-Z]", names, maxsplit=1)[0]
    parts = [p.strip(" .–—-") for p in NAME_SPLIT.split(names) if p.strip(" .–—-")]
    known = outlets()
    authors, outlet = [], None
    for part in parts:
        if part.casefold() in known:
            outlet = known[part.casefold()]
        elif any(w in part.casefold().split() for w in outlet_words()):
            outlet = part
        elif part.split()[-1].casefold() in byline_roles():
            continue  # "Chief Reporter", "North-East Correspondent": the author's job
        elif 1 <= len(part.split()) <= 5 and part[0].isupper():
            authors.append(title_case(part))
    return authors, outlet


@cache
def byline_roles() -> frozenset[str]:
    return frozenset(w.casefold() for w in lexicon_lines("byline_roles.txt"))


def find_dateline(line: Line) -> tuple[Span, str, str | None, str | None] | None:
    """The dateline at the head of a paragraph: (span, place, agency outlet, date text)."""
    match = DATELINE.match(line.text)
    if not match:
        return None
    place = match.group("place").strip(" ,")
    words = place.replace(",", " ").split()
    if not words or not words[0].isupper() or len(words[0]) < 2:
        return None
    agency = match.group("agency")
    date_text = match.group("date")
    if date_text and not (month_days(date_text) or full_dates(date_text)):
        return None
    outlet = outlets().get(agency.strip().casefold(), agency.strip()) if agency else None
    if not agency and not date_text and len(place) < 3:
        return None
    return (line.start, line.start + match.end()), place, outlet, date_text


def looks_like_title(text: str, line: Line, lines: list[Line]) -> bool:
    """A short line without a final period, followed by a blank line."""
    following = text[line.end : line.end + 2]
    return (
        4 <= line.words <= 25
        and not line.text.endswith((".", ":", "”", '"'))
        and following.startswith("\n\n")
        and DATELINE.match(line.text) is None
    )


# -- the decision over all lines ---------------------------------------------------------------


def frame_lines(article: Article) -> Frame:
    """Classify every line of the article as story, title or a kind of wrapping."""
    text = article.text
    lines = split_lines(text)
    frame = Frame(lines, head_end=0, story_end=len(lines))
    _mark_shapes(frame)
    _find_head(frame, text)
    _find_dateline(frame)
    _mark_runs(frame)
    _mark_tail(frame)
    return frame


def _mark_shapes(frame: Frame) -> None:
    """Wrapping that its own shape gives away, wherever it stands."""
    for line in frame.lines:
        byline = BYLINE.match(line.text) if line.words <= 20 else None
        if byline and frame.byline is None and line.index < HEAD_WINDOW * 2:
            authors, outlet = parse_byline(byline.group("names"))
            if authors or outlet:
                line.kind = "byline"
                frame.byline = line
                frame.authors = authors
                continue
        stamp = is_stamp(line.text)
        if stamp and stamp != "date":
            line.kind = f"stamp:{stamp}"
        elif stamp == "date" and line.words <= 8:
            line.kind = "stamp:date"
        elif is_phrase_wrapping(line.text):
            line.kind = "copyright" if COPYRIGHT.match(line.text) else "phrase"
        elif is_list_line(line.text):
            line.kind = "list"
        elif SLUG.match(line.text):
            line.kind = "slug"
        elif is_caption(line.text):
            line.kind = "caption"
        elif is_contact(line) and (not is_prose(line) or not URL.search(line.text)):
            line.kind = "contact"


def _find_head(frame: Frame, text: str) -> None:
    """The head ends at the first story paragraph after the last byline or stamp near the top;
    in it the title and standfirst stay story and every other short line is wrapping."""
    lines = frame.lines
    window = lines[:HEAD_WINDOW]
    prose_before = 0
    anchors: list[int] = []
    for line in window:  # a byline or stamp after the story's first paragraphs is the tail's
        if line.kind == "byline" or _is_stamp_kind(line):
            if prose_before >= 2:
                break
            anchors.append(line.index)
        elif line.kind is None and is_prose(line):
            prose_before += 1
    after = anchors[-1] + 1 if anchors else 0
    head_end = next(
        (ln.index for ln in lines[after:] if ln.kind is None and is_prose(ln)), len(lines)
    )
    if not anchors:
        head_end = next((ln.index for ln in lines if ln.kind is None and is_prose(ln)), 0)
    frame.head_end = head_end
    head = lines[:head_end]
    titles = [ln for ln in head if ln.kind is None and looks_like_title(text, ln, lines)]
    frame.title = titles[0] if titles else None
    for line in head:
        if line.kind is not None or line is frame.title or is_prose(line):
            continue
        if DATELINE.match(line.text):
            continue
        if line.words >= 4 and frame.title is None:
            continue  # no title found: a headline-shaped line stays story
        if line.words < 4 and not titles and line.index == 0 and len(head) == 1:
            continue  # a short headline alone at the top
        line.kind = "head"


def _is_stamp_kind(line: Line) -> bool:
    return bool(line.kind and line.kind.startswith("stamp:"))


def _find_dateline(frame: Frame) -> None:
    """The dateline opens one of the story's first paragraphs."""
    story = [ln for ln in frame.lines[frame.head_end :] if ln.kind is None][:4]
    candidates = [ln for ln in frame.lines[: frame.head_end] if ln.kind is None] + story
    for line in candidates:
        if frame.title is line:
            continue
        found = find_dateline(line)
        if found:
            frame.dateline = line
            frame.dateline_date = found[3]
            return


def _mark_runs(frame: Frame) -> None:
    """Link lists inside the story: a run of short lines, or short lines after a cue."""
    lines = frame.lines
    run: list[Line] = []

    def close() -> None:
        cued = any(_is_cue(ln.text) for ln in run)
        if len(run) >= RUN_LENGTH or cued:
            for member in run:
                if member.kind is None and member is not frame.title:
                    member.kind = "links"
        run.clear()

    for line in lines[frame.head_end :]:
        short = is_short(line) and not BULLET.match(line.text) and line is not frame.dateline
        joined = bool(run) and not line.blank_before
        if short and (joined or not run):
            run.append(line)
            continue
        if short and run and _is_cue(run[0].text):
            run.append(line)  # a cue's items may be spaced out with blank lines
            continue
        close()
        if short:
            run.append(line)
    close()


def _is_cue(text: str) -> bool:
    folded = text.casefold().strip(" :.-–—")
    return any(folded == cue or folded.startswith(cue + ":") for cue in related_cues())


@cache
def inline_cue_pattern() -> re.Pattern[str]:
    """A related-links cue with a colon at a line's start or after a sentence's end."""
    cues = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in related_cues())
    return re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’']\s))(?:{cues})\s*:", re.I)


def flattened_lists(frame: Frame) -> list[Span]:
    """A related-links list whose line breaks a scrape lost: from a cue with a colon ("...
    on Friday. Related stories: <headline> <headline> ...") to the end of its line."""
    found = []
    for line in frame.lines:
        hit = inline_cue_pattern().search(line.text) if line.kind is None else None
        if hit:
            found.append((line.start + hit.start(), line.end))
    return found


def _mark_tail(frame: Frame) -> None:
    """The tail: after a closing stamp or copyright line when only short lines follow, and
    after the story's last paragraph every short line and author bio."""
    lines = frame.lines
    for line in lines[frame.head_end :]:
        if line.kind in ("stamp:published", "stamp:updated", "stamp:date", "copyright"):
            rest = lines[line.index + 1 :]
            if rest and all(ln.words < TAIL_WORDS for ln in rest) and len(rest) <= 8:
                for member in rest:
                    member.kind = member.kind or "tail"
                break
    last_story = max(
        (ln.index for ln in lines[frame.head_end :] if ln.kind is None and is_prose(ln)),
        default=frame.head_end - 1,
    )
    frame.story_end = last_story + 1
    for line in lines[frame.story_end :]:
        if line.kind is None and (is_short(line) or LABEL.match(line.text)):
            line.kind = "tail"
    for line in lines[frame.head_end :]:
        if line.kind is None and frame.authors and is_bio(line, frame.authors):
            line.kind = "bio"
    # a label line among the last lines ("Source: ...", "Disclosure statement: ..."), never
    # the story's first paragraph, which in a short story is among them ("CITY: The ...")
    for line in lines[max(frame.head_end + 1, len(lines) - 3) :]:
        label = LABEL.match(line.text)
        if line.kind is None and label and line.words <= 25:
            if not re.search(r"\b(said|says|told)\b", label["label"], re.I):
                line.kind = "tail"


def mark_wrapping(article: Article) -> Frame:
    """Fill the article's boilerplate, authors, outlet, dateline and title from its lines."""
    frame = frame_lines(article)
    article.boilerplate = [ln.span for ln in frame.lines if ln.kind is not None]
    article.boilerplate += flattened_lists(frame)
    if frame.byline is not None:
        names = BYLINE.match(frame.byline.text)
        if names:
            authors, outlet = parse_byline(names.group("names"))
            article.authors = article.authors or authors
            article.outlet = article.outlet or outlet
    if frame.dateline is not None:
        found = find_dateline(frame.dateline)
        if found:
            article.dateline, article.dateline_place, agency, _ = found
            article.outlet = article.outlet or agency
    if article.title is None and frame.title is not None:
        article.title = frame.title.text
    return frame


__all__ = [
    "Frame",
    "Line",
    "frame_lines",
    "is_stamp",
    "mark_wrapping",
    "parse_byline",
    "patterns",
]
