"""Exact BM25 top k from impact-ordered postings: each term's list read deeper until bounds prove it.

Each posting stores an impact  i = tf / (tf + K_ref(d)),  K_ref being K (pg_bm25.py) with a
reference average A_ref fixed for the index (`rag_meta.lexical`), and `rag_postings_impact_idx`
lists a term's postings by impact, best first. Impacts bound a chunk's part for a term both ways
under the generation's average `avg`, with r = min(1, A_ref / avg) and R = max(1, A_ref / avg):

    r * K_ref(d) <= K(d) <= R * K_ref(d)   (each of K's two terms is K_ref's times A_ref / avg or 1),
    and K_ref = tf * (1 - i) / i, so   i / (i + R * (1 - i)) <= tf / (tf + K) <= i / (i + r * (1 - i)),

both increasing in i. Reading the top M postings of every query term gives the candidates. A
chunk in none of the lists has impact <= s_t in every list t (s_t: the last impact read), so its
part is at most u_t = s_t / (s_t + r * (1 - s_t)), or 0 once the list was read to its end, and
its score at most  UB = sum_t qtf(t) * idf(t) * u_t.  When k live candidates score above UB they
are the exact top k; otherwise lists are read deeper (to their ends at worst: then UB = 0).

Candidates are scored lazily, as MaxScore and Fagin's threshold algorithm do: from impacts
alone each gets a lower and an upper bound on its score, u_t standing for a list it was not found
in. Each round the best candidates by lower bound are made exact (a probe), which proves a k-th
best score early; a chunk first seen later with an upper bound below it is ignored for good (its
parts in the lists it was not found in are bounded by the same u_t, which only fall). Lists are
read deeper (GROWTH times) until k candidates are sure to beat UB, the lists whose bounds together
stay below the k-th best lower bound left as they are (MaxScore's non-essential lists: a chunk
found in those alone cannot reach the top k). Then only the candidates that can still reach the
top k (upper bound >= the k-th best lower bound, and > UB) are resolved: a term's missing tf's by
primary key, a term at a time (each closes candidates for the next), or by reading its list to
the end when that is cheaper; then their liveness and length, which makes them exact. Nothing
here changes a score: the bounds only decide what is read, so the result is the exact top k
whatever the constants below, as long as the proof needs at most BUDGET postings. Past that (the
common words of an index of a million chunks) the lists are cut there, and the top k is taken
among the chunks found, the best by their parts made exact: scores stay exact, and a chunk that
ranks only by postings past the cut may be missed (measured in docs/benchmarks.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import psycopg

from rag.index.pg_bm25 import Totals, kth_largest, parts, scores, through_impact, top
from rag.index.pg_postings import chunks, pages, pairs
from rag.index.pg_slots import Slots

START = 1000  # postings read per term in the first round
ROUNDING = 1e-6  # impacts are float4 (2**-24 relative rounding): bounds keep this margin
# A tf looked up (or a chunk read) by key costs about as much as this many postings read down a
# list (~3 against ~0.3 us, measured): a list shorter than the lookups it saves is read instead.
LOOKUP_COST = 10
PROBE = 2  # times k candidates made exact in a round, the best by lower bound
GROWTH = 4  # an essential list is read this many times deeper each round (fewer round trips)
# Postings one search reads at most (docs/benchmarks.md, "BM25 within a budget"): below it the
# top k is exact; above it (common words of an index of a million chunks) the lists stop there.
BUDGET = 60_000
SETTLE = 3  # times k candidates made exact when the budget is spent


class ImpactLists(Slots):
    """The rounds of one search. Per candidate slot: per list its tf (-1: not known) and the
    bounds its impact gives; once read, its liveness, vid and length."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        terms: list[str],
        weights: np.ndarray,
        df: list[int],
        k: int,
        totals: Totals,
        allowed: np.ndarray | None,
    ) -> None:
        self.conn, self.terms, self.weights, self.k, self.totals = conn, terms, weights, k, totals
        self.df = np.array(df, dtype=np.int64)  # a list's length, less postings of other generations
        self.allowed = None if allowed is None else np.unique(allowed)
        reference = totals.impact_average or totals.average
        self.ratio = min(1.0, reference / totals.average)  # r in the module's docstring
        self.spread = max(1.0, reference / totals.average)  # R
        width = len(terms)
        super().__init__(width)
        self.read = np.zeros(width, dtype=np.int64)  # postings read so far, per list
        self.last = np.ones(width)  # the last impact read (s_t)
        self.done = np.zeros(width, dtype=bool)  # lists read to their end
        self.proven = -np.inf  # the k-th best exact score of live candidates so far

    def run(self, start: int, budget: int = BUDGET) -> list[tuple[int, float]]:
        found, depth = None, np.full(len(self.terms), start)
        while found is None:
            depth = self._within(depth, budget)
            if depth is None:
                return self._settle()
            self._read(depth)
            found, depth = self._round()
        return found

    def _within(self, depth: np.ndarray, budget: int) -> np.ndarray | None:
        """The next depths, cut so that at most `budget` postings are read in all; None once
        the budget is spent."""
        spent = int(self.read.sum())
        more = np.where(self.done, 0, np.maximum(depth - self.read, 0))
        if spent + more.sum() > budget:
            more = (more * max(budget - spent, 0) / more.sum()).astype(np.int64)
        return None if not more.any() else self.read + more

    def _settle(self) -> list[tuple[int, float]]:
        """Out of budget: the best candidates by the parts their postings read so far give (the
        best impacts of every list), made exact, and the top k of those. A chunk found in no
        list's prefix, or whose parts there put it below them, may be missed; the scores of the
        chunks returned are exact."""
        u = np.where(self.done, 0.0, self.bound(self.last))
        self._probe(self._bounds(u)[0], SETTLE)
        return self._prove()

    def bound(self, impact: np.ndarray) -> np.ndarray:
        """The most a chunk of stored impact <= `impact` takes from a list, under today's average."""
        return through_impact(impact * (1 + ROUNDING), self.ratio)

    def least(self, impact: np.ndarray) -> np.ndarray:
        """The least a chunk of stored impact `impact` takes from a list, under today's average."""
        return through_impact(impact * (1 - ROUNDING), self.spread)

    def _round(self) -> tuple[list[tuple[int, float]] | None, np.ndarray]:
        """The exact top k if the lists as read prove it, else the depths to read them to."""
        u = np.where(self.done, 0.0, self.bound(self.last))
        ceiling = float(self.weights @ u)  # the most a chunk in no list can score
        finished = self.done.all()
        low, high = self._bounds(u)
        if not finished and kth_largest(low, self.k) > self.proven:  # the guess is above what is proven
            self._probe(low)
            low, high = self._bounds(u)
        if not finished and (low > ceiling).sum() < self.k:
            return None, self._essential(u, low)  # not k chunks sure to beat the ceiling yet
        if not finished:
            open_ = (high >= kth_largest(low, self.k)) & (high > ceiling)
            rest = np.maximum(self.df - self.read, 0)
            cheaper = ~self.done & ((self.tf[open_] < 0).sum(axis=0) * LOOKUP_COST > rest)
            if cheaper.any():  # the shortest such list to its end (and chunks of other generations)
                t = np.flatnonzero(cheaper)[np.argmin(rest[cheaper])]
                depth = self.read.copy()
                depth[t] = max(self.df[t] + self.df[t] // 8 + 100, 2 * self.read[t])
                return None, depth
        self._resolve(u, ceiling, np.ones(len(self.row_id), dtype=bool))  # before lengths: fewer to read
        floor = self._open(u, ceiling)
        self._resolve(u, ceiling, self.fetched, floor)
        best = self._prove()
        if finished or (len(best) >= self.k and best[self.k - 1][1] > ceiling):
            return best, self.read
        return None, self._essential(u, self._bounds(u)[0])

    def _probe(self, low: np.ndarray, times: int = PROBE) -> None:
        """The best candidates by lower bound made exact (all their tf's, their length): a few
        lookups that prove a k-th best score close to its final value early, which leaves more
        lists non-essential and lets chunks seen later with lower bounds be ignored."""
        best = np.flatnonzero(~(self.fetched & (self.unknown.sum(axis=1) == 0)) & (low > -np.inf))
        if len(best) > times * self.k:
            best = best[np.argpartition(-low[best], times * self.k)[: times * self.k]]
        if len(best):
            self._pairs(best, np.arange(len(self.terms)))
            self._fetch(best[~self.fetched[best]])
        self._prove()

    def _prove(self) -> list[tuple[int, float]]:
        """The best k of the candidates known exactly; the k-th one's score is proven: the top k
        scores at least that much."""
        exact = np.flatnonzero(self.live & ~(self.tf < 0).any(axis=1))
        score = scores(self.tf[exact], self.length[exact], self.weights, self.totals.average)
        best = top(self.vid[exact], score, self.k)
        if len(best) >= self.k:
            self.proven = max(self.proven, best[self.k - 1][1])
        return best

    def _essential(self, u: np.ndarray, low: np.ndarray) -> np.ndarray:
        """The next depths: the lists whose bounds together stay below the k-th best lower bound
        are left as they are; the others are read GROWTH times as deep."""
        contribution = self.weights * u
        order = np.argsort(contribution)
        essential = np.zeros(len(self.terms), dtype=bool)
        essential[order] = np.cumsum(contribution[order]) >= kth_largest(low, self.k)
        essential &= ~self.done
        return np.where(essential if essential.any() else ~self.done, self.read * GROWTH, self.read)

    def _resolve(self, u: np.ndarray, ceiling: float, mask: np.ndarray, floor: float = -np.inf) -> None:
        """Missing tf's of the open candidates among `mask`, a term at a time, the largest bound
        first: each term's lookups move bounds, closing candidates for the next."""
        low, high = self._bounds(u)
        for t in np.argsort(-(self.weights * u)):
            floor = max(floor, kth_largest(low, self.k))
            still = mask & (self.tf[:, t] < 0) & (high >= floor) & (high > ceiling)
            if still.any():
                self._pairs(np.flatnonzero(still), np.array([t]))
                low, high = self._bounds(u)

    def _open(self, u: np.ndarray, ceiling: float) -> float:
        """Read the candidates that may still reach the top k, and the k best by lower bound,
        until none is left unread; returns the k-th best lower bound (of live chunks, then).
        Usually one read: more only when some turn out to be outside the generation or filter."""
        while True:
            low, high = self._bounds(u)
            floor = kth_largest(low, self.k)
            wanted = ~self.fetched & (((high >= floor) & (high > ceiling)) | (low >= floor))
            if not wanted.any():
                return floor
            self._fetch(np.flatnonzero(wanted))

    def _bounds(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate, bounds on its score: a part found is bounded by its impact, exact once
        the candidate's length is read; a list it was not found in (tf -1) gives from 0 to u_t.
        A candidate read and found outside the generation (or the filter) gets -inf."""
        low, high = self.lower.copy(), self.upper + self.unknown @ (self.weights * u)
        read = np.flatnonzero(self.fetched)
        part = parts(np.maximum(self.tf[read], 0), self.length[read], self.totals.average)
        low[read] = part @ self.weights
        high[read] = (part + self.unknown[read] * u) @ self.weights
        dead = self.fetched & ~self.live
        low[dead] = high[dead] = -np.inf
        return low, high

    def _read(self, depth: np.ndarray) -> None:
        """Each unfinished list read down to its `depth`."""
        wanted = np.flatnonzero(~self.done & (depth > self.read))
        take = depth[wanted] - self.read[wanted]
        lists, ids, tf, impact = pages(self.conn, [self.terms[i] for i in wanted], self.read[wanted], take)
        lists = wanted[lists]
        got = np.bincount(lists, minlength=len(self.terms))
        np.minimum.at(self.last, lists, impact)  # pages come best first: the last is the least
        self.read[wanted] += got[wanted]
        ended = np.zeros(len(self.terms), dtype=bool)
        ended[wanted] = got[wanted] < take
        keep = self._hopeful(lists, ids, impact, np.where(self.done | ended, 0.0, self.bound(self.last)))
        self._found(lists[keep], ids[keep], tf[keep], impact[keep])
        self.done |= ended
        self._absent(ended)

    def _hopeful(self, lists: np.ndarray, ids: np.ndarray, impact: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Postings to keep: a chunk first seen now whose upper bound (u: the lists' bounds with
        this page in) is below the proven k-th best score cannot reach the top k, now or later; it
        gets no slot, and its postings are ignored from now on."""
        fresh = ~self._known(ids)
        if self.proven == -np.inf or not fresh.any():
            return np.ones(len(ids), dtype=bool)
        first, inverse = np.unique(ids[fresh], return_inverse=True)
        gain = self.weights[lists[fresh]] * (self.bound(impact[fresh]) - u[lists[fresh]])
        dropped = first[np.bincount(inverse, gain, len(first)) + self.weights @ u < self.proven]
        self._index(dropped, np.full(len(dropped), -1))  # known, and hopeless
        return ~np.isin(ids, dropped)

    def _absent(self, lists: np.ndarray) -> None:
        """Lists read to their end: a candidate not found in one has tf 0 there."""
        if lists.any():
            self.tf[:, lists] = np.maximum(self.tf[:, lists], 0)
            self.unknown[:, lists] = 0

    def _found(self, lists: np.ndarray, ids: np.ndarray, tf: np.ndarray, impact: np.ndarray) -> None:
        """Postings of candidates, from a list or by key: tf known, the part's bounds added."""
        slots = self._slots(ids)
        new = slots >= 0  # not a hopeless chunk's
        new[new] = self.unknown[slots[new], lists[new]] > 0  # one looked up may come again in its list
        slots, lists, tf, impact = slots[new], lists[new], tf[new], impact[new]
        self.tf[slots, lists] = tf
        self.unknown[slots, lists] = 0
        count = len(self.row_id)
        self.upper += np.bincount(slots, self.weights[lists] * self.bound(impact), count)
        self.lower += np.bincount(slots, self.weights[lists] * self.least(impact), count)

    def _slots(self, ids: np.ndarray) -> np.ndarray:
        """The slots of row ids (-1: hopeless), new ones appended."""
        fresh = np.unique(ids[~self._known(ids)])
        if len(fresh):
            count = len(self.row_id)
            self._grow(count + len(fresh))
            self.row_id[count:] = fresh
            self.tf[count:, self.done] = 0  # not in a list read to its end: tf 0
            self.unknown[count:, self.done] = 0
            self._index(fresh, np.arange(count, count + len(fresh)))
        return self.sorted_slots[np.searchsorted(self.sorted_ids, ids)]

    def _fetch(self, slots: np.ndarray) -> None:
        """Liveness, vid and length of candidates (a chunk another generation holds is dead)."""
        ids, vids, lengths = chunks(self.conn, self.row_id[slots], self.totals.generation)
        self.fetched[slots] = True
        found = self._slots(ids)
        self.vid[found], self.length[found] = vids, lengths
        self.live[found] = True if self.allowed is None else np.isin(vids, self.allowed)

    def _pairs(self, slots: np.ndarray, lists: np.ndarray) -> None:
        """Some terms' tf (and impact) for candidates they were not read with; no posting means 0."""
        found, ids, tf, impact = pairs(self.conn, [self.terms[t] for t in lists], self.row_id[slots])
        self._found(lists[found], ids, tf, impact)
        grid = np.ix_(slots, lists)
        self.tf[grid] = np.maximum(self.tf[grid], 0)
        self.unknown[grid] = 0
