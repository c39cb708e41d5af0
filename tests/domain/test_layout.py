"""Side-by-side lanes for overlapping items (frontdesk.domain.layout.lanes).

Spans are half-open [start, end): touching is not overlapping. Expected lanes in the examples
are worked out by hand; the property test checks the same claims against a brute-force
reading of the spans (overlap graph, clusters, the most spans open at one instant).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.domain.layout import Placement, lanes


def pairs(result: list[Placement]) -> list[tuple[int, int]]:
    return [(p.lane, p.lanes) for p in result]


# -- examples -----------------------------------------------------------------------------


def test_nothing_gives_nothing():
    assert lanes([]) == []


def test_one_item_has_the_whole_column():
    assert pairs(lanes([(10, 20)])) == [(0, 1)]


def test_separate_items_each_have_the_whole_column():
    assert pairs(lanes([(0, 10), (20, 30), (40, 50)])) == [(0, 1), (0, 1), (0, 1)]


def test_touching_is_not_overlapping():
    # 09:00-10:00 then 10:00-11:00: back to back, both full width.
    assert pairs(lanes([(0, 60), (60, 120)])) == [(0, 1), (0, 1)]
    assert pairs(lanes([(60, 120), (0, 60)])) == [(0, 1), (0, 1)]


def test_two_overlapping_items_split_the_column():
    assert pairs(lanes([(0, 60), (30, 90)])) == [(0, 2), (1, 2)]


def test_identical_spans_take_separate_lanes_in_input_order():
    assert pairs(lanes([(0, 60), (0, 60), (0, 60)])) == [(0, 3), (1, 3), (2, 3)]


def test_chain_shares_two_lanes():
    # a overlaps b, b overlaps c, c overlaps d, but a and c do not: one cluster, two lanes,
    # and c goes back into lane 0 because a has ended by then.
    spans = [(0, 60), (30, 90), (60, 120), (90, 150)]
    assert pairs(lanes(spans)) == [(0, 2), (1, 2), (0, 2), (1, 2)]


def test_chain_touching_at_the_end_starts_a_new_cluster():
    spans = [(0, 60), (30, 90), (90, 120)]
    assert pairs(lanes(spans)) == [(0, 2), (1, 2), (0, 1)]


def test_nested_items():
    # A long item with two short ones inside it, one after the other: both short ones fit in
    # lane 1, so the cluster needs two lanes, not three.
    spans = [(0, 180), (30, 60), (90, 120)]
    assert pairs(lanes(spans)) == [(0, 2), (1, 2), (1, 2)]


def test_nested_three_deep():
    spans = [(0, 180), (30, 150), (60, 90)]
    assert pairs(lanes(spans)) == [(0, 3), (1, 3), (2, 3)]


def test_lane_freed_early_is_reused_lowest_first():
    # At 50 lanes 0 and 2 are free (a and c ended); the new item takes lane 0, the lowest.
    spans = [(0, 40), (0, 100), (10, 45), (50, 80)]
    assert pairs(lanes(spans)) == [(0, 3), (1, 3), (2, 3), (0, 3)]


def test_cluster_width_applies_to_every_member_even_those_never_overlapping_the_peak():
    # (0, 30) only ever overlaps one other item, but is in a cluster that needs three lanes.
    spans = [(0, 30), (20, 100), (50, 100), (60, 70)]
    result = lanes(spans)
    assert [p.lanes for p in result] == [3, 3, 3, 3]
    assert [p.lane for p in result] == [0, 1, 0, 2]


def test_results_follow_the_input_order_not_the_time_order():
    spans = [(90, 150), (0, 60), (30, 90), (60, 120)]
    # Same items as the chain example, shuffled: each keeps its own placement.
    assert pairs(lanes(spans)) == [(1, 2), (0, 2), (1, 2), (0, 2)]


def test_items_starting_together_shorter_first():
    # Ties on start are broken by end, so the shorter item gets the lower lane.
    assert pairs(lanes([(0, 90), (0, 30)])) == [(1, 2), (0, 2)]


def test_works_on_datetimes():
    t = datetime(2026, 10, 5, 14, tzinfo=UTC)
    hour = timedelta(hours=1)
    spans = [(t, t + hour), (t + hour / 2, t + 2 * hour), (t + 2 * hour, t + 3 * hour)]
    assert pairs(lanes(spans)) == [(0, 2), (1, 2), (0, 1)]


def test_separate_clusters_have_their_own_lane_counts():
    spans = [(0, 60), (10, 60), (20, 60), (100, 160), (110, 170)]
    assert pairs(lanes(spans)) == [(0, 3), (1, 3), (2, 3), (0, 2), (1, 2)]


def test_zero_length_item_overlaps_nothing():
    assert pairs(lanes([(0, 60), (30, 30)])) == [(0, 1), (0, 1)]


def test_zero_length_item_at_a_boundary_stays_alone():
    assert pairs(lanes([(0, 60), (60, 60), (60, 90)])) == [(0, 1), (0, 1), (0, 1)]


# -- properties ---------------------------------------------------------------------------


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def clusters(spans: list[tuple[int, int]]) -> list[set[int]]:
    """Indexes of spans that overlap each other transitively (brute force, union-find)."""
    parent = list(range(len(spans)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(spans)):
        for j in range(i):
            if overlaps(spans[i], spans[j]):
                parent[root(i)] = root(j)
    groups: dict[int, set[int]] = {}
    for i in range(len(spans)):
        groups.setdefault(root(i), set()).add(i)
    return list(groups.values())


def most_at_once(spans: list[tuple[int, int]], members: set[int]) -> int:
    """The most spans of ``members`` open at one instant (the peak is at some start)."""
    return max(sum(1 for j in members if spans[j][0] <= spans[i][0] < spans[j][1])
               for i in members)


span = st.tuples(st.integers(0, 48), st.integers(1, 16)).map(lambda p: (p[0], p[0] + p[1]))
span_lists = st.lists(span, max_size=25)


@settings(max_examples=400, deadline=None)
@given(span_lists)
def test_lane_properties(spans):
    result = lanes(spans)
    assert len(result) == len(spans)
    for p in result:
        assert 0 <= p.lane < p.lanes

    # No two overlapping items share a lane.
    for i in range(len(spans)):
        for j in range(i):
            if overlaps(spans[i], spans[j]):
                assert result[i].lane != result[j].lane, (spans[i], spans[j])

    for members in clusters(spans):
        counts = {result[i].lanes for i in members}
        # One width for the whole cluster ...
        assert len(counts) == 1, (members, counts)
        # ... and it is as narrow as it can be: the most items open at one instant.
        assert counts.pop() == most_at_once(spans, members)


@settings(max_examples=300, deadline=None)
@given(span_lists)
def test_each_item_takes_the_lowest_lane_free_at_its_start(spans):
    result = lanes(spans)
    for i, (start, _end) in enumerate(spans):
        for lower in range(result[i].lane):
            # Something in that lane, started no later, is still open at this start.
            assert any(result[j].lane == lower and j != i
                       and spans[j][0] <= start < spans[j][1] for j in range(len(spans))), (
                spans[i], lower)


@settings(max_examples=300, deadline=None)
@given(span_lists, st.randoms(use_true_random=False))
def test_placement_does_not_depend_on_input_order(spans, rnd):
    shuffled = list(range(len(spans)))
    rnd.shuffle(shuffled)
    before = lanes(spans)
    after = lanes([spans[i] for i in shuffled])
    # Identical spans may swap lanes with each other; anything else keeps its placement.
    by_span: dict[tuple[int, int], list[Placement]] = {}
    for i, p in enumerate(before):
        by_span.setdefault(spans[i], []).append(p)
    moved: dict[tuple[int, int], list[Placement]] = {}
    for k, p in enumerate(after):
        moved.setdefault(spans[shuffled[k]], []).append(p)
    assert {k: sorted(v) for k, v in by_span.items()} == {k: sorted(v) for k, v in moved.items()}
