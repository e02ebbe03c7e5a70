"""Webhooks: signed, sent only for events the token may see, retried with back-off.

The receiver is a real HTTP server on 127.0.0.1 in a thread; it answers with the statuses
a test queues and records what it got.
"""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from samlas.api import webhooks
from samlas.api.models import WebhookDelivery, WebhookEndpoint
from samlas.core.models import AuditLogEntry
from samlas.registration import services as registration_services
from samlas.registration.models import Registration, RegistrationSettings

from .conftest import headers, person

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[dict] = []
        self.statuses: list[int] = []  # answered in order, then 200
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        server: Receiver = self.server
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with server.lock:
            server.received.append({"headers": dict(self.headers), "body": body})
            status = server.statuses.pop(0) if server.statuses else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args) -> None:
        return


@pytest.fixture
def receiver(settings):
    settings.SAMLAS_WEBHOOK_ALLOW_PRIVATE = True
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _subscribe(world, receiver, token: str = "host_admin", events=None) -> dict:
    body = {"url": receiver.url, **({"events": events} if events is not None else {})}
    response = world.client(token).post(
        "/api/v1/webhooks/", body, format="json", **headers(f"hook-{token}")
    )
    assert response.status_code == 201, response.json()
    return response.json()


def _verify(secret: str, request: dict) -> dict:
    """What a receiver does: check the HMAC over "<t>.<body>", then read the body."""
    parts = dict(item.split("=", 1) for item in request["headers"]["Samlas-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + request["body"], hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    return json.loads(request["body"])


def test_created_cancelled_and_promoted_are_delivered_signed(world, receiver):
    hook = _subscribe(world, receiver)
    RegistrationSettings.objects.filter(event=world.event).update(capacity=1)
    first = registration_services.register(world.event, person(1), idempotency_key="1")
    second = registration_services.register(world.event, person(2), idempotency_key="2")
    registration_services.cancel(first)
    assert webhooks.dispatch() == 4  # created twice, cancelled, promoted
    assert webhooks.dispatch() == 0
    for pk in webhooks.due_deliveries():
        assert webhooks.deliver(pk) == webhooks.DELIVERED
    bodies = [_verify(hook["secret"], request) for request in receiver.received]
    kinds = [(body["type"], body["data"]["registration"]["id"]) for body in bodies]
    assert ("registration.created", first.pk) in kinds
    assert ("registration.cancelled", first.pk) in kinds
    assert ("registration.promoted", second.pk) in kinds
    created = next(b for b in bodies if b["data"]["registration"]["id"] == second.pk)
    assert created["data"]["registration"]["status"] == "waiting"
    assert created["data"]["event"]["slug"] == world.event.slug
    # Thin payloads: ids and statuses, never names or addresses.
    assert not any(b"deltagare" in request["body"] for request in receiver.received)
    assert receiver.received[0]["headers"]["Samlas-Event"].startswith("registration.")


def test_a_forged_signature_does_not_verify(world, receiver):
    hook = _subscribe(world, receiver)
    registration_services.register(world.event, person(1), idempotency_key="1")
    webhooks.dispatch()
    webhooks.deliver(webhooks.due_deliveries()[0])
    request = receiver.received[0]
    tampered = {**request, "body": request["body"].replace(b"confirmed", b"cancelled")}
    with pytest.raises(AssertionError):
        _verify(hook["secret"], tampered)


def test_failures_are_retried_with_exponential_back_off_then_delivered(world, receiver):
    _subscribe(world, receiver)
    receiver.statuses = [500, 503]
    registration_services.register(world.event, person(1), idempotency_key="1")
    webhooks.dispatch()
    (pk,) = webhooks.due_deliveries()
    now = timezone.now()
    assert webhooks.deliver(pk, now=now) == webhooks.RETRY
    delivery = WebhookDelivery.objects.get(pk=pk)
    assert delivery.next_attempt_at == now + webhooks.FIRST_RETRY
    assert delivery.last_status_code == 500
    assert webhooks.deliver(pk, now=now + timedelta(seconds=10)) == webhooks.SKIPPED
    later = now + webhooks.FIRST_RETRY
    assert webhooks.deliver(pk, now=later) == webhooks.RETRY
    assert WebhookDelivery.objects.get(pk=pk).next_attempt_at == later + 2 * webhooks.FIRST_RETRY
    assert webhooks.deliver(pk, now=later + 2 * webhooks.FIRST_RETRY) == webhooks.DELIVERED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert len(receiver.received) == 3


def test_an_unreachable_receiver_fails_for_good_after_the_last_attempt(world, receiver):
    _subscribe(world, receiver)
    registration_services.register(world.event, person(1), idempotency_key="1")
    webhooks.dispatch()
    (pk,) = webhooks.due_deliveries()
    WebhookEndpoint.objects.update(url="http://127.0.0.1:9/closed")
    now = timezone.now()
    for attempt in range(1, webhooks.MAX_ATTEMPTS + 1):
        result = webhooks.deliver(pk, now=now)
        expected = webhooks.FAILED if attempt == webhooks.MAX_ATTEMPTS else webhooks.RETRY
        assert result == expected
        now = WebhookDelivery.objects.get(pk=pk).next_attempt_at
    delivery = WebhookDelivery.objects.get(pk=pk)
    assert delivery.status == "failed"
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error


def test_webhooks_follow_the_permissions_of_the_token(world, receiver):
    """A stranger's endpoint hears nothing; a co-host without access hears nothing."""
    _subscribe(world, receiver, "stranger_admin")
    _subscribe(world, receiver, "cohost_without_access")
    registration_services.register(world.event, person(1), idempotency_key="1")
    assert webhooks.dispatch() == 0
    assert not WebhookDelivery.objects.exists()


def test_only_administrators_manage_webhooks_and_see_only_their_own(world, receiver):
    refused = world.client("host_editor").post(
        "/api/v1/webhooks/", {"url": receiver.url}, format="json", **headers("h")
    )
    assert refused.status_code == 403
    hook = _subscribe(world, receiver)
    assert world.client("host_editor").get(f"/api/v1/webhooks/{hook['id']}/").status_code == 404
    assert world.client("host_admin").delete(f"/api/v1/webhooks/{hook['id']}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert AuditLogEntry.objects.filter(action="deleted", data__url=receiver.url).exists()


def test_subscribing_to_some_event_types_sends_only_those(world, receiver):
    _subscribe(world, receiver, events=["registration.cancelled"])
    registration = registration_services.register(world.event, person(1), idempotency_key="1")
    registration_services.cancel(registration)
    webhooks.dispatch()
    assert list(WebhookDelivery.objects.values_list("event_type", flat=True)) == [
        "registration.cancelled"
    ]


def test_internal_addresses_are_refused_in_production(world, settings):
    settings.SAMLAS_WEBHOOK_ALLOW_PRIVATE = False
    for url in ("http://example.org/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook"):
        response = world.client("host_admin").post(
            "/api/v1/webhooks/", {"url": url}, format="json", **headers(url)
        )
        assert response.status_code == 422, url
        assert "url" in response.json()["errors"]
    assert not WebhookEndpoint.objects.exists()


def test_a_registration_wakes_the_worker_which_delivers_after_commit(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    hook = _subscribe(world, receiver)
    webhooks.forget_endpoints()
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("host_editor").post(
            f"/api/v1/events/{world.event.slug}/registrations/",
            person(7),
            format="json",
            **headers("wake"),
        )
    assert response.status_code == 201
    registration = Registration.objects.get()
    bodies = [_verify(hook["secret"], request) for request in receiver.received]
    assert [(b["type"], b["data"]["registration"]["id"]) for b in bodies] == [
        ("registration.created", registration.pk)
    ]
    assert WebhookDelivery.objects.get().status == "delivered"
