"""``dateline eval cameo DIR``: CAMEO pentaclass and source/target spans (ConfliBERT's sets).

DIR is ``conflibert-cameo/`` (GPL-3.0 repository; the news sentences' copyright stays with their
publishers). The test split is scored by default: ``cameo_class_test.tsv`` (sentence, class
0-4; CRLF) and ``cameo_ner_test.txt`` (CoNLL BIO tags S source, T target, R reciprocal), which
line up one to one; they are the upstream files *minus* the sentences shared with a held-out
event test set, and must not be replaced by the upstream ones. ``--split train`` scores train,
joining the span file by the sentences' letters and digits (196 train sentences have no spans).

Each sentence goes through dateline alone. **Its event** is ``document.main_event`` when the
record names one, else the not-negated event with the most roles filled (actors, then targets:
CAMEO codes a source acting on a target), the earliest on a tie. Its CAMEO root gives the class
by the standard PentaClass grouping (0 = roots 01-02 make a statement, 1 = 03-05 verbal
cooperation, 2 = 06-08 material cooperation, 3 = 09-13 verbal conflict, 4 = 14-20 material
conflict); an event without a root falls back on its PLOVER type (:data:`TYPE_CLASS`).

**A sentence without an event is wrong**, shown in the ``-`` column. Class 0 is not a default:
"make a statement" is CAMEO 01-02, statements and appeals a coder finds in the text, and
reading silence as class 0 would credit a coder that finds nothing with the 13% of sentences
labelled 0. The accuracy under that reading is printed too, for comparison.

Reported: **class** accuracy (summary), macro-F1 over the five classes, the share of sentences
where *some* event has the gold class (what a better choice of event would reach), a
confusion table; and **span** F1 of the chosen event's actors and targets against the gold S
and T spans: a system actor is right when one of its mentions overlaps a gold S (or R) span,
a target when it overlaps a T (or R) span, each gold span matched once (a maximum matching).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.evaluate import task
from dateline.evaluate.records import Record, Span, View, overlaps, trigger_start
from dateline.evaluate.scoring import PRF, Confusion, Share, fmt, max_matching
from dateline.evaluate.summary import summary_line
from dateline.model import Article

TASK = "events-cameo"
CLASSES = ("0", "1", "2", "3", "4")
CLASS_NAMES = {
    "0": "statement",
    "1": "verbal coop",
    "2": "material coop",
    "3": "verbal confl",
    "4": "material confl",
}
# PentaClass: the first CAMEO root of each class.
CLASS_STARTS = ((14, "4"), (9, "3"), (6, "2"), (3, "1"), (1, "0"))
# PLOVER type -> class, for an event without a CAMEO root (the root PLOVER's CAMEO table
# gives the type's usual codes: REQUEST is CAMEO 10 demand, SANCTION 16 reduce relations).
TYPE_CLASS = {
    "AGREE": "1",
    "CONSULT": "1",
    "SUPPORT": "1",
    "COOPERATE": "1",
    "AID": "2",
    "CONCEDE": "2",
    "RETREAT": "2",
    "ACCUSE": "3",
    "REQUEST": "3",
    "REJECT": "3",
    "THREATEN": "3",
    "PROTEST": "4",
    "MOBILIZE": "4",
    "SANCTION": "4",
    "COERCE": "4",
    "ASSAULT": "4",
}
ROLES = {"actors": ("S", "R"), "targets": ("T", "R"), "both": ("R", "S", "T")}
LETTERS = re.compile(r"[^a-z0-9]")


@dataclass
class CameoSentence:
    index: int
    text: str
    label: str
    spans: dict[str, list[Span]] | None = None  # gold S/T/R character spans (None: none given)
    extra: dict[str, Any] = field(default_factory=dict)


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = task.add_task(
        tasks,
        "cameo",
        "CAMEO pentaclass accuracy and source/target span F1 on ConfliBERT's sentences",
        lambda args: task.run(args, sys.modules[__name__]),
        "conflibert-cameo folder",
        description=__doc__,
    )
    parser.add_argument("--split", choices=("test", "train"), default="test")


def read_class(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.rstrip("\r\n")
        if "\t" in line:
            text, label = line.rsplit("\t", 1)
            out.append((text, label.strip()))
    return out


def read_ner(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as (token, tag) lists; an ``I-`` tag with no ``B-`` before it opens a span."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, _, tag = line.rpartition(" ")
        current.append((token, tag.strip()))
    if current:
        sentences.append(current)
    return sentences


def char_spans(text: str, tokens: list[tuple[str, str]]) -> dict[str, list[Span]] | None:
    """Gold role spans in ``text``, tokens found by in-order search; None when a token is not
    in the text (the span file and the sentence disagree)."""
    spans: dict[str, list[Span]] = {"S": [], "T": [], "R": []}
    pos, open_role = 0, None
    for token, tag in tokens:
        at = text.find(token, pos)
        if at < 0:
            return None
        pos = at + len(token)
        kind, _, role = tag.partition("-")
        if kind == "O" or role not in spans:
            open_role = None
            continue
        if kind == "B" or open_role != role:
            spans[role].append((at, pos))
        else:
            spans[role][-1] = (spans[role][-1][0], pos)
        open_role = role
    return spans


def load(folder: Path, args: argparse.Namespace | None = None) -> list[CameoSentence]:
    split = getattr(args, "split", "test") or "test"
    class_path = folder / f"cameo_class_{split}.tsv"
    ner_path = folder / f"cameo_ner_{split}.txt"
    if not class_path.is_file():
        raise task.DataMissing(f"{class_path} not found")
    rows = read_class(class_path)
    sentences = [CameoSentence(i, text, label) for i, (text, label) in enumerate(rows)]
    if not ner_path.is_file():
        return sentences
    ner = read_ner(ner_path)
    if split == "test" and len(ner) == len(sentences):
        pairs = list(zip(sentences, ner, strict=True))
    else:  # join by letters and digits (train's two files differ in order and tokenisation)
        by_key = {LETTERS.sub("", "".join(t for t, _ in s).lower()): s for s in ner}
        pairs = [
            (s, by_key[key])
            for s in sentences
            if (key := LETTERS.sub("", s.text.lower())) in by_key
        ]
    for sentence, tokens in pairs:
        sentence.spans = char_spans(sentence.text, tokens)
    return sentences


def stratum(sentence: CameoSentence) -> str:
    return sentence.label


def articles(sentences: list[CameoSentence]) -> list[Article]:
    return task.articles_of([(f"cameo-{s.index}", s.text) for s in sentences])


def pentaclass(event: dict[str, Any] | None) -> str | None:
    if event is None:
        return None
    root = str(event.get("cameo_root") or "").strip()
    if root[:2].isdigit():
        number = int(root[:2])
        for first, label in CLASS_STARTS:
            if number >= first:
                return label if number <= 20 else None
    return TYPE_CLASS.get(event.get("type") or "")


def chosen_event(view: View) -> dict[str, Any] | None:
    named = view.event((view.record.get("document") or {}).get("main_event"))
    if named is not None:
        return named
    events = [e for e in view.events() if e.get("status") != "negated"]
    if not events:
        return None
    return max(
        events, key=lambda e: (bool(e.get("actors")), bool(e.get("targets")), -trigger_start(e))
    )


def span_counts(view: View, event: dict[str, Any] | None, gold: dict[str, list[Span]]) -> PRF:
    """One-to-one matching of the event's actors and targets with the gold role spans."""
    golds = [(role, span) for role in ("S", "T", "R") for span in gold[role]]
    actors = list((event or {}).get("actors") or [])
    targets = list((event or {}).get("targets") or [])
    # a party that is both actor and target is one reciprocal party ("A and B signed"), one item
    system = [("both" if ref in targets else "actors", ref) for ref in actors]
    system += [("targets", ref) for ref in targets if ref not in actors]
    edges = [
        (i, j)
        for i, (refs_key, ref) in enumerate(system)
        for j, (role, span) in enumerate(golds)
        if role in ROLES[refs_key] and any(overlaps(m, span) for m in view.mentions(ref))
    ]
    tally = PRF()
    tally.count(len(golds), len(system), len(max_matching(edges)))
    return tally


class CameoScore:
    def __init__(self) -> None:
        self.confusion = Confusion()
        self.silent_as_statement = Share()
        self.any_event = Share()
        self.spans = PRF()
        self.by_role = {"actors": PRF(), "targets": PRF()}
        self.span_sentences = 0
        self.errors: list[str] = []

    def add(self, sentence: CameoSentence, record: Record) -> None:
        view = View(record)
        event = chosen_event(view)
        system = pentaclass(event)
        self.confusion.add(sentence.label, system)
        self.silent_as_statement.add((system or "0") == sentence.label)
        classes = {pentaclass(e) for e in view.events() if e.get("status") != "negated"}
        self.any_event.add(sentence.label in classes)
        if sentence.spans is not None:
            self.span_sentences += 1
            self.spans += span_counts(view, event, sentence.spans)
            for role in self.by_role:  # each role alone against its gold roles
                gold = {r: (sentence.spans[r] if r in ROLES[role] else []) for r in "STR"}
                one_role = {role: (event or {}).get(role) or []}
                self.by_role[role] += span_counts(view, one_role, gold)
        if system != sentence.label:
            shown = f"{event.get('type')}/{event.get('cameo_root')}" if event else "no event"
            self.errors.append(
                f"  {sentence.label} -> {system or '-'} ({shown}): {sentence.text[:110]}"
            )

    def report(self, errors: int = 0) -> str:
        per = self.confusion.per_label(CLASSES)
        lines = [
            f"sentences       {self.confusion.n}",
            f"class accuracy  {fmt(self.confusion.accuracy())}   macro-F1 "
            f"{fmt(self.confusion.macro_f1(CLASSES))}",
            f"any event of the gold class  {self.any_event.cell()}",
            f"accuracy if no event were read as class 0  {self.silent_as_statement.cell()}",
            "",
            *(per[c].row(f"{c} {CLASS_NAMES[c]}", 16) for c in CLASSES),
            "",
            self.confusion.table("confusion (rows gold class, columns system class)"),
            "",
            f"spans over {self.span_sentences} sentences (chosen event's actors and targets)",
            self.spans.row("all roles", 16),
            self.by_role["actors"].row("actor ~ S/R", 16),
            self.by_role["targets"].row("target ~ T/R", 16),
        ]
        if errors:
            lines += ["", f"sentences classed wrong (first {errors} of {len(self.errors)})"]
            lines += self.errors[:errors]
        return "\n".join(lines)

    def summary(self) -> str:
        return summary_line(
            TASK,
            [("class", self.confusion.accuracy()), ("spans", self.spans.f1)],
            self.confusion.n,
        )


def score(sentences: list[CameoSentence], records: list[Record]) -> CameoScore:
    scorer = CameoScore()
    for sentence, record in zip(sentences, records, strict=True):
        scorer.add(sentence, record)
    return scorer
