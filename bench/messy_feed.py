"""A messy feed of 5,000 files through ``dateline ingest``: every good item stored, every bad one
named, no traceback, and what it cost.

Issue 18 tried dateline "as a demanding user would, with thousands of messy real articles and
bad records". This bench writes such a feed itself (team-written articles from
``bench/articles.py``; no real news): plain text, HTML pages with navigation, scripts and
footers, news-please JSON records, JSON-lines feed dumps of five records, and in among them
about one file in twenty that is bad (empty, binary, a PDF, broken JSON, a record without text
or with a number for its text, an HTML page with no article) or awkward but readable (UTF-16,
Latin-1, French, HTML cut off mid-paragraph, an exact duplicate). It then runs the real command
line once, ``dateline ingest FOLDER --db STORE -j N``, and checks and prints:

* no traceback; the exit status (1: some items failed);
* every bad item named on stderr with its catalogue code, and in the store's failed table;
* every good item stored (duplicates skipped), the French one flagged with W120;
* wall seconds, the CPU seconds of the ingest processes, articles per wall second, and the peak
  memory of the largest process.

    python bench/messy_feed.py [--files 5000] [-j 2] [--words 60 160] [--keep DIR]

Speed figures from a shared machine are only indicative: say so when reporting them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import write_article  # noqa: E402

FRENCH = (
    "La police de la ville portuaire a arrêté neuf personnes lundi après une manifestation "
    "contre le prix du carburant, a indiqué le ministère de l'Intérieur.\n\nLes manifestants "
    "ont bloqué la route du port pendant plusieurs heures, selon des témoins."
)
# the bad kinds, each with the code its error must carry
BAD_KINDS = {
    "empty": "[D100]",
    "binary": "[D101]",
    "pdf": "[D101]",
    "broken-json": "[D110]",
    "no-text": "[D105]",
    "number-text": "[D106]",
    "empty-page": "[D109]",
}
AWKWARD_KINDS = ("utf16", "latin1", "french", "cut-html", "duplicate")
RECORDS_PER_DUMP = 5


def page(title: str, paragraphs: list[str]) -> str:
    """An HTML page as a news site serves it: navigation, the article, a footer, scripts."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title><script>var ads = 1;</script>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a> "
        "<a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Subscribe to our newsletter. Cookie settings. Contact us.</footer>"
        "<script>track();</script></body></html>"
    )


def record(title: str, paragraphs: list[str], rng: random.Random, n: int) -> dict:
    """A news-please record (maintext, date_publish, authors, source_domain)."""
    return {
        "title": title,
        "maintext": "\n\n".join(paragraphs),
        "date_publish": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d} 08:30:00",
        "authors": [f"Staff Writer {n % 17}"],
        "url": f"https://feed.example.org/item/{n}",
        "source_domain": "feed.example.org",
        "language": "en",
    }


def write_feed(folder: Path, files: int, words: tuple[int, int], seed: int = 7) -> dict:
    """Write the feed; return what ingest must do with it: the good sources, the bad sources
    with their codes, the duplicates and the French source."""
    rng = random.Random(seed)
    good: list[str] = []
    bad: dict[str, str] = {}
    duplicates: list[str] = []
    french: list[str] = []
    last_text = ""
    for n in range(files):
        article = write_article(rng, rng.randint(*words), n)
        title, *paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
        roll = rng.random()
        if roll < 0.035:
            kind = rng.choice(list(BAD_KINDS))
            bad[write_bad(folder, n, kind, title)] = BAD_KINDS[kind]
            continue
        if roll < 0.05:
            kind = rng.choice(AWKWARD_KINDS if last_text else AWKWARD_KINDS[:-1])
            name = write_awkward(folder, n, kind, title, paragraphs, last_text)
            (duplicates if kind == "duplicate" else good).append(name)
            if kind == "french":
                french.append(name)
            continue
        form = rng.random()
        if form < 0.4:
            path = folder / f"item-{n:05d}.txt"
            path.write_text(article.text, encoding="utf-8")
            good.append(path.name)
            last_text = article.text  # what a duplicate copies (same file form, same hash)
        elif form < 0.65:
            path = folder / f"item-{n:05d}.html"
            path.write_text(page(title, paragraphs), encoding="utf-8")
            good.append(path.name)
        elif form < 0.95:
            path = folder / f"item-{n:05d}.json"
            path.write_text(json.dumps(record(title, paragraphs, rng, n)), encoding="utf-8")
            good.append(path.name)
        else:  # a feed dump: five records, the first this article, the rest new ones
            path = folder / f"dump-{n:05d}.jsonl"
            lines = [json.dumps(record(title, paragraphs, rng, n))]
            for extra in range(1, RECORDS_PER_DUMP):
                more = write_article(rng, rng.randint(*words), n * 100 + extra)
                more_title, *more_paragraphs = [p for p in more.text.split("\n\n") if p.strip()]
                lines.append(json.dumps(record(more_title, more_paragraphs, rng, n * 100 + extra)))
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            good.extend(f"{path.name}:{line}" for line in range(1, RECORDS_PER_DUMP + 1))
    return {"good": good, "bad": bad, "duplicates": duplicates, "french": french}


def write_bad(folder: Path, n: int, kind: str, title: str) -> str:
    if kind == "empty":
        path = folder / f"bad-{n:05d}.txt"
        path.write_bytes(b"")
    elif kind == "binary":
        path = folder / f"bad-{n:05d}.txt"
        path.write_bytes(bytes(range(256)) * 8)
    elif kind == "pdf":
        path = folder / f"bad-{n:05d}.txt"
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    elif kind == "broken-json":
        path = folder / f"bad-{n:05d}.json"
        path.write_text(f'{{"title": "{title}", "maintext": "cut', encoding="utf-8")
    elif kind == "no-text":
        path = folder / f"bad-{n:05d}.json"
        path.write_text(json.dumps({"title": title, "maintext": None}), encoding="utf-8")
    elif kind == "number-text":
        path = folder / f"bad-{n:05d}.json"
        path.write_text(json.dumps({"title": title, "maintext": 404}), encoding="utf-8")
    else:
        path = folder / f"bad-{n:05d}.html"
        path.write_text("<html><body><nav>Home</nav><script>x()</script></body></html>", "utf-8")
    return path.name


def write_awkward(
    folder: Path, n: int, kind: str, title: str, paragraphs: list[str], last_text: str
) -> str:
    text = "\n\n".join(paragraphs)
    path = folder / f"odd-{n:05d}.txt"
    if kind == "utf16":
        path.write_bytes(text.encode("utf-16"))
    elif kind == "latin1":
        path.write_bytes(text.encode("cp1252", errors="replace"))
    elif kind == "french":
        path.write_text(FRENCH.replace("neuf", str(n)), encoding="utf-8")
    elif kind == "cut-html":
        path = folder / f"odd-{n:05d}.html"
        html = page(title, paragraphs)
        path.write_text(html[: html.index("</article>") - 20], encoding="utf-8")
    else:
        path.write_text(last_text, encoding="utf-8")
    return path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--words", type=int, nargs=2, default=(60, 160))
    parser.add_argument("--keep", metavar="DIR", help="write the feed and store here and keep them")
    args = parser.parse_args(argv)
    root = Path(args.keep or tempfile.mkdtemp(prefix="messy-feed-"))
    folder = root / "feed"
    folder.mkdir(parents=True, exist_ok=True)
    expected = write_feed(folder, args.files, tuple(args.words))
    db = root / "store.db"
    db.unlink(missing_ok=True)
    items = len(expected["good"]) + len(expected["bad"]) + len(expected["duplicates"])
    print(
        f"feed: {args.files} files, {items} items: {len(expected['good'])} good, "
        f"{len(expected['bad'])} bad, {len(expected['duplicates'])} duplicates ({folder})",
        flush=True,
    )
    command = [sys.executable, "-m", "dateline.cli", "ingest", str(folder), "--db", str(db)]
    command += ["-j", str(args.jobs), "--no-progress"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    problems = check(done, db, expected)
    stored = len(expected["good"])
    print(f"exit status {done.returncode}; " + done.stderr.strip().splitlines()[-1])
    print(
        f"wall {wall:.0f} s, CPU {children.ru_utime + children.ru_stime:.0f} s "
        f"({args.jobs} workers), {stored / wall:.1f} articles per wall second, "
        f"peak memory of the largest process {children.ru_maxrss / 1024:.0f} MB"
    )
    print("checks: " + ("all hold" if not problems else f"{len(problems)} failed"))
    for problem in problems[:20]:
        print(f"  {problem}")
    return 1 if problems else 0


def check(done: subprocess.CompletedProcess[str], db: Path, expected: dict) -> list[str]:
    """What the run got wrong, one line each."""
    problems = []
    if "Traceback" in done.stderr:
        problems.append("a traceback reached stderr")
    errors = {}
    for line in done.stderr.splitlines():
        found = re.match(r"dateline: error: (.+?): (\[D\d+\].*)", line)
        if found:
            errors[Path(found[1]).name] = found[2]
    bad = expected["bad"]
    for name, code in bad.items():
        if not errors.get(name, "").startswith(code):
            problems.append(f"{name}: expected {code}, stderr says {errors.get(name)!r}")
    problems += [f"{name}: unexpected error {errors[name]}" for name in errors.keys() - bad.keys()]
    with sqlite3.connect(db) as connection:
        stored = {
            Path(source).name: json.loads(doc)["document"]
            for source, doc in connection.execute("SELECT source, doc_json FROM articles")
        }
        failed = {Path(s).name for (s,) in connection.execute("SELECT source FROM failed")}
    missing = set(expected["good"]) - stored.keys()
    problems += [f"{name}: good item not stored" for name in sorted(missing)]
    problems += [f"{name}: bad item not in the failed table" for name in bad.keys() - failed]
    problems += [f"{name}: bad item stored" for name in bad.keys() & stored.keys()]
    for name in expected["french"]:
        if name in stored and not any("[W120]" in w for w in stored[name]["warnings"]):
            problems.append(f"{name}: French article not flagged")
    skipped = re.search(r"skipped as duplicate: (\d+)", done.stderr)
    wanted = len(expected["duplicates"])
    if not skipped or int(skipped[1]) < wanted:
        problems.append(f"duplicates skipped: {skipped and skipped[1]}, expected {wanted}")
    return problems


if __name__ == "__main__":
    raise SystemExit(main())
