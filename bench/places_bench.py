"""The places layer of a git revision and of the working tree, timed side by side.

A change of a fraction of a millisecond per article is lost in ``throughput.py
--components`` (one cold pass, whatever else the two shared cores run). Here both versions run
in one process on the same Docs, parsed once up to the entities layer: the revision's
``src/dateline/places`` is copied twice under other package names (its imports of
``dateline.places`` rewritten, its spaCy factory renamed), so that the revision against itself
gives the method's noise. Each pass calls every version's PlaceComponent once per Doc, in a
random order per Doc, and counts CPU time; a pass's ratio is the version's time over the
revision's, and the median of the per-pass ratios is the figure. The outputs (places,
toponyms, rejections) must be identical, Doc by Doc.

    python bench/places_bench.py [--rev main] [-n 100] [--passes 20] [--fresh K]

``--fresh K``: instead of passes over the same Docs (every memo warm), K batches of ``-n``
unseen Docs, each run once by every version.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import generate  # noqa: E402
from dateline.frame import prepare  # noqa: E402
from dateline.pipeline import make_doc  # noqa: E402
from dateline.runner import load_pipeline, one_blas_thread  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLACES = "src/dateline/places"
Run = Callable[[Any], str]


def copy_revision(rev: str, name: str, into: Path) -> None:
    """The revision's places package as the top-level package ``name`` under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, PLACES], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into / "tree", filter="data")
    (into / "tree" / PLACES).rename(into / name)
    for path in (into / name).rglob("*.py"):
        text = path.read_text(encoding="utf-8").replace("dateline.places", name)
        text = text.replace('"dateline_places"', f'"dateline_places_{name}"')
        path.write_text(text, encoding="utf-8")


def docs_before_places(nlp: Any, n: int, words: int, seed: int) -> list[Any]:
    """Bench articles run through every component before the places layer."""
    docs = [make_doc(nlp, prepare(a)) for a in generate(n, words, seed)]
    with one_blas_thread():
        for name, proc in nlp.pipeline:
            if name == "dateline_places":
                break
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    return docs


def runner(package: str, nlp: Any) -> Run:
    """The package's PlaceComponent, called as the pipeline calls it; returns its output."""
    module = importlib.import_module(f"{package}.component")
    component = module.PlaceComponent(nlp, "places", module.DEFAULT_SETTINGS.to_config())

    def run(doc: Any) -> str:
        component(doc)
        data = doc.user_data
        return repr((doc._.places, data[module.TOPONYMS_KEY], data[module.REJECTIONS_KEY]))

    return run


def one_pass(runs: dict[str, Run], docs: list[Any], rng: random.Random) -> dict[str, Any]:
    """CPU ms per Doc of each version, and its outputs, over one pass in a random order."""
    names = list(runs)
    spent = dict.fromkeys(names, 0.0)
    outputs: dict[str, list[str]] = {v: [] for v in names}
    gc.collect()
    for doc in docs:
        rng.shuffle(names)
        for v in names:
            start = time.process_time()
            out = runs[v](doc)
            spent[v] += time.process_time() - start
            outputs[v].append(out)
    return {"ms": {v: 1000 * s / len(docs) for v, s in spent.items()}, "out": outputs}


def report(times: dict[str, list[float]], base: str) -> None:
    for v, ms in times.items():
        ratios = sorted(x / y for x, y in zip(ms, times[base], strict=True))
        q1, q3 = ratios[len(ratios) // 4], ratios[3 * len(ratios) // 4]
        print(
            f"{v:10s} median {statistics.median(ms):.3f} ms/article   median ratio to "
            f"{base} {statistics.median(ratios):.3f} (IQR {q1:.3f}-{q3:.3f})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default="main", help="the revision to compare with (main)")
    parser.add_argument("-n", type=int, default=100, help="Docs per pass or batch (100)")
    parser.add_argument("--words", type=int, default=600, help="words per article (600)")
    parser.add_argument("--passes", type=int, default=20)
    parser.add_argument("--fresh", type=int, default=0, metavar="K")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("old", "old_again"):
            copy_revision(args.rev, name, Path(tmp))
        sys.path.insert(0, tmp)
        nlp = load_pipeline()
        runs = {
            v: runner(p, nlp)
            for v, p in [("old", "old"), ("old_again", "old_again"), ("new", "dateline.places")]
        }
        rng = random.Random(1)
        times: dict[str, list[float]] = {v: [] for v in runs}
        docs = docs_before_places(nlp, args.n, args.words, 0)
        one_pass(runs, docs, rng)  # warm every memo
        batches = range(1, args.fresh + 1) if args.fresh else range(args.passes)
        differ = 0
        for k in batches:
            if args.fresh:
                docs = docs_before_places(nlp, args.n, args.words, k)
            result = one_pass(runs, docs, rng)
            for v in runs:
                times[v].append(result["ms"][v])
            old = result["out"]["old"]
            differ += sum(a != b for a, b in zip(old, result["out"]["new"], strict=True))
        report(times, "old")
        print("outputs identical" if not differ else f"outputs DIFFER on {differ} Doc runs")
        return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
