"""The lottery: serial dictatorship among optimal allocations, fair per person, reproducible."""

from __future__ import annotations

import hashlib
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from samlas.allocation import allocate
from samlas.allocation.lottery import draw_tickets, ticket
from tests.allocation.reference import brute_force, random_instance


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
    assert got == brute_force(instance, "b0")


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


def test_tickets_are_published_hashes():
    assert ticket(7, "b1", "r1") == hashlib.sha256(b"7\x1fb1\x1fr1").digest()
    assert ticket(-2, "b1", "Åsa") == hashlib.sha256("-2\x1fb1\x1fÅsa".encode()).digest()
    assert draw_tickets(7, "b1", ["r1", "r2"]) == [ticket(7, "b1", "r1"), ticket(7, "b1", "r2")]
    assert ticket(7, "b1", "r1") != ticket(8, "b1", "r1") != ticket(7, "b2", "r1")


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


def test_better_ticket_gets_the_seat_and_waiting_list_follows_tickets():
    instance = {
        "blocks": [{"id": "b", "seminars": [{"id": "s", "capacity": 2}]}],
        "registrants": [{"id": f"r{k}", "preferences": {"b": ["s"]}} for k in range(7)],
        "seed": 11,
    }
    result = allocate(instance)
    by_ticket = sorted((r["id"] for r in instance["registrants"]), key=lambda r: ticket(11, "b", r))
    assert {r for r, a in result["assignments"].items() if a["b"] == "s"} == set(by_ticket[:2])
    assert result["waiting"]["b"] == by_ticket[2:]


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


def test_large_tied_classes_split_by_tickets():
    """Thousands of interchangeable registrants: within a list, better tickets, better seats."""
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
    # Seating the most people sends everyone who accepts s2 there; the 1,000 who want only
    # s1 share its 700 seats by ticket, the other 300 wait in ticket order.
    only = sorted((f"r{k:05d}" for k in range(0, 3000, 3)), key=lambda r: ticket(3, "b", r))
    seated = {r for r in only if result["assignments"][r]["b"] == "s1"}
    assert seated == set(only[:700])
    assert result["waiting"]["b"] == only[700:]
