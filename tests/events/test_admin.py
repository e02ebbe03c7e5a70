"""The Django admin shows events, venues and their related rows inline."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory

from samlas.events.models import Event
from tests.factories import make_contact_person, make_event, make_room


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    return client


def test_event_change_page_has_organisers_links_and_press_inline(admin_client):
    event = make_event(title="Konferens i admin")
    response = admin_client.get(f"/admin/events/event/{event.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Konferens i admin" in html
    assert 'id="organisers-group"' in html
    assert 'id="links-group"' in html
    assert 'id="press_invitation-group"' in html
    assert event.host.organisation.name in html


def test_venue_change_page_has_rooms_inline(admin_client):
    room = make_room(name="Stora salen")
    html = admin_client.get(f"/admin/events/venue/{room.venue.pk}/change/").content.decode()
    assert 'id="rooms-group"' in html
    assert "Stora salen" in html


def test_event_list_and_search(admin_client):
    make_event(title="Hearing om prioriteringar")
    make_event(title="Annat")
    html = admin_client.get("/admin/events/event/", {"q": "hearing"}).content.decode()
    assert "Hearing om prioriteringar" in html
    assert "Annat" not in html


def test_contact_persons_can_be_found_for_the_organiser_inline(admin_client):
    person = make_contact_person(name="Sökbar Person")
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "Sökbar",
            "app_label": "events",
            "model_name": "eventorganiser",
            "field_name": "contact_persons",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == str(person.pk)


def test_an_events_status_is_not_changed_in_the_admin_but_in_the_back_office(admin_client):
    """Saving the admin form would cancel without the lock, the e-mails or the log entry."""
    event = make_event(title="Publicerad konferens")
    html = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="status"' not in html
    assert 'name="cancellation_reason"' not in html
    assert event.get_status_display() in html
    assert "arrangörernas administration" in html  # where to change it, in Swedish
    add = admin_client.get("/admin/events/event/add/").content.decode()
    assert 'name="status"' in add
    # What saving the change form can write: the form has no status field at all.
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="admin")
    form = admin.site._registry[Event].get_form(request, event)
    assert "status" not in form.base_fields
    assert "cancellation_reason" not in form.base_fields
