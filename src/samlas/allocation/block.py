"""The exact optimum of one block, found through one price per seminar.

Why this shape: a block has few seminars (typically 3 to 10) and many registrants, and the
objective only depends on *where in their list* someone is placed. The allocation is a
transportation problem whose dual has one variable per seminar: a "price" p[s]. Given prices,
every registrant's cheapest options are those minimising ``cost(rank) + p[s]``; the prices are
optimal exactly when those cheapest options can be combined into a full allocation that fills
every seminar with a positive price (complementary slackness). So instead of a graph with one
node per person we:

1. group registrants by the *beginning* of their list (most people are settled by their first
   one or two choices) and give each group a cheap stand-in "tail" for the rest of the list —
   a relaxation whose optimum can only be lower;
2. maximise the dual (a concave, piecewise-linear function of a few prices) by exact integer
   ascent steps;
3. split every group whose tail is among its cheapest options and repeat. When no tail is
   cheapest, the relaxed optimum is a real allocation, so it is the true optimum, and the
   prices prove it.

What is left is the *face* of all optimal allocations: every registrant may only be placed in
one of their cheapest options, seminars with a positive price must be exactly full. Registrants
of the same priority level with the same cheapest options at the same ranks ("class") are
interchangeable. :mod:`.lottery` picks one allocation in that face by a seeded lottery.

All arithmetic is on Python integers; lexicographic objectives (priority groups, "place as many
as possible first") are encoded as weighted sums whose weights make the order strict.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import add, itemgetter

from samlas.allocation.flow import min_cut_sides
from samlas.allocation.instance import numbered

#: Blocks with at most this many seminars search ascent directions by enumerating subsets;
#: larger ones use a minimum cut (same answer, slower for small blocks).
SUBSET_ENUMERATION_LIMIT = 10

#: The distinct lists are sorted once into buckets by their first choices, this many of them;
#: prefix groups down to that depth are then formed per bucket rather than per list.
BUCKET_DEPTH = 3


@dataclass(slots=True)
class _Group:
    """Registrants of one priority level whose lists start with the same prefix."""

    count: int
    options: list[int]  # option indices: seminars 0..m-1, m = unplaced, m+1 = tail
    costs: list[int]
    buckets: list[int]  # the _Buckets making up the group
    depth: int
    has_tail: bool
    level: int
    ranks: dict[int, int]  # seminar -> rank within the common prefix
    stamp: int = 0  # bookkeeping for _Dual.ascend
    value: int = 0
    mask: int = 0  # cheapest seminars, as bits
    fixed: bool = False  # "unplaced" or the tail is among the cheapest options


@dataclass(slots=True)
class BlockOptimum:
    """Optimal prices and the classes of interchangeable registrants they induce."""

    prices: list[int]
    #: for each class: its cheapest options in the registrants' order of preference
    #: (m = unplaced), the rank of each (None for m), its priority level and size
    class_options: list[tuple[int, ...]]
    class_ranks: list[tuple[int | None, ...]]
    class_level: list[int]
    class_counts: list[int]
    #: class of each type (distinct preference list); SKIP for an empty list
    type_class: list[int]
    refinements: int
    ascent_steps: int


#: ``type_class`` value of a type with an empty list (it skips the block)
SKIP = -1


def lexicographic_weights(levels: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Weights (per unplaced registrant, per unit of rank²) for each priority level.

    ``levels`` lists ``(registrants, longest list)`` from the most important level down. Each
    weight exceeds the largest possible total of everything less important, so minimising the
    weighted sum is the same as minimising lexicographically: unplaced of level 1, rank cost of
    level 1, unplaced of level 2, ...
    """
    below = 0
    weights = []
    for count, longest in reversed(levels):
        per_rank = below + 1
        below += per_rank * count * longest * longest
        per_unplaced = below + 1
        below += per_unplaced * count
        weights.append((per_unplaced, per_rank))
    weights.reverse()
    return weights


def solve_block(
    capacities: Sequence[int],
    index: Mapping[Hashable, int],
    type_lists: Sequence[tuple[Hashable, ...]],
    type_levels: Sequence[int] | None,
    type_counts: Sequence[int],
) -> BlockOptimum:
    """Optimal prices for one block and the classes of registrants they induce.

    ``type_lists[t]`` is a distinct preference list, best first, of seminar keys that ``index``
    maps to 0..m-1; ``None`` keeps the place of a seminar the registrant may not get. Level 0
    of ``type_levels`` (None: everybody 0) is placed first; ``type_counts`` says how many
    registrants share each list.
    """
    m = len(capacities)
    tail = m + 1
    buckets = _Buckets(type_lists, type_levels, type_counts)
    weights = buckets.weights()
    groups = buckets.groups(range(len(buckets.key)), 1, weights, index, m)
    dual = _Dual(list(capacities), groups)
    refinements = 0
    while True:
        dual.ascend()
        to_split = [g for g in dual.groups if g.fixed and _has_cheapest(g, tail, dual.prices)]
        if not to_split:
            break
        refinements += 1
        children = []
        # Children of different parents never merge (their prefixes differ), so the groups
        # of one depth are refined together, in a few bulk passes.
        for depth in sorted({g.depth for g in to_split}):
            inside = [b for g in to_split if g.depth == depth for b in g.buckets]
            children.extend(buckets.groups(inside, depth + 1, weights, index, m))
        dual.replace(to_split, children)
    groups, prices, steps = dual.groups, dual.prices, dual.steps

    # A class: same level, same cheapest options with the same ranks. Its members are
    # interchangeable for the objective and for the lottery, and its tallies need no
    # per-person work. (Groups can share a class: their lists differ after the prefix.)
    class_index: dict[tuple, int] = {}
    class_options: list[tuple[int, ...]] = []
    class_ranks: list[tuple[int | None, ...]] = []
    class_level: list[int] = []
    class_counts: list[int] = []
    type_class = [SKIP] * len(type_lists)
    for g in groups:
        cheapest = sorted(
            (cost, o)
            for o, cost in zip(g.options, g.costs, strict=True)
            if cost + prices[o] == g.value
        )
        options = tuple(o for _, o in cheapest)
        ranks = tuple(map(g.ranks.get, options))
        key = (g.level, options, ranks)
        c = class_index.get(key)
        if c is None:
            c = class_index[key] = len(class_options)
            class_options.append(options)
            class_ranks.append(ranks)
            class_level.append(g.level)
            class_counts.append(0)
        class_counts[c] += g.count
        for b in g.buckets:
            deque(map(type_class.__setitem__, buckets.types[b], repeat(c)), maxlen=0)
    return BlockOptimum(
        prices=prices[:m],
        class_options=class_options,
        class_ranks=class_ranks,
        class_level=class_level,
        class_counts=class_counts,
        type_class=type_class,
        refinements=refinements,
        ascent_steps=steps,
    )


def _partition(types: list[int], keys: Iterable[Hashable]) -> list[tuple[Hashable, list[int]]]:
    """Split ``types`` by their ``keys`` (one each), in order of first appearance.

    All per-type work is in C (``map`` over ``dict.setdefault`` and ``list.append``), as there
    can be tens of thousands of distinct lists in a block.
    """
    numbers, of = numbered(keys)
    parts: list[list[int]] = [[] for _ in numbers]
    deque(map(list.append, map(parts.__getitem__, of), types), maxlen=0)
    return list(zip(numbers, parts, strict=True))


class _Buckets:
    """The distinct lists sorted by level and first choices, to build prefix groups from.

    A bucket holds the lists that share their first ``resolution`` choices (``key``); a list
    shorter than that is alone in its bucket (``key`` is the whole list). So a group of depth d
    below a bucket's resolution is a union of whole buckets, and whether its lists go on past
    its prefix is known from the keys. A bucket is split further, list by list, only when a
    group needs to go as deep as its resolution.
    """

    def __init__(self, type_lists, type_levels, type_counts):
        self.type_lists = type_lists
        self.type_levels = type_levels
        self.type_counts = type_counts
        self.key: list[tuple] = []
        self.level: list[int] = []
        self.types: list[list[int]] = []
        self.count: list[int] = []
        self.resolution: list[int] = []
        self._add(range(len(type_lists)), BUCKET_DEPTH)

    def _add(self, types: Iterable[int], resolution: int) -> list[int]:
        """Bucket ``types`` by their first ``resolution`` choices; return the new buckets."""
        lists = list(map(self.type_lists.__getitem__, types))
        keys: Iterable = map(itemgetter(slice(0, resolution)), lists)
        if self.type_levels is not None:
            keys = zip(map(self.type_levels.__getitem__, types), keys, strict=True)
        start = len(self.key)
        for key, members in _partition(types, keys):
            level, key = key if self.type_levels is not None else (0, key)
            self.key.append(key)
            self.level.append(level)
            self.types.append(members)
            self.count.append(sum(map(self.type_counts.__getitem__, members)))
            self.resolution.append(resolution)
        return list(range(start, len(self.key)))

    def weights(self) -> list[tuple[int, int]]:
        """:func:`lexicographic_weights` for the levels present."""
        if self.type_levels is None:
            size = sum(count for key, count in zip(self.key, self.count, strict=True) if key)
            return lexicographic_weights([(size, max(map(len, self.type_lists), default=0))])
        top = 1 + max(self.level, default=0)
        size = [0] * top
        longest = [0] * top
        lengths = list(map(len, self.type_lists))
        for key, level, members, count in zip(
            self.key, self.level, self.types, self.count, strict=True
        ):
            if key:
                size[level] += count
                longest[level] = max(longest[level], max(map(lengths.__getitem__, members)))
        return lexicographic_weights(list(zip(size, longest, strict=True)))

    def groups(self, buckets: Iterable[int], depth: int, weights, index, m) -> list[_Group]:
        """The groups of depth ``depth`` made of ``buckets`` (empty lists left out)."""
        resolved: list[int] = []
        split: list[int] = []  # types of the buckets whose lists may go on past the key
        for b in buckets:
            key, resolution = self.key[b], self.resolution[b]
            if len(key) == resolution <= depth:
                split.extend(self.types[b])
            else:
                resolved.append(b)
        if split:
            resolved.extend(self._add(split, depth + 1))
        members: dict[tuple, list[int]] = {}
        for b in resolved:
            key = self.key[b]
            if key:
                members.setdefault((self.level[b], key[:depth], len(key) > depth), []).append(b)
        groups = []
        for (level, prefix, has_tail), inside in members.items():
            g = _new_group(prefix, has_tail, level, weights, index, m)
            g.buckets = inside
            g.count = sum(map(self.count.__getitem__, inside))
            groups.append(g)
        return groups


def _new_group(prefix, has_tail: bool, level: int, weights, index, m: int) -> _Group:
    per_unplaced, per_rank = weights[level]
    options = []
    costs = []
    ranks = {}
    for rank, key in enumerate(prefix, start=1):
        if key is not None:
            s = index[key]
            options.append(s)
            costs.append(per_rank * rank * rank)
            ranks[s] = rank
    options.append(m)
    costs.append(per_unplaced)
    depth = len(prefix)
    if has_tail:
        options.append(m + 1)
        costs.append(per_rank * (depth + 1) * (depth + 1))
    return _Group(0, options, costs, [], depth, has_tail, level, ranks)


def _has_cheapest(g: _Group, option: int, prices: list[int]) -> bool:
    for o, cost in zip(g.options, g.costs, strict=True):
        if o == option:
            return cost + prices[o] == g.value
    return False


def _evaluate(g: _Group, prices: list[int], m: int) -> None:
    """The group's cheapest value and the set of options attaining it."""
    options = g.options
    values = list(map(add, g.costs, map(prices.__getitem__, options)))
    best = min(values)
    if values.count(best) == 1:  # the usual case
        o = options[values.index(best)]
        g.mask, g.fixed = (1 << o, False) if o < m else (0, True)
    else:
        mask = 0
        fixed = False
        for o, v in zip(options, values, strict=True):
            if v == best:
                if o < m:
                    mask |= 1 << o
                else:
                    fixed = True
        g.mask, g.fixed = mask, fixed
    g.value = best


class _Dual:
    """Prices, groups and the per-mask tallies the ascent needs, kept up to date incrementally.

    The dual D(p) = sum over groups of count * (cheapest value) - sum of cap[s] * p[s] is
    L-natural-concave, so p is optimal iff no unit step p +/- 1 on a set of seminars X
    increases it. For such a step the gain is, going up, (registrants whose cheapest options
    all lie in X) - cap(X), and going down, cap(X) - (registrants with a cheapest option in
    X). We take the best direction and walk along it as far as the dual keeps increasing
    (exact line search on integer breakpoints), so every step raises D by at least one. Only
    groups offering a seminar of X can change, so only they are looked at again.
    """

    def __init__(self, caps: list[int], groups: list[_Group]):
        self.m = m = len(caps)
        self.caps = caps
        self.capsum = _subset_sums(caps) if m <= SUBSET_ENUMERATION_LIMIT else None
        self.prices = [0] * (m + 2)
        self.steps = 0
        self.groups: list[_Group] = []
        self.users: list[list[_Group]] = [[] for _ in range(m)]
        self.pure: defaultdict[int, int] = defaultdict(int)  # cheapest set (no "fixed") -> count
        self.touching: defaultdict[int, int] = defaultdict(int)  # cheapest seminars -> count
        self.stamp = 0
        self.replace([], groups)

    def replace(self, old: list[_Group], new: list[_Group]) -> None:
        """Swap refined groups for their children."""
        gone = {id(g) for g in old}
        for g in old:
            self._tally(g, -1)
        for g in new:
            _evaluate(g, self.prices, self.m)
            self._tally(g, 1)
        self.groups = [g for g in self.groups if id(g) not in gone] + new
        self.users = [[] for _ in range(self.m)]
        for g in self.groups:
            for o in g.options:
                if o < self.m:
                    self.users[o].append(g)

    def _tally(self, g: _Group, sign: int) -> None:
        self.touching[g.mask] += sign * g.count
        if not g.fixed:
            self.pure[g.mask] += sign * g.count

    def ascend(self) -> None:
        """Raise/lower prices until the dual is maximal."""
        m, prices = self.m, self.prices
        while True:
            if self.capsum is not None:
                found = _directions_by_subsets(self.pure, self.touching, prices, self.capsum, m)
            else:
                found = _directions_by_cuts(self.pure, self.touching, prices, self.caps)
            up_gain, up_set, down_gain, down_set = found
            if up_gain <= 0 and down_gain <= 0:
                return
            self.steps += 1
            changed = up_set if up_gain >= down_gain else down_set
            self.stamp += 1
            affected = []
            for s in _bits(changed):
                for g in self.users[s]:
                    if g.stamp != self.stamp:
                        g.stamp = self.stamp
                        affected.append(g)
            if up_gain >= down_gain:
                _step_up(affected, prices, up_set, up_gain, m)
            else:
                _step_down(affected, prices, down_set, down_gain, m)
            pure, touching = self.pure, self.touching
            for g in affected:
                count = g.count
                touching[g.mask] -= count
                if not g.fixed:
                    pure[g.mask] -= count
                _evaluate(g, prices, m)
                touching[g.mask] += count
                if not g.fixed:
                    pure[g.mask] += count


def _subset_sums(values: list[int]) -> list[int]:
    sums = [0] * (1 << len(values))
    for x in range(1, len(sums)):
        low = x & -x
        sums[x] = sums[x ^ low] + values[low.bit_length() - 1]
    return sums


def _zeta(counts: list[int], m: int) -> list[int]:
    """Sum over subsets: z[X] = Σ_{A ⊆ X} counts[A]."""
    z = counts[:]
    size = len(z)
    for i in range(m):
        bit = 1 << i
        for base in range(0, size, bit << 1):
            for x in range(base + bit, base + (bit << 1)):
                z[x] += z[x - bit]
    return z


def _directions_by_subsets(pure, touching, prices, capsum, m):
    size = 1 << m
    within = [0] * size
    for mask, n in pure.items():
        within[mask] += n
    within = _zeta(within, m)
    up_gain, up_set = 0, 0
    for x in range(1, size):
        gain = within[x] - capsum[x]
        if gain > up_gain:
            up_gain, up_set = gain, x
    total = 0
    outside = [0] * size
    for mask, n in touching.items():
        outside[mask] += n
        total += n
    outside = _zeta(outside, m)
    full = size - 1
    positive = 0
    for s in range(m):
        if prices[s] > 0:
            positive |= 1 << s
    down_gain, down_set = 0, 0
    x = positive
    while x:
        gain = capsum[x] - (total - outside[full ^ x])
        if gain > down_gain or (gain == down_gain and gain > 0 and x < down_set):
            down_gain, down_set = gain, x
        x = (x - 1) & positive
    return up_gain, up_set, down_gain, down_set


def _directions_by_cuts(pure, touching, prices, caps):
    """The same directions as :func:`_directions_by_subsets`, found as minimum cuts."""
    m = len(caps)
    # Up: classes -> their seminars -> sink. Seminars on the source side of a minimum cut form
    # the set X maximising (registrants only able to use X) - cap(X).
    masks = [a for a, n in pure.items() if a and n]
    _, right = min_cut_sides([pure[a] for a in masks], [_bits(a) for a in masks], caps)
    up_set = sum(1 << s for s in right)
    up_gain = sum(n for a, n in pure.items() if a & up_set == a) - sum(caps[s] for s in right)
    # Down: seminars with a positive price -> classes touching them -> sink.
    positive = [s for s in range(m) if prices[s] > 0]
    down_set, down_gain = 0, 0
    if positive:
        touched = [a for a, n in touching.items() if n and any(a >> s & 1 for s in positive)]
        left, _ = min_cut_sides(
            [caps[s] for s in positive],
            [[j for j, a in enumerate(touched) if a >> s & 1] for s in positive],
            [touching[a] for a in touched],
        )
        down_set = sum(1 << positive[i] for i in left)
        down_gain = sum(caps[positive[i]] for i in left) - sum(
            n for a, n in touching.items() if a & down_set
        )
    return max(up_gain, 0), up_set, max(down_gain, 0), down_set


def _bits(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def _step_up(groups, prices, up_set, gain, m) -> None:
    breakpoints = []
    for g in groups:
        if g.fixed or g.mask & up_set != g.mask:
            continue
        outside = min(
            cost + prices[o]
            for o, cost in zip(g.options, g.costs, strict=True)
            if o >= m or not up_set >> o & 1
        )
        breakpoints.append((outside - g.value, g.count))
    breakpoints.sort()
    for gap, count in breakpoints:
        gain -= count
        if gain <= 0:
            step = gap
            break
    else:  # pragma: no cover - "unplaced" is always outside, so the loop always stops
        raise AssertionError("unbounded price increase")
    for s in _bits(up_set):
        prices[s] += step


def _step_down(groups, prices, down_set, gain, m) -> None:
    step = min(prices[s] for s in range(m) if down_set >> s & 1)
    breakpoints = []
    for g in groups:
        if g.mask & down_set:
            continue
        inside = None
        for o, cost in zip(g.options, g.costs, strict=True):
            if o < m and down_set >> o & 1:
                v = cost + prices[o]
                if inside is None or v < inside:
                    inside = v
        if inside is not None and inside - g.value < step:
            breakpoints.append((inside - g.value, g.count))
    breakpoints.sort()
    for gap, count in breakpoints:
        gain -= count
        if gain <= 0:
            step = gap
            break
    for s in range(m):
        if down_set >> s & 1:
            prices[s] -= step
