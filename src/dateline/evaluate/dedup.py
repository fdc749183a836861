"""``dateline eval dedup [PATH ...]``: one record per real event, scored with B-cubed.

Each PATH is one of:

* **ECB+** (a folder with ``articles.jsonl.gz`` whose records carry ``seminal_event``): 982
  full texts, 43 topics × 2 seminal events of the same kind. Article level: each article's
  story (``stories.story_id``) against its seminal event; the hard case is the *other* event
  of the topic, and a group spanning two topics is a gross error (counted). Mention level:
  the canonical event of each system event mention whose trigger overlaps a gold action
  mention, against the gold cross-document chains (intra-document chains and singletons are
  clusters of their own), over the gold mentions the system found (their share is printed).
* **MEANTIME** (``articles.jsonl.gz`` with ``topic`` and ``published``, and
  ``mentions.jsonl.gz`` of instance chains): 120 WikiNews stories, each its own story, that
  share companies and background events. An over-merge check: article-level B-cubed against
  one group per article (recall is 1 by construction; precision falls with every merge), the
  merged pairs that share no gold event instance, and mention-level B-cubed as for ECB+.
* **news-please records** with ``newsCluster.EventId`` (the team's fixture corpus): article
  level only.

Every article goes through the whole pipeline, so a run takes minutes; ``--cache DIR`` keeps
each extracted record (by content hash) so that work on resolution can rerun in seconds.
B-cubed (Bagga & Baldwin 1998) averages, over items, the precision and recall of the item's
predicted group against its gold group, so one giant cluster and all-singletons both score
badly. The run ends with the summary line of the first set that has article-level gold.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.evaluate.summary import skipped_line, summary_line

DEFAULT_SETS = ("../shared/data/ecbplus", "../shared/data/meantime")


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser(
        "dedup",
        help="B-cubed of the article and mention grouping on ECB+, MEANTIME or news-please "
        "JSON with newsCluster.EventId",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="ECB+ or MEANTIME folders, or news-please records "
        f"(default: {' '.join(DEFAULT_SETS)})",
    )
    parser.add_argument("--db", help="keep the store here (default: a scratch SQLite file)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="extraction processes")
    parser.add_argument(
        "--cache",
        help="keep extracted records in this folder and reuse them (for work on resolution; "
        "empty it when extraction changes: records are found by article, not by version)",
    )
    parser.add_argument("--json", dest="json_out", help="also write the scores as JSON here")
    parser.set_defaults(func=run)


# --------------------------------------------------------------------------- scoring
def bcubed(gold: Mapping[Any, Any], predicted: Mapping[Any, Any]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of ``predicted`` against ``gold`` (item → label).

    Only items present in both mappings are scored.
    """
    items = [i for i in gold if i in predicted]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "items": 0}
    gold_groups: dict[Any, set[str]] = defaultdict(set)
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


# --------------------------------------------------------------------------- data sets
@dataclass
class DevSet:
    """Articles with gold labels, in whichever form the set gives them."""

    name: str
    articles: list[Any]  # dateline Article objects, source = the set's document id
    article_gold: dict[str, str]  # source → gold event
    labelled: bool = True  # False: no article labels; each article is its own group
    topics: dict[str, str] = field(default_factory=dict)  # source → topic
    mention_gold: dict[tuple[str, int, int], str] = field(default_factory=dict)
    instances: dict[str, set[str]] = field(default_factory=dict)  # source → gold instances
    problems: list[str] = field(default_factory=list)


def _jsonl_gz(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _mention_gold(path: Path) -> tuple[dict[tuple[str, int, int], str], dict[str, set[str]]]:
    """(doc, start, end) → chain for the text mentions; doc → its cross-document chains."""
    gold: dict[tuple[str, int, int], str] = {}
    instances: dict[str, set[str]] = defaultdict(set)
    for chain in _jsonl_gz(path):
        for m in chain.get("mentions") or []:
            if m.get("in", "text") != "text":
                continue
            gold[(m["doc"], int(m["start"]), int(m["end"]))] = chain["chain"]
            if chain.get("kind") == "cross_doc":
                instances[m["doc"]].add(chain["chain"])
    return gold, instances


def load_ecbplus(root: Path) -> DevSet:
    from dateline.model import Article

    articles, gold, topics = [], {}, {}
    for r in _jsonl_gz(root / "articles.jsonl.gz"):
        # No publication dates in ECB+: the pipeline finds what the text gives, if anything.
        articles.append(Article(text=r["text"], source=r["id"], url=r.get("url")))
        gold[r["id"]] = r["seminal_event"]
        topics[r["id"]] = str(r["topic"])
    mentions, instances = _mention_gold(root / "mentions.jsonl.gz")
    return DevSet("ecbplus", articles, gold, True, topics, mentions, instances)


def load_meantime(root: Path) -> DevSet:
    from dateline.frame.dates import parse_metadata_date
    from dateline.model import Article

    articles, topics = [], {}
    for r in _jsonl_gz(root / "articles.jsonl.gz"):
        published = parse_metadata_date(r["published"]) if r.get("published") else None
        articles.append(
            Article(
                text=r["text"],
                source=r["id"],
                title=r.get("title"),
                url=r.get("url"),
                published=published,
                published_basis="metadata" if published else "none",
            )
        )
        topics[r["id"]] = str(r["topic"])
    mentions, instances = _mention_gold(root / "mentions.jsonl.gz")
    # Each WikiNews article is its own story: over-merging is what this set measures.
    gold = {a.source: a.source for a in articles}
    return DevSet("meantime", articles, gold, False, topics, mentions, instances)


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


def load_newsplease(root: Path) -> DevSet:
    """Articles and gold events from news-please records under ``root``."""
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
    return DevSet(root.name or str(root), articles, gold, problems=problems)


def load(root: Path) -> DevSet:
    """The set at ``root``, by what its files look like."""
    articles = root / "articles.jsonl.gz"
    if root.is_dir() and articles.exists():
        first = next(_jsonl_gz(articles), {})
        return load_ecbplus(root) if "seminal_event" in first else load_meantime(root)
    return load_newsplease(root)


# --------------------------------------------------------------------------- running
def _extract(articles: list[Any], jobs: int, cache: Path | None) -> list[tuple[Any, Any]]:
    """(article, (record, error)) for every article, from the cache where it has them."""
    from dateline.store.ingest import extract_stream
    from dateline.store.write import content_hash

    results: dict[int, tuple[Any, Any]] = {}
    todo = []
    for n, article in enumerate(articles):
        hit = cache / f"{content_hash(article.text)}.json" if cache else None
        if hit and hit.exists():
            results[n] = tuple(json.loads(hit.read_text(encoding="utf-8")))
        else:
            todo.append(n)
    pending = [articles[n] for n in todo]
    for n, result in zip(todo, extract_stream(pending, jobs=jobs), strict=True):
        results[n] = result
        if cache:
            cache.mkdir(parents=True, exist_ok=True)
            target = cache / f"{content_hash(articles[n].text)}.json"
            target.write_text(json.dumps(list(result), ensure_ascii=False), encoding="utf-8")
    return [(articles[n], results[n]) for n in range(len(articles))]


def _predictions(store: Any, dev: DevSet) -> tuple[dict[str, int], dict[tuple[str, int, int], int]]:
    """(source → story id, gold mention → canonical id of the system mention on it)."""
    from dateline.store.write import content_hash

    by_hash = {content_hash(a.text): a.source for a in dev.articles}
    story: dict[str, int] = {}
    article_of: dict[int, str] = {}
    for r in store.query(
        "SELECT a.id, a.content_hash, s.story_id FROM articles a JOIN stories s "
        "ON s.article_id = a.id"
    ):
        if r["content_hash"] in by_hash:
            story[by_hash[r["content_hash"]]] = r["story_id"]
            article_of[r["id"]] = by_hash[r["content_hash"]]
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for r in store.query(
        "SELECT e.article_id, e.trigger_start, e.trigger_end, cm.canonical_id FROM events e "
        "JOIN canonical_mentions cm ON cm.event_id = e.id WHERE e.trigger_start IS NOT NULL"
    ):
        if r["article_id"] in article_of:
            spans[article_of[r["article_id"]]].append(
                (r["trigger_start"], r["trigger_end"], r["canonical_id"])
            )
    mentions: dict[tuple[str, int, int], int] = {}
    for doc, start, end in dev.mention_gold:
        for s, e, canonical in spans.get(doc, []):
            if s < end and start < e:
                mentions[(doc, start, end)] = canonical
                break
    return story, mentions


def score(store: Any, dev: DevSet) -> dict[str, Any]:
    story, mentions = _predictions(store, dev)
    out: dict[str, Any] = {"set": dev.name, "articles": len(dev.articles)}
    gold = dev.article_gold
    out["article"] = bcubed(gold, story)
    groups: dict[int, set[str]] = defaultdict(set)
    for source, ident in story.items():
        groups[ident].add(source)
    out["predicted_groups"] = len(groups)
    out["gold_groups"] = len(set(gold.values()))
    if dev.topics:
        out["cross_topic_groups"] = sum(
            1 for members in groups.values() if len({dev.topics[m] for m in members}) > 1
        )
    if not dev.labelled:  # MEANTIME: merged pairs that share no gold instance
        merged = [(a, b) for members in groups.values() for a in members for b in members if a < b]
        out["merged_pairs"] = len(merged)
        out["merged_pairs_sharing_no_instance"] = sum(
            1 for a, b in merged if not (dev.instances.get(a, set()) & dev.instances.get(b, set()))
        )
    if dev.mention_gold:
        out["mention"] = bcubed(dev.mention_gold, mentions)
        out["mention_coverage"] = len(mentions) / len(dev.mention_gold)
    return out


def evaluate(
    root: Path, db: str | None = None, jobs: int = 1, cache: str | None = None
) -> dict[str, Any]:
    """Extract and ingest the set at ``root`` into a scratch store (or ``db``) and score it."""
    from dateline.store.ingest import store_extracted
    from dateline.store.schema import open_store

    dev = load(root)
    extracted = _extract(dev.articles, jobs, Path(cache) if cache else None)
    with tempfile.TemporaryDirectory() as scratch:
        with open_store(db or str(Path(scratch) / "dedup.db")) as store:
            report = store_extracted(store, extracted)
            scores = score(store, dev)
    scores["failed"] = len(report.failed)
    scores["problems"] = dev.problems[:20]
    # The older flat shape, for scripts that read it.
    scores.update({k: scores["article"][k] for k in ("precision", "recall", "f1", "items")})
    scores["gold_events"] = scores["gold_groups"]
    scores["labelled"] = dev.labelled
    return scores


def _print(scores: dict[str, Any]) -> None:
    a = scores["article"]
    print(
        f"{scores['set']}: articles {scores['articles']}  gold groups {scores['gold_groups']}  "
        f"predicted groups {scores['predicted_groups']}  failed {scores['failed']}"
        + (
            f"  cross-topic groups {scores['cross_topic_groups']}"
            if "cross_topic_groups" in scores
            else ""
        )
    )
    print(
        f"  article B-cubed precision {a['precision']:.3f}  recall {a['recall']:.3f}  "
        f"F1 {a['f1']:.3f}"
    )
    if "merged_pairs" in scores:
        print(
            f"  merged article pairs {scores['merged_pairs']}, sharing no gold event instance "
            f"{scores['merged_pairs_sharing_no_instance']}"
        )
    if "mention" in scores:
        m = scores["mention"]
        print(
            f"  mention B-cubed precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
            f"F1 {m['f1']:.3f}  over the {m['items']} gold mentions found "
            f"({100 * scores['mention_coverage']:.1f}% of the gold mentions)"
        )


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in (args.paths or DEFAULT_SETS)]
    present = [p for p in paths if p.exists()]
    for p in paths:
        if not p.exists():
            print(f"dateline eval dedup: {p} not found; skipped", file=sys.stderr)
    if not present:
        print(skipped_line("dedup", "no data"))
        return 0
    results = []
    for root in present:
        scores = evaluate(root, args.db if len(present) == 1 else None, args.jobs, args.cache)
        if not scores["article"]["items"]:
            print(f"dateline eval dedup: no labelled articles under {root}; skipped")
            continue
        for problem in scores["problems"]:
            print(f"warning: {problem}", file=sys.stderr)
        _print(scores)
        results.append(scores)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    headline = next((s for s in results if s["labelled"]), results[0] if results else None)
    if headline is None:
        print(skipped_line("dedup", "no labelled articles"))
        return 0
    a = headline["article"]
    print(
        summary_line(
            "dedup",
            [("bcubed", a["f1"]), ("precision", a["precision"]), ("recall", a["recall"])],
            a["items"],
        )
    )
    return 0
