"""Idempotency keys on writes: a retry gets the first answer, never a second write."""

import pytest

from samlas.api.models import IdempotencyRecord
from samlas.registration.models import OutboxMessage, Registration

from .conftest import headers, person

pytestmark = pytest.mark.django_db


def _url(world) -> str:
    return f"/api/v1/events/{world.event.slug}/registrations/"


def test_a_write_without_a_key_is_refused_and_changes_nothing(world):
    response = world.client("host_editor").post(_url(world), person(1), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert not Registration.objects.exists()


def test_a_retry_with_the_same_key_returns_the_first_registration(world):
    client = world.client("host_editor")
    first = client.post(_url(world), person(1), format="json", **headers("retry-1"))
    second = client.post(_url(world), person(1), format="json", **headers("retry-1"))
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Registration.objects.count() == 1
    assert OutboxMessage.objects.count() == 1  # one confirmation e-mail, not two


def test_the_replay_shows_the_registration_as_it_is_now(world):
    client = world.client("host_editor")
    created = client.post(_url(world), person(1), format="json", **headers("k")).json()
    client.post(f"{_url(world)}{created['id']}/cancel/", {}, format="json", **headers("c"))
    replay = client.post(_url(world), person(1), format="json", **headers("k"))
    assert replay.json()["status"] == "cancelled"


def test_the_same_key_with_another_body_is_refused(world):
    client = world.client("host_editor")
    client.post(_url(world), person(1), format="json", **headers("same"))
    response = client.post(_url(world), person(2), format="json", **headers("same"))
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Registration.objects.count() == 1


def test_an_error_is_replayed_as_it_was_even_if_it_would_now_succeed(world):
    client = world.client("host_editor")
    body = {"name": "Fel adress", "email": "inte en adress"}
    first = client.post(_url(world), body, format="json", **headers("bad"))
    assert first.status_code == 422
    again = client.post(_url(world), body, format="json", **headers("bad"))
    assert again.status_code == 422
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"


def test_keys_are_per_token(world):
    world.client("host_editor").post(_url(world), person(1), format="json", **headers("k"))
    response = world.client("host_admin").post(
        _url(world), person(2), format="json", **headers("k")
    )
    assert response.status_code == 201
    assert Registration.objects.count() == 2


def test_a_refusal_is_not_remembered(world):
    """A 403 depends on the token's role, which an administrator may change."""
    response = world.client("host_viewer").post(
        _url(world), person(1), format="json", **headers("k")
    )
    assert response.status_code == 403
    assert not IdempotencyRecord.objects.exists()


def test_a_cancel_retry_is_answered_without_a_second_cancellation(world):
    client = world.client("host_editor")
    created = client.post(_url(world), person(1), format="json", **headers("k")).json()
    url = f"{_url(world)}{created['id']}/cancel/"
    first = client.post(url, {"reason": "Sjuk"}, format="json", **headers("cancel"))
    second = client.post(url, {"reason": "Sjuk"}, format="json", **headers("cancel"))
    assert first.status_code == second.status_code == 200
    registration = Registration.objects.get(pk=created["id"])
    assert registration.log_entries.filter(action="cancelled").count() == 1


@pytest.mark.parametrize("key", ["x" * 65, "tab\there"])
def test_an_unusable_key_is_refused(world, key):
    response = world.client("host_editor").post(
        _url(world), person(1), format="json", **headers(key)
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()
