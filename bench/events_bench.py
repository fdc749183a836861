"""Time the whole extraction (every dateline component) against the bare spaCy parse.

Usage: python bench/events_bench.py [FILE_OR_DIR ...] [--repeat N]
(default: the shared articles). Prints the parse time, the time each dateline component adds
and the total as a percentage of the bare parse; the target is at most 25% for the whole
extraction. Each figure is CPU time (``time.process_time``), with wall time beside it: on a
shared machine a busy neighbour slows the wall clock, not this process's CPU seconds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dateline.frame import prepare
from dateline.pipeline import get_pipeline, make_doc
from dateline.read import article_from_text

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "articles"
MODEL_PIPES = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"}


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += sorted(p.rglob("*.txt")) if p.is_dir() else [p]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = _files(args.paths)
    if not files:
        print("events_bench: no articles found; skipped")
        return 0
    nlp = get_pipeline()
    articles = [prepare(article_from_text(f.read_text(encoding="utf-8"), str(f))) for f in files]
    spent: dict[str, float] = {name: 0.0 for name, _ in nlp.pipeline}
    wall: dict[str, float] = {name: 0.0 for name, _ in nlp.pipeline}
    for _ in range(args.repeat):
        for article in articles:
            doc = make_doc(nlp, article)
            for name, proc in nlp.pipeline:
                start, start_wall = time.process_time(), time.perf_counter()
                doc = proc(doc)
                spent[name] += time.process_time() - start
                wall[name] += time.perf_counter() - start_wall
    parse = sum(t for n, t in spent.items() if n in MODEL_PIPES)
    parse_wall = sum(t for n, t in wall.items() if n in MODEL_PIPES)
    extraction = sum(t for n, t in spent.items() if n not in MODEL_PIPES)
    print(f"articles {len(articles)} x {args.repeat}  (CPU s; wall s in brackets)")
    print(f"bare parse        {parse:8.3f} s  [{parse_wall:8.3f} s]")
    for name, t in spent.items():
        if name not in MODEL_PIPES:
            share = 100 * t / parse
            print(f"  {name:<22}{t:8.3f} s  {share:6.1f}% of parse  [{wall[name]:8.3f} s]")
    print(
        f"extraction total  {extraction:8.3f} s  {100 * extraction / parse:6.1f}% of parse "
        "(target <= 25%)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
