"""Story vs wrapping: byline, dateline, boilerplate spans and the publication date.

Nothing is deleted: wrapping is marked as ``Article.boilerplate`` spans so that offsets keep
indexing the text as read, and so that people named only in bylines or contact lines are not
counted as people in the story. The publication date comes from metadata first, then the
dateline or a timestamp line, then is inferred from the text (copyright year, explicit dates,
"Earlier Wednesday"), and stays empty when nothing supports one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from dateline.model import Article, Span

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _word_trie(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, with shared prefixes factored out
    ("sep(?:t(?:ember)?)?"): a flat case-insensitive alternation of every month name is tried
    name by name at every character of the text, which made these scans the slowest step of
    ``prepare``. Matches are the same as ``|``-joining the words longest first."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


# the lookahead rejects most positions with one character test before any name is tried
MONTH_RE = (
    r"(?=[" + "".join(sorted({m[0] for m in MONTHS})) + r"])"
    r"(?P<month>" + _word_trie(list(MONTHS)) + r")\.?"
)
MONTH_DAY_YEAR = re.compile(
    MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I
)
MONTH_DAY = re.compile(
    r"\b" + MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})", re.I
)
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")
COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?P<year>(?:19|20)\d\d)", re.I)
TODAY_WEEKDAY = re.compile(
    r"\b(?:earlier|later|early|late)\s+(?:on\s+)?(?:this\s+)?(?P<day>" + "|".join(WEEKDAYS) + r")\b"
    r"|\b(?P<day2>" + "|".join(WEEKDAYS) + r")\s+(?:morning|afternoon|evening|night)\b",
    re.I,
)
BYLINE = re.compile(r"^\s*by\s+(?P<names>[^\n]{2,160}?)\s*[–—-]?\s*$", re.I)
# "KABUL (Reuters) -", "BAMAKO, Mali (AP) —", "WASHINGTON, March 4 (Reuters) -", "LONDON —"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}?(?:,\s*[A-Z][A-Za-z .'’-]{1,30}?)?)"
    r"(?:,\s*(?P<date>(?i:" + MONTH_RE + r")\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z .]{2,30})\))?\s*[—–-]{1,2}\s",
)
OUTLET_WORDS = {
    "news",
    "press",
    "agency",
    "times",
    "post",
    "service",
    "wire",
    "media",
    "network",
    "radio",
    "television",
    "tv",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "daily",
    "reuters",
    "bloomberg",
    "newspaper",
    "magazine",
    "online",
    "group",
}
NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*", re.I)


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    path = resources.files("dateline.lexicons").joinpath("boilerplate.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(ln, re.I) for ln in lines if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    path = resources.files("dateline.lexicons").joinpath("outlets.csv")
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(ln for ln in handle if ln.strip() and not ln.startswith("#"))
        return {row[0].strip().casefold(): row[1].strip() for row in rows if len(row) >= 2}


def lines_with_offsets(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) for every line, end excluding the newline."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


LONG_LINE = 400  # a "line" this long is a whole paragraph or article run together
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"(©])")


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


def trimmed(start: int, line: str) -> Span:
    """The span of a line without its surrounding whitespace."""
    left = len(line) - len(line.lstrip())
    return start + left, start + len(line.rstrip())


def is_boilerplate_line(line: str) -> bool:
    stripped = line.strip().lstrip("–—-").strip()
    return bool(stripped) and any(p.search(stripped) for p in boilerplate_patterns())


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
        elif any(w in part.casefold().split() for w in OUTLET_WORDS):
            outlet = part
        elif 1 <= len(part.split()) <= 5 and part[0].isupper():
            authors.append(title_case(part))
    return authors, outlet


def find_dateline(text: str, start: int, line: str) -> tuple[Span, str, str | None, str | None]:
    """The dateline at the head of a paragraph: (span, place, agency outlet, date text)."""
    match = DATELINE.match(line)
    if not match:
        return None  # type: ignore[return-value]
    place = match.group("place").strip(" ,")
    words = place.replace(",", " ").split()
    if not words or not words[0].isupper() or len(words[0]) < 2:
        return None  # type: ignore[return-value]
    agency = match.group("agency")
    outlet = outlets().get(agency.strip().casefold(), agency.strip()) if agency else None
    if not agency and not match.group("date") and len(place) < 3:
        return None  # type: ignore[return-value]
    return (start, start + match.end()), place, outlet, match.group("date")


def date_from_text(value: str, year_hint: int | None = None) -> date | None:
    """'March 16, 2026' / '2026-03-16' / 'March 4' (with a year hint) → date."""
    for pattern in (MONTH_DAY_YEAR, ISO_DATE):
        match = pattern.search(value)
        if match:
            month = match.group("month")
            month_number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            try:
                return date(int(match.group("year")), month_number, int(match.group("day")))
            except ValueError:
                return None
    match = MONTH_DAY.search(value)
    if match and year_hint:
        try:
            return date(year_hint, MONTHS[match.group("month").lower()], int(match.group("day")))
        except ValueError:
            return None
    return None


def infer_published(text: str, story: list[Span]) -> date | None:
    """The publication day the text itself supports, or None.

    Needs a year (copyright line or a full date in the text) and a day: either a full date, or
    a weekday said to be today ("Earlier Wednesday") placed after the latest explicit date.
    """
    body = " ".join(text[s:e] for s, e in story)
    years = [int(m.group("year")) for m in COPYRIGHT_YEAR.finditer(text)]
    full_dates = [
        d for d in (date_from_text(m.group(0)) for m in MONTH_DAY_YEAR.finditer(body)) if d
    ]
    year = years[-1] if years else (max(full_dates).year if full_dates else None)
    if year is None:
        return None
    explicit = [
        d
        for m in MONTH_DAY.finditer(body)
        if not _future_context(body, m.start())
        and (d := date_from_text(m.group(0), year_hint=year)) is not None
    ]
    today = TODAY_WEEKDAY.search(body)
    if today:
        weekday = WEEKDAYS.index((today.group("day") or today.group("day2")).lower())
        after = max(explicit) + timedelta(days=1) if explicit else None
        if after is None:
            return None
        return after + timedelta(days=(weekday - after.weekday()) % 7)
    return None


def _future_context(body: str, position: int) -> bool:
    """True when a date is announced as ahead ("Expected March 10", "will ... on March 10")."""
    before = body[max(0, position - 40) : position].lower()
    return bool(re.search(r"\b(expected|scheduled|due|will|planned|set for|until|by)\W*$", before))


def prepare(article: Article) -> Article:
    """Mark wrapping, fill byline/outlet/dateline, and settle the publication date."""
    text = article.text
    boilerplate: list[Span] = []
    story: list[Span] = []
    head_seen = False
    timestamp: date | None = None
    for start, _end, line in units_with_offsets(text):
        if not line.strip():
            continue
        span = trimmed(start, line)
        byline = BYLINE.match(line) if not head_seen or len(line) < 120 else None
        if byline and len(line.split()) <= 20:
            authors, outlet = parse_byline(byline.group("names"))
            if authors or outlet:
                boilerplate.append(span)
                article.authors = article.authors or authors
                article.outlet = article.outlet or outlet
                continue
        if is_boilerplate_line(line):
            boilerplate.append(span)
            if re.match(r"^\W*(updated|published|posted|last updated)", line.strip(), re.I):
                timestamp = timestamp or date_from_text(line)
            continue
        if (
            article.dateline is None
            and not head_seen
            or (article.dateline is None and len(story) <= 3)
        ):
            found = find_dateline(text, start, line)
            if found:
                article.dateline, article.dateline_place, agency, date_text = found
                article.outlet = article.outlet or agency
                years = [int(m.group("year")) for m in COPYRIGHT_YEAR.finditer(text)]
                dated = date_from_text(date_text or "", year_hint=years[-1] if years else None)
                if dated and article.published is None:
                    article.published, article.published_basis = dated, "dateline"
        if article.title is None and not head_seen and _looks_like_title(text, start, line):
            article.title = line.strip()
        head_seen = True
        story.append(span)
    article.boilerplate = boilerplate
    if article.published is None and timestamp is not None:
        article.published, article.published_basis = timestamp, "metadata"
    if article.published is None:
        inferred = infer_published(text, story)
        if inferred:
            article.published, article.published_basis = inferred, "inferred"
    if article.published is None:
        article.published_basis = "none"
    return article


def _looks_like_title(text: str, start: int, line: str) -> bool:
    """A short first line without a final period, followed by a blank line."""
    stripped = line.strip()
    following = text[start + len(line) : start + len(line) + 2]
    return (
        4 <= len(stripped.split()) <= 25
        and not stripped.endswith((".", ":", "”", '"'))
        and following.startswith("\n\n")
        and DATELINE.match(stripped) is None
    )
