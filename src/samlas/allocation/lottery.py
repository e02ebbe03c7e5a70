"""A seeded lottery among all optimal allocations of a block.

Why a lottery *inside* the optimum: equal-cost allocations are common (who of two people with
the same first choice gets the last seat), and the organiser must be able to say the choice was
fair and reproducible. The rule is a random serial dictatorship restricted to optimal
allocations: the registrants are put in a random order; in that order, each one is given their
most preferred seminar that still leaves an optimal allocation for everybody. The total cost is
untouched, two registrants in the same situation have the same chances, and the result depends
only on the instance and the seed — not on the order of the input or on the solver.

Only the registrants whose seat is *not* the same in every optimal allocation take part in the
draw (those who may get different seminars, or no seat): for everybody else the order makes no
difference. :func:`draw_order` puts the participants in order: sorted by id, each draws a
number from Python's Mersenne Twister seeded with "<seed>␟<block id>", and the order is that of
the numbers. ``random.random()`` with a given seed is the one part of the ``random`` module
that Python guarantees to reproduce across versions, so anybody can re-draw it.

Registrants with the same cheapest options and the same ranks for them (a "class", see
:mod:`.block`) prefer those options in the same order (lower rank ⇔ higher price), so the
lottery only has to decide *how many* of each class get each option; within a class, earlier
draws get better options. The decisions are made in windows of consecutive draws whose joint
feasibility is checked on the class-level flow, halving the window at a conflict, so the work
grows with the number of classes and conflicts rather than with the number of people.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import repeat
from random import Random

from samlas.allocation.flow import Bipartite


def draw(
    seed: int,
    block_id: str,
    registrant_ids: Sequence[str],
    members: Iterable[int],
    *,
    ascending_ids: bool = False,
) -> tuple[list[int], list[int]]:
    """The lottery of a block: ``members`` (positions in ``registrant_ids``) sorted by id, and
    the draw order as indices into that sorted list.

    Sorted by id (Unicode code points), the k-th member receives the k-th ``random()`` of
    ``random.Random("<seed>\\x1f<block id>")``; the draw order is by these numbers, ties
    (never seen in practice: 53-bit numbers) by id. Lone surrogates, which JSON allows in ids,
    are encoded as they are rather than refused. ``ascending_ids``: the ids increase with the
    position and ``members`` come in increasing positions, so they are sorted already.
    """
    by_id = list(members) if ascending_ids else sorted(members, key=registrant_ids.__getitem__)
    generator = Random(f"{seed}\x1f{block_id}".encode("utf-8", "surrogatepass"))
    numbers = list(map(Random.random, repeat(generator, len(by_id))))
    return by_id, sorted(range(len(by_id)), key=numbers.__getitem__)


def draw_order(
    seed: int, block_id: str, registrant_ids: Sequence[str], members: Iterable[int]
) -> list[int]:
    """``members`` (positions in ``registrant_ids``) in the order the lottery draws them."""
    by_id, order = draw(seed, block_id, registrant_ids, members)
    return list(map(by_id.__getitem__, order))


class Face:
    """Class-level allocations that are optimal, with lower bounds for decisions made.

    ``options[c]`` lists class c's options, most preferred first; option ``m`` is "no seat".
    Seminars with a positive price must stay exactly full, others may vary within capacity.
    """

    def __init__(
        self,
        capacities: Sequence[int],
        prices: Sequence[int],
        options: Sequence[Sequence[int]],
        counts: Sequence[int],
    ):
        m = len(capacities)
        self.options = [list(opts) for opts in options]
        self.counts = list(counts)
        unlimited = sum(counts) + 1
        self.capacity = [*capacities, unlimited]
        self.adjustable = [p == 0 for p in prices] + [True]
        self.users: list[list[tuple[int, int]]] = [[] for _ in range(m + 1)]
        for c, opts in enumerate(self.options):
            for j, o in enumerate(opts):
                self.users[o].append((c, j))
        # A first optimal allocation: fill the seminars that must be full, then place the rest.
        network = Bipartite(counts, self.options, m + 1)
        network.augment([0 if self.adjustable[o] else self.capacity[o] for o in range(m + 1)])
        network.augment(self.capacity)
        if any(network.remaining) or any(
            network.load[o] != self.capacity[o] for o in range(m) if not self.adjustable[o]
        ):
            raise AssertionError("the prices are not optimal: no allocation fits them")
        self.flow = [[network.flow[c][o] for o in opts] for c, opts in enumerate(self.options)]
        self.load = network.load
        # Decided seats: single-option classes are decided from the start.
        self.lower = [
            [n if len(opts) == 1 else 0 for _ in opts]
            for n, opts in zip(counts, options, strict=True)
        ]
        self.reachable = self._reachable()

    def _reachable(self) -> list[list[int]]:
        """Per class, the options that some optimal allocation gives to one of its members.

        A class with a single such option is decided now (its lower bound is its count): its
        members get the same seat in every optimal allocation and take no part in the draw.
        """
        flow, lower = self.flow, self.lower
        reachable = []
        for c, opts in enumerate(self.options):
            found = []
            for j in range(len(opts)):
                if flow[c][j] == 0 and len(opts) > 1:
                    lower[c][j] = 1  # can some optimal allocation give it one seat here?
                    feasible = self._satisfy(c, j)
                    lower[c][j] = 0
                    if not feasible:
                        continue
                found.append(j)
            if len(found) == 1:
                lower[c][found[0]] = self.counts[c]
            reachable.append(found)
        return reachable

    def draw(self, members: Sequence[Sequence[int]]) -> list[list[int]]:
        """Serial dictatorship; ``members[c]`` holds the draw ranks of class c, ascending.

        Returns, per class, how many of its registrants get each option (in preference order);
        the class's earliest draws get the most preferred options. Classes with a single
        reachable option are decided already and skipped. Windows of consecutive draws are
        counted per class by bisection.
        """
        lower, reachable = self.lower, self.reachable
        contested = [c for c, found in enumerate(reachable) if len(found) > 1 and members[c]]
        # Per class: the option its next registrant asks for (a position in reachable[c]), and
        # how many of its registrants have been served.
        desire = [0] * len(self.options)
        served = [0] * len(self.options)
        position, width = 0, 1
        total = 1 + max((members[c][-1] for c in contested), default=-1)
        while position < total:
            end = min(total, position + width)
            wanted = []
            for c in contested:
                n = bisect_left(members[c], end, served[c]) - served[c]
                if n:
                    wanted.append((c, reachable[c][desire[c]], n))
            for c, j, n in wanted:
                lower[c][j] += n
            if all(self._satisfy(c, j) for c, j, _ in wanted):
                for c, _, n in wanted:
                    served[c] += n
                position = end
                width *= 2
                continue
            for c, j, n in wanted:
                lower[c][j] -= n
            if end - position > 1:
                width = (end - position) // 2
            else:  # this registrant cannot have that option in any optimal allocation
                c = wanted[0][0]
                desire[c] += 1
                if desire[c] >= len(reachable[c]):
                    raise AssertionError("a registrant has no feasible option left")
        return [list(row) for row in lower]

    def _satisfy(self, c: int, j: int) -> bool:
        """Move flow along cycles of the face until flow[c][j] reaches its lower bound."""
        flow, lower = self.flow, self.lower
        while flow[c][j] < lower[c][j]:
            path = self._cycle(c, j)
            if path is None:
                return False
            delta = lower[c][j] - flow[c][j]
            for kind, a, b in path:
                if kind == "down":
                    delta = min(delta, flow[a][b] - lower[a][b])
                elif kind == "absorb":
                    delta = min(delta, self.capacity[a] - self.load[a])
            self._move(c, j, delta)
            for kind, a, b in path:
                if kind == "down":
                    self._move(a, b, -delta)
                elif kind == "up":
                    self._move(a, b, delta)
        return True

    def _move(self, c: int, j: int, delta: int) -> None:
        self.flow[c][j] += delta
        self.load[self.options[c][j]] += delta

    def _cycle(self, target: int, j: int) -> list[tuple[str, int, int]] | None:
        """A residual cycle adding one seat to (target, j) and taking one from target elsewhere.

        Nodes are options holding an extra registrant, classes missing one, and a "slack" node
        for seminars whose load may change. Breadth-first, so paths are short.
        """
        options, users, flow, lower = self.options, self.users, self.flow, self.lower
        start = options[target][j]
        # parent links: option -> (kind, a, b, previous node); nodes are ("o", o) / ("c", c)
        parents: dict[tuple[str, int], tuple[str, int, int, tuple[str, int]] | None] = {
            ("o", start): None
        }
        queue: list[tuple[str, int]] = [("o", start)]
        slack = ("s", -1)
        found = None
        for node in queue:
            kind, x = node
            if kind == "o":
                if slack not in parents and self.adjustable[x] and self.load[x] < self.capacity[x]:
                    parents[slack] = ("absorb", x, 0, node)
                    queue.append(slack)
                for c, jj in users[x]:
                    if flow[c][jj] > lower[c][jj] and ("c", c) not in parents:
                        parents[("c", c)] = ("down", c, jj, node)
                        if c == target:
                            found = ("c", c)
                            break
                        queue.append(("c", c))
                if found:
                    break
            elif kind == "c":
                for jj, o in enumerate(options[x]):
                    if ("o", o) not in parents:
                        parents[("o", o)] = ("up", x, jj, node)
                        queue.append(("o", o))
            else:
                for o in range(len(self.capacity)):
                    if self.adjustable[o] and self.load[o] > 0 and ("o", o) not in parents:
                        parents[("o", o)] = ("release", o, 0, node)
                        queue.append(("o", o))
        if found is None:
            return None
        path = []
        node = found
        while parents[node] is not None:
            kind, a, b, previous = parents[node]
            path.append((kind, a, b))
            node = previous
        return path
