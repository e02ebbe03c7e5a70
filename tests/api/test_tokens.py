"""Token scopes: a token acts as a member of its organisation with its role, through the
back office's permission module; nobody reaches another organisation's registrations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samlas.api import services
from samlas.api.models import ApiToken
from samlas.core.models import AuditLogEntry
from samlas.events.models import Event
from samlas.registration import services as registration_services
from samlas.registration.models import Registration

from .conftest import headers, open_event, person

pytestmark = pytest.mark.django_db


def _registrations_url(world) -> str:
    return f"/api/v1/events/{world.event.slug}/registrations/"


def _register(world, n: int = 1, **extra) -> Registration:
    return registration_services.register(
        world.event, person(n, **extra), idempotency_key=f"k{n}", language="sv"
    )


def test_without_a_token_registrations_are_refused_with_401_and_an_error_body(world):
    response = world.client().get(_registrations_url(world))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer samlas_nothere_secret", "Bearer wrong", "Token abc", "Bearer "],
)
def test_a_malformed_or_unknown_token_is_refused(world, header):
    response = world.client().get("/api/v1/events/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_tampered_secret_is_refused(world):
    token = world.tokens["host_editor"]
    client = world.client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token[:-2]}xx")
    assert client.get(_registrations_url(world)).status_code == 401


def test_the_token_endpoint_tells_the_organisation_and_role(world):
    data = world.client("host_health").get("/api/v1/token/").json()
    assert data["organisation"]["name"] == "Länsstyrelsen i Testlän"
    assert data["role"] == "editor"
    assert data["can_view_health_data"] is True


def test_the_host_reads_registrations_and_health_data_only_with_the_flag(world):
    _register(world, 1, dietary_needs="Vegetarisk")
    with_flag = world.client("host_health").get(_registrations_url(world)).json()
    without = world.client("host_viewer").get(_registrations_url(world)).json()
    assert with_flag["count"] == 1
    assert with_flag["results"][0]["health"]["dietary_needs"] == "Vegetarisk"
    assert without["results"][0]["name"] == "Deltagare 1"
    assert without["results"][0]["health"] is None


def test_a_cohost_never_sees_health_data_even_with_the_flag(world):
    _register(world, 1, dietary_needs="Vegetarisk")
    data = world.client("cohost_editor").get(_registrations_url(world)).json()
    assert data["results"][0]["email"] == "deltagare1@example.se"
    assert data["results"][0]["health"] is None


@pytest.mark.parametrize("name", ["stranger_admin", "cohost_without_access"])
def test_other_organisations_get_404_and_no_personal_data(world, name):
    registration = _register(world, 1)
    client = world.client(name)
    for url in (
        _registrations_url(world),
        f"{_registrations_url(world)}{registration.pk}/",
        f"{_registrations_url(world)}export/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Deltagare" not in response.content.decode()
    response = client.post(_registrations_url(world), person(2), format="json", **headers("x1"))
    assert response.status_code == 404
    response = client.post(
        f"{_registrations_url(world)}{registration.pk}/cancel/", {}, format="json",
        **headers("x2"),
    )  # fmt: skip
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("name", ["host_viewer", "cohost_editor"])
def test_roles_that_may_only_read_get_403_on_writes(world, name):
    registration = _register(world, 1)
    client = world.client(name)
    created = client.post(_registrations_url(world), person(2), format="json", **headers("a"))
    cancelled = client.post(
        f"{_registrations_url(world)}{registration.pk}/cancel/", {}, format="json",
        **headers("b"),
    )  # fmt: skip
    assert created.status_code == 403
    assert created.json()["code"] == "permission_denied"
    assert cancelled.status_code == 403
    assert Registration.objects.count() == 1
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_an_editor_registers_and_cancels_and_both_are_logged_as_the_token(world):
    client = world.client("host_editor")
    seminar = world.seminars[0]
    body = {**person(5), "choices": {str(world.block.pk): seminar.pk}}
    response = client.post(_registrations_url(world), body, format="json", **headers("r1"))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "confirmed"
    assert data["choices"] == [
        {"block": world.block.pk, "seminar": seminar.pk, "status": "confirmed"}
    ]
    registration = Registration.objects.get(pk=data["id"])
    token = ApiToken.objects.get(name="host_editor")
    assert registration.log_entries.get().actor == token.user
    response = client.post(
        f"{_registrations_url(world)}{registration.pk}/cancel/",
        {"reason": "Sjuk"},
        format="json",
        **headers("c1"),
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_service_errors_map_to_statuses_with_codes_and_field_messages(world):
    client = world.client("host_editor")
    invalid = client.post(
        _registrations_url(world), {"name": "X", "email": "inte en adress"}, format="json",
        **headers("e1"),
    )  # fmt: skip
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "invalid"
    assert "email" in invalid.json()["errors"]
    _register(world, 1)
    duplicate = client.post(_registrations_url(world), person(1), format="json", **headers("e2"))
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "already_registered"
    wrong_type = client.post(
        _registrations_url(world), {"name": "X", "email": "a@b.se", "choices": "x"},
        format="json", **headers("e3"),
    )  # fmt: skip
    assert wrong_type.status_code == 400
    assert "choices" in wrong_type.json()["errors"]


def test_revoked_and_expired_tokens_stop_working(world):
    revoked = ApiToken.objects.get(name="host_editor")
    services.revoke_token(revoked)
    assert world.client("host_editor").get(_registrations_url(world)).status_code == 401
    expired = ApiToken.objects.get(name="host_viewer")
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save()
    assert world.client("host_viewer").get(_registrations_url(world)).status_code == 401
    assert AuditLogEntry.objects.filter(target_id=revoked.pk, data__revoked=True).exists()


def test_a_token_sees_its_own_drafts_and_nobody_elses(world):
    draft, _block, _seminars = open_event(world.host, status=Event.Status.DRAFT)
    other_draft, _b, _s = open_event(world.stranger, status=Event.Status.DRAFT)
    mine = world.client("host_viewer").get("/api/v1/events/").json()
    anonymous = world.client().get("/api/v1/events/").json()
    slugs = {event["slug"] for event in mine["results"]}
    assert draft.slug in slugs
    assert other_draft.slug not in slugs
    assert draft.slug not in {event["slug"] for event in anonymous["results"]}
    assert world.client().get(f"/api/v1/events/{draft.slug}/").status_code == 404
    assert world.client("host_viewer").get(f"/api/v1/events/{draft.slug}/").status_code == 200
    assert world.client("stranger_admin").get(f"/api/v1/events/{draft.slug}/").status_code == 404


def test_the_token_is_stored_only_as_a_hash(world):
    token = ApiToken.objects.get(name="host_editor")
    secret = world.tokens["host_editor"].rsplit("_", 1)[1]
    assert secret not in token.secret_hash
    assert not token.user.has_usable_password()
