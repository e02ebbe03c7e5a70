"""Maximum flow on the small bipartite networks the block solver works with.

The networks have one left node per class of interchangeable registrants (a few dozen) and one
right node per seminar, so plain shortest augmenting paths are fast enough and easy to check.
"""

from __future__ import annotations

from collections.abc import Sequence


class Bipartite:
    """source -> left i (supply) -> right j for j in members[i] (unbounded) -> sink (capacity).

    The state (flows, remaining supply, loads) persists between calls to :meth:`augment`, so a
    flow can be built in phases with different sink capacities; augmenting paths never lower a
    right node's load, so what one phase fills stays filled.
    """

    def __init__(self, supplies: Sequence[int], members: Sequence[Sequence[int]], rights: int):
        self.members = [list(ms) for ms in members]
        self.flow = [dict.fromkeys(ms, 0) for ms in members]
        self.users: list[list[int]] = [[] for _ in range(rights)]
        for i, ms in enumerate(self.members):
            for j in ms:
                self.users[j].append(i)
        self.remaining = list(supplies)
        self.load = [0] * rights

    def augment(self, capacities: Sequence[int]) -> tuple[list[int], list[int]]:
        """Push flow until no augmenting path is left; return the source side of the cut.

        The source side (left nodes, right nodes) is what the last search reached: the left
        nodes with supply left over and everything reachable from them in the residual network.
        """
        members, flow, users, remaining, load = (
            self.members,
            self.flow,
            self.users,
            self.remaining,
            self.load,
        )
        while True:
            reached_by: dict[int, int | None] = {i: None for i, r in enumerate(remaining) if r > 0}
            right_by: dict[int, int] = {}
            queue = list(reached_by)
            found = None
            for i in queue:  # the queue grows while we walk it: breadth-first
                for j in members[i]:
                    if j in right_by:
                        continue
                    right_by[j] = i
                    if load[j] < capacities[j]:
                        found = j
                        break
                    for i2 in users[j]:
                        if i2 not in reached_by and flow[i2][j] > 0:
                            reached_by[i2] = j
                            queue.append(i2)
                if found is not None:
                    break
            if found is None:
                return sorted(reached_by), sorted(right_by)
            path = []  # (left, right) arcs pushed forward, from the sink end to the source
            j = found
            while True:
                i = right_by[j]
                path.append((i, j))
                back = reached_by[i]
                if back is None:
                    break
                j = back
            source = path[-1][0]
            delta = min(remaining[source], capacities[found] - load[found])
            for i, _ in path[:-1]:
                delta = min(delta, flow[i][reached_by[i]])
            remaining[source] -= delta
            load[found] += delta
            for i, j in path:
                flow[i][j] += delta
                back = reached_by[i]
                if back is not None:
                    flow[i][back] -= delta


def min_cut_sides(
    supplies: Sequence[int], members: Sequence[Sequence[int]], capacities: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Left and right nodes on the source side of a minimum cut (see :class:`Bipartite`)."""
    return Bipartite(supplies, members, len(capacities)).augment(capacities)
