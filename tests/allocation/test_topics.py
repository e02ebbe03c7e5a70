"""Nobody gets the same topic twice; the repair is reported against an exact bound."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from samlas.allocation import allocate
from tests.allocation.reference import random_instance


def twice_offered(rank_in_b2: int = 1):
    """Topic "t" at 14.00 (s1) and again at 15.30 (s3); one registrant ranks it first both times."""
    b2 = ["s4", "s3"] if rank_in_b2 == 2 else ["s3", "s4"]
    return {
        "blocks": [
            {
                "id": "b1",
                "seminars": [
                    {"id": "s1", "capacity": 5, "topic": "t"},
                    {"id": "s2", "capacity": 5, "topic": "u"},
                ],
            },
            {
                "id": "b2",
                "seminars": [
                    {"id": "s3", "capacity": 5, "topic": "t"},
                    {"id": "s4", "capacity": 5, "topic": "v"},
                ],
            },
        ],
        "registrants": [{"id": "r", "preferences": {"b1": ["s1", "s2"], "b2": b2}}],
    }


def test_same_topic_is_not_given_twice():
    result = allocate(twice_offered())
    # Equal ranks in both blocks: kept in the earlier block.
    assert result["assignments"]["r"] == {"b1": "s1", "b2": "s4"}
    stats = result["stats"]
    assert stats["topic_repairs"] == 1
    assert stats["bound"] == {"placed": 2, "cost": 2}
    assert (stats["placed"], stats["cost"]) == (2, 5)
    assert stats["proven_optimal"] is False


def test_no_conflict_means_no_repair_and_a_proven_optimum():
    result = allocate(twice_offered(rank_in_b2=2))
    assert result["assignments"]["r"] == {"b1": "s1", "b2": "s4"}
    assert result["stats"]["topic_repairs"] == 0
    assert result["stats"]["proven_optimal"] is True


def test_topic_kept_where_ranked_better():
    instance = twice_offered()
    instance["registrants"][0]["preferences"]["b1"] = ["s2", "s1"]
    instance["blocks"][0]["seminars"][1]["capacity"] = 0  # s2 is full: s1 is a 2nd choice
    result = allocate(instance)
    assert result["assignments"]["r"] == {"b1": None, "b2": "s3"}
    assert result["stats"]["topic_repairs"] == 1
    assert result["stats"]["bound"] == {"placed": 2, "cost": 5}
    assert result["stats"]["placed"] == 1


def lexicographic(stats):
    return (-stats["placed"], stats["cost"])


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.integers(0, 2**32), st.integers(2, 3))
def test_random_topic_instances(seed, blocks):
    rng = random.Random(seed)
    instance = random_instance(
        rng, blocks=blocks, seminars=(2, 5), registrants=(5, 60), capacity=(1, 15), topics=True
    )
    result = allocate(instance)
    topic_of = {s["id"]: s.get("topic") for b in instance["blocks"] for s in b["seminars"]}
    capacity = {s["id"]: s["capacity"] for b in instance["blocks"] for s in b["seminars"]}
    for rid, given_here in result["assignments"].items():
        topics = [topic_of[s] for s in given_here.values() if s is not None]
        assert len(topics) == len(set(topics)), (rid, given_here)
    for s, n in result["stats"]["fill"].items():
        assert n <= capacity[s]
    stats = result["stats"]
    bound = (-stats["bound"]["placed"], stats["bound"]["cost"])
    assert lexicographic(stats) >= bound
    if stats["topic_repairs"] == 0:
        assert stats["proven_optimal"]
        assert lexicographic(stats) == bound
