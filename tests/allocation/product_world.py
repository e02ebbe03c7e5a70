"""Events with ranked blocks and registrants who ranked seminars, for the product tests.

Registrants register through the registration services (as the form would), so the rows
the allocation reads and writes are the real ones.
"""

import random
from datetime import timedelta

from django.utils import timezone

from samlas.allocation import services
from samlas.programme.models import Block
from samlas.registration import services as registration_services
from tests.registration.conftest import Setup, build_event, person

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
RANKED = Block.ChoiceMode.RANKED


def rankings(setup: Setup, rng: random.Random) -> dict[int, list[int]]:
    """A random ranking of 1 to all seminars per block, popular first seminars more often."""
    result = {}
    for block in setup.blocks:
        seminars = [s.pk for s in block.seminars.order_by("position", "pk")]
        weights = [len(seminars) - i for i in range(len(seminars))]
        order = []
        pool = list(zip(seminars, weights, strict=True))
        while pool:
            pick = rng.choices(range(len(pool)), [w for _s, w in pool])[0]
            order.append(pool.pop(pick)[0])
        result[block.pk] = order[: rng.randint(1, len(order))]
    return result


def register(setup: Setup, n: int | str, preferences: dict, **extra):
    return registration_services.register(
        setup.event,
        person(n, **extra),
        preferences=preferences,
        idempotency_key=f"alloc-{setup.event.pk}-{n}",
    )


def ranked_event(
    people: int = 12,
    blocks: tuple[tuple[int, ...], ...] = ((3, 2, 1), (4, 3)),
    *,
    seed: int = 7,
    deadline_passed: bool = True,
) -> tuple[Setup, list]:
    """An event with ranked blocks of these capacities and `people` registrants."""
    setup = build_event(capacity=None, blocks=[(RANKED, list(c)) for c in blocks])
    rng = random.Random(seed)
    registrations = [
        register(setup, f"{setup.event.pk}-{i}", rankings(setup, rng)) for i in range(people)
    ]
    if deadline_passed:
        close_rankings(setup)
    return setup, registrations


def close_rankings(setup: Setup) -> None:
    services.save_settings(
        setup.event, preference_deadline=timezone.now() - timedelta(minutes=1), actor=None
    )
