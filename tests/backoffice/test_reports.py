"""Exports (chosen columns, health data only when permitted and chosen, audit log), the
catering summary without names, and statistics charts with table alternatives."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samlas.core.models import AuditLogEntry


def export(client, world, **data):
    data.setdefault("status", ["confirmed", "waiting"])
    return client.post(reverse("backoffice:export", args=[world.event.pk]), data)


@pytest.mark.django_db
def test_csv_export_with_chosen_columns_is_logged(client, world):
    user = world.users["host_viewer"]
    client.force_login(user)
    response = export(
        client, world, file_format="csv", columns=["name", "organisation", "seminars"]
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Namn", "Organisation", "Seminarier"]
    assert rows[1:] == [
        ["Deltagare Hemlig0", "Testkommun", "Grannsamverkan"],
        ["Deltagare Hemlig1", "Testkommun", "Trygga skolvägar"],
    ]
    entry = AuditLogEntry.objects.get(action="exported")
    assert entry.actor == user and entry.event_id == world.event.pk
    assert entry.data["columns"] == ["name", "organisation", "seminars"]
    assert entry.data["count"] == 2 and entry.data["format"] == "csv"


@pytest.mark.django_db
def test_xlsx_export_includes_health_data_only_when_permitted_and_chosen(client, world):
    client.force_login(world.users["host_health"])
    response = export(client, world, file_format="xlsx", columns=["name", "dietary_needs"])
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Namn", "Kostbehov"],
        ["Deltagare Hemlig0", "Vegetarisk"],
        ["Deltagare Hemlig1", None],
    ]
    response = export(client, world, file_format="xlsx", columns=["name"])
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "Vegetarisk" not in str(list(sheet.iter_rows(values_only=True)))


@pytest.mark.django_db
def test_health_columns_are_refused_without_permission(client, world):
    client.force_login(world.users["host_editor"])
    page = client.get(reverse("backoffice:export", args=[world.event.pk])).content.decode()
    assert 'value="dietary_needs"' not in page
    response = export(client, world, file_format="csv", columns=["name", "dietary_needs"])
    assert response.status_code == 200  # the form again, with an error
    assert "Vegetarisk" not in response.content.decode()
    assert not AuditLogEntry.objects.filter(action="exported").exists()


@pytest.mark.django_db
def test_formula_like_values_are_neutralised(client, world):
    from samlas.registration.models import Registration

    Registration.objects.filter(pk=world.registrations[0].pk).update(name="=HYPERLINK(1)")
    client.force_login(world.users["host_viewer"])
    response = export(client, world, file_format="csv", columns=["name"])
    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.django_db
def test_catering_counts_without_names(client, world):
    from samlas.registration.models import HealthInformation

    HealthInformation.objects.update_or_create(
        registration=world.registrations[1], defaults={"dietary_needs": "vegetarisk."}
    )
    client.force_login(world.users["host_viewer"])
    body = client.get(reverse("backoffice:catering", args=[world.event.pk])).content.decode()
    assert 'Vegetarisk</td><td class="govuk-table__cell govuk-table__cell--numeric">2' in body
    assert "Nötallergi" in body
    assert "Hemlig" not in body


@pytest.mark.django_db
def test_statistics_charts_have_tables(client, world):
    client.force_login(world.users["cohost_viewer"])
    body = client.get(reverse("backoffice:statistics", args=[world.event.pk])).content.decode()
    assert body.count("<svg") >= 5  # the header logo and four charts
    assert body.count('role="img"') == 4
    assert "Grannsamverkan" in body and "100 %" in body  # 1 of 1 place
    assert "1 / 1" in body and "1 / 20" in body
    assert "<script" not in body.split("</header>", 1)[1]
