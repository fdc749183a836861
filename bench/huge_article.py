"""One article of 990,000 characters through the runner, as ``dateline extract`` runs it.

Issue 18: such an article, under every limit (the reader's 5 MB, spaCy's 1,000,000 characters),
did not finish in 15 minutes. The runner now parses articles over ``chunk_chars`` (100,000) in
chunks cut at paragraph breaks and merges them back, under a time budget of ``seconds_per_10k``
per 10,000 characters. This bench builds the article from the generated bench paragraphs
(``bench/long_articles.py``: team-written templates, no real news), runs it once through
:func:`dateline.runner.run_article` with the default settings, and prints wall and CPU seconds,
the budget, the peak memory of the process and what came out (or the failure).

    python bench/huge_article.py [--chars 990000] [--chunk-chars 100000]

The budget is CPU time (the runner's ``Deadline``), so a busy machine slows the wall clock but
cannot push the article over it; the CPU time printed is what the article costs, the wall time
on a shared machine says little.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dateline.frame import prepare  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.runner import DEFAULT_SETTINGS, chunks, load_pipeline, run_article  # noqa: E402
from long_articles import long_article  # noqa: E402


def article_of(chars: int) -> Article:
    """The generated long article, cut at the last paragraph break before ``chars``."""
    sentences = max(100, chars // 120)
    article = long_article(sentences)
    while len(article.text) < chars:
        sentences = int(sentences * chars / len(article.text)) + 100
        article = long_article(sentences)
    text = article.text[:chars]
    return dataclasses.replace(article, text=text[: text.rfind("\n\n")] + "\n")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=990_000)
    parser.add_argument("--chunk-chars", type=int, default=DEFAULT_SETTINGS.chunk_chars)
    parser.add_argument(
        "--time-budget",
        type=float,
        default=DEFAULT_SETTINGS.seconds_per_10k,
        help="CPU seconds per 10,000 characters, as dateline extract --time-budget (0: none)",
    )
    args = parser.parse_args(argv)
    settings = dataclasses.replace(
        DEFAULT_SETTINGS,
        chunk_chars=args.chunk_chars,
        seconds_per_10k=args.time_budget if args.time_budget > 0 else None,
    )
    nlp = load_pipeline()
    loaded = peak_mb()
    article = prepare(article_of(args.chars))
    pieces = chunks(article.text, min(settings.chunk_chars, nlp.max_length))
    budget = settings.budget(article)
    default = DEFAULT_SETTINGS.budget(article) or 0
    print(
        f"article: {len(article.text):,} characters, {len(pieces)} chunks of at most "
        f"{settings.chunk_chars:,}; budget {f'{budget:.0f} s' if budget else 'none'} "
        f"(default {default:.0f} s); pipeline loaded at {loaded:.0f} MB"
    )
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_article(nlp, article, settings)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"wall {wall:.1f} s, CPU {cpu:.1f} s, peak memory {peak_mb():.0f} MB")
    if result.failure is not None:
        print(f"failed: {result.failure.reason}")
        return 1
    record = result.document.to_dict()
    counts = ", ".join(
        f"{len(record[key])} {key}"
        for key in ("entities", "places", "times", "quotes", "events", "commitments")
    )
    print(f"completed: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
