"""The one streaming runner: every article goes through here, whoever asked for it.

``dateline extract``, ``dateline ingest``, the HTTP server and ``dateline.extract()`` all run
articles through :func:`run_batch` (or :func:`extract_one`, which is :func:`run_batch` on a
batch of one in this process): frame each article (:func:`dateline.frame.prepare`: wrapping,
dateline, publication date, language), parse the batch with ``nlp.pipe`` and serialize each
Doc. So a record cannot differ by the path that produced it, and a test checks that it does not.

Entry points, identical except for what they yield for each article, in input order:

* :func:`extract_stream` yields ``Extracted(article, document, failure)`` with a
  :class:`~dateline.document.Document` (all fields, including those the contract omits).
* :func:`extract_records` yields the same with the contract dict (``Document.to_dict()``).
  Prefer it when the output is JSON or a store row: with ``jobs > 1`` the workers then
  serialize in parallel.
* :func:`extract_one` runs one article in this process and returns its Document, or raises
  :class:`~dateline.errors.ExtractionError` (the server and the Python API use it).
* :func:`run_ray` runs the same batches as a Ray Data pipeline on a local or remote cluster.

``article`` is the article after the frame decision or, when framing failed, the article as
given. Exactly one of ``document`` and ``failure`` is set; a failure is an
:class:`~dateline.errors.ItemFailure` whose ``stage`` names the layer that failed (``frame``,
``dateline_events``, ...) and whose ``reason`` is one line with its code; it never stops the run.

**Nothing one article does stops the run.** An exception in any layer becomes that article's
failure naming the layer (the batch is rerun one article at a time to pin it). Each article has
a time budget (:class:`Settings`: ``seconds_per_10k`` characters, at least ``min_seconds``) in
CPU seconds, so that a loaded machine does not fail good articles: in a worker process or the
main thread a CPU timer ends a runaway article with ``D141``; elsewhere (threads) the thread's
CPU time is checked between layers. Articles longer than
``chunk_chars`` are parsed in chunks cut at paragraph breaks and merged back with their offsets
and ids, so an article of 990,000 characters, under spaCy's 1,000,000 limit but far beyond the
length its parser is fast on (about 1 GB of memory per 100,000 characters), completes. A worker
that dies (a segfault, the OOM killer) costs only the article that killed it.

With ``jobs > 1``, N worker processes (started with ``spawn``, safe next to threads) each load
the pipeline and gazetteer once. The parent assigns each batch to one worker through that
worker's bounded queue, reads its results from that worker's own pipe, and caps the articles in
flight, so memory stays bounded however long the input. (spaCy's ``nlp.pipe(n_process=N)`` is
not used: it ships whole Docs back through msgpack, which cannot carry dateline's records.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import importlib
import json
import logging
import multiprocessing
import os
import pickle
import queue
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from multiprocessing import connection
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from dateline.document import Document
from dateline.errors import Errors, ExtractionError, ItemFailure, Warnings
from dateline.frame import prepare
from dateline.model import Article, Span
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
# A first article that names a place builds or opens the gazetteer and loads every lexicon;
# run one at load time, so that no article's time budget pays for it.
WARM_UP = Article(text="Officials in Paris said on Monday that 12 people were arrested.")


@dataclass(frozen=True)
class Settings:
    """How the runner treats each article (picklable: it travels to worker processes).

    ``seconds_per_10k`` and ``min_seconds``: the time budget of an article with N characters is
    ``max(min_seconds, seconds_per_10k * N / 10,000)`` CPU seconds (:class:`Deadline`: a busy
    machine does not spend it); a 640-word article takes about 0.1 s, so the default leaves
    a margin of 100 for articles slow for their length (None: no budget).
    ``chunk_chars``: longer articles are parsed in chunks of at most this many characters
    (spaCy's ``max_length`` is the hard ceiling). ``languages``: the languages extracted; an
    article detected as another language keeps its frame and gets a W120 warning.
    """

    seconds_per_10k: float | None = 5.0
    min_seconds: float = 10.0
    chunk_chars: int = 100_000
    languages: tuple[str, ...] = ("en",)

    def budget(self, article: Article) -> float | None:
        if self.seconds_per_10k is None:
            return None
        return max(self.min_seconds, self.seconds_per_10k * len(article.text) / 10_000)


DEFAULT_SETTINGS = Settings()


class Extracted(NamedTuple):
    """One article's outcome: the (framed) article and either its result or its failure."""

    article: Article
    document: Any  # Document (extract_stream) or contract dict (extract_records / run_ray)
    failure: ItemFailure | None


# (input position, article) pairs travel to the workers; (position, Extracted) come back.
Task = list[tuple[int, Article]]
Results = list[tuple[int, Extracted]]


def load_pipeline(spec: str = DEFAULT_PIPELINE) -> Language:
    """The pipeline named by ``"module:function"`` (a name, so that it crosses ``spawn``),
    warmed up once. The function builds it whole: the matrix multiply is chosen there
    (:func:`dateline.pipeline.get_pipeline`), never by changing a pipeline afterwards."""
    module, _, function = spec.partition(":")
    nlp = getattr(importlib.import_module(module), function)()
    with contextlib.suppress(Exception), one_blas_thread():
        _run_layers(nlp, make_doc(nlp, prepare(dataclasses.replace(WARM_UP, warnings=[]))))
    keep_out_of_collections()
    return nlp


def keep_out_of_collections() -> None:
    """Move every object alive now (the model, the lexicons: what lives as long as the
    process) out of the cyclic garbage collector's reach (``gc.freeze``), after collecting
    the garbage of loading.

    The layers allocate enough per article that Python runs a full collection every thirty
    or so articles, and each one walked the loaded pipeline's 130,000 objects again: about
    60 CPU-ms a pass, 2 ms per article (measured on the bench articles; bare spaCy allocates
    too little to trigger any). Frozen objects are still freed by reference counting; only a
    cycle among them would outlive the process's use of it, and the pipeline is kept for the
    process anyway."""
    gc.collect()
    gc.freeze()


@lru_cache(maxsize=4)
def shared_pipeline(spec: str = DEFAULT_PIPELINE) -> Language:
    """This process's pipeline for :func:`extract_one`, loaded once."""
    return load_pipeline(spec)


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


# -- one article, layer by layer ---------------------------------------------------------------


class BudgetExceeded(BaseException):
    """Raised by the timer inside a runaway article (a BaseException, so that no layer's
    ``except Exception`` swallows it)."""


class LayerFailed(Exception):
    """A pipeline component raised on an article."""

    def __init__(self, layer: str, cause: BaseException) -> None:
        super().__init__(layer)
        self.layer, self.cause = layer, cause


def describe(exc: BaseException) -> str:
    """One line: the exception's type and the first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")[:300]


@dataclass(frozen=True)
class Deadline:
    """When an article's time is up, on the clock it is measured by: CPU seconds, never wall
    time, so that a machine busy with other work does not fail good articles (their CPU time
    is what they cost; a busy neighbour only slows the wall clock). ``clock`` is the CPU time
    of the process where a process runs one article at a time on its main thread (a worker,
    ``dateline extract``), else of the calling thread (the server's threads)."""

    clock: Callable[[], float]
    at: float

    def passed(self) -> bool:
        return self.clock() > self.at


def cpu_clock() -> Callable[[], float]:
    """The CPU clock an article run in this thread is measured by (see :class:`Deadline`)."""
    if threading.current_thread() is threading.main_thread():
        return time.process_time
    return time.thread_time


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[Deadline | None]:
    """Raise :class:`BudgetExceeded` in this thread once it has spent ``seconds`` of CPU time
    (a profiling timer, ``ITIMER_PROF``: it counts the process's user and system CPU time),
    where signals can reach it (the main thread of a POSIX process); yields the deadline,
    which :func:`_run_layers` also checks between layers (the only check elsewhere)."""
    if seconds is None:
        yield None
        return
    clock = cpu_clock()
    deadline = Deadline(clock, clock() + seconds)
    timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not timer:
        yield deadline
        return

    def expire(signum: int, frame: Any) -> None:
        raise BudgetExceeded()

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _run_layers(nlp: Language, doc: Doc, deadline: Deadline | None = None) -> Doc:
    """``nlp(doc)``, one component at a time, so that a failure names its layer."""
    for name, component in nlp.pipeline:
        try:
            doc = component(doc)
        except BudgetExceeded:
            raise
        except Exception as exc:  # noqa: BLE001 - pinned to the layer and the article
            raise LayerFailed(name, exc) from exc
        if deadline is not None and deadline.passed():
            raise BudgetExceeded()
    return doc


def _finish(document: Document, as_dict: bool) -> Any:
    return document.to_dict() if as_dict else document


def _frame(article: Article) -> Article | ItemFailure:
    try:
        return prepare(article)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
        return ItemFailure(
            article.source, Errors.D140.format(layer="frame", reason=describe(exc)), "frame"
        )


def _skipped(article: Article, settings: Settings) -> bool:
    """An article in a language the pipeline does not extract: framed, with a notice."""
    if article.language is None or article.language in settings.languages:
        return False
    notice = Warnings.W120.format(language=article.language)
    if notice not in article.warnings:
        article.warnings.append(notice)
    return True


def run_article(
    nlp: Language, article: Article, settings: Settings = DEFAULT_SETTINGS
) -> Extracted:
    """One framed article through every layer, in chunks when it is long; never raises."""
    if _skipped(article, settings):
        return Extracted(article, Document(article=article), None)
    budget = settings.budget(article)
    clock = cpu_clock()
    started = clock()
    try:
        with one_blas_thread(), time_budget(budget) as deadline:
            pieces = chunks(article.text, _chunk_size(nlp, settings))
            if len(pieces) == 1:
                document = Document.from_doc(_run_layers(nlp, make_doc(nlp, article), deadline))
            else:
                document = _run_chunked(nlp, article, pieces, deadline)
        return Extracted(article, document, None)
    except BudgetExceeded:
        reason = Errors.D141.format(
            seconds=clock() - started, budget=budget or 0, chars=len(article.text)
        )
        return Extracted(article, None, ItemFailure(article.source, reason, "budget"))
    except LayerFailed as exc:
        reason = Errors.D140.format(layer=exc.layer, reason=describe(exc.cause))
        return Extracted(article, None, ItemFailure(article.source, reason, exc.layer))
    except Exception as exc:  # noqa: BLE001 - anything else: the serializer, the tokenizer
        reason = Errors.D140.format(layer="serialize", reason=describe(exc))
        return Extracted(article, None, ItemFailure(article.source, reason, "serialize"))


def _chunk_size(nlp: Language, settings: Settings) -> int:
    return max(1_000, min(settings.chunk_chars, nlp.max_length))


def run_batch(
    nlp: Language, task: Task, as_dict: bool = False, settings: Settings = DEFAULT_SETTINGS
) -> Results:
    """Frame, parse and serialize one batch; every failure stays with its own article.

    The short articles go through ``nlp.pipe`` in one call (spaCy's batching is where the
    speed is), under one timer for the batch's summed budget. Should any component raise, or
    the batch run over, the articles are run again one by one (:func:`run_article`), so that
    the failure is pinned to the article and layer that caused it and the others still come
    out. Long and skipped articles always run on their own.
    """
    results: dict[int, Extracted] = {}
    ready: Task = []
    for position, article in task:
        framed = _frame(article)
        if isinstance(framed, ItemFailure):
            results[position] = Extracted(article, None, framed)
        elif _skipped(framed, settings) or len(framed.text) > _chunk_size(nlp, settings):
            results[position] = _as(run_article(nlp, framed, settings), as_dict)
        else:
            ready.append((position, framed))
    budgets = [settings.budget(a) for _, a in ready]
    total = None if any(b is None for b in budgets) else sum(b or 0 for b in budgets)
    try:
        with one_blas_thread(), time_budget(total) as deadline:
            docs = nlp.pipe((make_doc(nlp, a) for _, a in ready), batch_size=max(1, len(ready)))
            finished = [
                (position, Extracted(article, _finish(Document.from_doc(doc), as_dict), None))
                for (position, article), doc in zip(ready, docs, strict=True)
            ]
            if deadline is not None and deadline.passed():
                # the CPU timer fires on the scheduler's tick (4 ms here): a batch can end
                # over its budget before it rings, and is then pinned article by article
                raise BudgetExceeded()
        results.update(finished)
    except (Exception, BudgetExceeded):  # noqa: BLE001 - retried article by article below
        for position, article in ready:
            results[position] = _as(run_article(nlp, article, settings), as_dict)
    return [(position, results[position]) for position, _ in task]


def _as(result: Extracted, as_dict: bool) -> Extracted:
    if result.document is None:
        return result
    return result._replace(document=_finish(result.document, as_dict))


def extract_one(
    article: Article,
    pipeline: str = DEFAULT_PIPELINE,
    settings: Settings = DEFAULT_SETTINGS,
) -> Document:
    """One article in this process (the Python API and the server): its Document, or
    :class:`~dateline.errors.ExtractionError` naming the layer that failed."""
    ((_, result),) = run_batch(shared_pipeline(pipeline), [(0, article)], False, settings)
    if result.failure is not None:
        raise ExtractionError(result.failure)
    return result.document


# -- long articles -----------------------------------------------------------------------------

BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?])\s+"),
    re.compile(r"\s"),
)


def chunks(text: str, size: int) -> list[Span]:
    """[start, end) pieces of ``text`` of at most ``size`` characters, cut at the last
    paragraph break before the limit (else a line break, a sentence end, a space)."""
    pieces: list[Span] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = 0
        for pattern in BREAKS:
            found = [m.end() for m in pattern.finditer(window, size // 2)]
            if found:
                cut = found[-1]
                break
        cut = cut or size
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(text)))
    return pieces


def _run_chunked(
    nlp: Language, article: Article, pieces: list[Span], deadline: Deadline | None
) -> Document:
    """Each piece as its own Doc (the frame's spans clipped to it), merged back."""
    parts: list[tuple[int, Document]] = []
    for start, end in pieces:
        part = dataclasses.replace(
            article,
            text=article.text[start:end],
            boilerplate=[
                (max(s, start) - start, min(e, end) - start)
                for s, e in article.boilerplate
                if s < end and e > start
            ],
            dateline=_shift_span(article.dateline, -start)
            if _inside(article.dateline, start, end)
            else None,
            warnings=[],
        )
        doc = _run_layers(nlp, make_doc(nlp, part), deadline)
        parts.append((start, Document.from_doc(doc)))
    return merge_documents(article, parts)


def _inside(span: Span | None, start: int, end: int) -> bool:
    return span is not None and start <= span[0] and span[1] <= end


def _shift_span(span: Any, offset: int) -> Any:
    if span is None:
        return None
    return (span[0] + offset, span[1] + offset)


def _shift_spans(spans: list[Span], offset: int) -> list[Span]:
    return [(s + offset, e + offset) for s, e in spans]


def _shift_count(count: Any, offset: int) -> Any:
    if count is None:
        return None
    return dataclasses.replace(count, spans=_shift_spans(count.spans, offset))


def merge_documents(article: Article, parts: list[tuple[int, Document]]) -> Document:
    """One Document from the Documents of an article's pieces (``(offset, document)``).

    Offsets are shifted by each piece's start. An entity or place named alike in two pieces
    (same type and name; for places the same GeoNames id) becomes one record with the mentions
    of both; every other id of a later piece gets a ``.N`` suffix, and references follow.
    """
    merged = Document(article=article)
    entities: dict[tuple[str, str], Any] = {}
    places: dict[Any, Any] = {}
    for number, (offset, part) in enumerate(parts):
        ids: dict[str, str] = {}

        def new_id(old: str, number: int = number) -> str:
            return old if number == 0 else f"{old}.{number}"

        for entity in part.entities:
            key = (entity.type, entity.name.casefold())
            mentions = _shift_spans(entity.mentions, offset)
            if key in entities:
                kept = entities[key]
                kept.mentions.extend(mentions)
                kept.aliases.extend(a for a in entity.aliases if a not in kept.aliases)
                kept.roles.extend(r for r in entity.roles if r not in kept.roles)
                ids[entity.id] = kept.id
                continue
            copy = dataclasses.replace(
                entity,
                id=new_id(entity.id),
                mentions=mentions,
                aliases=list(entity.aliases),
                roles=list(entity.roles),
            )
            entities[key] = copy
            ids[entity.id] = copy.id
            merged.entities.append(copy)
        for place in part.places:
            place_key = place.geonames_id or (place.name.casefold(), place.country)
            mentions = _shift_spans(place.mentions, offset)
            if place_key in places:
                places[place_key].mentions.extend(mentions)
                ids[place.id] = places[place_key].id
                continue
            place_copy = dataclasses.replace(place, id=new_id(place.id), mentions=mentions)
            places[place_key] = place_copy
            ids[place.id] = place_copy.id
            merged.places.append(place_copy)
        for entity in merged.entities:
            if entity.place_id in ids:
                entity.place_id = ids[entity.place_id]
        refer = lambda ref, ids=ids: None if ref is None else ids.get(ref, ref)  # noqa: E731
        for time_expr in part.times:
            merged.times.append(
                dataclasses.replace(
                    time_expr, start=time_expr.start + offset, end=time_expr.end + offset
                )
            )
        for quote in part.quotes:
            ids[quote.id] = new_id(quote.id)
            merged.quotes.append(
                dataclasses.replace(
                    quote,
                    id=ids[quote.id],
                    start=quote.start + offset,
                    end=quote.end + offset,
                    speaker=refer(quote.speaker),
                    speaker_span=_shift_span(quote.speaker_span, offset),
                    cue_span=_shift_span(quote.cue_span, offset),
                    clause=_shift_span(quote.clause, offset),
                )
            )
        if number == 0:  # the first piece holds the title and lead: its main event is the article's
            merged.main_event = part.main_event
        for event in part.events:
            ids[event.id] = new_id(event.id)
            merged.events.append(
                dataclasses.replace(
                    event,
                    id=ids[event.id],
                    trigger=_shift_span(event.trigger, offset),
                    sentence=_shift_span(event.sentence, offset),
                    mentions=_shift_spans(event.mentions, offset),
                    counts=[_shift_count(c, offset) for c in event.counts],
                    fatalities=_shift_count(event.fatalities, offset),
                    injured=_shift_count(event.injured, offset),
                    arrested=_shift_count(event.arrested, offset),
                    actors=[ids.get(a, a) for a in event.actors],  # refer() without the None
                    targets=[ids.get(t, t) for t in event.targets],
                    place=refer(event.place),
                    source=refer(event.source),
                )
            )
        for commitment in part.commitments:
            merged.commitments.append(
                dataclasses.replace(
                    commitment,
                    id=new_id(commitment.id),
                    start=commitment.start + offset,
                    end=commitment.end + offset,
                    party=refer(commitment.party),
                    event=refer(commitment.event),
                )
            )
    for entity in merged.entities:
        entity.mentions.sort()
    for place in merged.places:
        place.mentions.sort()
    return merged


# -- streams -----------------------------------------------------------------------------------


def _batches(articles: Iterable[Article], size: int) -> Iterator[Task]:
    numbered = enumerate(articles)
    while task := list(islice(numbered, size)):
        yield task


@dataclass(frozen=True)
class Job:
    """What every worker needs to know to run batches: picklable, so it crosses ``spawn``."""

    pipeline: str = DEFAULT_PIPELINE
    as_dict: bool = False
    settings: Settings = field(default_factory=Settings)


def extract_stream(
    articles: Iterable[Article],
    jobs: int = 1,
    batch_size: int = 16,
    pipeline: str = DEFAULT_PIPELINE,
    settings: Settings = DEFAULT_SETTINGS,
) -> Iterator[Extracted]:
    """Extract every article, yielding ``Extracted(article, Document, failure)`` in input order.

    ``jobs``: worker processes (1 = in this process; 0 or less = one per core). ``pipeline``
    names the function that builds the spaCy pipeline, as ``"module:function"``. Articles are
    pulled from ``articles`` only as the workers need them: memory stays flat.
    """
    yield from _stream(articles, jobs, batch_size, Job(pipeline, False, settings))


def extract_records(
    articles: Iterable[Article],
    jobs: int = 1,
    batch_size: int = 16,
    pipeline: str = DEFAULT_PIPELINE,
    settings: Settings = DEFAULT_SETTINGS,
) -> Iterator[Extracted]:
    """Like :func:`extract_stream`, but ``document`` is the contract dict (``to_dict()``)."""
    yield from _stream(articles, jobs, batch_size, Job(pipeline, True, settings))


def _stream(
    articles: Iterable[Article], jobs: int, batch_size: int, job: Job
) -> Iterator[Extracted]:
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    jobs = jobs if jobs > 0 else os.cpu_count() or 1
    if jobs == 1:
        nlp = shared_pipeline(job.pipeline)
        for task in _batches(articles, batch_size):
            for _, result in run_batch(nlp, task, job.as_dict, job.settings):
                yield result
        return
    with _Pool(jobs, job) as pool:
        yield from pool.run(_batches(articles, batch_size))


# -- worker processes --------------------------------------------------------------------------


def _worker(inbox: Any, results: Any, job: Job) -> None:  # pragma: no cover
    """Load the pipeline once, then run batches until the ``None`` sentinel arrives.

    Runs in a child process. ``results`` is this worker's own pipe to the parent: nothing is
    shared with other workers, so a worker that dies mid-write can corrupt only its own channel.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    try:
        nlp = load_pipeline(job.pipeline)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        results.send(("fatal", Errors.D143.format(reason=describe(exc))))
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
        results.send(("done", run_batch(nlp, task, job.as_dict, job.settings)))


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

    def __init__(self, jobs: int, job: Job, start_method: str = "spawn"):
        self.context = multiprocessing.get_context(start_method)
        self.jobs, self.job = jobs, job
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
        # every concrete context has Process; typeshed's BaseContext does not declare it
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_worker,
            args=(inbox, writer, self.job),
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
                message = Errors.D142.format(code=code)
                failure = ItemFailure(article.source, message, "worker")
                done.setdefault(position, Extracted(article, None, failure))
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

    def __init__(self, pipeline: str = DEFAULT_PIPELINE, settings: Settings = DEFAULT_SETTINGS):
        self.nlp = load_pipeline(pipeline)
        self.settings = settings

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        task = [
            (int(i), pickle.loads(blob))
            for i, blob in zip(
                batch["index"].to_pylist(), batch["article"].to_pylist(), strict=True
            )
        ]
        results = run_batch(self.nlp, task, True, self.settings)
        return pa.table(
            {
                "index": pa.array([p for p, _ in results], pa.int64()),
                "source": pa.array([r.article.source for _, r in results], pa.string()),
                "record": pa.array([_json(r.document) for _, r in results], pa.string()),
                "error": pa.array([_failure_json(r.failure) for _, r in results], pa.string()),
            }
        )


def _json(record: dict[str, Any] | None) -> str | None:
    return None if record is None else json.dumps(record, ensure_ascii=False)


def _failure_json(failure: ItemFailure | None) -> str | None:
    return None if failure is None else json.dumps(dataclasses.asdict(failure))


def _failure_from(text: str | None) -> ItemFailure | None:
    return None if text is None else ItemFailure(**json.loads(text))


def run_ray(
    articles: Iterable[Article],
    address: str | None = None,
    out_parquet: str | None = None,
    actors: int | None = None,
    batch_size: int = 16,
    chunk_size: int = 5000,
    num_cpus: int | None = None,
    pipeline: str = DEFAULT_PIPELINE,
    settings: Settings = DEFAULT_SETTINGS,
) -> Iterator[Extracted]:
    """Run extraction as a Ray Data pipeline; yield ``Extracted(article, record, failure)``.

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

    started = start_ray(ray, address, num_cpus)
    try:
        actors = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        for number, task in enumerate(_batches(articles, chunk_size)):
            dataset = _ray_dataset(ray, task, actors, batch_size, pipeline, settings)
            if out_parquet:
                dataset.write_parquet(os.path.join(out_parquet, f"chunk-{number:05d}"))
                continue
            originals = dict(task)
            for row in dataset.iter_rows():
                record = None if row["record"] is None else json.loads(row["record"])
                yield Extracted(originals[row["index"]], record, _failure_from(row["error"]))
    finally:
        if started:
            ray.shutdown()


def start_ray(
    ray: Any,
    address: str | None,
    num_cpus: int | None,
    object_store_memory: int = LOCAL_OBJECT_STORE,
) -> bool:
    """Connect to or start Ray quietly and offline; True when this call started it.

    Shared by extraction and the store's backfill, which asks for a smaller object store."""
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
            object_store_memory=object_store_memory,
        )
    return True


def _ray_dataset(
    ray: Any, task: Task, actors: int, batch_size: int, pipeline: str, settings: Settings
) -> Any:
    items = [{"index": i, "article": pickle.dumps(a)} for i, a in task]
    blocks = max(1, min(len(items) // batch_size, actors * 4))
    dataset = ray.data.from_items(items, override_num_blocks=blocks)
    # The dataset's own copy of the context: the caller's global Ray Data settings stay as they are.
    dataset.context.execution_options.preserve_order = True
    dataset.context.enable_progress_bars = False
    return dataset.map_batches(
        RayExtractor,
        fn_constructor_kwargs={"pipeline": pipeline, "settings": settings},
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
        runtime_env={"env_vars": {name: "1" for name in SINGLE_THREAD_ENV}},
    )


__all__ = [
    "DEFAULT_SETTINGS",
    "Extracted",
    "Job",
    "RayExtractor",
    "Settings",
    "WorkerError",
    "chunks",
    "extract_one",
    "extract_records",
    "extract_stream",
    "load_pipeline",
    "merge_documents",
    "one_blas_thread",
    "run_article",
    "run_batch",
    "run_ray",
]
