"""Side-by-side lanes for items that overlap in one column (an overbooked therapist).

The calendar layout used by KOrganizer and Merkuro: sort by start, split into clusters of
items that overlap each other transitively, give each item the lowest lane that is free at
its start, and let every item in a cluster share the cluster's lane count (width = 1/lanes).
Pure and deterministic, so the day view, the week view and tests agree on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol, TypeVar


class Ordered(Protocol):
    """What a span's ends must allow: datetimes, minutes, anything totally ordered."""

    def __lt__(self, other: Any, /) -> bool: ...
    def __le__(self, other: Any, /) -> bool: ...
    def __ge__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=Ordered)


class Placement(NamedTuple):
    lane: int
    lanes: int


def lanes(spans: Sequence[tuple[K, K]]) -> list[Placement]:
    """Placements for ``spans`` (start, end) pairs, returned in the input's order.

    Half-open: an item ending exactly when another starts does not overlap it, and an item of
    zero length overlaps nothing.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1], i))
    lane_of = [0] * len(spans)
    cluster_of = [0] * len(spans)
    cluster_lanes: list[int] = []
    lane_ends: list[K] = []  # end of the item last placed in each lane of the current cluster
    cluster_end: K | None = None
    for i in order:
        start, end = spans[i]
        if not start < end:
            cluster_of[i] = -1  # zero length: overlaps nothing, so full width, no lane taken
            continue
        if cluster_end is None or start >= cluster_end:
            cluster_lanes.append(0)  # a new cluster: nothing open overlaps this item
            lane_ends = []
            cluster_end = end
        else:
            cluster_end = max(cluster_end, end)
        for lane, lane_end in enumerate(lane_ends):
            if lane_end <= start:
                lane_ends[lane] = max(end, start)
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(end)
        lane_of[i] = lane
        cluster_of[i] = len(cluster_lanes) - 1
        cluster_lanes[-1] = max(cluster_lanes[-1], lane + 1)
    return [Placement(lane_of[i], cluster_lanes[cluster_of[i]]) if cluster_of[i] >= 0
            else Placement(0, 1) for i in range(len(spans))]
