"""Extraction over many articles: spaCy batching, worker processes, and a Ray Data pipeline.

One code path serves ``dateline extract DIR``, ``dateline ingest`` and the Ray engine: every
runner hands batches of articles to :func:`run_batch`, which cleans each article, parses the
batch with ``nlp.pipe`` and serializes each Doc. So the records cannot differ by engine, and a
test checks that they do not.

Two entry points, identical except for what they yield for each article, in input order:

* :func:`extract_stream` yields ``Extracted(article, document, error)`` with a
  :class:`~dateline.document.Document` (all fields, including those the contract omits).
* :func:`extract_records` yields the same with the contract dict (``Document.to_dict()``).
  Prefer it when the output is JSON or a store row: with ``jobs > 1`` the workers then
  serialize in parallel. Either crosses the process boundary in well under a millisecond per
  article (a pickle round trip: 0.15 ms for the dict, 0.28 ms for the Document), against
  ~100 ms of parsing.

``article`` is the article after :func:`dateline.clean.prepare` (boilerplate, dateline and
publication date filled in) or, when cleaning failed, the article as given. Exactly one of
``document`` and ``error`` is set; an error is a one-line message and never stops the run.

With ``jobs > 1``, N worker processes (started with ``spawn``, safe next to threads) each load
the pipeline and gazetteer once. The parent assigns each batch to one worker through that
worker's bounded queue, reads its results from that worker's own pipe, and caps the articles in
flight, so memory stays bounded however long the input. (spaCy's ``nlp.pipe(n_process=N)`` is
not used: it ships whole Docs back through msgpack, which cannot carry dateline's records.)
If a worker dies (a segfault, the OOM killer), its unfinished batch is retried one article at a
time on a fresh worker, and only the article that kills a worker again is reported
as an error.

:func:`run_ray` runs the same batches as a Ray Data pipeline on a local or remote cluster.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import multiprocessing
import os
import pickle
import queue
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import connection
from typing import Any, NamedTuple

from spacy.language import Language

from dateline.clean import prepare
from dateline.document import Document
from dateline.model import Article
from dateline.pipeline import make_doc

log = logging.getLogger(__name__)

DEFAULT_PIPELINE = "dateline.pipeline:get_pipeline"
# Batches queued per worker beyond the one it is working on: enough to hide the hand-over,
# few enough that a slow batch does not hold many others back.
QUEUE_DEPTH = 2
# A private local Ray needs little shared memory: articles and records are small.
LOCAL_OBJECT_STORE = 512 * 1024 * 1024
# Native math libraries must not start a thread per core in each worker: N workers on N cores
# would then fight over 2N threads.
SINGLE_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class Extracted(NamedTuple):
    """One article's outcome: the (cleaned) article and either its result or an error."""

    article: Article
    document: Any  # Document (extract_stream) or contract dict (extract_records / run_ray)
    error: str | None


# (input position, article) pairs travel to the workers; (position, Extracted) come back.
Task = list[tuple[int, Article]]
Results = list[tuple[int, Extracted]]


def load_pipeline(spec: str = DEFAULT_PIPELINE) -> Language:
    """The pipeline named by ``"module:function"`` (a name, so that it crosses ``spawn``),
    switched to the faster matrix multiply (see :func:`use_numpy_gemm`)."""
    module, _, function = spec.partition(":")
    return use_numpy_gemm(getattr(importlib.import_module(module), function)())


def use_numpy_gemm(nlp: Language) -> Language:
    """Run the models' matrix multiplies through numpy's BLAS instead of thinc's ``blis``.

    Measured on this project's 2-core AMD EPYC machine with numpy's bundled OpenBLAS kept to one
    thread (:func:`one_blas_thread`): the bare spaCy parse goes from 10 to 15-16 articles per
    CPU-second, with identical tags, lemmas, parses and entities on 200 articles (180,000
    tokens). Only thinc's default CPU backend is switched; other backends (GPU, Apple) stay.
    Idempotent; the pipeline is changed in place.
    """
    from thinc.api import NumpyOps

    numpy_ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = numpy_ops
    return nlp


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Keep BLAS to one thread while parsing: spaCy's matrices are small, and extra BLAS threads
    spin and steal CPU (numpy's gemm with 2 threads used more CPU than blis did)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency, but the parse works without it
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _finish(doc: Any, as_dict: bool) -> Any:
    document = Document.from_doc(doc)
    return document.to_dict() if as_dict else document


def run_batch(nlp: Language, task: Task, as_dict: bool = False) -> Results:
    """Clean, parse and serialize one batch; every failure stays with its own article.

    The batch goes through ``nlp.pipe`` in one call (spaCy's batching is where the speed is).
    Should a component raise, the already-cleaned articles are run again one by one, so that
    the error is pinned to the article that caused it and the others still come out.
    """
    results: dict[int, Extracted] = {}
    ready: Task = []
    for position, article in task:
        try:
            ready.append((position, prepare(article)))
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
            results[position] = Extracted(article, None, f"clean: {_describe(exc)}")
    with one_blas_thread():
        try:
            docs = nlp.pipe((make_doc(nlp, a) for _, a in ready), batch_size=max(1, len(ready)))
            for (position, article), doc in zip(ready, docs, strict=True):
                results[position] = Extracted(article, _finish(doc, as_dict), None)
        except Exception:  # noqa: BLE001 - retried article by article below
            for position, article in ready:
                if position not in results:
                    results[position] = _run_one(nlp, article, as_dict)
    return [(position, results[position]) for position, _ in task]


def _run_one(nlp: Language, article: Article, as_dict: bool) -> Extracted:
    try:
        return Extracted(article, _finish(nlp(make_doc(nlp, article)), as_dict), None)
    except Exception as exc:  # noqa: BLE001 - reported per article
        return Extracted(article, None, _describe(exc))


def _batches(articles: Iterable[Article], size: int) -> Iterator[Task]:
    numbered = enumerate(articles)
    while task := list(islice(numbered, size)):
        yield task


def extract_stream(
    articles: Iterable[Article],
    jobs: int = 1,
    batch_size: int = 16,
    pipeline: str = DEFAULT_PIPELINE,
) -> Iterator[Extracted]:
    """Extract every article, yielding ``Extracted(article, Document, error)`` in input order.

    ``jobs``: worker processes (1 = in this process; 0 or less = one per core). ``pipeline``
    names the function that builds the spaCy pipeline, as ``"module:function"``.
    """
    yield from _stream(articles, jobs, batch_size, pipeline, as_dict=False)


def extract_records(
    articles: Iterable[Article],
    jobs: int = 1,
    batch_size: int = 16,
    pipeline: str = DEFAULT_PIPELINE,
) -> Iterator[Extracted]:
    """Like :func:`extract_stream`, but ``document`` is the contract dict (``to_dict()``)."""
    yield from _stream(articles, jobs, batch_size, pipeline, as_dict=True)


def _stream(
    articles: Iterable[Article], jobs: int, batch_size: int, pipeline: str, as_dict: bool
) -> Iterator[Extracted]:
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    jobs = jobs if jobs > 0 else os.cpu_count() or 1
    if jobs == 1:
        nlp = load_pipeline(pipeline)
        for task in _batches(articles, batch_size):
            for _, result in run_batch(nlp, task, as_dict):
                yield result
        return
    with _Pool(jobs, pipeline, as_dict) as pool:
        yield from pool.run(_batches(articles, batch_size))


# -- worker processes --------------------------------------------------------------------------


def _worker(inbox: Any, results: Any, pipeline: str, as_dict: bool) -> None:  # pragma: no cover
    """Load the pipeline once, then run batches until the ``None`` sentinel arrives.

    Runs in a child process. ``results`` is this worker's own pipe to the parent: nothing is
    shared with other workers, so a worker that dies mid-write can corrupt only its own channel.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    try:
        nlp = load_pipeline(pipeline)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        results.send(("fatal", f"loading the pipeline failed: {_describe(exc)}"))
        return
    parent = os.getppid()
    while True:
        try:
            task = inbox.get(timeout=5)
        except queue.Empty:
            if os.getppid() != parent:
                return  # the parent was killed without stopping us: do not linger
            continue
        if task is None:
            return
        results.send(("done", run_batch(nlp, task, as_dict)))


@dataclass
class _Worker:
    process: Any
    inbox: Any  # parent -> worker, a bounded queue (its feeder thread never blocks the parent)
    results: Any  # worker -> parent, the read end of this worker's own pipe
    assigned: deque[Task] = field(default_factory=deque)  # in the order the worker runs them


class WorkerError(RuntimeError):
    """The worker processes cannot run at all (the pipeline does not load, workers keep dying)."""


class _Pool:
    """N workers, each with its own queue in and pipe out, so the parent knows who holds what."""

    def __init__(self, jobs: int, pipeline: str, as_dict: bool, start_method: str = "spawn"):
        self.context = multiprocessing.get_context(start_method)
        self.jobs, self.pipeline, self.as_dict = jobs, pipeline, as_dict
        self.workers: list[_Worker] = []
        self.deaths = 0
        self.finished = False

    def __enter__(self) -> _Pool:
        for _ in range(self.jobs):
            self._start_worker()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the workers: politely after a complete run, at once after an error or Ctrl-C."""
        for worker in self.workers:
            with contextlib.suppress(Exception):
                worker.inbox.put_nowait(None)
        for worker in self.workers:
            worker.process.join(timeout=30 if self.finished else 0)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(timeout=5)
            worker.inbox.cancel_join_thread()
            worker.results.close()

    def _start_worker(self) -> None:
        inbox = self.context.Queue(maxsize=QUEUE_DEPTH + 1)
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=_worker,
            args=(inbox, writer, self.pipeline, self.as_dict),
            name="dateline-worker",
            daemon=True,
        )
        with _single_threaded_children():
            process.start()
        writer.close()  # the child holds the write end: its death then reads as end-of-file
        self.workers.append(_Worker(process, inbox, reader))

    def run(self, tasks: Iterator[Task]) -> Iterator[Extracted]:
        """Feed tasks, collect results, yield them in input order."""
        pending: deque[Task] = deque()  # to dispatch: retries first, then new input
        done: dict[int, Extracted] = {}
        next_out = dispatched = 0
        exhausted = False
        max_in_flight = self.jobs * (QUEUE_DEPTH + 2)  # in batches, counting reordering
        batch_size = 1
        while True:
            # read ahead up to the in-flight cap (not one task per result: that would keep a
            # single worker busy while the others wait on empty queues)
            while not exhausted and dispatched - next_out < max_in_flight * batch_size:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                else:
                    pending.append(task)
                    dispatched += len(task)
                    batch_size = max(batch_size, len(task))
            self._dispatch(pending)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if exhausted and not pending and next_out == dispatched:
                self.finished = True
                return
            self._collect(done, pending, next_out)

    def _dispatch(self, pending: deque[Task]) -> None:
        while pending:
            worker = min(self.workers, key=lambda w: len(w.assigned))
            if len(worker.assigned) > QUEUE_DEPTH:
                return
            task = pending.popleft()
            worker.assigned.append(task)
            worker.inbox.put(task)

    def _collect(self, done: dict[int, Extracted], pending: deque[Task], next_out: int) -> None:
        """Wait for a result or a death; take in every complete result that is there."""
        channels = {w.results: w for w in self.workers}
        sentinels = {w.process.sentinel: w for w in self.workers}
        ready = connection.wait([*channels, *sentinels], timeout=5.0)
        dead: list[_Worker] = [sentinels[r] for r in ready if r in sentinels]
        for conn in ready:
            worker = channels.get(conn)
            if worker is not None and worker not in dead and not self._receive(worker, done):
                dead.append(worker)
        for worker in dead:
            while worker.results.poll() and self._receive(worker, done):
                pass  # results sent just before dying still count
            self._replace(worker, done, pending, next_out)
        for position in [p for p in done if p < next_out]:
            del done[position]  # a retried batch's duplicate of something already yielded

    def _receive(self, worker: _Worker, done: dict[int, Extracted]) -> bool:
        """Read one message from a worker; False when its channel is closed or broken."""
        try:
            kind, payload = worker.results.recv()
        except Exception:  # noqa: BLE001 - closed, or cut off mid-message by the worker's death
            return False
        if kind == "fatal":
            raise WorkerError(payload)
        if worker.assigned:
            worker.assigned.popleft()
        self.deaths = 0  # progress: only deaths in a row, with nothing done between, are fatal
        for position, result in payload:
            done.setdefault(position, result)
        return True

    def _replace(
        self, worker: _Worker, done: dict[int, Extracted], pending: deque[Task], next_out: int
    ) -> None:
        """Start a new worker; retry what the dead one held, isolating the article that killed
        it (its first unfinished batch is retried one article at a time)."""
        if worker not in self.workers:
            return
        self.workers.remove(worker)
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        log.warning("a dateline worker process died (exit code %s); retrying its batch", code)
        worker.inbox.cancel_join_thread()
        worker.results.close()
        self.deaths += 1
        if self.deaths > 2 * self.jobs + 4:
            raise WorkerError(f"worker processes keep dying (last exit code {code})")
        unfinished = [
            t for t in worker.assigned if any(p >= next_out and p not in done for p, _ in t)
        ]
        if unfinished:
            first, rest = unfinished[0], unfinished[1:]
            if len(first) == 1:
                position, article = first[0]
                message = f"the worker process died on this article (exit code {code})"
                done.setdefault(position, Extracted(article, None, message))
            else:
                rest = [[item] for item in first] + rest
            pending.extendleft(reversed(rest))
        self._start_worker()


@contextlib.contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Start children with one math-library thread each (unless the user chose otherwise)."""
    added = [name for name in SINGLE_THREAD_ENV if name not in os.environ]
    for name in added:
        os.environ[name] = "1"
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


# -- Ray ---------------------------------------------------------------------------------------


class RayExtractor:
    """A Ray Data actor: loads the pipeline once, then turns batches of articles into records."""

    def __init__(self, pipeline: str = DEFAULT_PIPELINE) -> None:
        self.nlp = load_pipeline(pipeline)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        task = [
            (int(i), pickle.loads(blob))
            for i, blob in zip(
                batch["index"].to_pylist(), batch["article"].to_pylist(), strict=True
            )
        ]
        results = run_batch(self.nlp, task, as_dict=True)
        return pa.table(
            {
                "index": pa.array([p for p, _ in results], pa.int64()),
                "source": pa.array([r.article.source for _, r in results], pa.string()),
                "record": pa.array([_json(r.document) for _, r in results], pa.string()),
                "error": pa.array([r.error for _, r in results], pa.string()),
            }
        )


def _json(record: dict[str, Any] | None) -> str | None:
    return None if record is None else json.dumps(record, ensure_ascii=False)


def run_ray(
    articles: Iterable[Article],
    address: str | None = None,
    out_parquet: str | None = None,
    actors: int | None = None,
    batch_size: int = 16,
    chunk_size: int = 5000,
    num_cpus: int | None = None,
    pipeline: str = DEFAULT_PIPELINE,
) -> Iterator[Extracted]:
    """Run extraction as a Ray Data pipeline; yield ``Extracted(article, record, error)``.

    ``ray.data.from_items`` (articles pickled) -> ``map_batches(RayExtractor, compute=
    ActorPoolStrategy(size=actors), batch_size=batch_size)``: each actor holds one loaded
    pipeline and runs :func:`run_batch`, so records are identical to :func:`extract_records`.
    ``dateline ingest --engine ray --address A`` maps to ``run_ray(articles, address=A)``.
    Input is read in chunks of ``chunk_size`` articles (one Ray dataset each), keeping the
    driver's memory bounded.

    * ``address``: None starts a private local Ray (``num_cpus`` CPUs, no dashboard, no usage
      reporting, shut down at the end) unless Ray is already initialized in this process;
      ``"auto"`` joins the local cluster, ``"ray://host:10001"`` a remote one (dateline and its
      model must be installed on the cluster's workers).
    * ``actors``: pipeline actors (default: the cluster's CPU count), one CPU each.
    * ``out_parquet``: a directory; each chunk is written as Parquet on the cluster under
      ``out_parquet/chunk-NNNNN/`` with columns ``index, source, record, error`` (``record`` is
      the contract JSON), and nothing is yielded. Without it, results stream back in input order,
      ``record`` as a dict, ``article`` the article as given (its cleaned fields are in the
      record's ``document``).
    """
    import ray

    started = _start_ray(ray, address, num_cpus)
    try:
        actors = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        for number, task in enumerate(_batches(articles, chunk_size)):
            dataset = _ray_dataset(ray, task, actors, batch_size, pipeline)
            if out_parquet:
                dataset.write_parquet(os.path.join(out_parquet, f"chunk-{number:05d}"))
                continue
            originals = dict(task)
            for row in dataset.iter_rows():
                record = None if row["record"] is None else json.loads(row["record"])
                yield Extracted(originals[row["index"]], record, row["error"])
    finally:
        if started:
            ray.shutdown()


def _start_ray(ray: Any, address: str | None, num_cpus: int | None) -> bool:
    """Connect to or start Ray quietly and offline; True when this call started it."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(
            num_cpus=num_cpus,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
            object_store_memory=LOCAL_OBJECT_STORE,
        )
    return True


def _ray_dataset(ray: Any, task: Task, actors: int, batch_size: int, pipeline: str) -> Any:
    items = [{"index": i, "article": pickle.dumps(a)} for i, a in task]
    blocks = max(1, min(len(items) // batch_size, actors * 4))
    dataset = ray.data.from_items(items, override_num_blocks=blocks)
    # The dataset's own copy of the context: the caller's global Ray Data settings stay as they are.
    dataset.context.execution_options.preserve_order = True
    dataset.context.enable_progress_bars = False
    return dataset.map_batches(
        RayExtractor,
        fn_constructor_kwargs={"pipeline": pipeline},
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
        runtime_env={"env_vars": {name: "1" for name in SINGLE_THREAD_ENV}},
    )


__all__ = [
    "Extracted",
    "RayExtractor",
    "WorkerError",
    "extract_records",
    "extract_stream",
    "load_pipeline",
    "one_blas_thread",
    "run_batch",
    "run_ray",
    "use_numpy_gemm",
]
