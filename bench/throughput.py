"""Throughput of dateline against spaCy's own parse, on one core, two workers and Ray.

Prints, in one run, on synthetic wire articles (bench/articles.py, ~600 words by default):

* bare spaCy ``nlp.pipe`` articles/s (the same model, without dateline's components), with
  spaCy's defaults and as dateline runs it (numpy's gemm instead of blis, one BLAS thread);
* full dateline extraction articles/s on one core (clean + parse + extract + ``to_dict``),
  and the ratio full / bare (target >= 0.80); bare and full each run in a fresh process,
  alternately, ``--repeat`` times, and the best run of each counts;
* ``-j 2`` articles/s and speed-up over one core (target >= 20 articles/s), peak RSS per worker
  (target <= 1 GB);
* Ray Data with 1 and 2 actors on a private local Ray, and the speed-up of 2 over 1;
* seconds per component (``--components``) and the top functions by own time (``--profile``).

Wall-clock rates depend on whatever else the machine runs, so each figure also comes from CPU
time: articles per CPU-second is what one idle core would do, and the ``-j N`` projection adds
the workers' CPU (start-up excluded) and the parent's CPU and spreads them over N cores. The
``-j N`` wall rate is "steady" (the last three quarters of results, start-up excluded); Ray's is
the marginal rate between a run on half the articles and one on all of them, best of
``--repeat`` tries. Overall rates, start-up included, are in brackets.

    python bench/throughput.py [-n 120] [--words 600] [--batch-size 16] [--jobs 2] [--no-ray]
                               [--components] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import multiprocessing
import os
import pstats
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import generate  # noqa: E402
from dateline.frame import prepare  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.pipeline import get_pipeline, load_model, make_doc, use_numpy_gemm  # noqa: E402
from dateline.runner import (  # noqa: E402
    extract_records,
    load_pipeline,
    one_blas_thread,
    run_ray,
)

WARM_UP = 48  # articles run before a single-process measurement


def fresh(args: argparse.Namespace) -> list[Article]:
    """New Article objects every time: ``prepare`` fills them in, and a rerun must not skip it."""
    return generate(args.n, args.words or None, args.seed)


def warm_up_articles(args: argparse.Namespace) -> list[Article]:
    """Other articles (another seed) to run first: the measured run is then the steady state of
    a long job, with lazy lexicons loaded and lookup caches filled, as at scale."""
    return generate(WARM_UP, args.words or None, args.seed + 1)


@dataclass
class Timing:
    """One measured run: when each result arrived, and the CPU seconds the work used."""

    arrivals: list[float]  # seconds from the start, one per result
    cpu: float
    errors: int

    @property
    def count(self) -> int:
        return len(self.arrivals)

    def rate(self) -> float:
        """Articles per wall-clock second, start-up included."""
        return self.count / self.arrivals[-1] if self.arrivals else float("nan")

    def steady_rate(self) -> float:
        """Articles per wall-clock second over the last three quarters (start-up excluded)."""
        quarter = self.count // 4
        if (
            quarter == 0
            or self.arrivals[-1] - self.arrivals[quarter - 1] < 0.05 * self.arrivals[-1]
        ):
            return float("nan")  # everything arrived at once: too few batches to tell
        return (self.count - quarter) / (self.arrivals[-1] - self.arrivals[quarter - 1])

    def cpu_rate(self, startup_cpu: float = 0.0) -> float:
        """Articles per CPU-second: what one idle core would do, whatever else is running."""
        busy = self.cpu - startup_cpu
        return self.count / busy if busy > 0 else float("nan")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(results: Iterable[Any], cpu: Callable[[], float] = time.process_time) -> Timing:
    """Drain ``results``, timing it; ``cpu`` is the CPU clock that the work runs on."""
    start, cpu_start = time.perf_counter(), cpu()
    arrivals: list[float] = []
    errors = 0
    for result in results:
        arrivals.append(time.perf_counter() - start)
        errors += bool(getattr(result, "error", None))
    timing = Timing(arrivals, cpu() - cpu_start, errors)
    if errors:
        print(f"  ({errors} of {len(arrivals)} articles failed)")
    return timing


def fresh_process(measure: Callable[..., Timing], *params: Any) -> Timing:
    """Run one measurement in a new process, so that every side starts from the same state."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure, *params).result()


def bare_parse(args: argparse.Namespace, as_dateline: bool) -> Timing:
    """The model alone; ``as_dateline``: with the same gemm and BLAS threads as dateline runs it
    (the fair baseline for the ratio), else spaCy's defaults."""
    nlp = use_numpy_gemm(load_model()) if as_dateline else load_model()
    texts = [a.text for a in fresh(args)]
    with one_blas_thread() if as_dateline else contextlib.nullcontext():
        list(nlp.pipe(a.text for a in warm_up_articles(args)))
        return timed(nlp.pipe(texts, batch_size=args.batch_size))


def full_extraction(args: argparse.Namespace) -> Timing:
    get_pipeline()
    list(extract_records(warm_up_articles(args), batch_size=args.batch_size))
    return timed(extract_records(fresh(args), batch_size=args.batch_size))


@dataclass
class WorkerRun:
    timing: Timing
    startup_cpu: float  # CPU seconds the workers spend starting (imports, pipeline load)
    parent_cpu: float  # CPU seconds of this process: feeding, unpickling, reordering
    peak_rss_mb: float  # the largest worker's peak resident memory

    def projected_rate(self, jobs: int) -> float:
        """Articles/s on ``jobs`` idle cores, from CPU time (workers and parent share them)."""
        work = self.timing.cpu - self.startup_cpu + self.parent_cpu
        return jobs * self.timing.count / work if work > 0 else float("nan")


def workers(args: argparse.Namespace) -> WorkerRun:
    """The ``-j N`` run; CPU is the workers' CPU, which the kernel counts once they exit.

    Run it before Ray: Ray's own daemons are children of this process too, and the peak RSS of
    children is the maximum over every child that has exited.
    """
    before = children_cpu()
    list(extract_records([], jobs=args.jobs))  # start and stop the workers: start-up cost only
    startup = children_cpu() - before
    parent_start = time.process_time()
    results = extract_records(fresh(args), jobs=args.jobs, batch_size=args.batch_size)
    timing = timed(results, cpu=children_cpu)
    parent = time.process_time() - parent_start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return WorkerRun(timing, startup, parent, peak)


def ray_rates(args: argparse.Namespace, actors: int) -> tuple[float, float]:
    """(marginal rate, overall rate) of Ray Data with ``actors`` actors, in articles/s.

    Ray Data hands results back in bursts, so arrival times say little; instead the same run is
    timed on half the articles and on all of them, and the difference (actor start-up and
    scheduling cancel out) gives the rate a long run would see.
    """
    seconds = []
    for count in (args.n // 2, args.n):
        articles = fresh(args)[:count]
        run = run_ray(articles, actors=actors, batch_size=args.batch_size)
        seconds.append(timed(run).arrivals[-1])
    marginal = (args.n - args.n // 2) / (seconds[1] - seconds[0])
    return marginal, args.n / seconds[1]


def start_ray(cpus: int) -> Any:
    """A private local Ray for the whole bench: started once, offline, no dashboard."""
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, logging_level="error")
    return ray


def component_seconds(args: argparse.Namespace) -> list[tuple[str, float]]:
    """CPU seconds spent in each step over all articles, one component at a time."""
    nlp = load_pipeline()
    steps: list[tuple[str, float]] = []
    start = time.process_time()
    articles = [prepare(a) for a in fresh(args)]
    steps.append(("clean.prepare", time.process_time() - start))
    docs: Iterator[Any] | list[Any] = [make_doc(nlp, a) for a in articles]
    for name, proc in nlp.pipeline:
        start = time.process_time()
        with one_blas_thread():
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=args.batch_size))
            else:
                docs = [proc(doc) for doc in docs]
        steps.append((name, time.process_time() - start))
    from dateline.document import Document

    start = time.process_time()
    for doc in docs:
        Document.from_doc(doc).to_dict()
    steps.append(("Document.to_dict", time.process_time() - start))
    return steps


def profile(args: argparse.Namespace, top: int = 25) -> str:
    """cProfile of the full single-process extraction, top functions by own time."""
    get_pipeline()
    articles = fresh(args)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in extract_records(articles, batch_size=args.batch_size):
        pass
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def extract_dir_rss(counts: list[int], words: int) -> list[tuple[int, float]]:
    """Peak RSS of ``dateline extract DIR`` (a fresh process) over folders of ``counts``
    synthetic files: flat memory means the figure does not grow with the folder."""
    import subprocess
    import tempfile

    found = []
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            for article in generate(count, words=words, seed=1):
                Path(folder, article.source).write_text(article.text, encoding="utf-8")
            program = (
                "import resource, sys; from dateline.cli import main; "
                f"main(['extract', {folder!r}, '-o', {os.devnull!r}]); "
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
            )
            done = subprocess.run(
                [sys.executable, "-c", program], check=False, capture_output=True, text=True
            )
            found.append((count, int(done.stdout.split()[-1]) / 1024))
    return found


def show(label: str, value: str) -> None:
    print(f"{label:<44} {value}")


def run(args: argparse.Namespace) -> None:
    words = [len(a.text.split()) for a in fresh(args)]
    print(
        f"{args.n} synthetic articles, {sum(words) / len(words):.0f} words on average "
        f"({min(words)}-{max(words)}), batch size {args.batch_size}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print("articles/s: wall clock (other load slows it) | per CPU-second (= one idle core)")
    # workers first: a child's peak RSS counts the parent's pages it shares before it execs,
    # and the kernel reports the peak over every child so far
    j = workers(args)
    default = bare_parse(args, as_dateline=False)
    show(
        "bare spaCy nlp.pipe, spaCy's defaults",
        f"{default.rate():6.1f} | {default.cpu_rate():6.1f}",
    )
    # the ratio's two sides, each in a fresh process (a parse run later in a process that has
    # done other work is slower), alternately and best of --repeat
    sides = [
        (fresh_process(bare_parse, args, True), fresh_process(full_extraction, args))
        for _ in range(args.repeat)
    ]
    bare = max((b for b, _ in sides), key=Timing.cpu_rate)
    full = max((f for _, f in sides), key=Timing.cpu_rate)
    show("bare spaCy nlp.pipe, as dateline runs it", f"{bare.rate():6.1f} | {bare.cpu_rate():6.1f}")
    show("full dateline extraction, 1 process", f"{full.rate():6.1f} | {full.cpu_rate():6.1f}")
    show(
        "ratio full / bare (target >= 0.80)",
        f"{full.rate() / bare.rate():6.2f} | {full.cpu_rate() / bare.cpu_rate():6.2f}",
    )
    jobs = j.timing
    show(
        f"-j {args.jobs} extraction (target >= 20)",
        f"{jobs.steady_rate():6.1f} | {j.projected_rate(args.jobs):6.1f} on {args.jobs} idle cores"
        f"   (wall {jobs.rate():.1f} with start-up)",
    )
    show(
        f"-j {args.jobs} speed-up over 1 process",
        f"{jobs.steady_rate() / full.rate():6.2f}x | "
        f"{j.projected_rate(args.jobs) / full.cpu_rate():4.2f}x",
    )
    show(
        f"-j {args.jobs} worker start-up, parent overhead",
        f"{j.startup_cpu / args.jobs:6.1f} CPU-s per worker, "
        f"{1000 * j.parent_cpu / jobs.count:.1f} CPU-ms per article in the parent",
    )
    show("peak RSS per worker (target <= 1024 MB)", f"{j.peak_rss_mb:6.0f} MB")
    if args.ray:
        ray = start_ray(args.jobs)
        runs = [(ray_rates(args, 1), ray_rates(args, args.jobs)) for _ in range(args.repeat)]
        ray.shutdown()
        one, one_overall = max(r[0] for r in runs)  # best of: interference only slows runs
        many, many_overall = max(r[1] for r in runs)
        show("Ray Data, 1 actor", f"{one:6.1f}   ({one_overall:.1f} with actor start-up)")
        show(f"Ray Data, {args.jobs} actors", f"{many:6.1f}   ({many_overall:.1f} with start-up)")
        show(f"Ray speed-up, {args.jobs} actors over 1", f"{many / one:6.2f}x")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.components:
        print("\nCPU seconds per step, single process:")
        for name, seconds in component_seconds(args):
            print(f"  {name:<24} {seconds:7.2f} s  {1000 * seconds / args.n:7.1f} ms/article")
    if args.profile:
        print("\ncProfile, full extraction, single process:\n" + profile(args))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=120, help="articles per measurement (120)")
    parser.add_argument("--words", type=int, default=600, help="words per article; 0 = mixed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes and Ray actors (2)")
    parser.add_argument("--no-ray", dest="ray", action="store_false", help="skip the Ray runs")
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs of the ratio's sides and of Ray to take the best of (2)",
    )
    parser.add_argument("--components", action="store_true", help="time each pipeline step")
    parser.add_argument(
        "--extract-rss",
        type=int,
        metavar="N",
        help="only: peak RSS of `dateline extract DIR` on N/10 and N synthetic files",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the full extraction")
    args = parser.parse_args(argv)
    if args.extract_rss:
        counts = [max(1, args.extract_rss // 10), args.extract_rss]
        for count, peak in extract_dir_rss(counts, args.words or 600):
            show(f"dateline extract DIR, {count} files: peak RSS", f"{peak:6.0f} MB")
        return 0
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
