"""Reading and checking an allocation instance (the JSON shape documented in docs/allocation.md).

Why so careful: the instance is built from organiser data and registrations, and a silent
mistake (a seminar ranked twice, an unknown id) would bias the allocation. Every rejection is an
:class:`InvalidInstance` whose message names the offending entry. The common path checks whole
lists at once (fast for 100,000 registrants); only when a check fails do we walk the input
entry by entry to name the first culprit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, count
from operator import itemgetter, methodcaller
from typing import Any


class InvalidInstance(ValueError):
    """The instance cannot be allocated; the message says which entry is wrong and why."""


@dataclass(frozen=True, slots=True)
class Block:
    id: str
    seminar_ids: tuple[str, ...]
    capacities: tuple[int, ...]
    topics: tuple[str | None, ...]
    index: dict[str, int]


@dataclass(slots=True)
class Instance:
    blocks: list[Block]
    registrant_ids: list[str]
    priorities: list[int]
    one_priority: bool  # everybody has the same priority
    #: per block: each registrant's ranked list of seminar ids, as given (empty = skips it)
    choices: list[list[Sequence[str]]]
    #: per block: ``first_holders(choices)``, reused by the solver
    choice_index: list[tuple[dict[tuple[str, ...], int], list[int]]]
    seed: int


def _is_int(value: Any) -> bool:
    return type(value) is int


def _name(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_instance(data: Any, seed: int | None = None) -> Instance:
    """Check ``data`` and return it in the form the solver uses; raise InvalidInstance."""
    if not isinstance(data, dict):
        raise InvalidInstance("the instance must be a JSON object with 'blocks' and 'registrants'")
    if seed is None:
        seed = data.get("seed", 0)
        if seed is None:
            seed = 0
    if not _is_int(seed):
        raise InvalidInstance(f"seed must be an integer, not {_name(seed)}")
    blocks = _parse_blocks(data.get("blocks"))
    registrants = data.get("registrants")
    if not isinstance(registrants, list):
        raise InvalidInstance("'registrants' must be a list")
    ids, priorities, preferences = _parse_registrants(registrants, blocks)
    parsed = [_parse_choices(block, preferences, ids) for block in blocks]
    choices = [lists for lists, _ in parsed]
    index = [first for _, first in parsed]
    one_priority = len(set(priorities)) <= 1
    return Instance(blocks, ids, priorities, one_priority, choices, index, seed)


def first_holders(keys: Iterable[Hashable]) -> tuple[dict, list[int]]:
    """Each distinct key with the position of its first holder, and every position's first holder.

    One hashing pass over the keys; later lookups use the small integers instead of re-hashing
    tuples, which matters with 100,000 registrants.
    """
    first: dict = {}
    holder = list(map(first.setdefault, keys, count()))
    return first, holder


def _parse_blocks(raw: Any) -> list[Block]:
    if not isinstance(raw, list):
        raise InvalidInstance("'blocks' must be a list")
    blocks = []
    block_ids: set[str] = set()
    seminar_block: dict[str, str] = {}
    for position, block in enumerate(raw):
        where = f"block #{position + 1}"
        if not isinstance(block, dict):
            raise InvalidInstance(f"{where} must be an object with 'id' and 'seminars'")
        block_id = block.get("id")
        if not isinstance(block_id, str) or not block_id:
            raise InvalidInstance(f"{where} needs a non-empty string 'id', not {_name(block_id)}")
        where = f"block {block_id!r}"
        if block_id in block_ids:
            raise InvalidInstance(f"{where} appears twice (block ids must be unique)")
        block_ids.add(block_id)
        seminars = block.get("seminars")
        if not isinstance(seminars, list):
            raise InvalidInstance(f"{where}: 'seminars' must be a list")
        ids, capacities, topics = [], [], []
        for number, seminar in enumerate(seminars):
            if not isinstance(seminar, dict):
                raise InvalidInstance(f"{where}: seminar #{number + 1} must be an object")
            seminar_id = seminar.get("id")
            if not isinstance(seminar_id, str) or not seminar_id:
                raise InvalidInstance(
                    f"{where}: seminar #{number + 1} needs a non-empty string 'id', "
                    f"not {_name(seminar_id)}"
                )
            if seminar_id in seminar_block:
                raise InvalidInstance(
                    f"seminar {seminar_id!r} appears twice (in block {seminar_block[seminar_id]!r} "
                    f"and block {block_id!r}); seminar ids must be unique"
                )
            seminar_block[seminar_id] = block_id
            capacity = seminar.get("capacity")
            if not _is_int(capacity):
                raise InvalidInstance(
                    f"seminar {seminar_id!r}: capacity must be an integer, not {_name(capacity)}"
                )
            if capacity < 0:
                raise InvalidInstance(
                    f"seminar {seminar_id!r}: capacity must not be negative ({capacity})"
                )
            topic = seminar.get("topic")
            if topic is not None and not isinstance(topic, str):
                raise InvalidInstance(
                    f"seminar {seminar_id!r}: topic must be a string, not {_name(topic)}"
                )
            ids.append(seminar_id)
            capacities.append(capacity)
            topics.append(topic)
        index = {s: i for i, s in enumerate(ids)}
        blocks.append(Block(block_id, tuple(ids), tuple(capacities), tuple(topics), index))
    return blocks


def _parse_registrants(
    registrants: list, blocks: list[Block]
) -> tuple[list[str], list[int], list[dict]]:
    block_ids = {b.id for b in blocks}
    try:
        ids = list(map(itemgetter("id"), registrants))
        priorities = list(map(methodcaller("get", "priority", 0), registrants))
        preferences = list(map(methodcaller("get", "preferences", {}), registrants))
        ok = (
            set(map(type, ids)) <= {str}
            and "" not in ids
            and len(set(ids)) == len(ids)
            and set(map(type, priorities)) <= {int}
            and set(map(type, preferences)) <= {dict}
            and set(chain.from_iterable(preferences)) <= block_ids
        )
    except (TypeError, KeyError, AttributeError):
        ok = False
    if not ok:
        _explain_registrants(registrants, block_ids)
        raise InvalidInstance("invalid registrants")  # pragma: no cover - explained above
    return ids, priorities, preferences


def _explain_registrants(registrants: list, block_ids: set[str]) -> None:
    """Raise for the first malformed registrant, in input order."""
    seen: set[str] = set()
    for position, r in enumerate(registrants):
        where = f"registrant #{position + 1}"
        if not isinstance(r, dict):
            raise InvalidInstance(f"{where} must be an object with 'id' and 'preferences'")
        rid = r.get("id")
        if not isinstance(rid, str) or not rid:
            raise InvalidInstance(f"{where} needs a non-empty string 'id', not {_name(rid)}")
        where = f"registrant {rid!r}"
        if rid in seen:
            raise InvalidInstance(f"{where} appears twice (registrant ids must be unique)")
        seen.add(rid)
        priority = r.get("priority", 0)
        if not _is_int(priority):
            raise InvalidInstance(f"{where}: priority must be an integer, not {_name(priority)}")
        preferences = r.get("preferences", {})
        if not isinstance(preferences, dict):
            raise InvalidInstance(
                f"{where}: 'preferences' must be an object mapping block ids to ranked lists"
            )
        for block_id in preferences:
            if block_id not in block_ids:
                raise InvalidInstance(f"{where}: unknown block {_name(block_id)} in preferences")


def _parse_choices(
    block: Block, preferences: list[dict], ids: list[str]
) -> tuple[list[Sequence[str]], tuple[dict[tuple[str, ...], int], list[int]]]:
    """Each registrant's ranked list for ``block`` (empty when not ranked), and its index.

    Checked per distinct list, in bulk: every id offered in the block, none ranked twice.
    """
    lists = list(map(methodcaller("get", block.id, ()), preferences))
    try:
        if not set(map(type, lists)) <= {list, tuple}:
            raise TypeError
        first, holder = first_holders(map(tuple, lists))
        ok = set(chain.from_iterable(first)) <= block.index.keys() and list(
            map(len, first)
        ) == list(map(len, map(set, first)))
    except TypeError:  # e.g. an unhashable entry in a list
        ok = False
    if not ok:
        _explain_choices(block, lists, ids)
        raise InvalidInstance(f"invalid preferences for block {block.id!r}")  # pragma: no cover
    return lists, (first, holder)


def _explain_choices(block: Block, lists: list, ids: list[str]) -> None:
    """Raise for the first registrant whose list for ``block`` is malformed."""
    for rid, ranked in zip(ids, lists, strict=True):
        where = f"registrant {rid!r}, block {block.id!r}"
        if not isinstance(ranked, list | tuple):
            raise InvalidInstance(f"{where}: the ranked seminars must be a list of seminar ids")
        seen: set[str] = set()
        for seminar_id in ranked:
            if not isinstance(seminar_id, str):
                raise InvalidInstance(f"{where}: {_name(seminar_id)} is not a seminar id")
            if seminar_id not in block.index:
                raise InvalidInstance(
                    f"{where}: seminar {seminar_id!r} is not offered in this block"
                )
            if seminar_id in seen:
                raise InvalidInstance(f"{where}: seminar {seminar_id!r} is ranked twice")
            seen.add(seminar_id)
