"""Time the times component against the spaCy parse it runs on.

Usage: python bench/bench_times.py [FILE_OR_DIR ...]   (default: the shared seed articles;
.txt files are read as they are, TimeML .tml files by the text of their <TEXT>)

Prints the parse time, the extraction time and their ratio; the target is extraction at most
25% of the parse. Only the model runs (no other dateline component), so the figures isolate
this layer.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from dateline import times
from dateline.evaluate.time import parse_timeml
from dateline.pipeline import load_model

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "articles"


def _texts(paths: list[Path]) -> list[str]:
    files: list[Path] = []
    for p in paths:
        files += sorted(p.rglob("*.txt")) + sorted(p.rglob("*.tml")) if p.is_dir() else [p]
    return [
        parse_timeml(f, "").text if f.suffix == ".tml" else f.read_text(encoding="utf-8")
        for f in files
    ]


def main() -> int:
    paths = [Path(a) for a in sys.argv[1:]] or [DEFAULT]
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
    n = sum(len(times.extract(doc, date(2020, 3, 4))) for doc in docs)
    extract = time.perf_counter() - t0
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} texts, {chars} chars, {n} time expressions")
    print(f"parse   {parse:.3f} s")
    print(f"times   {extract:.3f} s  ({extract / parse:.1%} of the parse; target <= 25%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
