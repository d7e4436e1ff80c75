"""Hybrid fusion: the blend of normalised scores, and the rank fusion it replaced."""

from __future__ import annotations

from index.retrieval import Hit, blend, fuse


def hit(cid: str, score: float) -> Hit:
    return Hit(cid, "p" + cid, cid, "", "s", score, None)


def test_blend_weights_normalised_scores() -> None:
    dense = [hit("a", 0.8), hit("b", 0.4)]
    sparse = [hit("b", 12.0), hit("c", 6.0)]
    got = blend(dense, sparse, 0.5)
    assert [(h.chunk_id, round(h.score, 3)) for h in got] == [("b", 0.75), ("a", 0.5), ("c", 0.25)]
    assert got[1].dense == 0.8 and got[2].dense is None  # the cosine travels with the hit (declines use it)


def test_blend_with_one_side_silent_keeps_the_other_sides_order() -> None:
    sparse = [hit("x", 9.0), hit("y", 3.0), hit("z", 1.0)]
    assert [h.chunk_id for h in blend([], sparse, 0.6)] == ["x", "y", "z"]
    dense = [hit("x", 0.2), hit("y", 0.9)]
    assert [h.chunk_id for h in blend(dense, [], 0.6)] == ["y", "x"]


def test_the_weight_moves_the_order_between_the_inputs() -> None:
    dense = [hit("d", 0.9), hit("s", 0.3)]
    sparse = [hit("s", 10.0), hit("d", 1.0)]
    assert blend(dense, sparse, 0.9)[0].chunk_id == "d"
    assert blend(dense, sparse, 0.1)[0].chunk_id == "s"


def test_rank_fusion_is_kept_as_the_baseline() -> None:
    a, b, c = hit("a", 1), hit("b", 1), hit("c", 1)
    assert [h.chunk_id for h in fuse([[a, b], [b, c]], k=60)] == ["b", "a", "c"]
