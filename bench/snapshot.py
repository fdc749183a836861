"""Snapshot check: is the contract output on the team's snapshot corpus byte-identical?

A structural change (moving code, renaming modules, reading vocabulary from files) must not
change what dateline writes. This script writes the contract JSON of every article in the
snapshot corpus, one line each, and compares it with a snapshot taken before the change:

    python bench/snapshot.py record BEFORE.jsonl          # on the old code
    python bench/snapshot.py check BEFORE.jsonl           # on the new code: exit 1 on a change
    python bench/snapshot.py check --rev main~3           # record REV in a temporary worktree,
                                                          # then check the working tree against it
    python bench/snapshot.py diff BEFORE.jsonl AFTER.jsonl  # show what changed, field by field

The corpus: the examples (``examples/``), 160 generated bench articles (``bench/articles.py``,
seed 0, 640 words) and every article in ``../shared/articles`` when that folder is present
(team-written; read in place, never copied). Only the contract (``Document.to_dict()``) is
compared, serialized with sorted keys, so a change anywhere in it shows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"
GENERATED = 160
GENERATED_WORDS = 640


def corpus() -> list[Any]:
    """The snapshot articles, as read by dateline's own reader, in a fixed order."""
    sys.path.insert(0, str(ROOT / "bench"))
    from articles import generate
    from dateline.read import ReadFailure, read_paths

    paths = [str(p) for p in sorted((ROOT / "examples").iterdir()) if p.is_file()]
    if SHARED_ARTICLES.is_dir():
        paths += [str(p) for p in sorted(SHARED_ARTICLES.iterdir()) if p.is_file()]
    read = [a for a in read_paths(paths) if not isinstance(a, ReadFailure)]
    return read + generate(GENERATED, words=GENERATED_WORDS, seed=0)


def record(out: Path) -> int:
    """Write one line per article: its source and its contract record."""
    try:
        from dateline.runner import extract_records
    except ImportError:  # a revision from before the runner had its name
        from dateline.scale import extract_records  # type: ignore[no-redef]

    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for article, result, problem in extract_records(corpus()):
            error = None if problem is None else problem.reason
            line = {"source": article.source, "record": result, "error": error}
            handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    print(f"recorded {count} articles to {out}")
    return 0


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _field_changes(before: Any, after: Any, path: str = "") -> list[str]:
    """Dotted paths where two records differ (lists compared item by item)."""
    if type(before) is not type(after):
        return [path or "."]
    if isinstance(before, dict):
        keys = sorted(set(before) | set(after))
        return [c for k in keys for c in _field_changes(before.get(k), after.get(k), f"{path}.{k}")]
    if isinstance(before, list):
        if len(before) != len(after):
            return [f"{path}[len {len(before)}→{len(after)}]"]
        return [
            c for b, a in zip(before, after, strict=True) for c in _field_changes(b, a, f"{path}[]")
        ]
    return [] if before == after else [path]


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]], verbose: int = 20) -> int:
    """Print the articles whose records differ and the fields that changed; 1 if any did."""
    if [b["source"] for b in before] != [a["source"] for a in after]:
        print("the corpus itself differs (article list or order)")
        return 1
    changed = 0
    fields: Counter[str] = Counter()
    for b, a in zip(before, after, strict=True):
        if json.dumps(b, sort_keys=True) == json.dumps(a, sort_keys=True):
            continue
        changed += 1
        diffs = sorted(set(_field_changes(b, a)))
        fields.update(diffs)
        if changed <= verbose:
            print(f"changed: {a['source']}: {', '.join(diffs[:8])}")
    print(f"snapshot: {len(after) - changed} of {len(after)} articles identical, {changed} changed")
    for name, n in fields.most_common(15):
        print(f"  {n:4d} {name}")
    return 1 if changed else 0


def record_revision(rev: str, out: Path) -> None:
    """Record the snapshot of a git revision's code, from a temporary worktree of it.

    This script and its corpus (examples, generator, shared articles) stay those of the
    working tree, so both sides of the comparison read the same articles; only the code that
    extracts them is the revision's."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev],
            check=True,
            capture_output=True,
        )
        try:
            env = dict(os.environ, PYTHONPATH=str(tree / "src"))
            subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "record", str(out)],
                check=True,
                env=env,
                cwd=ROOT,
            )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                check=False,
                capture_output=True,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="write the snapshot of the code as it is")
    rec.add_argument("out", type=Path)
    chk = sub.add_parser("check", help="compare the code as it is with a snapshot")
    chk.add_argument("snapshot", type=Path, nargs="?")
    chk.add_argument("--rev", help="take the snapshot from this git revision first")
    dif = sub.add_parser("diff", help="compare two recorded snapshots")
    dif.add_argument("before", type=Path)
    dif.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if "PYTHONPATH" not in os.environ:  # run the code of this tree, not an installed copy
        sys.path.insert(0, str(ROOT / "src"))
    if args.command == "record":
        return record(args.out)
    if args.command == "diff":
        return compare(load(args.before), load(args.after))
    with tempfile.TemporaryDirectory() as tmp:
        baseline = args.snapshot
        if args.rev:
            baseline = Path(tmp) / "before.jsonl"
            record_revision(args.rev, baseline)
        if baseline is None:
            parser.error("check needs a SNAPSHOT file or --rev REV")
        now = Path(tmp) / "now.jsonl"
        record(now)
        return compare(load(baseline), load(now))


if __name__ == "__main__":
    sys.exit(main())
