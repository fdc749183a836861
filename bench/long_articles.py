"""Does a layer's time grow linearly with the article's length? Seconds per 1,000 sentences.

Builds long articles by joining the body paragraphs of the generated bench articles
(``bench/articles.py``, seed 0: team-written templates, no real news) until each holds about
500, 2,000 and 8,000 sentences, runs the whole pipeline over each once, and prints, for the
layers asked for, the CPU seconds each spent per 1,000 sentences (the sentence count is the
parse's own), then the whole pipeline's (``pipeline``: every pipe) and all dateline layers'
together (``dateline``). A linear layer prints about the same figure at every size; issue 18
asks that the 8,000-sentence figure be at most 1.5x the 500-sentence one.

    python bench/long_articles.py [--sizes 500 2000 8000] [--layers all | events quotes ...]
                                  [--repeat 1]

By default every dateline layer is timed, and spaCy's own pipes (tok2vec, tagger, parser, ner,
...) are printed too, for comparison: they are spaCy's, linear by construction, and run in
chunks in production (the runner cuts articles over ``chunk_chars``). The peak memory of the
process after each size is printed as well (``ru_maxrss``), since the whole article is parsed
as one Doc here, unchunked, so that a layer that is quadratic cannot hide behind chunking.

CPU time (``time.process_time``) is used rather than wall time because the machine is shared:
a busy neighbour slows the wall clock, not this process's CPU seconds. Articles over spaCy's
``max_length`` (1,000,000 characters) are allowed here by raising the limit for this run only:
the bench measures growth, not the size limit.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import BODY, Filler  # noqa: E402
from dateline.frame import prepare  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.pipeline import get_pipeline, make_doc  # noqa: E402

SENTENCE_END = (". ", '." ', ".\n")
DEFAULT_SIZES = (500, 2000, 8000)
ALL = "all"
WHOLE = "pipeline"  # the column of every pipe's seconds together
OURS = "dateline"  # the column of the dateline layers' seconds together
SEED = 0


def rough_sentences(paragraph: str) -> int:
    """Sentence ends in a paragraph, counted by punctuation: only to decide when to stop
    adding paragraphs (the figure printed uses the parser's count)."""
    text = paragraph + " "
    return max(1, sum(text.count(end) for end in SENTENCE_END))


def long_article(sentences: int, seed: int = SEED) -> Article:
    """One article of about ``sentences`` sentences: a dateline lead, then body paragraphs of
    generated articles (each article's fillers kept for a few paragraphs, so names recur as in a
    real long story), published on one date."""
    rng = random.Random(seed)
    filler = Filler(rng)
    head = f"{filler.city.upper()}, {filler.published:%B} {filler.published.day} (Reuters) — "
    paragraphs = [head + BODY[0](filler)]
    count = rough_sentences(paragraphs[0])
    while count < sentences:
        if len(paragraphs) % 12 == 0:
            published = filler.published
            filler = Filler(rng)
            filler.published = published  # one article, one publication date
        paragraph = rng.choice(BODY)(filler)
        paragraphs.append(paragraph)
        count += rough_sentences(paragraph)
    text = "\n\n".join(paragraphs) + "\n"
    return Article(
        text=text,
        source=f"long-{sentences}.txt",
        published=filler.published,
        published_basis="metadata",
    )


def run_once(nlp, article: Article) -> tuple[int, int, dict[str, float]]:
    """Run every pipe over the article once: (sentences, characters, CPU seconds per pipe)."""
    doc = make_doc(nlp, prepare(article))
    spent: dict[str, float] = {}
    for name, proc in nlp.pipeline:
        start = time.process_time()
        doc = proc(doc)
        spent[name] = time.process_time() - start
    return sum(1 for _ in doc.sents), len(doc.text), spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument(
        "--layers", nargs="+", default=[ALL], help="layer names without dateline_, or all"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best counts")
    args = parser.parse_args(argv)
    nlp = get_pipeline()
    pipes = {name.removeprefix("dateline_"): name for name in nlp.pipe_names}
    if args.layers == [ALL]:
        args.layers = list(pipes)
    unknown = [layer for layer in args.layers if layer not in pipes]
    if unknown:
        print(f"long_articles: unknown layer(s) {unknown}; known: {sorted(pipes)}")
        return 2
    # the whole pipeline and all dateline layers together, after the layers asked for
    pipes[WHOLE], pipes[OURS] = WHOLE, OURS
    columns = [*args.layers, WHOLE, OURS]
    articles = [long_article(size) for size in args.sizes]
    nlp.max_length = max(nlp.max_length, *(2 * len(a.text) for a in articles))
    run_once(nlp, long_article(50))  # warm-up: lexicons, gazetteer, caches
    header = "  ".join(f"{layer[:10]:>10}" for layer in columns)
    print(f"{'sentences':>9} {'chars':>9}  {header}  {'peak MB':>8}  (CPU s per 1,000 sentences)")
    first: dict[str, float] = {}
    for article in articles:
        best: dict[str, float] = {}
        sentences = chars = 0
        for _ in range(args.repeat):
            sentences, chars, spent = run_once(nlp, article)
            spent[WHOLE] = sum(spent.values())  # every pipe, spaCy's and dateline's
            spent[OURS] = sum(v for k, v in spent.items() if k.startswith("dateline_"))
            for layer in columns:
                seconds = spent[pipes[layer]]
                best[layer] = min(best.get(layer, seconds), seconds)
        per_thousand = {layer: 1000 * best[layer] / sentences for layer in columns}
        for layer, value in per_thousand.items():
            first.setdefault(layer, value)
        cells = "  ".join(f"{per_thousand[layer]:10.3f}" for layer in columns)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{sentences:9d} {chars:9d}  {cells}  {peak:8.0f}", flush=True)
    if len(articles) > 1:
        ratios = "  ".join(
            f"{layer} {per_thousand[layer] / first[layer]:.2f}x" if first[layer] else layer
            for layer in columns
        )
        print(f"largest / smallest: {ratios} (target <= 1.5x)")
        over = [
            layer
            for layer in columns
            if (pipes[layer].startswith("dateline_") or layer in (WHOLE, OURS))
            and first[layer]
            and per_thousand[layer] / first[layer] > 1.5
        ]
        print(f"dateline layers (or totals) over 1.5x: {', '.join(over) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
