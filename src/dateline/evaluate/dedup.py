"""``dateline eval dedup DIR``: B-cubed scores of the article → real-event grouping.

Reads news-please style JSON/JSONL records that carry a gold event id at
``newsCluster.EventId``, ingests them into a scratch store (or ``--db``), runs cross-article
resolution, and compares each article's story group (see ``store.resolve``) with the gold
event. B-cubed (Bagga & Baldwin 1998) averages, over articles, the precision and recall of the
article's predicted group against its gold group, so one giant cluster and all-singletons are
both penalized.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser(
        "dedup",
        help="B-cubed of the article-to-event grouping on news-please JSON with "
        "newsCluster.EventId",
    )
    parser.add_argument("path", help="directory (or file) of news-please JSON/JSONL records")
    parser.add_argument("--db", help="keep the store here (default: a scratch SQLite file)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="extraction processes")
    parser.add_argument("--json", dest="json_out", help="also write the scores as JSON here")
    parser.set_defaults(func=run)


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, Any]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of ``predicted`` against ``gold`` (item → label).

    Only items present in both mappings are scored.
    """
    items = [i for i in gold if i in predicted]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "items": 0}
    gold_groups: dict[str, set[str]] = defaultdict(set)
    pred_groups: dict[Any, set[str]] = defaultdict(set)
    for i in items:
        gold_groups[gold[i]].add(i)
        pred_groups[predicted[i]].add(i)
    precision = recall = 0.0
    for i in items:
        g, p = gold_groups[gold[i]], pred_groups[predicted[i]]
        both = len(g & p)
        precision += both / len(p)
        recall += both / len(g)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "items": len(items)}


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
            yield path


def _records(path: Path) -> Iterator[tuple[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        items = data if isinstance(data, list) else [data]
        for i, record in enumerate(items):
            yield (str(path) if len(items) == 1 else f"{path}[{i}]"), record
    else:
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield f"{path}:{n}", json.loads(line)


def gold_event(record: Any) -> str | None:
    cluster = record.get("newsCluster") if isinstance(record, dict) else None
    if isinstance(cluster, dict) and cluster.get("EventId") not in (None, ""):
        return str(cluster["EventId"])
    return None


def load(root: Path) -> tuple[list[Any], dict[str, str], list[str]]:
    """(articles, gold event by source, problems) from news-please records under ``root``."""
    from dateline.read import InputError, article_from_record

    articles, gold, problems = [], {}, []
    for path in _files(root):
        try:
            records = list(_records(path))
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: {exc}")
            continue
        for source, record in records:
            event = gold_event(record)
            if event is None:
                problems.append(f"{source}: no newsCluster.EventId")
                continue
            try:
                articles.append(article_from_record(record, source))
            except InputError as exc:
                problems.append(f"{source}: {exc}")
                continue
            gold[source] = event
    return articles, gold, problems


def predicted_groups(store: Any, articles: list[Any]) -> dict[str, int]:
    """Source → story group of the stored article with the same content hash."""
    from dateline.store.write import content_hash

    story = {
        r["content_hash"]: r["story_id"]
        for r in store.query(
            "SELECT a.content_hash, s.story_id FROM articles a "
            "JOIN stories s ON s.article_id = a.id"
        )
    }
    return {
        a.source: story[content_hash(a.text)] for a in articles if content_hash(a.text) in story
    }


def evaluate(root: Path, db: str | None = None, jobs: int = 1) -> dict[str, Any]:
    """Ingest the records under ``root`` and score the grouping; returns the figures."""
    from dateline.store.ingest import ingest
    from dateline.store.schema import open_store

    articles, gold, problems = load(root)
    with tempfile.TemporaryDirectory() as scratch:
        with open_store(db or str(Path(scratch) / "dedup.db")) as store:
            report = ingest(store, articles, jobs=jobs, progress=None)
            predicted = predicted_groups(store, articles)
    scores = bcubed(gold, predicted)
    scores.update(
        gold_events=len(set(gold.values())),
        predicted_groups=len(set(predicted.values())),
        skipped=len(problems),
        failed=len(report.failed),
    )
    scores["problems"] = problems[:20]
    return scores


def run(args: argparse.Namespace) -> int:
    root = Path(args.path)
    if not root.exists():
        print(f"dateline eval dedup: {root} not found; skipped", file=sys.stderr)
        print("skipped")
        return 0
    scores = evaluate(root, args.db, args.jobs)
    if not scores["items"]:
        print(f"dateline eval dedup: no records with newsCluster.EventId under {root}; skipped")
        return 0
    for problem in scores["problems"]:
        print(f"warning: {problem}", file=sys.stderr)
    print(
        f"articles {scores['items']}  gold events {scores['gold_events']}  "
        f"predicted groups {scores['predicted_groups']}  skipped {scores['skipped']}  "
        f"failed {scores['failed']}"
    )
    print(
        f"B-cubed precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  "
        f"F1 {scores['f1']:.3f}"
    )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return 0
