"""Time the times component: against the spaCy parse it runs on, and on long articles.

Usage:
    python bench/bench_times.py [FILE_OR_DIR ...]     # parse vs. times (default: the shared
                                                      # seed articles; .txt as they are,
                                                      # TimeML .tml by the text of <TEXT>)
    python bench/bench_times.py --long [N ...]        # seconds per 1,000 sentences of the
                                                      # time layer at N sentences (default
                                                      # 500 2000 8000)

The first form prints the parse time, the extraction time and their ratio; the target is
extraction at most 25% of the parse. The second builds one long article from the generated
bench articles (``bench/articles.py``, team-written), parses it once, and times the time layer
on its first N sentences: linear time means the same seconds per 1,000 sentences at every N
(issue 18 asks for the last figure at most 1.5x the first). Only the model runs (no other
dateline component), so the figures isolate this layer. Best of ``--repeat`` runs, in process
CPU seconds (less disturbed by other processes than wall time, but not immune: say so when the
machine was shared).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from dateline import times
from dateline.evaluate.time import parse_timeml
from dateline.pipeline import load_model

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "articles"
ANCHOR = date(2020, 3, 4)
LONG_SIZES = (500, 2000, 8000)


def _texts(paths: list[Path]) -> list[str]:
    files: list[Path] = []
    for p in paths:
        files += sorted(p.rglob("*.txt")) + sorted(p.rglob("*.tml")) if p.is_dir() else [p]
    return [
        parse_timeml(f, "").text if f.suffix == ".tml" else f.read_text(encoding="utf-8")
        for f in files
    ]


def ratio(paths: list[Path]) -> int:
    """Parse time against the time layer's on a folder of articles."""
    texts = _texts(paths)
    if not texts:
        print("no input texts; skipped")
        return 0
    nlp = load_model()
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = sum(len(times.extract(doc, ANCHOR)) for doc in docs)
    extract = time.perf_counter() - t0
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} texts, {chars} chars, {n} time expressions")
    print(f"parse   {parse:.3f} s")
    print(f"times   {extract:.3f} s  ({extract / parse:.1%} of the parse; target <= 25%)")
    return 0


def _long_doc(nlp: Language, sentences: int) -> Doc:
    """One parsed Doc of at least ``sentences`` sentences: generated articles parsed one by one
    and joined with ``Doc.from_docs`` (annotations kept; one 1,000,000-character parse would
    take gigabytes)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from articles import generate

    docs: list[Doc] = []
    count, seed = 0, 0
    while count < sentences:
        texts = [article.text for article in generate(50, words=640, seed=seed)]
        for doc in nlp.pipe(texts, batch_size=16):
            docs.append(doc)
            count += sum(1 for _ in doc.sents)
        seed += 1
    return Doc.from_docs(docs)


def long_articles(sizes: list[int], repeat: int) -> int:
    """Seconds per 1,000 sentences of the time layer at several article lengths."""
    nlp = load_model()
    t0 = time.perf_counter()
    doc = _long_doc(nlp, max(sizes))
    sents = list(doc.sents)
    took = time.perf_counter() - t0
    print(f"parsed {len(doc.text):,} chars, {len(sents):,} sentences in {took:.0f} s")
    first = None
    for size in sizes:
        part = doc[: sents[size - 1].end].as_doc()
        best, found = float("inf"), 0
        for _ in range(repeat):
            t0 = time.process_time()
            found = len(times.extract(part, ANCHOR))
            best = min(best, time.process_time() - t0)
        per = best / size * 1000
        first = first or per
        print(
            f"{size:>6} sentences {len(part.text):>9,} chars {found:>6} times: "
            f"{best:7.3f} s, {per:.3f} s per 1,000 sentences ({per / first:.2f}x the first)"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="articles for the parse ratio")
    parser.add_argument("--long", nargs="*", type=int, metavar="N", help="sentences per article")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best is kept)")
    args = parser.parse_args()
    if args.long is not None:
        return long_articles(args.long or list(LONG_SIZES), args.repeat)
    return ratio(args.paths or [DEFAULT])


if __name__ == "__main__":
    sys.exit(main())
