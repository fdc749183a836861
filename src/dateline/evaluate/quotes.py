"""``dateline eval quotes DIR``: score the quotes layer on a PolNeAR-format folder.

The folder holds ``text/<article>.txt``, ``attributions/<article>_<annotator>.ann`` (brat standoff)
and optionally ``metadata.tsv`` (publication dates). Articles coded by several annotators are
scored against the alphabetically first annotator, so no attribution counts twice.

**Filter: only speech attributions are counted.** PolNeAR codes beliefs, intentions and findings
("polls show", "he believes") as attributions too; dateline extracts speech. A gold attribution
counts when a lemma of its cue is one of the fixed cue words of :data:`SPEECH_CUES` or its cue
matches :data:`CUE_PHRASES` ("according to", "pointed out"). The list is general English
communication verbs (saying, asking, answering, urging, promising, naming), written here and
never read from the system's lexicon, so adding a verb to ``lexicons/speech_verbs.csv`` cannot
change the denominator. It leaves out cognition and perception (think, believe, know, expect,
want, see), findings (show, find, indicate, and "suggest", which is as often "polls suggest" as
a speaker), evaluative acts (criticize, praise, condemn, accuse, attack), decisions (agree,
decide, plan), "continue" (as often "continued to ignore" as "continued:") and cues without a
word (a colon, a dash). A system quote that matches a gold attribution the filter left out is
neither right nor wrong (it is not counted in precision). The figures under the old selection
(a cue lemma in ``speech_verbs.csv``) are printed too, for comparison.

Metrics, overall and split into quote-marked gold contents (a double quotation mark, straight,
curly or typed as '', inside) and unmarked ones:

* **content P/R/F1**: a gold content is found when one system attribution covers at least 50%
  of its characters (one to one, best cover first). A system attribution is the quotes sharing
  one cue: PolNeAR codes ``"A," she said. "B."`` as one content in two fragments. Where PolNeAR's
  content is a reported clause embedding quoted words, dateline's contract extracts only the
  quoted words (a partial quote), so covering 50% of the quote-marked part also finds it; the
  ``strict`` rows require the clause itself.
* **speaker accuracy** over found quotes whose gold source is a name (its head is a proper noun;
  pronouns and nominals such as "officials" or "the Indiana governor" are left out, since
  PolNeAR has no coreference):
  right when a capitalized word of the gold source is a word of the system speaker's entity
  name, an alias, or its speaker_name.
* **cue accuracy** over found quotes: the system cue span overlaps the gold cue span.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.evaluate.scoring import PRF, Share
from dateline.evaluate.summary import skipped_line, summary_line

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dateline.model import Quote

TASK = "quotes-polnear"
QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb", "''", "``")
MIN_COVER = 0.5
# The fixed speech/attribution cues (lemmas): general English verbs of saying, writing, asking,
# answering, announcing, admitting, urging, warning and promising. Frozen here on purpose (see
# the module docstring); change it only deliberately, and say so with both figures.
SPEECH_CUES = frozenset(
    """
    say tell add state announce declare claim insist argue explain note write tweet post email
    ask reply respond answer retort comment remark confirm deny admit acknowledge concede warn
    caution urge call demand plead appeal propose recommend advise report testify recall
    complain stress emphasize emphasise reiterate repeat mention disclose reveal inform assert
    contend maintain allege predict promise pledge vow threaten assure reassure describe quote
    cite chant shout yell whisper exclaim speak talk joke quip boast lament echo order instruct
    brief observe label dub term brand
    """.split()
)
CUE_PHRASES = re.compile(r"\baccording to\b|\bpoint(?:s|ed|ing)? out\b")
FILTER_HELP = (
    "Counts only speech attributions: a cue lemma in the evaluator's fixed cue list "
    "(SPEECH_CUES) or 'according to' / 'pointed out'; beliefs and findings that PolNeAR also "
    "codes are left out of both recall and precision."
)


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser(
        "quotes",
        help="score quotes on a PolNeAR-format folder (speech attributions only)",
        description="Content F1, speaker and cue accuracy of the quotes layer against PolNeAR "
        "brat annotations. " + FILTER_HELP + " A reported clause embedding quoted words is also "
        "found by covering its quoted words (what dateline extracts, as partial quotes); the "
        "'strict' rows require the clause.",
    )
    parser.add_argument("path", help="PolNeAR-format folder (text/, attributions/, metadata.tsv)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument(
        "--errors", default=None, help="write misses and false alarms, strict rows (JSON lines)"
    )
    parser.set_defaults(func=run)


# ---------------------------------------------------------------- gold


Spans = list[tuple[int, int]]


@dataclass
class Gold:
    content: Spans
    cue: Spans
    source: Spans
    text: str
    speech: bool = True  # by the fixed cue list: what is scored
    speech_lexicon: bool = True  # by the system's speech_verbs.csv: the old selection
    marked: bool = False
    verbatim: Spans = field(default_factory=list)  # the quote-marked parts of the content
    source_name_words: set[str] = field(default_factory=set)  # empty: not a name


def _spans(field_text: str) -> Spans:
    out = []
    for part in field_text.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[dict[str, Spans]]:
    """Attribution relations of one .ann file: role -> spans (Content, Cue, Source)."""
    spans: dict[str, tuple[str, Spans]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, rest = cols[1].partition(" ")
            try:
                spans[cols[0]] = (kind, _spans(rest))
            except ValueError:
                continue
        elif line.startswith("E") and len(cols) >= 2:
            relations.append(cols[1].split())
    out = []
    for rel in relations:
        roles: dict[str, Spans] = {}
        for arg in rel[1:]:
            role, _, tid = arg.partition(":")
            if tid in spans:
                roles.setdefault(role.rstrip("0123456789"), []).extend(spans[tid][1])
        if roles.get("Content") and roles.get("Cue"):
            out.append(roles)
    return out


def _strip(text: str, spans: Spans) -> Spans:
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _name_words(doc: Doc, spans: Spans) -> set[str]:
    """Capitalized proper-noun words of a source whose head is a proper noun ("Donald Trump",
    "the Department of Justice"); empty for pronouns and nominals ("the Indiana governor")."""
    toks = [t for a, b in spans for t in (doc.char_span(a, b, alignment_mode="expand") or [])]
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head == t]
    if not any(t.pos_ == "PROPN" for t in heads):
        return set()
    return {t.text.casefold() for t in toks if t.pos_ == "PROPN" and t.text[:1].isupper()}


def is_fixed_cue(lemmas: Iterable[str], cue_text: str) -> bool:
    """True when a gold cue is speech by the evaluator's fixed list."""
    low = cue_text.lower()
    return bool(CUE_PHRASES.search(low)) or any(lemma.lower() in SPEECH_CUES for lemma in lemmas)


def by_lexicon(golds: list[Gold]) -> list[Gold]:
    """The same gold attributions selected the old way (the system's own speech verbs)."""
    return [replace(g, speech=g.speech_lexicon) for g in golds]


def gold_for(doc: Doc, relations: list[dict[str, Spans]]) -> list[Gold]:
    from dateline.quotes import find_marked, is_speech_cue

    text = doc.text
    marked_spans = [(m.start, m.end) for m in find_marked(text)]
    golds = []
    for r in relations:
        content = _strip(text, r["Content"])
        if not content:
            continue
        cue = _strip(text, r["Cue"])
        cue_text = " ".join(text[a:b] for a, b in cue)
        lemmas = [
            t.lemma_ for a, b in cue for t in (doc.char_span(a, b, alignment_mode="expand") or [])
        ]
        source = _strip(text, r.get("Source", []))
        g = Gold(content, cue, source, " ".join(text[a:b] for a, b in content))
        g.speech = is_fixed_cue(lemmas, cue_text)
        g.speech_lexicon = is_speech_cue(lemmas, cue_text)
        g.marked = any(c in g.text for c in QUOTE_MARKS)
        g.verbatim = [
            (max(a, ma), min(b, mb))
            for a, b in content
            for ma, mb in marked_spans
            if ma < b and a < mb
        ]
        g.source_name_words = _name_words(doc, source)
        golds.append(g)
    return golds


# ---------------------------------------------------------------- scoring


def cover(gold: Spans, start: int, end: int) -> float:
    total = sum(b - a for a, b in gold)
    inside = sum(max(0, min(b, end) - max(a, start)) for a, b in gold)
    return inside / total if total else 0.0


def _overlaps(spans: Spans, span: tuple[int, int] | None) -> bool:
    return span is not None and any(a < span[1] and span[0] < b for a, b in spans)


def speaker_words(quote: Quote, by_id: dict[str, list[str]]) -> set[str]:
    names = list(by_id.get(quote.speaker, [])) if quote.speaker else []
    if quote.speaker_name:
        names.append(quote.speaker_name)
    # words split at hyphens as the gold's tokens are ("Holtz-Eakin": "holtz", "eakin")
    return {w.casefold() for n in names for w in re.findall(r"[\w'’.]+", n)}


@dataclass
class Tally:
    """Counts of one subset: gold and system attributions, those found, and speaker and cue
    checks on the found ones (the P/R/F1 arithmetic is the shared :class:`PRF`'s)."""

    gold: int = 0
    system: int = 0
    found: int = 0
    speaker_n: int = 0
    speaker_right: int = 0
    cue_n: int = 0
    cue_right: int = 0

    @property
    def prf(self) -> PRF:
        return PRF(self.found, self.system - self.found, self.gold - self.found)

    @property
    def speaker(self) -> Share:
        return Share(self.speaker_right, self.speaker_n)

    def row(self, label: str) -> str:
        prf = self.prf
        p, r, f = (v or 0.0 for v in (prf.precision, prf.recall, prf.f1))
        sp = self.speaker.value or 0.0
        cu = Share(self.cue_right, self.cue_n).value or 0.0
        return (
            f"{label:<10} {self.gold:>5} {self.system:>6} {self.found:>5}  {p:.3f}  {r:.3f}  "
            f"{f:.3f}   {sp:.3f} ({self.speaker_n:>3})  {cu:.3f} ({self.cue_n:>3})"
        )


def attributions(quotes: list[Quote]) -> list[list[Quote]]:
    """System quotes grouped by cue: PolNeAR codes one relation per cue, so a quote split by its
    attribution ("A," she said. "B.") is one content of two fragments."""
    groups: dict[tuple[int, int], list[Quote]] = {}
    out: list[list[Quote]] = []
    for q in quotes:
        if q.cue_span is None:
            out.append([q])
        elif q.cue_span in groups:
            groups[q.cue_span].append(q)
        else:
            groups[q.cue_span] = [q]
            out.append(groups[q.cue_span])
    return out


def group_cover(gold: Spans, group: list[Quote], clauses: bool = False) -> float:
    """Share of the gold content the group's spans cover (their union, so overlapping spans
    count once). With ``clauses``, a partial quote stands for the reported clause it sits in,
    which is what PolNeAR codes as the content."""
    spans = sorted((q.clause if clauses and q.clause else (q.start, q.end)) for q in group)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return sum(cover(gold, start, end) for start, end in merged)


def score_article(
    doc: Doc, golds: list[Gold], tallies: dict[str, Tally], errors: list[dict], strict: bool = False
) -> None:
    """Count one article. ``strict``: PolNeAR's clause is the target even when it embeds quoted
    words; otherwise a mixed quote is also found by covering its quote-marked words, which is
    what dateline's contract extracts (the verbatim fragment, as a partial quote)."""
    groups = attributions(doc._.quotes or [])
    by_id = {e.id: e.all_names() for e in doc._.entities or []}
    by_id.update({p.id: [p.name, *p.aliases] for p in doc._.places or []})
    pairs = []
    for gi, g in enumerate(golds):
        for si, group in enumerate(groups):
            c = group_cover(g.content, group, clauses=strict)
            if not strict and g.verbatim and c < MIN_COVER:
                c = group_cover(g.verbatim, group)
            if c >= MIN_COVER:
                pairs.append((c, gi, si))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    g_used: dict[int, int] = {}
    s_used: set[int] = set()
    for _, gi, si in pairs:
        if gi not in g_used and si not in s_used and golds[gi].speech:
            g_used[gi] = si
            s_used.add(si)
    ignored = {si for _, gi, si in pairs if not golds[gi].speech and si not in s_used}
    for gi, g in enumerate(golds):
        if not g.speech:
            continue
        for key in ("all", "marked" if g.marked else "unmarked"):
            tallies[key].gold += 1
        matched = g_used.get(gi)
        if matched is None:
            near = max(groups, key=lambda grp: group_cover(g.content, grp), default=None)
            nearest = near[0].text[:300] if near and group_cover(g.content, near) > 0 else None
            cue = " ".join(doc.text[a:b] for a, b in g.cue)
            errors.append(
                {"miss": g.text[:300], "cue": cue, "marked": g.marked, "nearest": nearest}
            )
            continue
        q = groups[matched][0]
        sp_ok = bool(g.source_name_words & speaker_words(q, by_id)) if g.source_name_words else None
        cue_ok = _overlaps(g.cue, q.cue_span)
        if sp_ok is False:
            errors.append(
                {
                    "speaker": sorted(g.source_name_words),
                    "system": q.speaker_name,
                    "quote": q.text[:120],
                }
            )
        for key in ("all", "marked" if g.marked else "unmarked"):
            t = tallies[key]
            t.found += 1
            if sp_ok is not None:
                t.speaker_n += 1
                t.speaker_right += sp_ok
            t.cue_n += 1
            t.cue_right += cue_ok
    for si, group in enumerate(groups):
        if si in ignored:
            continue
        if si in s_used:  # counted in the subset of the gold it matched
            marked = next(golds[g].marked for g, s in g_used.items() if s == si)
        else:
            marked = any(q.kind != "indirect" for q in group)
        for key in ("all", "marked" if marked else "unmarked"):
            tallies[key].system += 1
        if si not in s_used:
            q = group[0]
            errors.append({"false_alarm": q.text[:300], "kind": q.kind, "cue": q.cue})


def _published(folder: Path) -> dict[str, date]:
    path = folder / "metadata.tsv"
    out: dict[str, date] = {}
    if not path.is_file():
        return out
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            try:
                out[row["filename"]] = date.fromisoformat(row["publication_date"])
            except (KeyError, ValueError):
                continue
    return out


def run(args: argparse.Namespace) -> int:
    folder = Path(args.path)
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        print(skipped_line(TASK, f"{folder} has no text/ and attributions/"))
        return 0
    from dateline.frame import prepare
    from dateline.frame.mojibake import offset_map
    from dateline.model import Article
    from dateline.pipeline import get_pipeline, make_doc

    nlp = get_pipeline()
    dates = _published(folder)
    anns: dict[str, Path] = {}
    for p in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], p)
    names = sorted(n for n in anns if (folder / "text" / f"{n}.txt").is_file())[: args.limit]
    subsets = ("all", "marked", "unmarked")
    tallies = {k: Tally() for k in subsets}
    strict_tallies = {k: Tally() for k in subsets}
    old_tallies = {k: Tally() for k in subsets}
    old_strict = {k: Tally() for k in subsets}
    errors: list[dict] = []
    for name in names:
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        article = Article(text=text, source=name, published=dates.get(name))
        doc = nlp(make_doc(nlp, prepare(article)))
        before = len(errors)
        relations = read_ann(anns[name])
        if article.text != text:  # mojibake repaired: gold offsets index the text as read
            moved = offset_map(text, article.text)
            relations = [
                {role: [(moved[a], moved[b]) for a, b in spans] for role, spans in r.items()}
                for r in relations
            ]
        golds = gold_for(doc, relations)
        score_article(doc, golds, tallies, [])
        score_article(doc, golds, strict_tallies, errors, strict=True)
        score_article(doc, by_lexicon(golds), old_tallies, [])
        score_article(doc, by_lexicon(golds), old_strict, [], strict=True)
        for e in errors[before:]:
            e["article"] = name
    print(f"dateline eval quotes: {len(names)} articles in {folder}")
    print(FILTER_HELP)
    print("subset      gold system found  P      R      F1      speaker (n)    cue (n)")
    for key, t in tallies.items():
        print(t.row(key))
    print(
        "strict: a mixed quote must cover PolNeAR's whole clause (dateline's partial quotes "
        "carry the reported clause they sit in)"
    )
    for key, t in strict_tallies.items():
        print(t.row(key))
    print(
        "\nold selection, for comparison: gold cues picked by the system's own speech_verbs.csv "
        "(its denominator moves with the lexicon)"
    )
    for key, t in old_tallies.items():
        print(t.row(key))
    print("strict, old selection")
    for key, t in old_strict.items():
        print(t.row(key))
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as f:
            for e in errors:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
        print(f"errors written to {args.errors}", file=sys.stderr)
    print(summary(tallies["all"]))
    return 0


def summary(total: Tally) -> str:
    """``quotes-polnear: F1 x, speaker y (n=gold attributions)`` (content F1, not strict)."""
    return summary_line(TASK, [("F1", total.prf.f1), ("speaker", total.speaker.value)], total.gold)
