"""The solver's optimum equals an independent linear program's, and results respect the input."""

from __future__ import annotations

import random
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samlas.allocation import allocate, block
from tests.allocation.reference import random_instance, staged_optimum

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def instances(draw, **limits):
    """Random instances, built by a seeded generator from a few drawn parameters.

    Capacities scale with the demand per seminar times a drawn tightness, so that both easy
    and heavily contested blocks occur.
    """
    rng = random.Random(draw(st.integers(0, 2**32)))
    most = limits.get("registrants", 40)
    bucket = draw(st.sampled_from([most, most // 3, most, most // 8, 2]))
    registrants = rng.randint(bucket // 2, bucket)
    seminars = draw(st.integers(1, limits.get("seminars", 6)))
    tightness = draw(st.sampled_from([0.3, 0.6, 1.0, 1.5]))
    top = max(1, round(2 * tightness * registrants / seminars))
    return random_instance(
        rng,
        blocks=draw(st.integers(1, limits.get("blocks", 2))),
        seminars=(max(1, seminars - 2), seminars),
        registrants=(registrants, registrants),
        capacity=(0, top),
        priorities=draw(st.sampled_from([(0,), (0,), (0, 1), (-2, 0, 3)])),
        skew=draw(st.sampled_from([0.0, 1.0, 2.0])),
    )


def by_priority_and_block(instance: dict) -> dict[int, tuple[int, int]]:
    """The reference optimum summed over blocks: {priority: (unplaced, sum of rank²)}."""
    total: dict[int, tuple[int, int]] = {}
    for b in instance["blocks"]:
        for priority, (unplaced, cost) in staged_optimum(instance, b["id"]).items():
            u, c = total.get(priority, (0, 0))
            total[priority] = (u + unplaced, c + cost)
    return total


def check_feasible(instance: dict, result: dict) -> None:
    capacity = {s["id"]: s["capacity"] for b in instance["blocks"] for s in b["seminars"]}
    block_of = {s["id"]: b["id"] for b in instance["blocks"] for s in b["seminars"]}
    load = dict.fromkeys(capacity, 0)
    pairs = 0
    for r in instance["registrants"]:
        ranked = {b: lst for b, lst in r["preferences"].items() if lst}
        given_here = result["assignments"][r["id"]]
        # an entry for exactly the blocks the registrant ranked something in
        assert set(given_here) == set(ranked)
        for b, seminar in given_here.items():
            pairs += 1
            if seminar is not None:
                assert seminar in ranked[b], "placed in a seminar they did not rank"
                assert block_of[seminar] == b
                load[seminar] += 1
    assert load == result["stats"]["fill"]
    for s, n in load.items():
        assert n <= capacity[s], f"{s} over capacity"
    stats = result["stats"]
    assert stats["placed"] + stats["unplaced"] == pairs
    assert stats["placed"] == sum(stats["rank_histogram"].values())
    assert stats["cost"] == sum(int(r) ** 2 * n for r, n in stats["rank_histogram"].items())
    unplaced = {(rid, b) for rid, a in result["assignments"].items() for b, s in a.items() if not s}
    waiting = {(rid, b) for b, rids in result["waiting"].items() for rid in rids}
    assert waiting == unplaced


@SETTINGS
@given(instances())
def test_cost_equals_linear_program(instance):
    result = allocate(instance)
    check_feasible(instance, result)
    expected = by_priority_and_block(instance)
    got = {int(p): (v["unplaced"], v["cost"]) for p, v in result["stats"]["by_priority"].items()}
    assert got == expected
    assert result["stats"]["proven_optimal"] is True


@contextmanager
def subset_enumeration_limit(value: int):
    saved = block.SUBSET_ENUMERATION_LIMIT
    block.SUBSET_ENUMERATION_LIMIT = value
    try:
        yield
    finally:
        block.SUBSET_ENUMERATION_LIMIT = saved


@settings(max_examples=40, deadline=None, derandomize=True)
@given(instances(seminars=9, registrants=120, blocks=1))
def test_minimum_cut_directions_agree_with_subset_enumeration(instance):
    """Blocks with many seminars find ascent directions by minimum cuts: same optimum."""
    with subset_enumeration_limit(0):
        by_cuts = allocate(instance)
    by_subsets = allocate(instance)
    assert by_cuts == by_subsets
    expected = by_priority_and_block(instance)
    got = {int(p): (v["unplaced"], v["cost"]) for p, v in by_cuts["stats"]["by_priority"].items()}
    assert got == expected


@pytest.mark.parametrize("seed", range(6))
def test_medium_instances_equal_linear_program(seed):
    """Hundreds of registrants, 8 to 14 seminars, tight skewed demand: still exact."""
    rng = random.Random(1000 + seed)
    instance = random_instance(
        rng,
        seminars=(8, 14),
        registrants=(300, 700),
        capacity=(5, 60),
        priorities=(0, 1) if seed % 2 else (0,),
        skew=1.5,
    )
    result = allocate(instance)
    check_feasible(instance, result)
    got = {int(p): (v["unplaced"], v["cost"]) for p, v in result["stats"]["by_priority"].items()}
    assert got == by_priority_and_block(instance)
    assert result["stats"]["worst_rank"] >= 2, "the instance should be contested"


@SETTINGS
@given(instances(), st.randoms(use_true_random=False))
def test_same_seed_same_result_whatever_the_input_order(instance, rnd):
    first = allocate(instance)
    assert allocate(instance) == first
    shuffled = dict(instance, registrants=instance["registrants"][:])
    rnd.shuffle(shuffled["registrants"])
    for b in shuffled["blocks"]:
        rnd.shuffle(b["seminars"])
    again = allocate(shuffled)
    # The draw order depends on ids, not positions, so even the lottery's choices are unchanged.
    assert again["assignments"] == first["assignments"]
    assert again["stats"]["rank_histogram"] == first["stats"]["rank_histogram"]
    assert again["stats"]["cost"] == first["stats"]["cost"]
    assert again["stats"]["fill"] == first["stats"]["fill"]
    assert again["waiting"] == first["waiting"]


def test_seed_argument_overrides_instance_seed():
    instance = {
        "blocks": [{"id": "b", "seminars": [{"id": "s", "capacity": 1}]}],
        "registrants": [{"id": f"r{i}", "preferences": {"b": ["s"]}} for i in range(20)],
        "seed": 5,
    }
    assert allocate(instance)["seed"] == 5
    assert allocate(instance, seed=6)["seed"] == 6
    assert allocate(instance, seed=5) == allocate(instance)
    del instance["seed"]
    assert allocate(instance)["seed"] == 0
    winners = {
        next(r for r, a in allocate(instance, seed=k)["assignments"].items() if a["b"])
        for k in range(40)
    }
    assert len(winners) > 10, "different seeds must redraw the single seat"


def test_empty_list_and_missing_block_mean_skipping():
    instance = {
        "blocks": [
            {"id": "b1", "seminars": [{"id": "s1", "capacity": 5}]},
            {"id": "b2", "seminars": [{"id": "s2", "capacity": 5}]},
        ],
        "registrants": [
            {"id": "a", "preferences": {"b1": ["s1"], "b2": []}},
            {"id": "b", "preferences": {"b2": ["s2"]}},
            {"id": "c", "preferences": {}},
        ],
    }
    result = allocate(instance)
    assert result["assignments"] == {"a": {"b1": "s1"}, "b": {"b2": "s2"}, "c": {}}
    assert result["stats"]["placed"] == 2
    assert result["stats"]["unplaced"] == 0
    assert result["stats"]["worst_rank"] == 1


def test_empty_instance():
    result = allocate({"blocks": [], "registrants": []})
    assert result["assignments"] == {}
    assert result["stats"]["placed"] == 0
    assert result["stats"]["worst_rank"] is None
    assert result["stats"]["rank_histogram"] == {}


def test_improving_a_fourth_choice_beats_keeping_a_first():
    """Rank² prefers lifting someone from a poor choice over keeping someone's first."""
    instance = {
        "blocks": [
            {
                "id": "b",
                "seminars": [
                    {"id": "s1", "capacity": 1},
                    {"id": "s2", "capacity": 1},
                    {"id": "s3", "capacity": 0},
                    {"id": "s4", "capacity": 0},
                ],
            }
        ],
        "registrants": [
            {"id": "first", "preferences": {"b": ["s1", "s2"]}},
            {"id": "fourth", "preferences": {"b": ["s3", "s4", "s2", "s1"]}},
        ],
    }
    result = allocate(instance)
    # Options: first->s1 (1) + fourth->s2 (9) = 10, or first->s2 (4) + fourth->s1 (16) = 20.
    assert result["assignments"] == {"first": {"b": "s1"}, "fourth": {"b": "s2"}}
    instance["registrants"][1]["preferences"]["b"] = ["s3", "s4", "s1", "s2"]
    # Now: first->s1 (1) + fourth->s2 (16) = 17 against first->s2 (4) + fourth->s1 (9) = 13.
    result = allocate(instance)
    assert result["assignments"] == {"first": {"b": "s2"}, "fourth": {"b": "s1"}}
    assert result["stats"]["cost"] == 13
    assert result["stats"]["rank_histogram"] == {"1": 0, "2": 1, "3": 1}
    assert result["stats"]["worst_rank"] == 3


def test_placing_more_people_comes_before_rank():
    instance = {
        "blocks": [
            {"id": "b", "seminars": [{"id": "s1", "capacity": 1}, {"id": "s2", "capacity": 1}]}
        ],
        "registrants": [
            {"id": "flexible", "preferences": {"b": ["s1", "s2"]}},
            {"id": "only-s1", "preferences": {"b": ["s1"]}},
        ],
    }
    result = allocate(instance)
    assert result["assignments"] == {"flexible": {"b": "s2"}, "only-s1": {"b": "s1"}}
    assert result["stats"]["unplaced"] == 0


def test_deep_choices_are_reached_when_needed():
    """The solver starts from first choices and looks deeper only where it must."""
    seminars = [{"id": f"s{k}", "capacity": 0} for k in range(1, 8)]
    seminars.append({"id": "s8", "capacity": 30})
    seminars[0]["capacity"] = 10
    ranking = [f"s{k}" for k in range(1, 9)]
    instance = {
        "blocks": [{"id": "b", "seminars": seminars}],
        "registrants": [{"id": f"r{k}", "preferences": {"b": ranking}} for k in range(40)],
    }
    result = allocate(instance)
    assert result["stats"]["rank_histogram"] == {
        "1": 10,
        **{str(r): 0 for r in range(2, 8)},
        "8": 30,
    }
    assert result["stats"]["worst_rank"] == 8
    assert result["stats"]["cost"] == 10 + 30 * 64
