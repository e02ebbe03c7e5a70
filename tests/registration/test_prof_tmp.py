import time, json
import pytest
from django.test import Client
from django.template.loader import render_to_string
from samlas.registration import services, emails
from samlas.registration.models import Registration
from tests.registration.conftest import build_event, person

def timed(label, fn, n=100):
    fn(0)
    t = time.process_time()
    for i in range(n): fn(i)
    print(f"{label:30} {(time.process_time() - t) / n * 1000:.2f} ms CPU")

@pytest.mark.django_db
def test_profile(settings):
    settings.SAMLAS_REGISTRATION_API = True
    s = build_event(capacity=None, blocks=[("fcfs", [5000, 5000, 5000, 5000])])
    block, seminars = s.blocks[0], s.seminars()
    c = Client()
    def post(n):
        body = json.dumps({**person(n), "choices": {str(block.pk): seminars[n % 4].pk}, "idempotency_key": f"k{n}"})
        r = c.post(f"/anmalan/api/{s.event.slug}/", body, content_type="application/json")
    timed("HTTP register", lambda i: post(1000 + i))
    timed("service register", lambda i: services.register(s.event, person(i), {block.pk: seminars[i % 4].pk}, idempotency_key=f"x{i}"))
    r = Registration.objects.get(idempotency_key="k1001")
    choices = list(r.choices.select_related("block", "seminar"))
    timed("render_email", lambda i: emails.render_email("confirmation", r, choices, []))
    timed("calendar_file", lambda i: emails.calendar_file(r, choices))
    timed("manage_url", lambda i: emails.manage_url(r))
    timed("404 request", lambda i: c.get("/anmalan/api/nope/"))
