"""The press invitation's own page, press registration and the press list for staff."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from samlas.archive import services
from samlas.archive.forms import STARTED_SALT
from samlas.archive.models import PressRegistration
from samlas.core.models import AuditLogEntry
from samlas.events.models import Event, EventOrganiser
from samlas.organisations.models import Membership
from samlas.registration.models import OutboxMessage
from tests.archive.conftest import solved_payload
from tests.factories import (
    make_audience,
    make_contact_person,
    make_event,
    make_organisation,
    make_press_invitation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_bot_check")]


@pytest.fixture
def event() -> Event:
    host = make_organisation(name="Länsstyrelsen i Exempellän")
    event = make_event(
        slug="seminarium-unga",
        title="Seminarium: Unga och kriminalitet",
        host=host,
        audience_text="Förtroendevalda och tjänstepersoner i länets kommuner.",
    )
    event.audiences.set([make_audience("Skola")])
    make_press_invitation(
        event,
        text="Media är välkomna. Syftet är att samla länets aktörer kring **tidiga insatser**.",
        press_contact=make_contact_person(host, name="Diana Dahl", title="Presschef"),
    )
    return event


def form(**fields) -> dict:
    data = {
        "name": "Olle Reporter",
        "media_outlet": "Exempelbladet",
        "email": "Olle@Exempelbladet.example",
        "phone": "070-123 45 67",
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "altcha": solved_payload(),
        "samlas_check": "",
    }
    return {**data, **fields}


def test_the_press_page_gives_time_place_purpose_audience_and_contact(client, event):
    html = client.get(reverse("archive:press", args=[event.slug])).content.decode()
    assert '<span class="govuk-caption-l samlas-caption">Pressinbjudan</span>' in html
    assert "<dt>Tid</dt>" in html and "kl. 09.00–16.00" in html
    assert f"<dt>Plats</dt>\n        <dd>{event.venue.name}, {event.venue.address}</dd>" in html
    assert "Förtroendevalda och tjänstepersoner i länets kommuner." in html
    assert "<strong>tidiga insatser</strong>" in html
    assert "<strong>Diana Dahl</strong>, Presschef" in html
    assert "Anmäl dig som press" in html and "<altcha-widget" in html


def test_the_event_page_links_to_the_press_page(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{reverse("archive:press", args=[event.slug])}"' in html


def test_a_journalist_registers_and_gets_a_confirmation(client, event):
    response = client.post(reverse("archive:press", args=[event.slug]), form())
    assert response.status_code == 302
    registration = PressRegistration.objects.get()
    assert registration.email == "olle@exempelbladet.example"
    assert registration.media_outlet == "Exempelbladet"
    mail = OutboxMessage.objects.get(kind="press_registration")
    assert mail.to == "olle@exempelbladet.example"
    assert mail.subject == "Du är anmäld som press: Seminarium: Unga och kriminalitet"
    assert "för Exempelbladet" in mail.text and "Diana Dahl" in mail.text
    assert "Du är anmäld som press" in client.get(response["Location"]).content.decode()


def test_registering_twice_is_explained(client, event):
    client.post(reverse("archive:press", args=[event.slug]), form())
    response = client.post(
        reverse("archive:press", args=[event.slug]),
        form(
            email="olle@exempelbladet.example",
            started=signing.dumps(time.time() - 30, salt=STARTED_SALT),
        ),
    )
    assert response.status_code == 400
    assert "finns redan på evenemangets presslista" in response.content.decode()
    assert PressRegistration.objects.count() == 1


def test_registration_closes_when_the_event_is_over_or_cancelled(client, event):
    event.status = Event.Status.CANCELLED
    event.save()
    with pytest.raises(services.PressRegistrationClosed):
        services.register_press(event, name="A", media_outlet="B", email="a@example.org")
    response = client.post(reverse("archive:press", args=[event.slug]), form())
    assert response.status_code == 400
    assert "Pressanmälan till det här evenemanget är stängd." in response.content.decode()
    later = event.end + timedelta(hours=1)
    event.status = Event.Status.PUBLISHED
    event.save()
    with pytest.raises(services.PressRegistrationClosed):
        services.register_press(event, name="A", media_outlet="B", email="a@example.org", now=later)
    assert not PressRegistration.objects.exists()


def test_embargoed_missing_or_draft_press_invitations_are_not_found(client, event):
    invitation = event.press_invitation
    invitation.published_at = timezone.now() + timedelta(days=1)
    invitation.save()
    assert client.get(reverse("archive:press", args=[event.slug])).status_code == 404
    assert client.get(reverse("archive:press", args=[make_event().slug])).status_code == 404
    draft = make_event(status=Event.Status.DRAFT)
    make_press_invitation(draft)
    assert client.get(reverse("archive:press", args=[draft.slug])).status_code == 404
    assert client.get("/evenemang/finns-inte/press/").status_code == 404


def test_the_bot_protection_applies_to_press_registration(client, event):
    url = reverse("archive:press", args=[event.slug])
    assert client.post(url, form(samlas_check="x")).status_code == 302
    response = client.post(url, form(altcha="bm90IGEgcHJvb2Y="))
    assert response.status_code == 400
    assert not PressRegistration.objects.exists()


def test_staff_see_the_press_list_of_their_own_events_and_can_download_it(client, event):
    services.register_press(
        event, name="Olle Reporter", media_outlet="Exempelbladet", email="olle@example.se"
    )
    other = make_event()
    make_press_invitation(other)
    services.register_press(other, name="Kim Annan", media_outlet="Radio X", email="kim@example.se")
    staff = get_user_model().objects.create_user("press", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename="view_pressregistration"))
    host = EventOrganiser.objects.get(event=event, role="host").organisation
    Membership.objects.create(user=staff, organisation=host)
    client.force_login(staff)
    url = reverse("admin:archive_pressregistration_changelist")
    html = client.get(url).content.decode()
    assert "Olle Reporter" in html and "Kim Annan" not in html
    response = client.post(
        url,
        {
            "action": "download_press_list",
            "_selected_action": list(PressRegistration.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8-sig")
    assert "Evenemang;Namn;Medium;E-post;Telefon;Anmäld" in content
    assert "Olle Reporter;Exempelbladet" in content and "Kim Annan" not in content
    assert AuditLogEntry.objects.filter(action="exported", event_id=event.pk).exists()
