"""A compact LSH bucket table in numpy (band key -> article numbers, a multimap).

Why not ``rensa.RMinHashLSH``: it cannot be queried with a digest row (only with ``RMinHash``
objects, which cannot be built from a stored signature without its private pickle format), and
a hash map of vectors per band costs ~80 B per (article, band). Python dicts cost ~85 B. With 42
bands that alone is > 3 KiB per article; this table costs 8 B / load factor per entry, and the
owner keeps the load between ~0.35 and 0.7 (it rebuilds at 0.7 with twice the rows).

Layout: ``rows x WAYS`` slots of (uint32 fingerprint, int32 value), filled left to right, with a
fill count per row. A key hashes to a row (low bits) and a fingerprint (high bits). A row that is
full spills into the next one, so a lookup keeps probing while the row it read was full. There
is no deletion (articles are never removed from a dedup index), which keeps all of this simple.
A fingerprint match is only a candidate: callers check signatures and then texts.
"""

from __future__ import annotations

import sys

import numpy as np

# 16 ways: at load 0.35-0.7 a row holds 5.6-11 keys on average (Poisson), so few rows fill up
# and spill (8 ways spilled 5% of keys at load 0.5, making most inserts take the slow path)
WAYS = 16
_SHIFT = WAYS.bit_length() - 1
_NONE = np.empty(0, dtype=np.int32)
_NONE.flags.writeable = False
_LITTLE = sys.byteorder == "little"
MAX_LOAD = 0.7


class BucketTable:
    """Multimap from uint64 keys to int32 values; grown by the owner (``needs_grow``/``reset``)."""

    def __init__(self, rows: int = 1024):
        self._init(max(64, 1 << (rows - 1).bit_length()))
        self.entries = 0

    def _init(self, rows: int) -> None:
        self.rows = rows
        self.fp = np.zeros((rows, WAYS), dtype=np.uint32)
        self.val = np.zeros((rows, WAYS), dtype=np.int32)
        self.fill = np.zeros(rows, dtype=np.uint8)

    @property
    def nbytes(self) -> int:
        return self.fp.nbytes + self.val.nbytes + self.fill.nbytes

    def needs_grow(self, extra: int) -> bool:
        return self.entries + extra > MAX_LOAD * self.rows * WAYS

    def reset(self, capacity_entries: int) -> None:
        """Empty table sized for ``capacity_entries`` (the caller re-inserts everything)."""
        rows = 64
        # load <= 0.42 afterwards: growing from 0.7 doubles the rows, and there is room to grow
        while capacity_entries > 0.6 * MAX_LOAD * rows * WAYS:
            rows *= 2
        self._init(rows)
        self.entries = 0

    def locate(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Home rows (low bits) and fingerprints (high bits, never 0) of uint64 keys."""
        keys = np.ascontiguousarray(keys, dtype=np.uint64)
        rows = keys.view(np.int64) & np.int64(self.rows - 1)
        if _LITTLE:  # the high halves as a strided view: one numpy call fewer on the hot path
            fps = keys.view(np.uint32)[1::2] | np.uint32(1)
        else:
            fps = (keys >> np.uint64(32)).astype(np.uint32) | np.uint32(1)
        return rows, fps

    def query(self, keys: np.ndarray) -> np.ndarray:
        return self.query_at(*self.locate(keys))[0]

    def query_at(self, rows: np.ndarray, fps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(values stored under the located keys, with repeats; fill of each key's home row).

        ``insert_at`` can reuse the fills if nothing was inserted in between. Each numpy call
        costs ~1-2 us here, more than the work, hence the flat indices and the max() tests.
        """
        hit = np.flatnonzero(self.fp[rows] == fps[:, None])  # flat index: key * WAYS + way
        occ = self.fill[rows]
        found = [self.val[rows[hit >> _SHIFT], hit & (WAYS - 1)]] if len(hit) else []
        if int(occ.max()) == WAYS:  # rare: keys whose home row is full continue in the next row
            full = occ == WAYS
            while full.any():
                rows = (rows[full] + 1) & (self.rows - 1)
                fps = fps[full]
                ri, wi = np.nonzero(self.fp[rows] == fps[:, None])
                if len(ri):
                    found.append(self.val[rows[ri], wi])
                full = self.fill[rows] == WAYS
        vals = np.concatenate(found) if len(found) > 1 else found[0] if found else _NONE
        return vals, occ

    def _claim(self, n: int) -> None:
        # a full table would make the spill loops spin forever; the owner grows it long before
        if self.entries + n > self.rows * WAYS:
            raise RuntimeError("bucket table full: grow it (needs_grow/reset) before inserting")
        self.entries += n

    def insert(self, keys: np.ndarray, vals: np.ndarray) -> None:
        """Bulk insert: ``vals[i]`` under ``keys[i]``."""
        rows, fps = self.locate(keys)
        self._claim(len(rows))
        self._insert_sorted(rows, fps, np.asarray(vals, dtype=np.int32))

    def insert_at(self, rows: np.ndarray, fps: np.ndarray, value: int, occ: np.ndarray | None = None) -> None:
        """Store ``value`` under each located key (one article's bands); a full row spills over.

        Each fingerprint goes to its row's next free slot and is read back; a mismatch means
        two keys shared a row (rare), which the sorted path handles. ``occ``: the row fills
        that ``query_at`` returned for these keys, if the table has not changed since.
        """
        self._claim(len(rows))
        fp, val = self.fp.reshape(-1), self.val.reshape(-1)
        slot = self.fill[rows] if occ is None else occ
        while len(rows):
            if int(slot.max()) < WAYS:  # the usual case: every home row has room
                every, r, f, sl = True, rows, fps, slot
            else:
                free = slot < WAYS
                every, r, f, sl = False, rows[free], fps[free], slot[free]
            at = r * WAYS + sl
            fp[at] = f
            if (fp[at] != f).any():
                fp[at] = 0  # undo: those slots were free
                self._insert_sorted(rows, fps, np.full(len(rows), value, dtype=np.int32))
                return
            val[at] = value
            self.fill[r] = sl + np.uint8(1)  # rows are distinct, as the read-back showed
            if every:
                return
            full = ~free  # these rows are full: go round again at the next row
            rows, fps = (rows[full] + 1) & (self.rows - 1), fps[full]
            slot = self.fill[rows]

    def _insert_sorted(self, rows: np.ndarray, fps: np.ndarray, vals: np.ndarray) -> None:
        """Bulk insert: keys that land in one row are ranked (sort by row) so each takes its own
        slot; those that do not fit move on to the next row and go round again."""
        fp, val = self.fp.reshape(-1), self.val.reshape(-1)
        while len(rows):
            order = np.argsort(rows.astype(np.int32))  # order within a row does not matter
            rows, fps, vals = rows[order], fps[order], vals[order]
            n = len(rows)
            starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
            rank = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
            slot = self.fill[rows] + rank
            ok = slot < WAYS
            r_ok, s_ok = rows[ok], slot[ok]
            at = r_ok * WAYS + s_ok
            fp[at] = fps[ok]
            val[at] = vals[ok]
            if len(r_ok):
                # the placed keys of a row are a prefix of its group, so its last one sets the fill
                last = np.ones(len(r_ok), dtype=bool)
                np.not_equal(r_ok[1:], r_ok[:-1], out=last[:-1])
                self.fill[r_ok[last]] = (s_ok[last] + 1).astype(np.uint8)
            spill = ~ok
            rows = (rows[spill] + 1) & (self.rows - 1)
            fps, vals = fps[spill], vals[spill]
