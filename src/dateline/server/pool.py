"""Extraction for ``/extract`` and ``POST /ingest`` in a bounded pool of worker processes.

Why processes: spaCy inference holds the GIL, so extraction run on a thread of the server
makes every read wait for it (measured before this pool: one 340 kB ``/extract`` held the
pipeline for 88 s, and during 120 concurrent ``/extract`` calls reads stalled for up to 42 s,
because each waiting call also held one of the thread pool's 40 slots that reads run on).
Here the server process only reads the store and speaks HTTP; the work runs in N worker
processes (``dateline serve --workers N``), each with its own pipeline, driven by N threads
of the pool's own (not the read threads').

* **Bounded**: at most ``workers + queue_limit`` jobs are admitted; the next one gets 503
  with ``Retry-After`` (from the recent job times) at once, before its body is read.
* **Time budget**: each article has the runner's budget (``dateline.runner.Settings``:
  seconds per 10,000 characters, at least ``min_seconds``; ``serve --time-budget``), which
  the runner enforces inside the worker (a timer in the worker's main thread ends a runaway
  article with its D141 failure, and the worker goes on). The pool adds a backstop: a worker
  silent ``backstop`` seconds past the budget (a loop in C that the timer cannot interrupt),
  counted from when it starts the job (loading its pipeline does not count), is killed and
  replaced; a worker that dies (segfault, OOM killer) is replaced the same way. Either way
  the request gets 422 with the reason, and the other workers' jobs go on.
* **One adapter**: workers call :func:`extract_document` and :func:`ingest_article`, and
  nothing else of the extraction code.

``workers=0`` runs jobs on one thread of the server process instead (the runner then checks
the budget between layers, no backstop can stop a thread, and reads share the CPU lock with
extraction): for tests and tiny machines.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import math
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from dateline.errors import Errors, ExtractionError
from dateline.model import Article
from dateline.runner import DEFAULT_SETTINGS, Settings

DEFAULT_HANDLER = "dateline.server.pool:handle_job"
# A worker this long past its article's budget without a word is stuck where the runner's
# timer cannot reach it (the timer itself ends ordinary runaways at the budget).
BACKSTOP_S = 30.0
# An ingest also writes the article and re-resolves the store. Until resolution is
# incremental that takes ~60 s on an idle machine with the 100k-event store, and was seen to
# take over 10 minutes on this loaded 2-core machine (an ingest stopped at 620 s then), so it
# gets an hour on top: stopping it loses nothing (the transaction rolls back) but the article.
STORE_GRACE_S = 3600.0
LOAD_TIMEOUT_S = 600.0  # a worker that cannot load its pipeline in this long is broken
RETRY_AFTER_MAX_S = 120


class JobFailed(Exception):
    """The job ran and failed for a reason tied to its article (→ 422)."""


class PoolBusy(Exception):
    """Every worker is busy and the queue is full (→ 503 with Retry-After)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# --------------------------------------------------------------------------- the adapter
def extract_document(article: Article, settings: Settings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """The contract dict of one article through the one runner (``runner.extract_one``, the
    same call ``dateline.extract()`` makes); a failed layer or a spent budget is the
    article's own failure (422), with the runner's one-line reason."""
    from dateline.runner import extract_one

    try:
        return extract_one(article, settings=settings).to_dict()
    except ExtractionError as exc:
        raise JobFailed(exc.failure.reason) from None


def ingest_article(db: str, article: Article) -> tuple[int, bool]:
    """Extract and store one article (deduplicated by content hash) and resolve; returns
    (article id, was it already stored). The only call from the pool into the store.

    ``store.ingest.ingest`` runs the extraction through the runner (with the runner's default
    budget: ``ingest`` takes no settings yet) and decides how much re-resolution one new
    article costs: incremental resolution touches only what the article joins, through the
    store's indexes."""
    from dateline.store.ingest import ingest
    from dateline.store.schema import open_store
    from dateline.store.write import content_hash

    with open_store(db) as store:
        report = ingest(store, [article], progress=False)
        if report.failed:
            raise JobFailed(Errors.D507.format(reason=report.failed[0][1]))
        row_id = store.scalar(
            "SELECT id FROM articles WHERE content_hash = ?", (content_hash(article.text),)
        )
    return int(row_id), report.duplicates > 0


def handle_job(kind: str, payload: Any) -> Any:
    """What a worker does with one job: ``warm`` (load the runner's pipeline, warmed up so
    that no article's budget pays for the gazetteer), ``extract`` (an (Article, Settings)
    pair), ``ingest`` (a (db, Article) pair)."""
    if kind == "warm":
        from dateline.runner import shared_pipeline

        shared_pipeline()
        return None
    if kind == "extract":
        return extract_document(*payload)
    if kind == "ingest":
        return ingest_article(*payload)
    raise ValueError(f"unknown job kind {kind!r}")


def _load(spec: str) -> Callable[[str, Any], Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


# --------------------------------------------------------------------------- worker side
def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _worker_main(conn: Connection, handler_spec: str, warm: bool) -> None:
    """A worker's life: load the handler (and the pipeline), then answer jobs until told to
    stop. Every message back is ("started",) then ("done", result) or ("failed", reason)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    handler = _load(handler_spec)
    if warm:
        try:
            handler("warm", None)
        except Exception:  # noqa: BLE001 - the first job reports the same failure
            pass
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        kind, payload = message
        conn.send(("started",))
        try:
            conn.send(("done", handler(kind, payload)))
        except JobFailed as exc:
            conn.send(("failed", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the request, the worker goes on
            conn.send(("failed", Errors.D507.format(reason=_one_line(exc))))


# --------------------------------------------------------------------------- parent side
@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False


class ExtractionPool:
    """``workers`` processes (or, with 0, one thread here) behind a bounded queue."""

    def __init__(
        self,
        workers: int = 1,
        queue_limit: int = 8,
        settings: Settings = DEFAULT_SETTINGS,
        handler: str = DEFAULT_HANDLER,
        warm: bool = True,
        backstop: float = BACKSTOP_S,
    ) -> None:
        if workers < 0 or queue_limit < 0:
            raise ValueError("workers and queue_limit must be >= 0")
        self.workers = workers
        self.queue_limit = queue_limit
        self.settings = settings
        self.backstop = backstop
        self.handler = handler
        self.warm = warm
        self._admitted = 0
        self._lock = threading.Lock()
        self._ingest_lock = threading.Lock()  # one writer: SQLite has one anyway
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._threads = ThreadPoolExecutor(
            max_workers=max(1, workers), thread_name_prefix="dateline-extract"
        )
        self._started = False
        self._closed = False
        self._recent: list[float] = []  # seconds of the last jobs, for Retry-After
        self._context = multiprocessing.get_context("spawn")

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker processes (they load their pipeline in the background)."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        for _ in range(self.workers):
            self._add(self._spawn())

    def _add(self, worker: _Worker) -> None:
        """Put a new worker in service (processes are started outside the lock: admission,
        which the event loop calls, must never wait for a process to start)."""
        with self._lock:
            closed = self._closed
            if not closed:
                self._all.append(worker)
        if closed:
            _stop(worker)
        else:
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, self.handler, self.warm),
            name="dateline-extract-worker",
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def close(self) -> None:
        """Stop every worker; jobs still waiting get 503."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), []
        for worker in workers:
            _stop(worker)
        self._threads.shutdown(wait=False, cancel_futures=True)

    # -- admission ------------------------------------------------------------------------
    def reserve(self) -> None:
        """Take a place in the pool or raise :class:`PoolBusy` (call before reading a body;
        give it back with :meth:`release` unless :meth:`extract` or :meth:`ingest` is then
        called, which give it back when the job ends)."""
        with self._lock:
            limit = max(1, self.workers) + self.queue_limit
            if self._closed or self._admitted >= limit:
                retry = self._retry_after()
                busy = min(self._admitted, max(1, self.workers))
                raise PoolBusy(
                    Errors.D503.format(
                        busy=busy,
                        waiting=self._admitted - busy,
                        limit=self.queue_limit,
                        retry=retry,
                    ),
                    retry,
                )
            self._admitted += 1

    def release(self) -> None:
        with self._lock:
            self._admitted -= 1

    def _retry_after(self) -> int:
        """Seconds until a place is likely free: the recent mean job time times the jobs
        ahead, shared among the workers."""
        mean = sum(self._recent) / len(self._recent) if self._recent else 5.0
        ahead = self._admitted - max(1, self.workers) + 1
        return int(min(RETRY_AFTER_MAX_S, max(1, math.ceil(mean * ahead / max(1, self.workers)))))

    # -- running --------------------------------------------------------------------------
    async def extract(self, article: Article) -> dict[str, Any]:
        """The contract dict for ``article`` (after :meth:`reserve`)."""
        return await self._submit("extract", (article, self.settings), self.deadline(article))

    async def ingest(self, db: str, article: Article) -> tuple[int, bool]:
        """Store ``article`` in ``db`` (after :meth:`reserve`): (article id, duplicate)."""
        deadline = self.deadline(article)
        deadline = None if deadline is None else deadline + STORE_GRACE_S
        return await self._submit("ingest", (db, article), deadline)

    def deadline(self, article: Article) -> float | None:
        """Seconds after which a worker silent on ``article`` is stopped (None: never)."""
        budget = self.settings.budget(article)
        return None if budget is None else budget + self.backstop

    async def _submit(self, kind: str, payload: Any, budget: float | None) -> Any:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._threads, self._run, kind, payload, budget)
        finally:
            self.release()

    def _run(self, kind: str, payload: Any, budget: float | None) -> Any:
        if kind == "ingest":
            with self._ingest_lock:
                return self._dispatch(kind, payload, budget)
        return self._dispatch(kind, payload, budget)

    def _dispatch(self, kind: str, payload: Any, budget: float | None) -> Any:
        if self.workers == 0:
            with self._timed():
                try:
                    return _load(self.handler)(kind, payload)
                except JobFailed:
                    raise
                except Exception as exc:  # noqa: BLE001 - the article's error, not the server's
                    raise JobFailed(Errors.D507.format(reason=_one_line(exc))) from None
        self.start()
        worker = self._next_idle()
        try:
            with self._timed():
                return self._on_worker(worker, kind, payload, budget)
        finally:
            with self._lock:
                alive = worker in self._all
            if alive:
                self._idle.put(worker)

    def _next_idle(self) -> _Worker:
        while True:
            try:
                return self._idle.get(timeout=0.5)
            except queue.Empty:
                if self._closed:
                    raise PoolBusy("the server is shutting down", RETRY_AFTER_MAX_S) from None

    @contextlib.contextmanager
    def _timed(self) -> Iterator[None]:
        """Remember how long jobs take once a worker has them (for Retry-After)."""
        started = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._recent = [*self._recent[-19:], time.monotonic() - started]

    def _on_worker(self, worker: _Worker, kind: str, payload: Any, budget: float | None) -> Any:
        try:
            if not worker.ready:
                self._await(worker, "ready", LOAD_TIMEOUT_S)
                worker.ready = True
            worker.conn.send((kind, payload))
            self._await(worker, "started", LOAD_TIMEOUT_S)
            status, result = self._await(worker, None, budget, budget=budget, kind=kind)
        except _Replaced as exc:
            raise JobFailed(str(exc)) from None
        if status == "failed":
            raise JobFailed(result)
        return result

    def _await(
        self,
        worker: _Worker,
        expected: str | None,
        timeout: float | None,
        budget: float | None = None,
        kind: str = "extract",
    ) -> Any:
        """The worker's next message; a worker that is silent past ``timeout`` or gone is
        replaced, and the job fails with the reason."""
        try:
            if worker.conn.poll(timeout):
                message = worker.conn.recv()
                if expected is None or message[0] == expected:
                    return message
                reason = f"unexpected message {message[0]!r}"
            elif budget is not None:
                self._replace(worker)
                raise _Replaced(Errors.D504.format(what=_WHAT[kind], budget=budget))
            else:
                reason = f"no answer in {timeout or 0:.0f} s"
        except (EOFError, OSError, BrokenPipeError):
            code = worker.process.exitcode
            reason = f"exit code {code}" if code is not None else "its pipe closed"
        self._replace(worker)
        raise _Replaced(Errors.D505.format(reason=reason))

    def _replace(self, worker: _Worker) -> None:
        _stop(worker)
        with self._lock:
            known = worker in self._all and not self._closed
            if known:
                self._all.remove(worker)
        if known:
            self._add(self._spawn())


_WHAT = {"extract": "the article", "ingest": "extracting and storing the article"}


class _Replaced(Exception):
    """The worker was stopped and a fresh one started in its place."""


def _stop(worker: _Worker) -> None:
    try:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(10)
    except Exception:  # noqa: BLE001 - a worker that cannot be joined is gone anyway
        pass
    try:
        worker.conn.close()
    except OSError:
        pass
