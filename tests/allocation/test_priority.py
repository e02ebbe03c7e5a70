"""Priority groups are placed first, lexicographically, as the objective text says."""

from __future__ import annotations

from samlas.allocation import allocate


def block(*seminars):
    return {"id": "b", "seminars": [{"id": s, "capacity": c} for s, c in seminars]}


def test_priority_takes_the_contested_seat_whatever_the_seed():
    instance = {
        "blocks": [block(("s", 1))],
        "registrants": [
            *({"id": f"r{k}", "preferences": {"b": ["s"]}} for k in range(5)),
            {"id": "colleague", "preferences": {"b": ["s"]}, "priority": 1},
        ],
    }
    for seed in range(30):
        result = allocate(instance, seed=seed)
        assert result["assignments"]["colleague"] == {"b": "s"}
        assert len(result["waiting"]["b"]) == 5


def test_a_priority_groups_rank_comes_before_other_groups_placement():
    """Higher group first: its placements, then its cost; only then the next group."""
    instance = {
        "blocks": [block(("s1", 1), ("s2", 1))],
        "registrants": [
            {"id": "speaker-colleague", "preferences": {"b": ["s1", "s2"]}, "priority": 1},
            {"id": "other", "preferences": {"b": ["s1"]}},
        ],
    }
    result = allocate(instance)
    assert result["assignments"] == {"speaker-colleague": {"b": "s1"}, "other": {"b": None}}
    assert result["stats"]["by_priority"] == {
        "1": {"placed": 1, "unplaced": 0, "cost": 1},
        "0": {"placed": 0, "unplaced": 1, "cost": 0},
    }
    # Without priority, seating both wins.
    instance["registrants"][0]["priority"] = 0
    result = allocate(instance)
    assert result["assignments"] == {"speaker-colleague": {"b": "s2"}, "other": {"b": "s1"}}


def test_higher_integer_first_and_negative_priorities_last():
    instance = {
        "blocks": [block(("s", 2))],
        "registrants": [
            {"id": "low", "preferences": {"b": ["s"]}, "priority": -3},
            {"id": "normal", "preferences": {"b": ["s"]}},
            {"id": "top", "preferences": {"b": ["s"]}, "priority": 10},
        ],
    }
    for seed in range(10):
        result = allocate(instance, seed=seed)
        assert result["assignments"]["low"] == {"b": None}
        assert list(result["stats"]["by_priority"]) == ["10", "0", "-3"]


def test_within_a_priority_group_the_usual_objective_applies():
    instance = {
        "blocks": [block(("s1", 1), ("s2", 1), ("s3", 1))],
        "registrants": [
            {"id": "p", "preferences": {"b": ["s1", "s2", "s3"]}, "priority": 2},
            {"id": "q", "preferences": {"b": ["s1", "s3"]}, "priority": 2},
            {"id": "z", "preferences": {"b": ["s1"]}},
        ],
    }
    result = allocate(instance)
    # Group 2 costs: p s1 + q s3 = 1 + 4 = 5, or p s2 + q s1 = 4 + 1 = 5: tied, but either way
    # group 2 takes s1, so z waits.
    assert result["assignments"]["z"] == {"b": None}
    assert result["stats"]["by_priority"]["2"] == {"placed": 2, "unplaced": 0, "cost": 5}
