"""A repeatable audit of what dateline emits on real articles (see ``docs/AUDIT.md``).

    python bench/audit.py sample OUT_DIR [--per-set 6] [--seed 2026]   # run dateline, write sheets
    python bench/audit.py score OUT_DIR/sheet.jsonl                   # read the judged sheet
    python bench/audit.py keep OUT_DIR/sheet.jsonl JUDGMENTS.jsonl     # keep judgments for reruns
    python bench/audit.py sample NEW_DIR --judgments JUDGMENTS.jsonl  # rerun: judge only changes

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


def event_key(aid: str, ev: dict[str, Any]) -> str:
    """What names an event across runs: its article, trigger span and type (ids are positional)."""
    return f"{aid}|event|{ev['trigger']['start']}:{ev['trigger']['end']}|{ev['type']}"


def _event_row(set_name: str, aid: str, record: dict[str, Any], ev: dict[str, Any]) -> dict:
    text, names = record["document"]["text"], _names(record)
    sentence = text[ev["sentence"]["start"] : ev["sentence"]["end"]]
    return {
        "kind": "event",
        "set": set_name,
        "article": aid,
        "id": ev["id"],
        "key": event_key(aid, ev),
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
        "judge": {
            "real": None,
            "duplicate_of": None,
            "right": dict.fromkeys(EVENT_FIELDS),
            "error": None,
        },
    }


def _quote_row(set_name: str, aid: str, record: dict[str, Any], q: dict[str, Any]) -> dict:
    text, names = record["document"]["text"], _names(record)
    return {
        "kind": "quote",
        "set": set_name,
        "article": aid,
        "id": q["id"],
        "key": f"{aid}|quote|{q['start']}:{q['end']}",
        "text": " ".join(text[q["start"] : q["end"]].split()),
        "context": " ".join(text[max(0, q["start"] - 200) : q["end"] + 200].split()),
        "system": {
            "speaker": names.get(q.get("speaker") or "", q.get("speaker_name")),
            "cue": q.get("cue"),
        },
        "judge": {"speaker_right": None, "right_speaker": None},
    }


def _mark(row: dict[str, Any]) -> str:
    """What the judge has left to do on a row: nothing (carried), some fields, or all of it."""
    if row.get("carried") == "full":
        return "[judged] "
    if row.get("carried") == "partial":
        return f"[rejudge {', '.join(row['rejudge'])}] "
    return "[new] " if row.get("carried") is not None else ""


def _markdown(texts: dict[str, str], rows: list[dict[str, Any]]) -> str:
    md: list[str] = []
    for row in rows:
        if row["kind"] == "event":
            md.append(
                f"- {_mark(row)}`{row['id']}` {json.dumps(row['system'], ensure_ascii=False)}"
            )
        elif row["kind"] == "quote":
            speaker, text = row["system"]["speaker"], row["text"][:200]
            md.append(f"- {_mark(row)}`{row['id']}` {speaker!r}: “{text}”")
        else:
            md.append(
                f"\n{_mark(row)}missed so far: {json.dumps(row['missed'], ensure_ascii=False)}"
            )
        if row.get("first_of_article"):
            md.insert(
                len(md) - 1, f"\n## {row['set']}: {row['article']}\n\n{texts[row['article']]}"
            )
        if row["kind"] != "article" and row.get("first_of_kind"):
            md.insert(len(md) - 1, f"\n### {row['kind']}s\n")
    return "\n".join(md) + "\n"


def sample(out: Path, per_set: int, seed: int, judgments: Path | None = None) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import dateline

    out.mkdir(parents=True, exist_ok=True)
    rows, records, texts = [], [], {}
    for set_name, art in draw(DATA, per_set, seed):
        published = date.fromisoformat(art["published"]) if art.get("published") else None
        record = dateline.extract(art["text"], published=published, title=art.get("title"))
        record = record.to_dict()
        records.append({"set": set_name, "article": art["id"], "record": record})
        texts[art["id"]] = art["text"]
        events = [_event_row(set_name, art["id"], record, ev) for ev in record["events"]]
        quotes = [_quote_row(set_name, art["id"], record, q) for q in record["quotes"]]
        article = {"kind": "article", "set": set_name, "article": art["id"]}
        article |= {"key": f"{art['id']}|article", "missed": None}
        for group in (events, quotes):
            if group:
                group[0]["first_of_kind"] = True
        (events + quotes + [article])[0]["first_of_article"] = True
        rows += events + quotes + [article]
    if judgments is not None:
        carried = carry_over(rows, load_judgments(judgments))
        print(f"audit: judgments carried over from {judgments}: {carried}")
    with (out / "sheet.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (out / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for rec in records:
            handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
    (out / "sheet.md").write_text(_markdown(texts, rows), encoding="utf-8")
    events = sum(r["kind"] == "event" for r in rows)
    quotes = sum(r["kind"] == "quote" for r in rows)
    print(f"audit: {len(records)} articles, {events} events, {quotes} quotes → {out}")
    return 0


# --- judgments kept across runs -------------------------------------------------------------
#
# A judged sheet is only good for the code that produced it; a judgments file keeps every
# judgment keyed by article and item (events: trigger span and type; quotes: span; articles:
# the id) together with what the system said when it was judged. ``sample --judgments`` fills a
# new sheet from it: an item whose output is unchanged keeps its whole judgment; an event whose
# key matches but whose fields changed keeps ``real``/``duplicate_of`` and the judgments of the
# fields that did not change, and lists the rest in ``rejudge``; a quote whose speaker changed is
# judged again. ``missed`` lists carry over too, but an article with any new or changed item, or
# with a judged event no longer emitted, is marked for review (an event once missed may now be
# emitted, one once emitted may now be missed). Event ids are positional, so a
# ``duplicate_of`` is stored as the key of the event it points to and mapped back to the new id.


def load_judgments(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {row["key"]: row for row in map(json.loads, filter(str.strip, lines))}


def _carry_event(row: dict[str, Any], old: dict[str, Any], ids: dict[str, str]) -> str | None:
    judge = dict(old["judge"])
    dup_key = judge.get("duplicate_of")
    if dup_key:
        if dup_key not in ids:  # the event it repeated is gone: whether it is real is open again
            return None
        judge["duplicate_of"] = ids[dup_key]
    if old["system"] == row["system"]:
        row["judge"], row["carried"] = judge, "full"
        return "full"
    same = {
        f: _field_output(row["system"], f) == _field_output(old["system"], f) for f in EVENT_FIELDS
    }
    # a field to judge again is left out, so that the judge's null ("does not apply") counts
    judge["right"] = {f: judge["right"].get(f) for f in EVENT_FIELDS if same[f]}
    row["judge"], row["carried"] = judge, "partial"
    row["rejudge"] = [f for f in EVENT_FIELDS if not same[f]]
    return "partial"


def _field_output(system: dict[str, Any], field: str) -> Any:
    """The part of the system output a field judgment is about."""
    if field == "counts":
        return system.get("counts"), system.get("fatalities")
    if field == "type":
        return system.get("type"), system.get("mode")
    return system.get(field)


def carry_over(rows: list[dict[str, Any]], kept: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Fill ``rows`` in place from ``kept``; return how many items were carried, and how."""
    ids = {r["key"]: r["id"] for r in rows if r["kind"] == "event"}
    counts: dict[str, int] = defaultdict(int)
    touched: set[str] = set()
    for row in rows:
        old = kept.get(row["key"])
        how = None
        if old is None or row["kind"] == "article":
            pass
        elif row["kind"] == "event":
            how = _carry_event(row, old, ids)
        elif old["system"] == row["system"]:
            row["judge"], row["carried"], how = dict(old["judge"]), "full", "full"
        if row["kind"] != "article":
            row.setdefault("carried", "new")
            counts[how or "new"] += 1
            if how != "full":
                touched.add(row["article"])
    keys = {row["key"] for row in rows}
    for key in kept:  # an event no longer emitted may now be missed ("article|event|span|type")
        article, _, kind = key.partition("|")
        if kind.startswith("event|") and key not in keys:
            touched.add(article)
    for row in rows:
        if row["kind"] == "article" and row["key"] in kept:
            row["missed"] = kept[row["key"]].get("missed")
            row["carried"] = "partial" if row["article"] in touched else "full"
            row["rejudge"] = ["missed"] if row["article"] in touched else []
            counts["articles"] += 1
    return dict(counts)


def keep(sheet: Path, judgments: Path) -> int:
    """Merge the judged rows of ``sheet`` into ``judgments`` (newer judgments win)."""
    rows = _read_sheet(sheet)
    keys = {(r["article"], r["id"]): r["key"] for r in rows if r["kind"] == "event"}
    kept = load_judgments(judgments)
    added = 0
    for row in rows:
        if row["kind"] == "article":
            if row.get("missed") is not None:
                kept[row["key"]] = {"key": row["key"], "missed": row["missed"]}
                added += 1
            continue
        if _pending(row):
            continue
        judge = dict(row["judge"])
        if row["kind"] == "event" and judge.get("duplicate_of"):
            judge["duplicate_of"] = keys[(row["article"], judge["duplicate_of"])]
        kept[row["key"]] = {"key": row["key"], "system": row["system"], "judge": judge}
        added += 1
    judgments.parent.mkdir(parents=True, exist_ok=True)
    with judgments.open("w", encoding="utf-8") as handle:
        for key in sorted(kept):
            handle.write(json.dumps(kept[key], ensure_ascii=False) + "\n")
    print(f"audit: {added} judged items kept in {judgments} ({len(kept)} in all)")
    return 0


def _read_sheet(sheet: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in sheet.read_text(encoding="utf-8").splitlines() if x.strip()]


def _pending(row: dict[str, Any]) -> bool:
    """An item not (fully) judged yet: never judged, or carried with fields left to judge."""
    if row["kind"] == "event":
        j = row["judge"]
        return j["real"] is None or (
            bool(j["real"]) and any(f not in j["right"] for f in row.get("rejudge", []))
        )
    if row["kind"] == "quote":
        return row["judge"]["speaker_right"] is None
    return False


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "n/a"


def score(sheet: Path) -> int:
    rows = _read_sheet(sheet)
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    real_in: dict[str, int] = defaultdict(int)  # real, distinct events per article
    unjudged = 0
    for row in rows:
        if row["kind"] != "article" and _pending(row):
            unjudged += 1
            continue
        for key in (row["set"], "all"):
            t = tally[key]
            if row["kind"] == "event":
                j = row["judge"]
                t["events"] += 1
                real = bool(j["real"]) and not j.get("duplicate_of")
                t["real"] += real
                real_in[row["article"]] += real and key == "all"
                fields = [v for v in j["right"].values() if v is not None]
                t["full"] += real and all(fields)
            elif row["kind"] == "quote":
                t["quotes"] += 1
                t["speaker"] += bool(row["judge"]["speaker_right"])
            elif row.get("missed") is not None:  # recall only over articles whose misses are noted
                t["articles"] += 1
                t["missed"] += len(row["missed"])
                t["found"] += real_in[row["article"]]
    print(
        f"{'set':13} {'events':>6} {'real':>5} {'precision':>15} {'fully right':>15}"
        f" {'speaker':>16} {'arts':>4} {'missed':>6} {'recall~':>15}"
    )
    for key in [*sorted(k for k in tally if k != "all"), "all"]:
        t = tally[key]
        print(
            f"{key:13} {t['events']:>6} {t['real']:>5} {_ratio(t['real'], t['events']):>15}"
            f" {_ratio(t['full'], t['events']):>15} {_ratio(t['speaker'], t['quotes']):>16}"
            f" {t['articles']:>4} {t['missed']:>6}"
            f" {_ratio(t['found'], t['found'] + t['missed']):>15}"
        )
    print(
        "(recall~ = real events emitted / (those + missed), over the 'arts' articles whose missed"
        " events were noted)"
    )
    _print_errors(rows)
    if unjudged:
        print(f"({unjudged} items not judged yet)")
    return 0


def _print_errors(rows: list[dict[str, Any]]) -> None:
    """What went wrong, by class: why events do not count, which fields are wrong, and speakers.

    A judge may name the class of an event that does not count in ``judge.error`` (the classes
    of ``docs/AUDIT.md``: sense, generic, counterfactual, scope, clutter); a duplicate is its own
    class. A wrong speaker is ``missing`` when dateline gave none, else ``wrong``.
    """
    dropped: dict[str, int] = defaultdict(int)
    fields: dict[str, int] = defaultdict(int)
    speakers: dict[str, int] = defaultdict(int)
    for row in rows:
        if _pending(row) or row["kind"] == "article":
            continue
        j = row["judge"]
        if row["kind"] == "quote":
            if not j["speaker_right"]:
                speakers["missing" if row["system"]["speaker"] is None else "wrong"] += 1
        elif j.get("duplicate_of"):
            dropped["duplicate"] += 1
        elif not j["real"]:
            dropped[j.get("error") or "unclassified"] += 1
        else:
            for name, right in j["right"].items():
                fields[name] += right is False
    for title, tally in (
        ("events not counted", dropped),
        ("wrong fields on real events", fields),
        ("speakers", speakers),
    ):
        listed = ", ".join(f"{k} {v}" for k, v in sorted(tally.items(), key=lambda kv: -kv[1]) if v)
        print(f"{title}: {listed or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    smp = sub.add_parser("sample", help="run dateline on the sample and write the judging sheet")
    smp.add_argument("out", type=Path)
    smp.add_argument("--per-set", type=int, default=6)
    smp.add_argument("--seed", type=int, default=2026)
    smp.add_argument(
        "--judgments", type=Path, help="carry judgments over from this file (see `keep`)"
    )
    sc = sub.add_parser("score", help="precision, fully right and speaker accuracy of a sheet")
    sc.add_argument("sheet", type=Path)
    kp = sub.add_parser("keep", help="merge a judged sheet into a judgments file for later runs")
    kp.add_argument("sheet", type=Path)
    kp.add_argument("judgments", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sample":
        if not DATA.is_dir():
            print(f"audit: {DATA} not found; nothing to sample")
            return 0
        return sample(args.out, args.per_set, args.seed, args.judgments)
    if args.command == "keep":
        return keep(args.sheet, args.judgments)
    return score(args.sheet)


if __name__ == "__main__":
    sys.exit(main())
