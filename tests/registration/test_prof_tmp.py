import cProfile, pstats, time
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from samlas.registration import services
from tests.registration.conftest import build_event, person

@pytest.mark.django_db
def test_profile():
    s = build_event(capacity=None, blocks=[("fcfs", [50])])
    block, (seminar,) = s.blocks[0], s.seminars()
    services.register(s.event, person(0), {block.pk: seminar.pk}, idempotency_key="k0")
    t = time.perf_counter()
    for n in range(1, 21):
        services.register(s.event, person(n), {block.pk: seminar.pk}, idempotency_key=f"k{n}")
    print("per registration ms", (time.perf_counter() - t) / 20 * 1000)
    with CaptureQueriesContext(connection) as q:
        services.register(s.event, person(99), {block.pk: seminar.pk}, idempotency_key="k99")
    print("queries", len(q.captured_queries))
    for x in q.captured_queries: print("  ", x["time"], x["sql"][:150])
    pr = cProfile.Profile(); pr.enable()
    for n in range(100, 120):
        services.register(s.event, person(n), {block.pk: seminar.pk}, idempotency_key=f"k{n}")
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(35)
