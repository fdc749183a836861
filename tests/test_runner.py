"""Batch extraction: worker processes and Ray give the same records as one process, in order,
and one bad article (or one that kills its worker) costs only that article."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.model import Article
from dateline.runner import (
    QUEUE_DEPTH,
    Extracted,
    Settings,
    WorkerError,
    chunks,
    extract_records,
    extract_stream,
    run_article,
    run_batch,
)

TEXTS = (
    "NAIROBI, March 3 (Wire Desk) - Police in Kenya arrested 12 people on Tuesday after a "
    "protest outside parliament turned violent, officials said.\n\n"
    '"We will restore order," Interior Minister Grace Mwangi told reporters.',
    "By Tomas Lindqvist\n\nThe health ministry said on Friday that it would open 40 new "
    "clinics in the north of the country by the end of June.",
    "Gunmen attacked a convoy near the town on Sunday, killing three soldiers, the army said. "
    "No group claimed responsibility.",
    "Leaders of the two countries met in Geneva on Monday and agreed to resume talks next month, "
    "according to a joint statement.",
    "Farmers blocked the main highway for a second day on Wednesday to demand lower fuel prices. "
    "The transport minister promised to meet their representatives.",
)


def articles(bad_at: int | None = None) -> list[Article]:
    """Fresh articles (the frame fills them in); ``bad_at`` puts an unreadable one there."""
    items = [Article(text=t, source=f"a{i}.txt") for i, t in enumerate(TEXTS)]
    if bad_at is not None:
        items.insert(bad_at, Article(text=None, source="bad.txt"))  # type: ignore[arg-type]
    return items


def as_json(results: list) -> list[tuple[str, str | None, bool]]:
    """Comparable form: (source, record JSON, failed)."""
    return [
        (
            r.article.source,
            None if r.document is None else json.dumps(r.document, sort_keys=True),
            r.failure is not None,
        )
        for r in results
    ]


@pytest.fixture(scope="session")
def single() -> list:
    """The one-process records, the reference every other engine must reproduce."""
    return list(extract_records(articles(bad_at=2), jobs=1, batch_size=2))


# -- a tiny pipeline that misbehaves on purpose, loadable by name in worker processes ---------


@Language.component("scale_test_saboteur")
def saboteur(doc: Doc) -> Doc:
    if "EXPLODE" in doc.text:
        raise ValueError("boom on purpose")
    if "CRASH" in doc.text:
        os._exit(3)  # as a segfault or the OOM killer would end the worker
    return doc


def saboteur_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("scale_test_saboteur")
    return nlp


SABOTEUR = f"{__name__}:saboteur_pipeline"


def plain(n: int, marker: str = "", at: int = -1) -> list[Article]:
    return [
        Article(text=f"Article {i}. {marker if i == at else 'calm'} words.", source=f"p{i}")
        for i in range(n)
    ]


# -- tests -------------------------------------------------------------------------------------


def test_single_process_keeps_order_and_isolates_the_bad_article(single: list) -> None:
    assert [r.article.source for r in single] == [a.source for a in articles(bad_at=2)]
    assert [r.failure is not None for r in single] == [False, False, True, False, False, False]
    assert single[2].failure.stage == "frame"
    assert single[2].failure.reason.startswith("[D140] layer 'frame' failed")
    assert all(r.document["document"]["text"] == r.article.text for r in single if r.document)


def test_documents_and_records_agree(single: list) -> None:
    documents = list(extract_stream(articles(bad_at=2), jobs=1, batch_size=3))
    assert [None if r.document is None else r.document.to_dict() for r in documents] == [
        r.document for r in single
    ]


def test_articles_are_framed_first(single: list) -> None:
    from dateline.frame import prepare

    for result, original in zip(single, articles(bad_at=2), strict=True):
        if result.failure:
            continue
        cleaned = prepare(original)
        document = result.document["document"]
        assert [(b["start"], b["end"]) for b in document["boilerplate"]] == cleaned.boilerplate
        assert document["published_basis"] == cleaned.published_basis
    assert single[1].document["document"]["boilerplate"]  # the byline


def test_two_workers_give_identical_records(single: list) -> None:
    two = list(extract_records(articles(bad_at=2), jobs=2, batch_size=2))
    assert as_json(two) == as_json(single)


def test_documents_cross_process_boundary(single: list) -> None:
    two = list(extract_stream(articles(bad_at=2), jobs=2, batch_size=4))
    assert [None if r.document is None else r.document.to_dict() for r in two] == [
        r.document for r in single
    ]


def test_component_error_costs_one_article() -> None:
    results = list(extract_records(plain(7, "EXPLODE", 4), batch_size=3, pipeline=SABOTEUR))
    assert [r.article.source for r in results] == [f"p{i}" for i in range(7)]
    assert [r.failure is not None for r in results] == [i == 4 for i in range(7)]
    assert results[4].failure.stage == "scale_test_saboteur"
    assert "boom on purpose" in results[4].failure.reason


def test_dead_worker_costs_one_article() -> None:
    items = plain(9, "CRASH", 5)
    results = list(extract_records(items, jobs=2, batch_size=4, pipeline=SABOTEUR))
    assert [r.article.source for r in results] == [f"p{i}" for i in range(9)]
    assert [r.failure is not None for r in results] == [i == 5 for i in range(9)]
    assert results[5].failure.reason.startswith("[D142] the worker process died")


def test_input_is_read_lazily_with_bounded_memory() -> None:
    pulled = 0

    def endless() -> Iterator[Article]:
        nonlocal pulled
        while True:
            pulled += 1
            yield Article(text=f"Item {pulled}.", source=str(pulled))

    stream = extract_records(endless(), jobs=2, batch_size=5, pipeline=SABOTEUR)
    first = [next(stream) for _ in range(20)]
    stream.close()  # stops the workers
    assert [r.article.source for r in first] == [str(i) for i in range(1, 21)]
    assert pulled <= 20 + 2 * (QUEUE_DEPTH + 2) * 5 + 5


def test_pipeline_that_cannot_load_stops_the_run() -> None:
    with pytest.raises(WorkerError, match=r"\[D143\] the pipeline could not be loaded"):
        list(extract_records(plain(3), jobs=2, pipeline="dateline.no_such_module:nlp"))


def test_bad_batch_size_is_refused() -> None:
    with pytest.raises(ValueError):
        list(extract_records(plain(2), batch_size=0, pipeline=SABOTEUR))


# -- Ray -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_ray() -> Iterator[object]:
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install dateline[ray])")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    yield ray
    ray.shutdown()


def test_ray_gives_identical_records(local_ray: object, single: list) -> None:
    from dateline.runner import run_ray

    results = list(run_ray(articles(bad_at=2), actors=2, batch_size=2))
    assert as_json(results) == as_json(single)


def test_ray_writes_parquet(local_ray: object, single: list, tmp_path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from dateline.runner import run_ray

    list(run_ray(articles(bad_at=2), actors=2, batch_size=2, out_parquet=str(tmp_path)))
    table = pq.read_table(tmp_path / "chunk-00000").sort_by("index")
    records = [None if r is None else json.loads(r) for r in table.column("record").to_pylist()]
    assert records == [r.document for r in single]
    assert table.column("source").to_pylist() == [r.article.source for r in single]


def test_ingest_with_ray_engine_matches_local_ingest(local_ray: object, tmp_path) -> None:
    from dateline.store.ingest import ingest
    from dateline.store.schema import open_store

    rows = {}
    for engine in ("local", "ray"):
        with open_store(str(tmp_path / f"{engine}.db")) as store:
            report = ingest(store, articles(), engine=engine, progress=False)
            assert report.ingested == len(articles())
            rows[engine] = store.execute(
                "SELECT type, status, trigger_text FROM events ORDER BY article_id, id"
            ).fetchall()
    assert rows["ray"] == rows["local"]
    assert rows["local"]


# -- fault isolation, budgets, long articles, languages ----------------------------------------


@Language.component("scale_test_hang")
def hang(doc: Doc) -> Doc:
    """A layer that never ends on its own: only the article's time budget stops it."""
    while "HANG" in doc.text:
        pass
    return doc


def hanging_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("scale_test_hang")
    return nlp


HANGING = f"{__name__}:hanging_pipeline"
TIGHT = Settings(seconds_per_10k=0.01, min_seconds=0.3)


@pytest.mark.parametrize("jobs", [1, 2])
def test_runaway_article_ends_with_a_budget_error(jobs: int) -> None:
    results = list(
        extract_records(
            plain(5, "HANG", 2), jobs=jobs, batch_size=3, pipeline=HANGING, settings=TIGHT
        )
    )
    assert [r.failure is not None for r in results] == [i == 2 for i in range(5)]
    assert results[2].failure.stage == "budget"
    assert results[2].failure.reason.startswith("[D141] stopped after")
    assert all(r.document["document"]["text"] == r.article.text for r in results if r.document)


@Language.component("scale_test_wait")
def wait(doc: Doc) -> Doc:
    """A layer that waits without working (a busy machine, as the article sees it): wall time
    passes, almost no CPU time."""
    if "WAIT" in doc.text:
        time.sleep(1.0)
    return doc


@Language.component("scale_test_burn")
def burn(doc: Doc) -> Doc:
    """A layer that works, for a while, on the CPU of the thread that runs it."""
    if "BURN" in doc.text:
        start = time.thread_time()
        while time.thread_time() - start < 1.0:
            pass
    return doc


def waiting_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("scale_test_wait")
    nlp.add_pipe("scale_test_burn")
    return nlp


WAITING = f"{__name__}:waiting_pipeline"


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_budget_counts_cpu_time_not_waiting(jobs: int) -> None:
    """An article that waits longer than its budget but works less is not stopped: the budget
    is the CPU time an article costs, which a busy machine does not spend for it."""
    results = list(
        extract_records(
            plain(3, "WAIT", 1), jobs=jobs, batch_size=3, pipeline=WAITING, settings=TIGHT
        )
    )
    assert [r.failure for r in results] == [None, None, None]


def test_in_a_thread_the_threads_cpu_time_is_checked_between_layers() -> None:
    """Off the main thread no timer can interrupt a layer: the thread's own CPU time is
    checked after each one, so waiting passes and working over the budget fails."""
    nlp = waiting_pipeline()
    outcomes: dict[str, Extracted] = {}

    def run(marker: str) -> None:
        outcomes[marker] = run_article(nlp, plain(1, marker, 0)[0], TIGHT)

    for marker in ("WAIT", "BURN"):
        thread = threading.Thread(target=run, args=(marker,))
        thread.start()
        thread.join()
    assert outcomes["WAIT"].failure is None
    failure = outcomes["BURN"].failure
    assert failure is not None and failure.stage == "budget"
    assert failure.reason.startswith("[D141] stopped after")


@Language.component("scale_test_brief")
def brief(doc: Doc) -> Doc:
    """A layer that works for a tenth of a millisecond: less than one tick of the CPU timer."""
    start = time.process_time()
    while time.process_time() - start < 1e-4:
        pass
    return doc


def test_a_batch_that_ends_over_its_budget_before_the_timer_rings_still_fails() -> None:
    """The CPU timer rings on the scheduler's tick; a batch done sooner but over its budget
    (here a billionth of a second) is pinned article by article, not let through."""
    nlp = spacy.blank("en")
    nlp.add_pipe("scale_test_brief")
    hopeless = Settings(seconds_per_10k=1e-9, min_seconds=0.0)
    results = run_batch(nlp, [(0, plain(1)[0])], settings=hopeless)
    failure = results[0][1].failure
    assert failure is not None and failure.reason.startswith("[D141] stopped after")
    # control: with a budget it can meet, the same batch comes out
    ((_, done),) = run_batch(nlp, [(0, plain(1)[0])], settings=TIGHT)
    assert done.failure is None


def test_chunks_are_cut_at_paragraph_breaks() -> None:
    text = ("A short paragraph of words.\n\n" * 40).strip()
    pieces = chunks(text, 200)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(e - s <= 200 for s, e in pieces)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(text[s:e].endswith("\n\n") for s, e in pieces[:-1])


def test_long_article_in_chunks_keeps_offsets_and_merges_entities() -> None:
    paragraph = (
        "Interior Minister Grace Mwangi said on Tuesday that police in Nairobi had arrested "
        "12 people after a protest outside parliament turned violent.\n\n"
    )
    article = Article(text=paragraph * 30, source="long.txt")
    settings = Settings(chunk_chars=2_000)
    (whole,) = list(extract_records([Article(text=article.text, source="long.txt")]))
    (chunked,) = list(extract_records([article], settings=settings))
    record = chunked.document
    text = record["document"]["text"]
    assert text == article.text
    people = [e for e in record["entities"] if e["name"] == "Grace Mwangi"]
    assert len(people) == 1  # one entity across the chunks, not one per chunk
    assert len(people[0]["mentions"]) == 30
    for mention in people[0]["mentions"]:
        assert text[mention["start"] : mention["end"]] in ("Grace Mwangi", "Mwangi")
    for event in record["events"]:
        trigger = event["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
        # the mentions and the figures' spans are shifted with the piece, like the trigger
        assert {"start": trigger["start"], "end": trigger["end"]} in event["mentions"]
        for count in event["counts"] + [event["arrested"]]:
            for where in count["mentions"] if count else []:
                assert text[where["start"] : where["end"]] == "12"
    assert any(e["arrested"] for e in record["events"][1:])
    ids = [e["id"] for e in record["events"]]
    assert len(ids) == len(set(ids))
    # every event the whole article gives is found at the same place in the chunked one (the
    # events layer's merging of repeats cannot reach across a chunk boundary)
    triggers = {(e["type"], e["trigger"]["start"]) for e in record["events"]}
    assert {(e["type"], e["trigger"]["start"]) for e in whole.document["events"]} <= triggers


def test_non_english_article_keeps_its_frame_and_is_flagged() -> None:
    text = (
        "La police a arrêté onze personnes jeudi après des manifestations dans la capitale, "
        "selon les autorités. Le ministre de l'Intérieur a promis de rétablir l'ordre et a "
        "appelé au calme. Les manifestants réclament la baisse des prix du carburant."
    )
    (result,) = list(extract_records([Article(text=text, source="fr.txt")]))
    document = result.document["document"]
    assert document["language"] == "fr"
    assert any(w.startswith("[W120] language 'fr' detected") for w in document["warnings"])
    assert result.document["entities"] == [] and result.document["events"] == []


def test_extract_one_raises_the_documented_error() -> None:
    from dateline.errors import ExtractionError
    from dateline.runner import extract_one

    with pytest.raises(ExtractionError) as caught:
        extract_one(Article(text="Article. EXPLODE words.", source="x"), pipeline=SABOTEUR)
    assert caught.value.failure.stage == "scale_test_saboteur"
    assert str(caught.value).startswith("[D140] layer 'scale_test_saboteur' failed")
