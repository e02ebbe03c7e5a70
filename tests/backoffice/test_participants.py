"""The participant list (search, filters, sort, pages, bounded queries at 5,000), one
registration, and staff changes made through the registration services."""

import pytest
from django.urls import reverse

from samlas.registration.models import (
    HealthInformation,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
)


def bulk_registrations(world, count: int) -> None:
    """Many registrations at once for list tests (rows only, as the services would leave)."""
    event, seminar = world.event, world.seminars[1]
    sectors = ["municipality", "police", "region", "civil_society"]
    rows = [
        Registration(
            event=event,
            status="waiting" if n % 50 == 0 else "confirmed",
            queued_at=event.start if n % 50 == 0 else None,
            name=f"Person {n:05d}",
            email=f"p{n}@example.se",
            email_normalised=f"p{n}@example.se",
            organisation=f"Kommun {n % 40}",
            sector=sectors[n % 4],
            municipality=["Umeå", "Luleå", "Kiruna"][n % 3],
            link_secret="x" * 32,
        )
        for n in range(count)
    ]
    Registration.objects.bulk_create(rows, batch_size=1000)
    made = Registration.objects.filter(event=event, name__startswith="Person ")
    SeminarChoice.objects.bulk_create(
        [
            SeminarChoice(registration=r, block=world.block, seminar=seminar, status="confirmed")
            for r in made[:500]
        ]
    )


@pytest.mark.django_db
def test_list_of_5000_is_paginated_with_bounded_queries(
    client, world, django_assert_max_num_queries
):
    bulk_registrations(world, 5000)
    client.force_login(world.users["host_viewer"])
    url = reverse("backoffice:registrations", args=[world.event.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url, {"sector": "police", "sort": "-name", "page": "3"})
    body = response.content.decode()
    assert "1250 anmälningar" in body
    assert body.count('class="govuk-table__row"') == 51  # a header row and 50 rows
    # Page 3 of the police (every 4th from n=1), Ö–A: rows 101–150 are n = 4597 … 4401.
    assert body.index("Person 04597") < body.index("Person 04401")
    assert "Person 04601" not in body and "Person 04397" not in body
    with django_assert_max_num_queries(14):
        client.get(url, {"q": "Person 0001", "waiting": "on", "seminar": world.seminars[1].pk})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "hemlig1"}, ["Deltagare Hemlig1"]),
        ({"seminar": "SEM0"}, ["Deltagare Hemlig0"]),
        (
            {"status": "confirmed", "sector": "municipality"},
            ["Deltagare Hemlig0", "Deltagare Hemlig1"],
        ),
        (
            {"organisation": "testkommun", "sort": "-name"},
            ["Deltagare Hemlig1", "Deltagare Hemlig0"],
        ),
        ({"waiting": "on"}, []),
        (
            {"status": "nonsense", "page": "x", "sort": "evil"},
            ["Deltagare Hemlig0", "Deltagare Hemlig1"],
        ),
    ],
)
def test_search_and_filters(client, world, params, expected):
    params = {k: (world.seminars[0].pk if v == "SEM0" else v) for k, v in params.items()}
    client.force_login(world.users["host_viewer"])
    response = client.get(reverse("backoffice:registrations", args=[world.event.pk]), params)
    assert response.status_code == 200
    body = response.content.decode()
    shown = [name for name in ("Deltagare Hemlig0", "Deltagare Hemlig1") if name in body]
    assert sorted(shown, key=body.index) == expected


@pytest.mark.django_db
def test_detail_shows_health_data_only_to_permitted(client, world):
    url = reverse("backoffice:registration", args=[world.event.pk, world.registrations[0].pk])
    client.force_login(world.users["host_viewer"])
    assert "Vegetarisk" not in client.get(url).content.decode()
    client.force_login(world.users["host_health"])
    assert "Vegetarisk" in client.get(url).content.decode()


@pytest.mark.django_db
def test_add_by_hand_is_idempotent_and_logged(client, world):
    user = world.users["host_editor"]
    client.force_login(user)
    data = {
        "name": "Handanmäld Person",
        "email": "hand@example.se",
        "organisation": "Region Test",
        f"choices-block_{world.block.pk}": world.seminars[1].pk,
        "idempotency_key": "abc123",
    }
    url = reverse("backoffice:registration_add", args=[world.event.pk])
    first = client.post(url, data)
    second = client.post(url, data)  # a double click
    registration = Registration.objects.get(email="hand@example.se")
    assert first.status_code == second.status_code == 302
    assert registration.status == "confirmed"
    assert registration.choices.get().seminar == world.seminars[1]
    log = RegistrationLogEntry.objects.get(registration=registration, action="registered")
    assert log.actor == user


@pytest.mark.django_db
def test_add_by_hand_reports_service_errors(client, world):
    client.force_login(world.users["host_editor"])
    response = client.post(
        reverse("backoffice:registration_add", args=[world.event.pk]),
        {
            "name": "Dubblett",
            "email": "hemlig0@example.se",
            "organisation": "X",
            f"choices-block_{world.block.pk}": world.seminars[1].pk,
        },
    )
    assert response.status_code == 200
    assert "redan anmäld" in response.content.decode()


@pytest.mark.django_db
def test_edit_by_staff_without_health_permission_keeps_health_data(client, world):
    registration = world.registrations[0]
    client.force_login(world.users["host_editor"])
    response = client.post(
        reverse("backoffice:registration_edit", args=[world.event.pk, registration.pk]),
        {
            "name": "Nytt Namn",
            "email": "hemlig0@example.se",
            "organisation": "Testkommun",
            "sector": "police",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.name, registration.sector) == ("Nytt Namn", "police")
    assert HealthInformation.objects.get(registration=registration).dietary_needs == "Vegetarisk"


@pytest.mark.django_db
def test_move_to_a_full_seminar_is_refused_unless_waiting_list(client, world):
    registration = world.registrations[1]  # in seminar 1; seminar 0 (1 place) is full
    client.force_login(world.users["host_editor"])
    url = reverse("backoffice:registration_choices", args=[world.event.pk, registration.pk])
    field = f"choices-block_{world.block.pk}"
    response = client.post(url, {field: world.seminars[0].pk})
    assert response.status_code == 200 and "fullbokat" in response.content.decode()
    assert registration.choices.get().seminar == world.seminars[1]
    client.post(url, {field: world.seminars[0].pk, "waiting_list": "on"})
    choice = registration.choices.get()
    assert (choice.seminar, choice.status) == (world.seminars[0], "waiting")


@pytest.mark.django_db
def test_cancel_frees_the_seat_for_the_first_in_line(client, world):
    from samlas.registration import services

    waiting = services.register(
        world.event,
        {"name": "Kö Person", "email": "ko@example.se", "organisation": "X"},
        {world.block.pk: world.seminars[0].pk},
        idempotency_key="queue-1",
    )
    client.force_login(world.users["host_editor"])
    client.post(
        reverse("backoffice:registration_cancel", args=[world.event.pk, world.registrations[0].pk]),
        {"reason": "Sjuk"},
    )
    world.registrations[0].refresh_from_db()
    assert world.registrations[0].status == "cancelled"
    assert waiting.choices.get().status == "confirmed"
    waiting_page = client.get(reverse("backoffice:waiting_lists", args=[world.event.pk]))
    assert "Kö Person" not in waiting_page.content.decode()


@pytest.mark.django_db
def test_viewer_cannot_change_registrations(client, world):
    client.force_login(world.users["host_viewer"])
    registration = world.registrations[0]
    for name in ("registration_edit", "registration_choices", "registration_cancel"):
        url = reverse(f"backoffice:{name}", args=[world.event.pk, registration.pk])
        assert client.post(url, {"reason": "x"}).status_code == 403
    registration.refresh_from_db()
    assert registration.status == "confirmed"


@pytest.mark.django_db
def test_registration_settings_raise_capacity_promotes(client, world):
    from samlas.registration import services

    settings_row = world.event.registration_settings
    settings_row.capacity = 2
    settings_row.save()
    waiting = services.register(
        world.event,
        {"name": "Sist", "email": "sist@example.se", "organisation": "X"},
        {world.block.pk: world.seminars[1].pk},
        idempotency_key="last-1",
    )
    assert waiting.status == "waiting"
    client.force_login(world.users["host_editor"])
    data = {
        "capacity": 3,
        "waiting_list": "on",
        "seminar_choice_required": "on",
        "organisation": "required",
        "title": "off",
        "sector": "optional",
        "municipality": "off",
        "county": "off",
        "phone": "off",
        "invoice_details": "off",
        "dietary_needs": "optional",
        "allergies": "optional",
        "accessibility_needs": "off",
        "lawful_basis": "public_task",
        "purpose_text": "För att genomföra dagen.",
        "confirmation_text": "",
    }
    response = client.post(reverse("backoffice:registration_settings", args=[world.event.pk]), data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
