"""Time the quotes component against the spaCy parse it runs on.

Usage: python bench/quotes_bench.py [-n 60] [--words 700] [--seed 0]

Parses the team-written synthetic articles of ``bench/articles.py`` with the English model and
the upstream dateline components (entities, places, times: the quotes layer reads them), then
times quote extraction alone over the parsed Docs. Prints the parse time, the quote time and
their ratio; the target is quotes at most 10% of the parse.
"""

from __future__ import annotations

import argparse
import sys
import time

from articles import generate  # bench/ is the script directory
from dateline.pipeline import get_pipeline, make_doc
from dateline.quotes import extract_quotes

UPSTREAM = ("dateline_entities", "dateline_places", "dateline_times")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=60, help="number of articles (60)")
    parser.add_argument("--words", type=int, default=700, help="words per article (700)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    nlp = get_pipeline()
    articles = generate(args.n, args.words, args.seed)
    model_pipes = [name for name in nlp.pipe_names if not name.startswith("dateline_")]
    nlp(make_doc(nlp, articles[0]))  # warm up

    docs, parse = [], 0.0
    for article in articles:
        doc = make_doc(nlp, article)
        t0 = time.perf_counter()
        for name in model_pipes:
            doc = nlp.get_pipe(name)(doc)
        parse += time.perf_counter() - t0
        for name in UPSTREAM:
            doc = nlp.get_pipe(name)(doc)
        docs.append(doc)

    t0 = time.perf_counter()
    n_quotes = sum(len(extract_quotes(doc)) for doc in docs)
    quotes = time.perf_counter() - t0

    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles)} articles, {chars} chars, {n_quotes} quotes")
    print(f"parse   {parse:.3f} s")
    print(f"quotes  {quotes:.3f} s  ({quotes / parse:.1%} of the parse; target <= 10%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
