"""The candidates of one BM25 search (pg_topk.py): per-candidate arrays, found by row id.

Each candidate has a slot, in the order first seen; per slot: row_id; tf (-1 where not known)
and unknown (1 there, else 0), per list; upper and lower, the weighted sums of the bounds of the
parts found; fetched (liveness and length read), live (in the generation and the filter), vid,
length. The arrays are views of stores that grow by doubling, so that appending a round's new
candidates costs amortised constant time per candidate; a sorted copy of the row ids finds a
candidate's slot by binary search, and also remembers chunks found hopeless (slot -1).
"""

from __future__ import annotations

import numpy as np

SLOT_FIELDS = {  # a new slot's values
    "row_id": 0, "tf": -1.0, "unknown": 1.0, "upper": 0.0, "lower": 0.0, "fetched": False, "live": False,
    "vid": -1, "length": 1.0,
}  # fmt: skip


class Slots:
    """Per-candidate arrays (the fields above, as attributes) and the sorted index of row ids."""

    row_id: np.ndarray
    tf: np.ndarray
    unknown: np.ndarray
    upper: np.ndarray
    lower: np.ndarray
    fetched: np.ndarray
    live: np.ndarray
    vid: np.ndarray
    length: np.ndarray

    def __init__(self, width: int) -> None:
        self._store = {
            name: np.empty((0, width) if name in ("tf", "unknown") else 0, dtype=type(fill))
            for name, fill in SLOT_FIELDS.items()
        }
        self._grow(0)
        self.sorted_ids, self.sorted_slots = self.row_id.copy(), np.empty(0, dtype=np.int64)

    def _known(self, ids: np.ndarray) -> np.ndarray:
        """Whether each row id has a slot (or was found hopeless)."""
        where = np.searchsorted(self.sorted_ids, ids)
        known = where < len(self.sorted_ids)
        known[known] = self.sorted_ids[where[known]] == ids[known]
        return known

    def _index(self, ids: np.ndarray, slots: np.ndarray) -> None:
        """Row ids (sorted) and their slots into the sorted copy that finds them."""
        at = np.searchsorted(self.sorted_ids, ids)
        self.sorted_ids = np.insert(self.sorted_ids, at, ids)
        self.sorted_slots = np.insert(self.sorted_slots, at, slots)

    def _grow(self, count: int) -> None:
        """Room for `count` slots: the stored arrays doubled when full, the views lengthened."""
        if count > len(self._store["row_id"]):
            size = max(count, 2 * len(self._store["row_id"]), 1024)
            for name, fill in SLOT_FIELDS.items():
                old = self._store[name]
                grown = np.full((size, *old.shape[1:]), fill, dtype=old.dtype)
                grown[: len(old)] = old
                self._store[name] = grown
        for name in SLOT_FIELDS:
            setattr(self, name, self._store[name][:count])
