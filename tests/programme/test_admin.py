"""Editing the programme in the Django admin: Swedish errors inline, capacity as a warning."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages

from samlas.events.models import Event
from samlas.programme import services
from samlas.programme.admin import BlockInline, ProgrammeItemInline
from samlas.programme.models import Block, ProgrammeItem
from tests.factories import at, make_event, make_room

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The admin user's password is hashed per test; a slow hasher only costs time here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def event():
    return make_event(start=at(2024, 9, 24, 9), end=at(2024, 9, 24, 16))


@pytest.fixture
def hall(event):
    return make_room(event.venue, name="Stora salen", capacity=40)


def test_a_double_booked_room_is_shown_beside_the_field_in_swedish(admin_client, event, hall):
    services.add_item(
        event, start=at(2024, 9, 24, 10), end=at(2024, 9, 24, 11), title="Lägesbild", room=hall
    )
    data = {
        "event": event.pk,
        "start_0": "2024-09-24",
        "start_1": "10:30",
        "end_0": "2024-09-24",
        "end_1": "11:30",
        "kind": "talk",
        "title": "Krock",
        "room": hall.pk,
        **management("participations"),
    }
    response = admin_client.post("/admin/programme/programmeitem/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["room"] == ["Lokalen Stora salen används redan av ”Lägesbild” kl. 10.00–11.00."]
    assert "används redan av ”Lägesbild”" in response.content.decode()
    assert ProgrammeItem.objects.filter(title="Krock").count() == 0


def test_an_item_outside_the_events_dates_is_refused(admin_client, event):
    data = {
        "event": event.pk,
        "start_0": "2024-09-25",
        "start_1": "10:00",
        "end_0": "2024-09-25",
        "end_1": "11:00",
        "kind": "talk",
        "title": "Fel dag",
        **management("participations"),
    }
    response = admin_client.post("/admin/programme/programmeitem/add/", data)
    assert response.context["adminform"].form.errors["start"] == [
        "Programpunkten måste ligga inom evenemangets datum (tisdag 24 september 2024)."
    ]


def test_a_seminar_larger_than_its_room_is_saved_with_a_warning(admin_client, event, hall):
    data = {
        "event": event.pk,
        "start_0": "2024-09-24",
        "start_1": "14:00",
        "end_0": "2024-09-24",
        "end_1": "14:30",
        "title": "Pass 1",
        "choice_mode": "fcfs",
        **management("seminars", total=2),
        "seminars-0-title": "Grannsamverkan",
        "seminars-0-position": "0",
        "seminars-0-room": hall.pk,
        "seminars-0-capacity": "60",
        "seminars-1-title": "Trygg skolväg",
        "seminars-1-position": "1",
        "seminars-1-capacity": "25",
        **management("participations"),
    }
    response = admin_client.post("/admin/programme/block/add/", data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Block.objects.get(title="Pass 1").seminars.count() == 2
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warnings == ["Grannsamverkan: Seminariet har fler platser (60) än lokalen rymmer (40)."]


def test_two_seminars_of_a_block_in_one_room_are_refused(admin_client, event, hall):
    data = {
        "event": event.pk,
        "start_0": "2024-09-24",
        "start_1": "14:00",
        "end_0": "2024-09-24",
        "end_1": "14:30",
        "title": "Pass 1",
        "choice_mode": "ranked",
        **management("seminars", total=2),
        **{f"seminars-{i}-{k}": v for i in (0, 1) for k, v in
           {"title": f"S{i}", "position": i, "room": hall.pk, "capacity": 20}.items()},
        **management("participations"),
    }  # fmt: skip
    response = admin_client.post("/admin/programme/block/add/", data)
    assert response.status_code == 200
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets["seminars"].non_form_errors() == [
        "Seminarierna i ett block måste vara i olika lokaler."
    ]
    assert not Block.objects.exists()


def admin_formset(inline_class, event, request, data):
    """The formset the event's admin page uses, with its widgets and its cross-row checks."""
    formset_class = inline_class(Event, admin.site).get_formset(request, event)
    return formset_class(data, instance=event, prefix=formset_class.get_default_prefix())


@pytest.fixture
def admin_request(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    return request


def test_items_on_the_event_page_are_saved_in_swedish_time(event, hall, admin_request):
    data = {
        **management("items", total=1),
        "items-0-start": "2024-09-24 10:00",
        "items-0-end": "2024-09-24 11.30",
        "items-0-kind": "talk",
        "items-0-title": "Lägesbild",
        "items-0-room": hall.pk,
    }
    formset = admin_formset(ProgrammeItemInline, event, admin_request, data)
    assert formset.is_valid(), formset.errors
    formset.save()
    saved = event.items.get()
    assert (saved.start, saved.end) == (at(2024, 9, 24, 10), at(2024, 9, 24, 11, 30))


def test_items_added_together_on_the_event_page_are_checked_together(event, hall, admin_request):
    data = {**management("items", total=2)}
    for index, (start, end) in enumerate([("10:00", "11:00"), ("10:30", "11:30")]):
        data |= {
            f"items-{index}-start": f"2024-09-24 {start}",
            f"items-{index}-end": f"2024-09-24 {end}",
            f"items-{index}-kind": "talk",
            f"items-{index}-title": f"Punkt {index}",
            f"items-{index}-room": hall.pk,
        }
    formset = admin_formset(ProgrammeItemInline, event, admin_request, data)
    assert not formset.is_valid()
    assert formset.non_form_errors() == [
        "Lokalen Stora salen används redan av ”Punkt 0” kl. 10.00–11.00."
    ]


def test_blocks_added_together_on_the_event_page_are_checked_together(event, admin_request):
    data = {**management("blocks", total=2)}
    for index, (start, end) in enumerate([("14:00", "14:30"), ("14:15", "15:00")]):
        data |= {
            f"blocks-{index}-start": f"2024-09-24 {start}",
            f"blocks-{index}-end": f"2024-09-24 {end}",
            f"blocks-{index}-title": f"Pass {index + 1}",
            f"blocks-{index}-choice_mode": "fcfs",
        }
    formset = admin_formset(BlockInline, event, admin_request, data)
    assert not formset.is_valid()
    assert formset.non_form_errors() == ["Blocket överlappar blocket ”Pass 1” (kl. 14.00–14.30)."]


def test_event_admin_shows_the_programme_inlines_in_time_order(admin_client, event, hall):
    services.add_item(event, start=at(2024, 9, 24, 13), end=at(2024, 9, 24, 14), title="Senare")
    services.add_item(event, start=at(2024, 9, 24, 9), end=at(2024, 9, 24, 10), title="Tidigare")
    response = admin_client.get(f"/admin/events/event/{event.pk}/change/")
    assert response.status_code == 200
    prefixes = [f.formset.prefix for f in response.context["inline_admin_formsets"]]
    assert {"participations", "items", "blocks"} <= set(prefixes)
    (items,) = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "items"]
    assert [form.instance.title for form in items.formset.initial_forms] == ["Tidigare", "Senare"]
    # One field per time, in Swedish time (09.00 is 07.00 UTC in September).
    assert 'name="items-0-start" value="2024-09-24 09:00"' in response.content.decode()


def test_people_are_searchable(admin_client):
    services.add_person("Anna Berg", organisation="Polisen")
    services.add_person("Bo Ek", organisation="Ystads kommun")
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "polis", "app_label": "programme", "model_name": "participation",
         "field_name": "person"},
    )  # fmt: skip
    assert [r["text"] for r in response.json()["results"]] == ["Anna Berg, Polisen"]
