"""Reading and checking an allocation instance (the JSON shape documented in docs/allocation.md).

Why so careful: the instance is built from organiser data and registrations, and a silent
mistake (a seminar ranked twice, an unknown id) would bias the allocation. Every rejection is an
:class:`InvalidInstance` whose message names the offending entry. The common path checks whole
lists at once, and each distinct ranked list only once (fast for 100,000 registrants); only when
a check fails do we walk the input entry by entry to name the first culprit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import chain, islice, repeat
from operator import itemgetter, lt
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
class Choices:
    """One block's ranked lists, stored once per distinct list ("type")."""

    lists: list[tuple[str, ...]]  # type -> ranked seminar ids, best first; () skips the block
    of: list[int]  # registrant -> type
    counts: list[int]  # type -> registrants


@dataclass(slots=True)
class Instance:
    blocks: list[Block]
    #: strings, but only checked non-empty and unique by :func:`check_registrant_ids`, once
    #: the result's dict of them is built anyway
    registrant_ids: list[str]
    priorities: list[int]
    one_priority: bool  # everybody has the same priority
    choices: list[Choices]  # per block
    seed: int
    #: 0, 1, ..., n - 1 as shared objects, to select registrants with ``compress``
    positions: list[int]
    #: the ids increase with the position (common: numbered registrations), which spares the
    #: lottery its sorting by id
    ascending_ids: bool
    registrants: list  # as given, to name an offending entry


#: Stands for a block missing from a registrant's preferences. As a key it cannot be a valid
#: list (None is no seminar id), so one count per distinct list gives both the registrants who
#: left the block out (their preference keys must add up) and, per list, how many share it.
_ABSENT = (None,)
_NO_PREFERENCES: dict = {}
_LIST_TYPES = {list, tuple}


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
    block_ids = {b.id for b in blocks}
    try:
        ids = list(map(itemgetter("id"), registrants))
        # dict.get (unbound) also refuses anything that is not a dict, with a TypeError.
        preferences = list(
            map(dict.get, registrants, repeat("preferences"), repeat(_NO_PREFERENCES))
        )
        priorities = list(map(dict.get, registrants, repeat("priority"), repeat(0)))
        ok = (
            # strings (non-empty and unique: check_registrant_ids); subclasses are rare
            (set(map(type, ids)) <= {str} or all(map(isinstance, ids, repeat(str))))
            and set(map(type, priorities)) <= {int}
            # with blocks, reading the lists below refuses preferences that are not dicts
            and (bool(blocks) or set(map(type, preferences)) <= {dict})
        )
    except (TypeError, KeyError):
        ok = False
    if not ok:
        _explain_registrants(registrants, block_ids)
        raise InvalidInstance("invalid registrants")  # pragma: no cover - explained above
    keys = sum(map(len, preferences))
    choices = []
    for block in blocks:
        parsed = _parse_choices(block, preferences)
        if parsed is None:
            _explain_registrants(registrants, block_ids)
            _explain_choices(block, preferences, ids)
            raise InvalidInstance(f"invalid preferences for block {block.id!r}")  # pragma: no cover
        choice, absent = parsed
        keys -= len(ids) - absent
        choices.append(choice)
    if keys:  # a key that is no block here, or a list [None] (taken for _ABSENT): explain
        _explain_registrants(registrants, block_ids)
        for block in blocks:
            _explain_choices(block, preferences, ids)
        raise InvalidInstance("invalid preferences")  # pragma: no cover - explained above
    one_priority = priorities.count(priorities[0]) == len(priorities) if priorities else True
    positions = list(range(len(ids)))
    ascending = all(map(lt, ids, islice(ids, 1, None)))
    return Instance(
        blocks, ids, priorities, one_priority, choices, seed, positions, ascending, registrants
    )


def check_registrant_ids(parsed: Instance, by_id: dict) -> None:
    """Raise InvalidInstance unless the ids were non-empty and unique: ``by_id`` is a dict
    built from them (the result's assignments), so this costs no pass of its own."""
    if len(by_id) != len(parsed.registrant_ids) or "" in by_id:
        _explain_registrants(parsed.registrants, {block.id for block in parsed.blocks})
        raise InvalidInstance("invalid registrant ids")  # pragma: no cover - explained above


def numbered(keys: Iterable[Hashable]) -> tuple[dict, list[int]]:
    """Number the distinct keys 0, 1, ... in order of appearance; return them and each key's number.

    One hashing pass in C (``map`` over ``dict.setdefault``; the number offered is the dict's
    size just before the call, so a new key gets the next one); later lookups use the small
    integers instead of re-hashing tuples, which matters with 100,000 registrants.
    """
    numbers: dict = {}
    of = list(map(numbers.setdefault, keys, map(len, repeat(numbers))))
    return numbers, of


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


def _parse_choices(block: Block, preferences: list[dict]) -> tuple[Choices, int] | None:
    """The block's lists, each distinct one checked once; None when something is wrong.

    Also returns how many registrants leave the block out of their preferences.
    """
    try:
        lists = list(map(dict.get, preferences, repeat(block.id), repeat(_ABSENT)))
        if not set(map(type, lists)) <= _LIST_TYPES:
            return None
        numbers, of = numbered(map(tuple, lists))
        tally = Counter(of)
        types = list(numbers)
        absent = numbers.get(_ABSENT)
        if absent is not None:
            types[absent] = ()  # skipped, like an empty list (which may be a type as well)
        # Every id offered here, none twice: a list's set is shorter iff it repeats an id.
        if not set(chain.from_iterable(types)) <= block.index.keys() or sum(map(len, types)) != sum(
            map(len, map(set, types))
        ):
            return None
    except TypeError:  # a preferences entry that is no dict, or an unhashable entry in a list
        return None
    counts = list(map(tally.__getitem__, range(len(types))))
    return Choices(types, of, counts), 0 if absent is None else counts[absent]


def _explain_choices(block: Block, preferences: list[dict], ids: list[str]) -> None:
    """Raise for the first registrant whose list for ``block`` is malformed."""
    for rid, mine in zip(ids, preferences, strict=True):
        ranked = mine.get(block.id, [])
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
