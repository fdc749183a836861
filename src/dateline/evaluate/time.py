"""``dateline eval time DIR``: TIMEX3 recognition and normalization on TimeML (TempEval-3 style).

Reads every ``*.tml`` under DIR (TimeBank and AQUAINT in the TBAQ-cleaned layout), takes the
document creation time (the TIMEX3 with tid ``t0`` inside ``<DCT>``) as the publication date,
runs the spaCy model with only the ``dateline_times`` component, and compares the expressions
found inside ``<TEXT>`` with the gold ones, as the TempEval-3 scorer does:

* relaxed span P/R/F1: a system and a gold expression match when they overlap (one to one);
* strict span P/R/F1: the same with identical boundaries;
* type accuracy: share of relaxed matches with the right TIMEX3 type;
* value F1: relaxed matches whose value string is right, over the system and gold totals
  (precision = right / system expressions, recall = right / gold expressions).

Figures are printed for each sub-corpus (the folder a file sits in) and overall.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateline.evaluate.scoring import PRF
from dateline.evaluate.summary import skipped_line, summary_line

TASK = "time"
TAG = re.compile(r"<(/?)(\w+)([^>]*?)(/?)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str | None
    text: str = ""


@dataclass
class TimeMLDoc:
    """One TimeML file: plain text of <TEXT>, its gold TIMEX3s and the DCT."""

    name: str
    corpus: str
    text: str
    dct: date | None
    gold: list[Timex] = field(default_factory=list)


def parse_timeml(path: Path, corpus: str) -> TimeMLDoc:
    """Plain text and standoff TIMEX3 offsets from inline TimeML."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"(\d{4}-\d\d-\d\d)", raw)
    dct = date.fromisoformat(dct_match.group(1)) if dct_match else None
    body_start = raw.find("<TEXT>")
    body_end = raw.find("</TEXT>")
    body = raw[body_start + len("<TEXT>") : body_end] if body_start >= 0 else ""
    pieces: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: list[tuple[int, dict[str, str]]] = []
    pos = 0
    for m in TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        pieces.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(ATTR.findall(attrs))))
        elif open_timex:
            start, a = open_timex.pop()
            gold.append(Timex(start, length, a.get("type", "DATE"), a.get("value")))
    pieces.append(html.unescape(body[pos:]))
    text = "".join(pieces)
    for t in gold:
        t.text = text[t.start : t.end]
    return TimeMLDoc(path.stem, corpus, text, dct, sorted(gold, key=lambda t: t.start))


def load_corpus(root: Path) -> list[TimeMLDoc]:
    """Every .tml below ``root``; the sub-corpus is the file's folder relative to root."""
    docs = []
    for path in sorted(root.rglob("*.tml")):
        rel = path.parent.relative_to(root)
        corpus = rel.parts[0] if rel.parts else root.name
        docs.append(parse_timeml(path, corpus))
    return docs


def match(gold: list[Timex], system: list[Timex], strict: bool) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs, each gold expression taking the free system one it overlaps most."""
    pairs: list[tuple[Timex, Timex]] = []
    used: set[int] = set()
    for g in gold:
        best, best_overlap = None, 0
        for i, s in enumerate(system):
            if i in used:
                continue
            if strict:
                ok = s.start == g.start and s.end == g.end
                overlap = g.end - g.start if ok else 0
            else:
                overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            used.add(best)
            pairs.append((g, system[best]))
    return pairs


@dataclass
class Counts:
    """Gold and system TIMEX3s and the matches of each kind (P/R/F1 by the shared PRF)."""

    gold: int = 0
    system: int = 0
    relaxed: int = 0
    strict: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def prf(tp: int, n_gold: int, n_sys: int) -> PRF:
    return PRF(tp, n_sys - tp, n_gold - tp)


def _f1(tp: int, n_gold: int, n_sys: int) -> tuple[float, float, float]:
    tally = prf(tp, n_gold, n_sys)
    return tally.precision or 0.0, tally.recall or 0.0, tally.f1 or 0.0


def same_value(gold: str | None, system: str | None) -> bool:
    """Value equality, reading week numbers written without their zero ("2000-W7") as ISO."""
    pad = re.compile(r"-W(\d)(?!\d)")
    return pad.sub(r"-W0\1", gold or "") == pad.sub(r"-W0\1", system or "") and gold is not None


def score_doc(doc: TimeMLDoc, system: list[Timex]) -> tuple[Counts, list[str]]:
    """Counts for one document, plus lines describing its errors."""
    relaxed = match(doc.gold, system, strict=False)
    strict = match(doc.gold, system, strict=True)
    c = Counts(len(doc.gold), len(system), len(relaxed), len(strict))
    errors: list[str] = []
    matched_sys = {id(s) for _, s in relaxed}
    matched_gold = {id(g) for g, _ in relaxed}
    for g, s in relaxed:
        c.type_ok += g.type == s.type
        right = same_value(g.value, s.value)
        c.value_ok += right
        if not right:
            errors.append(f"VALUE {doc.dct} {g.text!r}->{s.text!r} gold={g.value} sys={s.value}")
    errors += [f"MISS  {doc.dct} {g.text!r} {g.type} {g.value}" for g in doc.gold
               if id(g) not in matched_gold]  # fmt: skip
    errors += [f"EXTRA {doc.dct} {s.text!r} {s.type} {s.value}" for s in system
               if id(s) not in matched_sys]  # fmt: skip
    return c, errors


def report(name: str, c: Counts) -> str:
    rp, rr, rf = _f1(c.relaxed, c.gold, c.system)
    sp, sr, sf = _f1(c.strict, c.gold, c.system)
    vp, vr, vf = _f1(c.value_ok, c.gold, c.system)
    type_acc = c.type_ok / c.relaxed if c.relaxed else 0.0
    value_acc = c.value_ok / c.relaxed if c.relaxed else 0.0
    return (
        f"{name:<10} gold {c.gold:>5} sys {c.system:>5} | relaxed P {rp:.3f} R {rr:.3f} "
        f"F1 {rf:.3f} | strict P {sp:.3f} R {sr:.3f} F1 {sf:.3f} | type acc {type_acc:.3f} | "
        f"value P {vp:.3f} R {vr:.3f} F1 {vf:.3f} (acc on matched {value_acc:.3f})"
    )


def _times_pipeline():
    """The English model plus the frame and times components: this evaluation needs nothing
    else (the frame component passes the articles made here through unchanged)."""
    from dateline.pipeline import load_model

    nlp = load_model()
    nlp.add_pipe("dateline_frame", first=True)
    nlp.add_pipe("dateline_times", last=True)
    return nlp


def run(args: argparse.Namespace) -> int:
    root = Path(args.path)
    if not root.exists():
        print(skipped_line(TASK, f"{root} not found"))
        return 0
    docs = load_corpus(root)
    if args.limit:
        docs = docs[: args.limit]
    if not docs:
        print(skipped_line(TASK, f"no .tml files under {root}"))
        return 0
    from dateline.model import Article
    from dateline.pipeline import make_doc

    nlp = _times_pipeline()
    per: dict[str, Counts] = defaultdict(Counts)
    errors: list[str] = []
    spacy_docs = (make_doc(nlp, Article(d.text, source=d.name, published=d.dct)) for d in docs)
    for doc, sdoc in zip(docs, nlp.pipe(spacy_docs, batch_size=16), strict=True):
        system = [Timex(t.start, t.end, t.type, t.value, t.text) for t in sdoc._.times]
        counts, errs = score_doc(doc, system)
        per[doc.corpus].add(counts)
        errors += [f"{doc.name}: {e}" for e in errs]
    total = Counts()
    for name in sorted(per):
        total.add(per[name])
        print(report(name, per[name]))
    print(report("overall", total))
    if args.errors:
        print("\n".join(errors[: args.errors]), file=sys.stderr)
    print(summary(total))
    return 0


def summary(total: Counts) -> str:
    """``time: value F1, relaxed span F1 (n=gold expressions)``."""
    value = prf(total.value_ok, total.gold, total.system).f1
    relaxed = prf(total.relaxed, total.gold, total.system).f1
    return summary_line(TASK, [("value", value), ("relaxed", relaxed)], total.gold)


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser(
        "time", help="TIMEX3 span, type and value scores on TimeML (TimeBank/AQUAINT)"
    )
    parser.add_argument("path", help="folder of .tml files (searched recursively)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N files")
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="print the first N errors to stderr"
    )
    parser.set_defaults(func=run)
