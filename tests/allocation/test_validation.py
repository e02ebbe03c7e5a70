"""Every kind of malformed instance is rejected with a message naming the offending entry."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from samlas.allocation import InvalidInstance, allocate

VALID = {
    "blocks": [
        {
            "id": "b1",
            "seminars": [
                {"id": "s1", "capacity": 2, "topic": "t1"},
                {"id": "s2", "capacity": 1},
            ],
        },
        {"id": "b2", "seminars": [{"id": "s3", "capacity": 1, "topic": "t1"}]},
    ],
    "registrants": [
        {"id": "r1", "preferences": {"b1": ["s2", "s1"], "b2": ["s3"]}, "priority": 1},
        {"id": "r2", "preferences": {"b1": ["s1"]}},
    ],
    "seed": 7,
}


def set_path(data, path, value):
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


DELETE = object()

CASES = [
    # (path to change, new value, words the message must contain)
    ((), "not an object", ["JSON object"]),
    (("blocks",), {"b1": []}, ["'blocks' must be a list"]),
    (("blocks", 0), "b1", ["block #1"]),
    (("blocks", 1, "id"), DELETE, ["block #2", "id"]),
    (("blocks", 1, "id"), "", ["block #2", "id"]),
    (("blocks", 1, "id"), "b1", ["block 'b1'", "twice"]),
    (("blocks", 0, "seminars"), None, ["block 'b1'", "'seminars' must be a list"]),
    (("blocks", 0, "seminars", 1), ["s2"], ["block 'b1'", "seminar #2"]),
    (("blocks", 0, "seminars", 1, "id"), 5, ["block 'b1'", "seminar #2", "id"]),
    (("blocks", 0, "seminars", 1, "id"), "s1", ["seminar 's1'", "twice"]),
    (("blocks", 1, "seminars", 0, "id"), "s1", ["seminar 's1'", "block 'b1'", "block 'b2'"]),
    (("blocks", 0, "seminars", 0, "capacity"), -1, ["seminar 's1'", "negative"]),
    (("blocks", 0, "seminars", 0, "capacity"), DELETE, ["seminar 's1'", "capacity"]),
    (("blocks", 0, "seminars", 0, "capacity"), 2.5, ["seminar 's1'", "integer"]),
    (("blocks", 0, "seminars", 0, "capacity"), True, ["seminar 's1'", "integer"]),
    (("blocks", 0, "seminars", 0, "topic"), 3, ["seminar 's1'", "topic"]),
    (("registrants",), {}, ["'registrants' must be a list"]),
    (("registrants", 1), "r2", ["registrant #2"]),
    (("registrants", 1, "id"), DELETE, ["registrant #2", "id"]),
    (("registrants", 1, "id"), 2, ["registrant #2", "id"]),
    (("registrants", 1, "id"), "r1", ["registrant 'r1'", "twice"]),
    (("registrants", 1, "id"), "", ["registrant #2", "non-empty"]),
    (("registrants", 0, "priority"), "high", ["registrant 'r1'", "priority"]),
    (("registrants", 0, "priority"), 1.5, ["registrant 'r1'", "priority"]),
    (("registrants", 1, "preferences"), ["s1"], ["registrant 'r2'", "'preferences'"]),
    (("registrants", 1, "preferences", "b9"), ["s1"], ["registrant 'r2'", "unknown block", "b9"]),
    (("registrants", 1, "preferences", "b1"), "s1", ["registrant 'r2'", "block 'b1'", "list"]),
    (("registrants", 1, "preferences", "b1"), None, ["registrant 'r2'", "block 'b1'", "list"]),
    (("registrants", 1, "preferences", "b1"), ["s9"], ["registrant 'r2'", "'s9'", "not offered"]),
    (("registrants", 1, "preferences", "b1"), ["s3"], ["registrant 'r2'", "'s3'", "not offered"]),
    (("registrants", 0, "preferences", "b1"), ["s1", "s2", "s1"], ["'r1'", "'s1'", "twice"]),
    (("registrants", 1, "preferences", "b1"), ["s1", 2], ["registrant 'r2'", "2", "seminar id"]),
    (("registrants", 1, "preferences", "b1"), [["s1"]], ["registrant 'r2'", "seminar id"]),
    (("registrants", 1, "preferences", "b1"), [None], ["registrant 'r2'", "None", "seminar id"]),
    (("registrants", 1, "preferences", "b1"), {"s1": 1}, ["registrant 'r2'", "block 'b1'", "list"]),
    (("seed",), "seven", ["seed", "integer"]),
]


@pytest.mark.parametrize(("path", "value", "words"), CASES)
def test_rejected_with_a_message_naming_the_entry(path, value, words):
    instance = copy.deepcopy(VALID)
    instance = value if path == () else instance
    if path:
        set_path(instance, path, value)
    with pytest.raises(InvalidInstance) as caught:
        allocate(instance)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    assert isinstance(caught.value, ValueError)


def test_first_offender_in_input_order_is_named():
    instance = copy.deepcopy(VALID)
    instance["registrants"] += [
        {"id": f"x{k}", "preferences": {"b1": ["s1", "nope"]}} for k in range(3)
    ]
    with pytest.raises(InvalidInstance, match=r"registrant 'x0', block 'b1'.*'nope'"):
        allocate(instance)


def test_the_valid_instance_is_accepted():
    result = allocate(copy.deepcopy(VALID))
    assert result["seed"] == 7
    assert set(result["assignments"]) == {"r1", "r2"}
    # r1 has priority and ranks s2 first: gets it; r2 gets s1.
    assert result["assignments"]["r1"] == {"b1": "s2", "b2": "s3"}
    assert result["assignments"]["r2"] == {"b1": "s1"}


def test_zero_capacity_and_empty_blocks_are_fine():
    instance = {
        "blocks": [
            {"id": "b1", "seminars": [{"id": "s1", "capacity": 0}]},
            {"id": "b2", "seminars": []},
        ],
        "registrants": [{"id": "r1", "preferences": {"b1": ["s1"], "b2": []}}],
    }
    result = allocate(instance)
    assert result["assignments"] == {"r1": {"b1": None}}
    assert result["waiting"] == {"b1": ["r1"], "b2": []}


def test_a_duplicate_id_is_named_before_a_later_bad_seminar():
    """Ids are checked for uniqueness on the result's dict, after solving: the message must
    still name the first offender in input order."""
    instance = copy.deepcopy(VALID)
    instance["registrants"] += [
        {"id": "r1", "preferences": {}},
        {"id": "x", "preferences": {"b1": ["nope"]}},
    ]
    with pytest.raises(InvalidInstance, match=r"registrant 'r1' appears twice"):
        allocate(instance)
    del instance["registrants"][-1]
    with pytest.raises(InvalidInstance, match=r"registrant 'r1' appears twice"):
        allocate(instance)


def test_ids_may_be_a_subclass_of_str():
    class Label(str):
        pass

    instance = copy.deepcopy(VALID)
    for registrant in instance["registrants"]:
        registrant["id"] = Label(registrant["id"])
    assert allocate(instance) == allocate(copy.deepcopy(VALID))


def test_equal_assignments_are_one_shared_read_only_dict():
    instance = {
        "blocks": [{"id": "b", "seminars": [{"id": "s", "capacity": 5}]}],
        "registrants": [{"id": f"r{k}", "preferences": {"b": ["s"]}} for k in range(3)],
    }
    result = allocate(instance)
    first, second = result["assignments"]["r0"], result["assignments"]["r1"]
    assert first is second and first == {"b": "s"}
    with pytest.raises(TypeError, match="copy it"):
        first["b"] = None
    with pytest.raises(TypeError):
        first.update(b=None)
    assert result["assignments"]["r2"] == {"b": "s"}
    assert json.loads(json.dumps(result))["assignments"]["r2"] == {"b": "s"}
    for copied in (
        dict(first),
        copy.copy(first),
        copy.deepcopy(first),
        pickle.loads(pickle.dumps(first)),
    ):
        assert type(copied) is dict and copied == {"b": "s"}
        copied["b"] = None
    assert second == {"b": "s"}
