"""The Django admin (settings, health data behind a permission) and the internal JSON endpoint."""

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from samlas.programme.models import Block
from samlas.registration import services
from samlas.registration.models import ConsentOption, Registration, RegistrationLogEntry
from tests.registration.conftest import build_event, person

FCFS = Block.ChoiceMode.FIRST_COME

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    s = build_event(allergies="optional")
    return services.register(s.event, person(1, allergies="Jordnötter"), idempotency_key="1")


def staff(*permissions: str) -> User:
    user = User.objects.create_user(f"staff{len(permissions)}", password="x", is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_health_data_is_shown_only_with_its_own_permission(client, registration):
    url = reverse("admin:registration_registration_change", args=[registration.pk])
    client.force_login(staff("view_registration"))
    page = client.get(url)
    assert page.status_code == 200
    assert "Deltagare 1" in page.text
    assert "Jordnötter" not in page.text
    client.force_login(staff("view_registration", "view_health_data"))
    assert "Jordnötter" in client.get(url).text
    client.force_login(User.objects.create_superuser("root", password="x"))
    assert "Jordnötter" in client.get(url).text


def test_registrations_cannot_be_added_or_deleted_in_the_admin(client, registration):
    client.force_login(User.objects.create_superuser("root", password="x"))
    assert client.get(reverse("admin:registration_registration_add")).status_code == 403
    delete = reverse("admin:registration_registration_delete", args=[registration.pk])
    assert client.get(delete).status_code == 403
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_the_cancel_action_goes_through_the_service(client, registration):
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    client.post(
        reverse("admin:registration_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    log = RegistrationLogEntry.objects.get(action=RegistrationLogEntry.Action.CANCELLED)
    assert log.actor == admin


def _settings_form(s, **changes) -> dict:
    data = {
        "event": s.event.pk,
        "capacity": s.settings.capacity or "",
        "waiting_list": "on",
        "seminar_choice_required": "on",
        "organisation": "required",
        "title": "optional",
        "sector": "optional",
        "municipality": "off",
        "county": "off",
        "phone": "off",
        "invoice_details": "off",
        "dietary_needs": "off",
        "allergies": "off",
        "accessibility_needs": "off",
        "lawful_basis": "public_task",
        "purpose_text": "Syfte",
        "confirmation_text": "",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "consents-TOTAL_FORMS": "0",
        "consents-INITIAL_FORMS": "0",
    }
    consents = list(s.settings.consents.all())
    data["consents-TOTAL_FORMS"] = data["consents-INITIAL_FORMS"] = str(len(consents))
    for i, consent in enumerate(consents):
        data[f"consents-{i}-id"] = consent.pk
        data[f"consents-{i}-settings"] = s.settings.pk
        data[f"consents-{i}-text"] = consent.text
        data[f"consents-{i}-position"] = consent.position
    data.update(changes)
    return data


def test_raising_the_capacity_in_the_admin_promotes_the_waiting_list(client):
    s = build_event(capacity=1)
    services.register(s.event, person(1), idempotency_key="1")
    waiting = services.register(s.event, person(2), idempotency_key="2")
    client.force_login(User.objects.create_superuser("root", password="x"))
    url = reverse("admin:registration_registrationsettings_change", args=[s.settings.pk])
    response = client.post(url, _settings_form(s, capacity=2), follow=True)
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert "1 person fick en plats från väntelistan." in response.text


def test_a_changed_consent_text_is_a_new_version(client):
    s = build_event()
    consent = ConsentOption.objects.create(settings=s.settings, text="Bilder får publiceras")
    client.force_login(User.objects.create_superuser("root", password="x"))
    url = reverse("admin:registration_registrationsettings_change", args=[s.settings.pk])
    client.post(url, _settings_form(s, **{"consents-0-text": "Bilder och film får publiceras"}))
    consent.refresh_from_db()
    assert (consent.text, consent.version) == ("Bilder och film får publiceras", 2)


def post_json(client, slug: str, payload) -> object:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(f"/anmalan/api/{slug}/", body, content_type="application/json")


def test_the_json_endpoint_is_off_unless_switched_on(client, settings):
    s = build_event()
    settings.SAMLAS_REGISTRATION_API = False
    assert post_json(client, s.event.slug, person(1)).status_code == 404
    assert not Registration.objects.exists()


def test_the_json_endpoint_registers_and_maps_errors_to_statuses(client, settings):
    settings.SAMLAS_REGISTRATION_API = True
    s = build_event(capacity=1, blocks=[(FCFS, [1])], waiting_list=False)
    block, (seminar,) = s.blocks[0], s.seminars()
    payload = {**person(1), "choices": {str(block.pk): seminar.pk}, "idempotency_key": "a"}
    created = post_json(client, s.event.slug, payload)
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "confirmed"
    assert body["choices"] == [{"block": block.pk, "seminar": seminar.pk, "status": "confirmed"}]
    assert post_json(client, s.event.slug, payload).json()["id"] == body["id"]  # a retry
    duplicate = post_json(client, s.event.slug, {**payload, "idempotency_key": "b"})
    assert (duplicate.status_code, duplicate.json()["error"]) == (409, "already_registered")
    full = post_json(client, s.event.slug, {**payload, **person(2), "idempotency_key": "c"})
    assert (full.status_code, full.json()["error"]) == (409, "event_full")
    bad = post_json(client, s.event.slug, {"name": "", "email": "nej"})
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) >= {"name", "email"}
    assert bad.json()["message"] == "Kontrollera uppgifterna i formuläret."
    assert post_json(client, s.event.slug, "{not json").status_code == 422
    assert post_json(client, s.event.slug, "[1, 2]").status_code == 422
    assert post_json(client, "finns-inte", payload).status_code == 404
    assert client.get(f"/anmalan/api/{s.event.slug}/").status_code == 405
    assert Registration.objects.count() == 1


def test_the_json_endpoint_refuses_a_closed_registration(client, settings):
    from datetime import timedelta

    settings.SAMLAS_REGISTRATION_API = True
    s = build_event(opens_in=timedelta(days=3))
    response = post_json(client, s.event.slug, {**person(1), "idempotency_key": "a"})
    assert (response.status_code, response.json()["error"]) == (403, "not_open")
