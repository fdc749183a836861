"""A repeatable audit of what dateline emits on real articles (see ``docs/AUDIT.md``).

    python bench/audit.py sample OUT_DIR [--per-set 6] [--seed 2026]   # run dateline, write sheets
    python bench/audit.py score OUT_DIR/sheet.jsonl                   # read the judged sheet

``sample`` draws articles from the public dev sets in ``../shared/data`` (MEANTIME, ECB+,
GeoWebNews, PolNeAR dev, IndiaPoliceEvents documents; 6 of each by default, 30 in all, with a
fixed seed so that a rerun audits the same articles), runs the whole pipeline on each and writes:

* ``sheet.jsonl``: one line per emitted event and per quote, with what dateline said and empty
  ``judge`` fields for a person (or a helper following the rules in ``docs/AUDIT.md``) to fill;
* ``sheet.md``: the same, readable, with each article's text, so the judge reads the story;
* ``articles.jsonl``: the contract record of every article (for the judge's reference).

Everything is written to ``OUT_DIR`` (keep it outside the repository: the articles are
third-party text and stay out of it). ``score`` prints emitted-event precision, the share of
emitted events with every field right, and speaker accuracy, per set and overall.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
EVENT_FIELDS = ("type", "actors", "targets", "place", "date", "status", "counts")


def _jsonl_gz(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _meantime(data: Path) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], "title": r.get("title"), "text": r["text"], "published": r.get("published")}
        for r in _jsonl_gz(data / "meantime" / "articles.jsonl.gz")
    ]


def _ecbplus(data: Path) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], "title": r.get("title"), "text": r["text"], "published": None}
        for r in _jsonl_gz(data / "ecbplus" / "articles.jsonl.gz")
    ]


def _geowebnews(data: Path) -> list[dict[str, Any]]:
    root = ET.parse(data / "geowebnews" / "GWN.xml").getroot()
    out = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        title = article.findtext("title")
        out.append(
            {"id": f"gwn-{article.get('file')}", "title": title, "text": text, "published": None}
        )
    return out


def _polnear(data: Path) -> list[dict[str, Any]]:
    folder = data / "polnear-dev"
    dates = {}
    for line in (folder / "metadata.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) > 5:
            dates[cells[1]] = cells[5]
    return [
        {
            "id": path.stem,
            "title": None,
            "text": path.read_text(encoding="utf-8"),
            "published": dates.get(path.stem),
        }
        for path in sorted((folder / "text").glob("*.txt"))
    ]


def _india_police(data: Path) -> list[dict[str, Any]]:
    folder = data / "india-police-events"
    dates = {}
    with (folder / "metadata.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            dates[row["doc_id"]] = row.get("date")
    out = []
    with (folder / "docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            labels = row.get("doc_labels") or {}
            acted = any(labels.values()) if isinstance(labels, dict) else bool(labels)
            if acted:  # documents where police did something: where events are to be coded
                out.append(
                    {
                        "id": f"ipe-{row['doc_id']}",
                        "title": None,
                        "text": row["doc_text"],
                        "published": dates.get(row["doc_id"]),
                    }
                )
    return out


SETS = {
    "meantime": _meantime,
    "ecbplus": _ecbplus,
    "geowebnews": _geowebnews,
    "polnear": _polnear,
    "india-police": _india_police,
}


def draw(data: Path, per_set: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """``per_set`` articles of 150-1,500 words from each set present, in a seeded order."""
    rng = random.Random(seed)
    chosen = []
    for name, load in SETS.items():
        try:
            pool = [a for a in load(data) if 150 <= len(a["text"].split()) <= 1500]
        except FileNotFoundError:
            print(f"audit: {name} not found under {data}; skipped", file=sys.stderr)
            continue
        pool.sort(key=lambda a: a["id"])
        chosen += [(name, a) for a in rng.sample(pool, min(per_set, len(pool)))]
    return chosen


def _names(record: dict[str, Any]) -> dict[str, str]:
    return {x["id"]: x["name"] for x in record.get("entities", []) + record.get("places", [])}


def _event_row(set_name: str, aid: str, record: dict[str, Any], ev: dict[str, Any]) -> dict:
    text, names = record["document"]["text"], _names(record)
    sentence = text[ev["sentence"]["start"] : ev["sentence"]["end"]]
    return {
        "kind": "event",
        "set": set_name,
        "article": aid,
        "id": ev["id"],
        "sentence": " ".join(sentence.split()),
        "system": {
            "type": ev["type"],
            "mode": ev.get("mode"),
            "trigger": ev["trigger"]["text"],
            "actors": [names.get(a, a) for a in ev.get("actors", [])],
            "targets": [names.get(t, t) for t in ev.get("targets", [])],
            "place": names.get(ev.get("place") or "", ev.get("place")),
            "date": (ev.get("date") or {}).get("value")
            or [(ev.get("date") or {}).get("earliest"), (ev.get("date") or {}).get("latest")],
            "status": ev.get("status"),
            "counts": [c["value"] for c in ev.get("counts", [])],
            "fatalities": (ev.get("fatalities") or {}).get("value"),
            "acled": [ev.get("acled_event_type"), ev.get("acled_sub_event_type")],
        },
        "judge": {"real": None, "duplicate_of": None, "right": dict.fromkeys(EVENT_FIELDS)},
    }


def _quote_row(set_name: str, aid: str, record: dict[str, Any], q: dict[str, Any]) -> dict:
    text, names = record["document"]["text"], _names(record)
    return {
        "kind": "quote",
        "set": set_name,
        "article": aid,
        "id": q["id"],
        "text": " ".join(text[q["start"] : q["end"]].split()),
        "context": " ".join(text[max(0, q["start"] - 200) : q["end"] + 200].split()),
        "system": {
            "speaker": names.get(q.get("speaker") or "", q.get("speaker_name")),
            "cue": q.get("cue"),
        },
        "judge": {"speaker_right": None, "right_speaker": None},
    }


def sample(out: Path, per_set: int, seed: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import dateline

    out.mkdir(parents=True, exist_ok=True)
    rows, records, md = [], [], []
    for set_name, art in draw(DATA, per_set, seed):
        published = date.fromisoformat(art["published"]) if art.get("published") else None
        record = dateline.extract(art["text"], published=published, title=art.get("title"))
        record = record.to_dict()
        records.append({"set": set_name, "article": art["id"], "record": record})
        md += [f"\n## {set_name}: {art['id']}\n", art["text"], "\n### events\n"]
        for ev in record["events"]:
            row = _event_row(set_name, art["id"], record, ev)
            rows.append(row)
            md.append(f"- `{ev['id']}` {json.dumps(row['system'], ensure_ascii=False)}")
        md.append("\n### quotes\n")
        for q in record["quotes"]:
            row = _quote_row(set_name, art["id"], record, q)
            rows.append(row)
            md.append(f"- `{q['id']}` {row['system']['speaker']!r}: “{row['text'][:200]}”")
        rows.append({"kind": "article", "set": set_name, "article": art["id"], "missed": None})
    with (out / "sheet.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (out / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for rec in records:
            handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
    (out / "sheet.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    events = sum(r["kind"] == "event" for r in rows)
    quotes = sum(r["kind"] == "quote" for r in rows)
    print(f"audit: {len(records)} articles, {events} events, {quotes} quotes → {out}")
    return 0


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "n/a"


def score(sheet: Path) -> int:
    rows = [json.loads(x) for x in sheet.read_text(encoding="utf-8").splitlines() if x.strip()]
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unjudged = 0
    for row in rows:
        for key in (row["set"], "all"):
            t = tally[key]
            if row["kind"] == "event":
                j = row["judge"]
                if j["real"] is None:
                    unjudged += key == "all"
                    continue
                t["events"] += 1
                real = bool(j["real"]) and not j.get("duplicate_of")
                t["real"] += real
                fields = [v for v in j["right"].values() if v is not None]
                t["full"] += real and all(fields)
            elif row["kind"] == "quote":
                if row["judge"]["speaker_right"] is None:
                    unjudged += key == "all"
                    continue
                t["quotes"] += 1
                t["speaker"] += bool(row["judge"]["speaker_right"])
            elif row["kind"] == "article" and row.get("missed") is not None:
                t["missed"] += len(row["missed"])
    print(f"{'set':14} {'precision':>16} {'fully right':>16} {'speaker':>16} {'missed':>7}")
    for key in [*sorted(k for k in tally if k != "all"), "all"]:
        t = tally[key]
        print(
            f"{key:14} {_ratio(t['real'], t['events']):>16} {_ratio(t['full'], t['events']):>16}"
            f" {_ratio(t['speaker'], t['quotes']):>16} {t['missed']:>7}"
        )
    if unjudged:
        print(f"({unjudged} items not judged yet)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    smp = sub.add_parser("sample", help="run dateline on the sample and write the judging sheet")
    smp.add_argument("out", type=Path)
    smp.add_argument("--per-set", type=int, default=6)
    smp.add_argument("--seed", type=int, default=2026)
    sc = sub.add_parser("score", help="precision, fully right and speaker accuracy of a sheet")
    sc.add_argument("sheet", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sample":
        if not DATA.is_dir():
            print(f"audit: {DATA} not found; nothing to sample")
            return 0
        return sample(args.out, args.per_set, args.seed)
    return score(args.sheet)


if __name__ == "__main__":
    sys.exit(main())
