import cProfile, pstats, time, json
import pytest
from django.test import Client
from samlas.registration import services
from tests.registration.conftest import build_event, person

@pytest.mark.django_db
def test_profile(settings):
    settings.SAMLAS_REGISTRATION_API = True
    s = build_event(capacity=None, blocks=[("fcfs", [5000, 5000, 5000, 5000])])
    block, seminars = s.blocks[0], s.seminars()
    c = Client()
    def post(n):
        body = json.dumps({**person(n), "choices": {str(block.pk): seminars[n % 4].pk}, "idempotency_key": f"k{n}"})
        r = c.post(f"/anmalan/api/{s.event.slug}/", body, content_type="application/json")
        assert r.status_code == 201, r.content
    for n in range(5): post(n)
    t = time.process_time()
    for n in range(5, 105): post(n)
    print("\nCPU ms per request", (time.process_time() - t) * 10)
    pr = cProfile.Profile(); pr.enable()
    for n in range(200, 300): post(n)
    pr.disable()
    st = pstats.Stats(pr); st.sort_stats("cumulative").print_stats(60)
