"""Stories the article-by-article pass splits into pieces are joined as wholes afterwards.

The pair similarities are stubbed (as in ``test_store_resolve``) so that each case states
the similarities it needs; every article shares the invented place word, so all of them are
each other's story candidates.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.store import open_store
from dateline.store.resolve import resolve, stories, table_snapshot
from dateline.store.synthetic import contract_doc
from dateline.store.write import write_document

# Two first reports (A, B), a thin third one (C) that resembles them little, and a fourth
# (D) that resembles all three: C starts a piece of its own, D joins C (its closest), and
# the two pieces resemble each other at (0.1 + 0.1 + 0.35 + 0.35) / 4 = 0.225 on average.
FIRST = {"A": "2025-03-10", "B": "2025-03-10", "C": "2025-03-11", "D": "2025-03-12"}
SIMS = {"AB": 0.5, "AC": 0.1, "BC": 0.1, "AD": 0.35, "BD": 0.35, "CD": 0.5}


def _doc(name: str, day: str | None) -> dict:
    title = f"Varnholt dam report {name}"
    doc = contract_doc(f"{title}\nThe Varnholt dam report {name} was read.", day, title)
    doc["document"]["source"] = name
    return doc


def _stub(monkeypatch: pytest.MonkeyPatch, sims: dict[str, float]) -> None:
    def score(x, y) -> float:
        return sims.get("".join(sorted(f.source for f in (x, y))), 0.0)

    monkeypatch.setattr(stories, "story_score", score)
    monkeypatch.setattr(stories, "story_similarity", lambda x, y: (score(x, y), {"stub": 1}))


def _ingest(store, days: dict[str, str | None]) -> None:
    for name, day in days.items():
        with store.transaction():
            write_document(store, _doc(name, day))
    resolve(store)


def _story_of(store) -> dict[str, int]:
    return {
        r["source"]: r["story_id"]
        for r in store.query(
            "SELECT a.source, s.story_id FROM articles a JOIN stories s ON s.article_id = a.id"
        )
    }


def _groups(store) -> list[str]:
    found: dict[int, str] = {}
    for name, story in sorted(_story_of(store).items()):
        found[story] = found.get(story, "") + name
    return sorted(found.values())


def test_two_pieces_of_one_story_become_one_story(tmp_path: Path, monkeypatch) -> None:
    _stub(monkeypatch, SIMS)
    with open_store(str(tmp_path / "s.db")) as store:
        _ingest(store, FIRST)
        assert _groups(store) == ["ABCD"]
        # The piece headed by C keeps the greedy pass's reasons for its articles, and its
        # first article records the merge.
        rows = {
            r["source"]: json.loads(r["why"])
            for r in store.query(
                "SELECT a.source, s.why FROM articles a JOIN stories s ON s.article_id = a.id"
            )
        }
        assert rows["C"]["story_merge"]["mean_similarity"] == 0.225
        assert rows["C"]["story_merge"]["compared"] == [2, 2]
        assert rows["D"]["rule"] == "same_story"
        assert "story_merge" not in rows["A"]


def test_a_dated_piece_never_joins_an_undated_one(tmp_path: Path, monkeypatch) -> None:
    """Two undated reports that resemble the dated pair at 0.21 each (enough for two dated
    pieces to merge) stay a story of their own: nothing bounds an undated piece in time."""
    sims = {"AB": 0.5, "CD": 0.5, "AC": 0.21, "AD": 0.21, "BC": 0.21, "BD": 0.21}
    _stub(monkeypatch, sims)
    with open_store(str(tmp_path / "u.db")) as store:
        _ingest(store, {"A": "2025-03-10", "B": "2025-03-10", "C": None, "D": None})
        assert _groups(store) == ["AB", "CD"]
    with open_store(str(tmp_path / "d.db")) as store:  # the control: all dated
        days = {"A": "2025-03-10", "B": "2025-03-10", "C": "2025-03-11", "D": "2025-03-11"}
        _ingest(store, days)
        assert _groups(store) == ["ABCD"]


def test_a_later_report_can_undo_a_merge_and_a_rebuild_agrees(tmp_path, monkeypatch) -> None:
    """E, dated before C, heads C's piece from then on (C's piece as it was is gone) and
    makes it resemble A and B less (0.9 / 6): the merge is undone, on the incremental path
    exactly as in a rebuild and as when E came first."""
    sims = dict(SIMS, CE=0.5, DE=0.5)
    _stub(monkeypatch, sims)
    late, first = (open_store(str(tmp_path / f"{name}.db")) for name in ("late", "first"))
    with late, first:
        _ingest(late, FIRST)
        assert _groups(late) == ["ABCD"]
        _ingest(late, {"E": "2025-03-10"})
        assert _groups(late) == ["AB", "CDE"]
        _ingest(first, {"E": "2025-03-10"})
        _ingest(first, FIRST)
        incremental = table_snapshot(late)
        assert table_snapshot(first) == incremental
        resolve(late, rebuild=True)
        assert table_snapshot(late) == incremental


def test_a_later_report_can_make_a_merge_and_a_rebuild_agrees(tmp_path, monkeypatch) -> None:
    """Without D the pieces AB and C resemble each other at 0.1; D joining C lifts them to
    0.225 and the stored story of A and B takes C and D in."""
    _stub(monkeypatch, SIMS)
    with open_store(str(tmp_path / "m.db")) as store:
        _ingest(store, {k: v for k, v in FIRST.items() if k != "D"})
        assert _groups(store) == ["AB", "C"]
        _ingest(store, {"D": FIRST["D"]})
        assert _groups(store) == ["ABCD"]
        incremental = table_snapshot(store)
        resolve(store, rebuild=True)
        assert table_snapshot(store) == incremental


def test_a_piece_is_compared_by_its_first_articles(tmp_path, monkeypatch) -> None:
    """With two articles compared per piece, a third, later article of C's piece that
    resembles A and B closely does not make the pieces one story; in the first two it does."""
    from dateline.store.resolve import story_merge

    monkeypatch.setattr(story_merge, "PROFILE_ARTICLES", 2)
    # E resembles A and B enough for all of C's piece to resemble them at (0.4 + 0.9) / 6,
    # but its first two, C and D, resemble them at 0.4 / 4.
    sims = {"AB": 0.5, "CD": 0.5, "CE": 0.5, "DE": 0.5, "AE": 0.45, "BE": 0.45}
    sims |= {"AC": 0.1, "BC": 0.1, "AD": 0.1, "BD": 0.1}
    _stub(monkeypatch, sims)
    with open_store(str(tmp_path / "late.db")) as store:
        _ingest(store, dict(FIRST, E="2025-03-13"))
        assert _groups(store) == ["AB", "CDE"]
    swapped = dict(sims, AD=0.45, BD=0.45, AE=0.1, BE=0.1)  # (0.2 + 0.9) / 4
    _stub(monkeypatch, swapped)
    with open_store(str(tmp_path / "early.db")) as store:
        _ingest(store, dict(FIRST, E="2025-03-13"))
        assert _groups(store) == ["ABCDE"]


def test_a_merged_piece_taken_again_keeps_its_merge(tmp_path, monkeypatch) -> None:
    """F, dated before C and faintly like it, makes the greedy pass take C again; C still
    starts its piece, whose first articles did not change, so the merge it records stays
    as a rebuild writes it."""
    _stub(monkeypatch, dict(SIMS, CF=0.05))
    with open_store(str(tmp_path / "f.db")) as store:
        _ingest(store, FIRST)
        _ingest(store, {"F": "2025-03-10"})
        assert _groups(store) == ["ABCD", "F"]
        incremental = table_snapshot(store)
        assert any("story_merge" in why for _, _, why in incremental["stories"])
        resolve(store, rebuild=True)
        assert table_snapshot(store) == incremental


def test_a_late_article_of_a_merged_piece_takes_the_piece_s_story(tmp_path, monkeypatch):
    """G joins C's piece after its first articles (two here): the pieces are not compared
    again, and G gets the story the piece is in, not one named after the piece."""
    from dateline.store.resolve import story_merge

    monkeypatch.setattr(story_merge, "PROFILE_ARTICLES", 2)
    _stub(monkeypatch, dict(SIMS, CG=0.5, DG=0.5))
    with open_store(str(tmp_path / "g.db")) as store:
        _ingest(store, FIRST)
        _ingest(store, {"G": "2025-03-13"})
        assert _groups(store) == ["ABCDG"]
        incremental = table_snapshot(store)
        resolve(store, rebuild=True)
        assert table_snapshot(store) == incremental
