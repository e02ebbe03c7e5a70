"""Erasure at a registrant's request ("Min anmälan") and of one person everywhere (staff)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from samlas.archive.models import ContactMessage, PressRegistration
from samlas.core.models import AuditLogEntry
from samlas.registration.links import make_token
from samlas.registration.models import HealthInformation, Registration

from .conftest import contact_message, make_body, register, registrable_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(db):
    from tests.factories import make_organisation

    host = make_organisation(name="Region Test")
    event, _seminar = registrable_event(host, timezone.now() + timedelta(days=10))
    first = register(event, 1, dietary_needs="Vegan")
    second = register(event, 2)
    waiting = register(event, 3)
    return event, first, second, waiting


def test_the_registrant_is_told_what_goes_and_confirms_with_a_button(client, upcoming):
    _event, first, _second, _waiting = upcoming
    page = client.get(f"/anmalan/{make_token(first)}/radera/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1" in html and 'method="post"' in html
    assert "Registration.objects" not in html
    first.refresh_from_db()
    assert first.name == "Anna Andersson 1"  # opening the link erases nothing


def test_erasure_cancels_anonymises_and_gives_the_place_to_the_next(client, upcoming):
    event, first, _second, waiting = upcoming
    token = make_token(first)
    response = client.post(f"/anmalan/{token}/radera/")
    assert response.status_code == 302
    assert response["Location"] == "/personuppgifter/raderade/"
    first.refresh_from_db()
    assert (first.status, first.name, first.email) == ("cancelled", f"#{first.pk}", "")
    assert not HealthInformation.objects.filter(registration=first).exists()
    assert not first.messages.exists()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    entry = AuditLogEntry.objects.get(data__erasure="request")
    assert (entry.event_id, entry.target_repr) == (event.pk, f"#{first.pk}")
    assert client.get(f"/anmalan/{token}/radera/").status_code == 404
    assert client.get("/personuppgifter/raderade/").status_code == 200


def test_after_the_event_the_registration_is_erased_without_cancelling(client, upcoming):
    event, first, _second, _waiting = upcoming
    token = make_token(first)
    event.__class__.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
    )
    client.post(f"/anmalan/{token}/radera/")
    first.refresh_from_db()
    assert (first.status, first.email) == ("confirmed", "")


def test_a_bad_link_gets_a_friendly_404(client, db):
    response = client.get("/anmalan/1.abc.def/radera/")
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


def _everywhere(upcoming, past_host):
    _event, first, *_rest = upcoming
    other, _seminar = registrable_event(past_host, timezone.now() + timedelta(days=20))
    elsewhere = register(other, 1)  # the same address in another event
    PressRegistration.objects.create(
        event=other, name="Anna", media_outlet="Bloggen", email="ANNA1@example.se"
    )
    body = make_body(past_host)
    contact_message(body, "anna1@example.se", timezone.now())
    contact_message(body, "someone@example.se", timezone.now())
    return first, elsewhere


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("dso", "dso@example.se", "lösenord-123")


def test_staff_find_a_person_everywhere_then_erase_after_confirming(client, upcoming, superuser):
    from tests.factories import make_organisation

    first, elsewhere = _everywhere(upcoming, make_organisation())
    client.force_login(superuser)
    found = client.get("/personuppgifter/radera-person/?email=Anna1@example.se")
    html = found.content.decode()
    assert html.count("<li>") >= 4  # two registrations, a press registration, messages
    unconfirmed = client.post("/personuppgifter/radera-person/", {"email": "anna1@example.se"})
    assert unconfirmed.status_code == 200
    assert "govuk-error-summary" in unconfirmed.content.decode()
    assert Registration.objects.filter(email_normalised="anna1@example.se").count() == 2
    done = client.post(
        "/personuppgifter/radera-person/", {"email": "anna1@example.se", "confirm": "on"}
    )
    assert done.status_code == 302
    assert not Registration.objects.filter(email_normalised="anna1@example.se").exists()
    for registration in (first, elsewhere):
        registration.refresh_from_db()
        assert registration.status == "cancelled" and registration.name.startswith("#")
    assert not PressRegistration.objects.exists()
    assert list(ContactMessage.objects.values_list("email", flat=True)) == ["someone@example.se"]
    actors = set(
        AuditLogEntry.objects.filter(data__erasure="staff").values_list("actor", flat=True)
    )
    assert actors == {superuser.pk}


def test_only_superusers_may_erase_a_person(client, upcoming):
    staff = get_user_model().objects.create_user("staff", password="lösenord-123")
    client.force_login(staff)
    response = client.post(
        "/personuppgifter/radera-person/", {"email": "anna1@example.se", "confirm": "on"}
    )
    assert response.status_code == 302
    assert "/organisera/logga-in/" in response["Location"]
    assert Registration.objects.filter(email_normalised="anna1@example.se").exists()


def test_the_command_erases_a_person(upcoming):
    out = StringIO()
    call_command("erase_person", "anna2@example.se", "--yes", stdout=out)
    assert "1 registration(s)" in out.getvalue()
    assert not Registration.objects.filter(email_normalised="anna2@example.se").exists()


def test_my_registration_links_to_the_erasure_request(client, upcoming):
    _event, first, *_rest = upcoming
    token = make_token(first)
    html = client.get(f"/anmalan/{token}/").content.decode()
    assert f'href="/anmalan/{token}/radera/"' in html
