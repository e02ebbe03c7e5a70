"""The export's rows read as plain values: every column says what the registration says,
seminars in the order of the day with their status, and the number of queries depends on
the number of chunks, never on the number of registrations."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samlas.backoffice import exports
from samlas.programme.models import Block, Seminar
from samlas.registration import services as registration_services
from samlas.registration.models import HealthInformation, Registration

pytestmark = pytest.mark.django_db
ALL = [column.key for column in exports.COLUMNS]


def table(event, columns=ALL) -> list[list[str]]:
    registrations = Registration.objects.filter(event=event)
    return list(exports.rows(exports.export_queryset(registrations, columns), columns))


def test_every_column_of_a_registration(world):
    event = world.event
    morning = Block.objects.create(
        event=event,
        start=event.start + timedelta(hours=1),
        end=event.start + timedelta(hours=2),
        title="Förmiddag",
    )
    early = Seminar.objects.create(block=morning, title="Lägesbild", capacity=10)
    # Grannsamverkan (one seat) is taken: a third registrant waits for it.
    third = registration_services.register(
        event,
        {
            "name": "Deltagare Tre",
            "email": "tre@example.se",
            "organisation": "=Formelkommun",
            "sector": "police",
        },
        {world.block.pk: world.seminars[0].pk, morning.pk: early.pk},
        idempotency_key=f"export-{event.pk}-3",
    )
    Registration.objects.filter(pk=third.pk).update(
        county="AC",
        phone="090-123 45",
        title="Kommunpolis",
        municipality="Umeå",
        organisation_number="212000-2726",
        invoice_reference="Ref 7",
    )
    HealthInformation.objects.update_or_create(
        registration=third, defaults={"allergies": "Pälsdjur", "accessibility_needs": "Hörslinga"}
    )
    header, first, second, last = table(event)
    assert header[:3] == ["Namn", "E-post", "Organisation"] and len(header) == len(ALL)
    row = dict(zip(ALL, last, strict=True))
    third.refresh_from_db()
    assert row == {
        "name": "Deltagare Tre",
        "email": "tre@example.se",
        "organisation": "'=Formelkommun",  # never a formula in the spreadsheet
        "title": "Kommunpolis",
        "sector": "polisen",
        "municipality": "Umeå",
        "county": "Västerbottens län",
        "phone": "090-123 45",
        "status": "bekräftad",
        "created_at": timezone.localtime(third.created_at).strftime("%Y-%m-%d %H:%M"),
        # The morning block first, then the afternoon's seminar it waits for.
        "seminars": "Lägesbild; Grannsamverkan (väntelista)",
        "invoice": "212000-2726 / Ref 7",
        "dietary_needs": "",
        "allergies": "Pälsdjur",
        "accessibility_needs": "Hörslinga",
    }
    assert dict(zip(ALL, first, strict=True))["dietary_needs"] == "Vegetarisk"
    assert dict(zip(ALL, second, strict=True))["seminars"] == "Trygga skolvägar"


def test_queries_grow_with_chunks_not_rows(world, monkeypatch):
    for n in range(2, 9):
        registration_services.register(
            world.event,
            {"name": f"Deltagare {n}", "email": f"d{n}@example.se", "organisation": "X"},
            {world.block.pk: world.seminars[1].pk},
            idempotency_key=f"chunks-{world.event.pk}-{n}",
        )
    monkeypatch.setattr(exports, "CHUNK", 3)
    with CaptureQueriesContext(connection) as captured:
        rows = table(world.event, ["name", "seminars"])
    assert len(rows) == 1 + 9
    # The registrations (one query, read in chunks), each chunk's choices (3 chunks), and
    # the seminars' titles once for each seminar not seen before.
    assert len(captured) <= 1 + 3 + 2, [q["sql"] for q in captured]
    assert rows[-1] == ["Deltagare 8", "Trygga skolvägar"]
