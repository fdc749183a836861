"""``dateline ingest``: articles in, one atomic transaction per article, resumable.

Idempotence comes from the content hash: known hashes are loaded once and checked *before*
extraction, so re-ingesting a corpus costs only reading and hashing it. Each article (with all
its entities, places, quotes, events, commitments and evidence spans) is committed in its own
transaction, so a ``kill -9`` at any moment loses at most the article being written, and a rerun
picks up where the last one stopped. Items that cannot be read or extracted go to the
``failed`` table with a reason and the batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dateline.errors import ItemFailure
from dateline.model import Article
from dateline.runner import DEFAULT_SETTINGS, Extracted, Settings, extract_records, run_ray
from dateline.store.db import Store, is_disk_full, store_error
from dateline.store.resolve.index import index_article
from dateline.store.write import content_hash, record_failure, write_document

ExtractResult = tuple[Any, str | None]  # (contract dict or None, error or None)
# Told of each failed item as it fails (source, reason): the CLI prints it at once.
OnFailure = Callable[[str, str], None]


@dataclass
class IngestReport:
    """What one ingest run did."""

    ingested: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    resolved: dict[str, int] | None = None

    def summary(self, list_failures: bool = True) -> str:
        """Counts, the first 20 failures (unless they were told as they came) and resolution."""
        lines = [
            f"ingested: {self.ingested}, skipped as duplicate: {self.duplicates}, "
            f"failed: {len(self.failed)}"
        ]
        shown = self.failed[:20] if list_failures else []
        lines += [f"  failed: {source}: {reason}" for source, reason in shown]
        if list_failures and len(self.failed) > 20:
            lines.append(f"  ... and {len(self.failed) - 20} more (see the failed table)")
        if self.resolved:
            lines.append(
                "resolved: "
                + ", ".join(
                    f"{value} {name.replace('_', ' ')}" for name, value in self.resolved.items()
                )
            )
        return "\n".join(lines)


def read_inputs(paths: list[str]) -> Iterator[Any]:
    """Articles and read failures from files, directories, JSON(L), HTML or stdin."""
    from dateline.read import read_paths

    yield from read_paths(paths)


def extract_stream(
    articles: Iterable[Article],
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Iterator[ExtractResult]:
    """(contract dict, reason) per article, in input order, through the one runner
    (``dateline.runner``: spaCy batching, ``-j N`` worker processes, or a Ray Data pipeline
    with ``engine="ray"``). The reason is the failure's one line, naming the layer; it is a
    :class:`StagedReason`, so the failed table keeps the layer as the stage while callers
    (caches, benches) keep a plain, JSON-ready string."""
    if engine == "ray":
        results: Iterable[Extracted] = run_ray(articles, address=address, settings=settings)
    else:
        results = extract_records(articles, jobs=jobs, settings=settings)
    for item in results:
        yield item.document, None if item.failure is None else StagedReason.of(item.failure)


class StagedReason(str):
    """A failure's one-line reason that also knows the stage (layer) it failed at."""

    stage: str | None = None

    @classmethod
    def of(cls, failure: ItemFailure) -> StagedReason:
        reason = cls(failure.reason)
        reason.stage = failure.stage
        return reason


class KnownHashes:
    """The content hashes already stored, asked of the store's unique index one at a time:
    reading every stored hash up front made each ingest read the whole articles table (100k
    rows to store one article on a 100k store), which is what incremental ingest must not."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.added: set[str] = set()

    def __contains__(self, digest: object) -> bool:
        if digest in self.added:
            return True
        found = self.store.scalar("SELECT 1 FROM articles WHERE content_hash = ?", (digest,))
        return found is not None

    def add(self, digest: str) -> None:
        """Remember a hash stored by this run (it is in the store too; this saves a query)."""
        self.added.add(digest)


def known_hashes(store: Store) -> KnownHashes:
    return KnownHashes(store)


def resolution_is_stale(store: Store) -> bool:
    """True when some article has no story yet: a previous run stored articles but was
    stopped (or told not to) before cross-article resolution committed."""
    from dateline.store.resolve import needs_resolution

    return needs_resolution(store)


def _error_text(error: Any) -> str:
    if isinstance(error, BaseException):
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return str(error)


def _progress(total: int, show: bool | None) -> Any:
    from tqdm import tqdm

    if show is None:
        show = sys.stderr.isatty()
    return tqdm(
        total=total,
        unit="article",
        desc="ingest",
        disable=not show,
        file=sys.stderr,
        dynamic_ncols=True,
    )


def _store_one(
    store: Store,
    article: Article,
    result: ExtractResult,
    report: IngestReport,
    seen: KnownHashes,
    on_failure: OnFailure | None = None,
) -> None:
    """Commit one extracted article (or record why it failed) in its own transaction."""
    digest = content_hash(article.text)
    doc, error = result
    if doc is None:
        reason = str(error or "extraction gave no result")
        record_failure(store, article.source, reason, digest, stage=getattr(error, "stage", None))
        _failed(report, article.source, reason, on_failure)
        return
    try:
        with store.transaction():
            article_id = write_document(store, doc, digest)
            index_article(store, article_id, doc, digest)
            store.execute("DELETE FROM failed WHERE source = ?", (article.source,))
    except Exception as exc:
        if is_disk_full(exc):
            raise store_error(store, exc) from None  # nothing more can be written
        if "unique" in str(exc).lower() and digest in known_hashes(store):
            report.duplicates += 1  # a concurrent ingest stored it first
            return
        reason = f"could not store: {_error_text(exc)}"
        record_failure(store, article.source, reason, digest, stage="store")
        _failed(report, article.source, reason, on_failure)
        return
    seen.add(digest)
    report.ingested += 1


def _failed(report: IngestReport, source: str, reason: str, on_failure: OnFailure | None) -> None:
    report.failed.append((source, reason))
    if on_failure is not None:
        on_failure(source, reason)


def store_extracted(
    store: Store,
    results: Iterable[tuple[Article, ExtractResult]],
    resolve: bool = True,
) -> IngestReport:
    """Store articles extracted elsewhere (a cache, another machine): the second half of
    :func:`ingest`, with the same duplicate checks, per-article transactions and failures."""
    report = IngestReport()
    seen = known_hashes(store)
    for article, result in results:
        if content_hash(article.text) in seen:
            report.duplicates += 1
            continue
        _store_one(store, article, result, report, seen)
    if resolve and (report.ingested or resolution_is_stale(store)):
        report.resolved = _resolve(store)
    return report


def _resolve(store: Store) -> dict[str, int]:
    """Cross-article resolution, one transaction; a full disk becomes the catalogue error
    (the transaction rolled back, so the previous resolution stays, and the next run
    resolves what is left)."""
    from dateline.store.resolve import resolve as run_resolve

    try:
        return run_resolve(store)
    except Exception as exc:
        if is_disk_full(exc):
            raise store_error(store, exc) from None
        raise


def ingest(
    store: Store,
    inputs: Iterable[Any],
    jobs: int = 1,
    progress: bool | None = None,
    resolve: bool = True,
    engine: str = "local",
    address: str | None = None,
    on_failure: OnFailure | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> IngestReport:
    """Ingest read results (``Article`` or ``ReadFailure``) into ``store``.

    Duplicates (by content hash, against the store and within the batch) are skipped before
    extraction; then each article is extracted and committed on its own. When anything new
    was stored, cross-article resolution is recomputed (see ``resolve.resolve``).
    ``on_failure(source, reason)`` is told of each failed item as it fails; ``settings`` are
    the runner's (the time budget), as ``dateline ingest --time-budget`` sets them.
    """
    report = IngestReport()
    seen = known_hashes(store)
    pending: list[Article] = []
    batch: set[str] = set()
    for item in inputs:
        if not isinstance(item, Article):
            reason = str(getattr(item, "reason", item))
            source = str(getattr(item, "source", "<input>"))
            record_failure(store, source, reason, stage=getattr(item, "stage", None) or "read")
            _failed(report, source, reason, on_failure)
            continue
        digest = content_hash(item.text)
        if digest in seen or digest in batch:
            report.duplicates += 1
            continue
        batch.add(digest)
        pending.append(item)
    with _progress(len(pending), progress) as bar:
        # Results come back in input order, so each is paired with the article as read (its
        # hash is the one checked above, whatever cleaning did to the copy).
        for article, result in zip(
            pending,
            extract_stream(pending, jobs=jobs, engine=engine, address=address, settings=settings),
            strict=True,
        ):
            _store_one(store, article, result, report, seen, on_failure)
            bar.update(1)
    if resolve and (report.ingested or resolution_is_stale(store)):
        report.resolved = _resolve(store)
    return report
