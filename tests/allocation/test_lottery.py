"""The lottery: serial dictatorship among optimal allocations, fair per person, reproducible."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from samlas.allocation import allocate
from samlas.allocation.lottery import draw_order
from tests.allocation.reference import brute_force, published_draw_order, random_instance


@settings(max_examples=250, deadline=None, derandomize=True)
@given(
    st.integers(0, 2**32),
    st.sampled_from([(0,), (0,), (0, 1)]),
    st.integers(1, 6),
)
def test_lottery_is_serial_dictatorship_over_optimal_allocations(seed, priorities, people):
    """Compared with literal enumeration of every allocation of a tiny block."""
    instance = random_instance(
        random.Random(seed),
        seminars=(1, 4),
        registrants=(people, people),
        capacity=(0, 3),
        priorities=priorities,
    )
    result = allocate(instance)
    got = {rid: a["b0"] for rid, a in result["assignments"].items() if "b0" in a}
    seats, waiting = brute_force(instance, "b0")
    assert got == seats
    assert result["waiting"]["b0"] == waiting


def test_chances_are_equal_per_person_not_per_kind_of_list():
    """One contested seat, one registrant with list A and three with list B, all tied.

    A lottery over kinds of list would give the lone A registrant half the chances; ours
    gives each of the four the same chance.
    """
    instance = {
        "blocks": [
            {
                "id": "b",
                "seminars": [
                    {"id": "popular", "capacity": 1},
                    {"id": "other-a", "capacity": 10},
                    {"id": "other-b", "capacity": 10},
                ],
            }
        ],
        "registrants": [
            {"id": "a", "preferences": {"b": ["popular", "other-a"]}},
            *({"id": f"b{k}", "preferences": {"b": ["popular", "other-b"]}} for k in range(3)),
        ],
    }
    rounds = 800
    wins = Counter(
        next(r for r, a in allocate(instance, seed=s)["assignments"].items() if a["b"] == "popular")
        for s in range(rounds)
    )
    assert set(wins) == {"a", "b0", "b1", "b2"}
    for who, n in wins.items():
        # 200 expected, standard deviation ~12: stay within four of them.
        assert 150 <= n <= 250, (who, n)


def test_draw_order_is_the_published_rule():
    """Sorted by id, one random() each from Random("<seed>\\x1f<block>"), ordered by them."""
    ids = ["r10", "r9", "Åsa", "r1", "b", "r\ud800", "a"]
    for seed, block in [(7, "b1"), (-2, "b1"), (7, "b2"), (0, "blöck")]:
        order = [ids[i] for i in draw_order(seed, block, ids, range(len(ids)))]
        assert order == published_draw_order(seed, block, ids)
    rng = random.Random(b"7\x1fb1")
    by_id = sorted(ids)
    number = [rng.random() for _ in by_id]
    expected = [rid for _, rid in sorted(zip(number, by_id, strict=True))]
    assert [ids[i] for i in draw_order(7, "b1", ids, range(len(ids)))] == expected
    # Only the members given take part; their input order does not matter.
    assert draw_order(7, "b1", ids, [4, 0, 6]) == draw_order(7, "b1", ids, [6, 4, 0])
    # Another seed, another block: another draw.
    orders = {tuple(draw_order(seed, "b1", ids, range(len(ids)))) for seed in range(20)}
    orders |= {tuple(draw_order(7, f"b{k}", ids, range(len(ids)))) for k in range(20)}
    assert len(orders) > 30


def test_any_json_string_works_as_an_id():
    """Non-ASCII ids and even lone surrogates (valid JSON escapes) are accepted."""
    ids = ["Åsa Öberg", "r\ud800", "😀", "r"]
    instance = {
        "blocks": [{"id": "blöck", "seminars": [{"id": "sem", "capacity": 2}]}],
        "registrants": [{"id": i, "preferences": {"blöck": ["sem"]}} for i in ids],
    }
    result = allocate(instance)
    assert sum(a["blöck"] == "sem" for a in result["assignments"].values()) == 2
    assert len(result["waiting"]["blöck"]) == 2


def test_earlier_draw_gets_the_seat_and_waiting_list_follows_the_draw():
    instance = {
        "blocks": [{"id": "b", "seminars": [{"id": "s", "capacity": 2}]}],
        "registrants": [{"id": f"r{k}", "preferences": {"b": ["s"]}} for k in range(7)],
        "seed": 11,
    }
    result = allocate(instance)
    order = published_draw_order(11, "b", [r["id"] for r in instance["registrants"]])
    assert {r for r, a in result["assignments"].items() if a["b"] == "s"} == set(order[:2])
    assert result["waiting"]["b"] == order[2:]


def test_registrants_with_a_certain_seat_take_no_part_in_the_draw():
    """Whoever gets the same seat in every optimal allocation does not change the order."""
    sure = {"id": "sure", "preferences": {"b": ["quiet"]}}
    instance = {
        "blocks": [
            {"id": "b", "seminars": [{"id": "s", "capacity": 2}, {"id": "quiet", "capacity": 5}]}
        ],
        "registrants": [{"id": f"r{k}", "preferences": {"b": ["s"]}} for k in range(7)],
        "seed": 11,
    }
    without = allocate(instance)
    instance["registrants"].append(sure)
    with_sure = allocate(instance)
    assert with_sure["assignments"]["sure"] == {"b": "quiet"}
    assert with_sure["waiting"] == without["waiting"]
    assert (
        with_sure["waiting"]["b"] == published_draw_order(11, "b", [f"r{k}" for k in range(7)])[2:]
    )


def test_blocks_draw_independently():
    """Winning the tie in one block says nothing about the next one."""
    instance = {
        "blocks": [{"id": f"b{k}", "seminars": [{"id": f"s{k}", "capacity": 1}]} for k in range(2)],
        "registrants": [{"id": r, "preferences": {"b0": ["s0"], "b1": ["s1"]}} for r in ("x", "y")],
    }
    same = 0
    for s in range(200):
        a = allocate(instance, seed=s)["assignments"]
        same += a["x"]["b0"] is not None and a["x"]["b1"] is not None
        same += a["y"]["b0"] is not None and a["y"]["b1"] is not None
    assert 60 <= same <= 140  # about half of the draws give both seats to one person


def test_large_tied_classes_split_by_the_draw():
    """Thousands of interchangeable registrants: within a list, earlier draws, better seats."""
    instance = {
        "blocks": [
            {
                "id": "b",
                "seminars": [{"id": "s1", "capacity": 700}, {"id": "s2", "capacity": 5000}],
            }
        ],
        "registrants": [
            {"id": f"r{k:05d}", "preferences": {"b": ["s1", "s2"] if k % 3 else ["s1"]}}
            for k in range(3000)
        ],
        "seed": 3,
    }
    result = allocate(instance)
    assert result["stats"]["fill"] == {"s1": 700, "s2": 2000}
    # Seating the most people sends everyone who accepts s2 there (so they are not drawn); the
    # 1,000 who want only s1 share its 700 seats in draw order, the other 300 wait in it.
    only = published_draw_order(3, "b", [f"r{k:05d}" for k in range(0, 3000, 3)])
    seated = {r for r in only if result["assignments"][r]["b"] == "s1"}
    assert seated == set(only[:700])
    assert result["waiting"]["b"] == only[700:]
