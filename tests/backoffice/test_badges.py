"""Name badges and the participant list as PDF: what they show, the QR code's geometry,
Swedish letters and order, the audit entry for each download, and who may download."""

import base64
import contextlib
import re
import zlib

import pytest
import segno
from django.urls import reverse

from samlas.backoffice import badges
from samlas.core.models import AuditLogEntry
from samlas.registration.checkin import checkin_code
from samlas.registration.models import Registration


def pdf_text(data: bytes) -> str:
    """The page content of a reportlab PDF: its ASCII85 and Flate streams decoded."""
    parts = []
    for stream in re.findall(rb">>\s*stream\r?\n(.*?)\s*endstream", data, re.S):
        if stream.rstrip().endswith(b"~>"):
            stream = base64.a85decode(stream.rstrip(), adobe=True)
        with contextlib.suppress(zlib.error):
            stream = zlib.decompress(stream)
        parts.append(stream.decode("latin-1"))
    return "\n".join(parts)


def download(client, world, document: str) -> bytes:
    response = client.post(
        reverse("backoffice:printables", args=[world.event.pk]), {"document": document}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"%PDF")
    return response.content


def test_letters_outside_helvetica_become_their_base_letter():
    assert badges.printable("Åsa Öberg, Émile") == "Åsa Öberg, Émile"
    assert badges.printable("Łukasz Ŋuolla Ąžuolas ☃") == "Lukasz Nuolla Ažuolas ?"


def test_names_sort_in_swedish_order():
    names = ["Östen", "Åsa", "Ärla", "Zoe", "émile", "Adam", "Łucja"]
    assert sorted(names, key=badges.swedish_key) == [
        "Adam",
        "émile",
        "Łucja",
        "Zoe",
        "Åsa",
        "Ärla",
        "Östen",
    ]


class Recorder:
    """Stands in for a reportlab canvas and keeps the rectangles drawn."""

    def __init__(self) -> None:
        self.rects: list[tuple[float, float, float, float]] = []

    def setFillColor(self, colour) -> None:  # reportlab's name
        pass

    def rect(self, x, y, width, height, stroke=1, fill=0) -> None:
        self.rects.append((x, y, width, height))


def test_the_qr_code_is_drawn_module_for_module():
    code = "1234-K7QXM2PA"
    recorder = Recorder()
    badges.draw_qr(recorder, code, 0, 0, 210)
    expected = [list(row) for row in segno.make_qr(code, error="m").matrix]
    size = len(expected)
    unit = 210 / size
    drawn = [[0] * size for _ in range(size)]
    for x, y, width, _height in recorder.rects:
        row = size - 1 - round(y / unit)
        for column in range(round(x / unit), round((x + width) / unit)):
            drawn[row][column] = 1
    assert drawn == expected
    assert size == 21  # a full QR code (version 1), not a Micro QR


@pytest.mark.django_db
def test_badges_show_each_confirmed_participant_with_the_check_in_code(client, world):
    Registration.objects.filter(pk=world.registrations[0].pk).update(
        name="Åsa Öberg", title="Samordnare", organisation="Länsstyrelsen i Testlän"
    )
    user = world.users["host_viewer"]
    client.force_login(user)
    page = client.get(reverse("backoffice:printables", args=[world.event.pk])).content.decode()
    assert "För de 2 bekräftade deltagarna" in page
    text = pdf_text(download(client, world, "badges"))
    # Helvetica's WinAnsi bytes: å is \345, Ö is \326 in the PDF string.
    assert "(\\305sa \\326berg)" in text or "(\xc5sa \xd6berg)" in text
    assert "(Samordnare)" in text and "nsstyrelsen i Testl" in text
    assert "(Deltagare Hemlig1)" in text and "(Trygghetsdagen)" in text
    for registration in world.registrations:
        assert f"({checkin_code(registration)})" in text
    assert "Vegetarisk" not in text
    entry = AuditLogEntry.objects.get(action="exported")
    assert (entry.actor, entry.event_id) == (user, world.event.pk)
    assert entry.data["format"] == "pdf-badges" and entry.data["count"] == 2


@pytest.mark.django_db
def test_the_participant_list_is_sorted_with_seminars_and_page_numbers(client, world):
    Registration.objects.filter(pk=world.registrations[1].pk).update(name="Adam Andersson")
    client.force_login(world.users["cohost_viewer"])
    text = pdf_text(download(client, world, "list"))
    assert text.index("(Adam Andersson)") < text.index("(Deltagare Hemlig0)")
    assert "Grannsamverkan" in text and "Trygga skolv" in text
    assert "(Sida 1 av 1)" in text
    assert "Deltagarlista: Trygghetsdagen" in text
    assert AuditLogEntry.objects.get(action="exported").data["format"] == "pdf-list"


@pytest.mark.django_db
def test_who_may_download_badges_and_lists(client, world):
    """Action.VIEW_REGISTRATIONS: the host's staff and co-hosts allowed to see participants."""
    url = reverse("backoffice:printables", args=[world.event.pk])
    expected = {
        "host_admin": 200,
        "host_viewer": 200,
        "cohost_viewer": 200,
        "cohost_editor": 200,
        "blind_cohost": 404,
        "outsider": 404,
        "nobody": 403,
    }
    for who, status in expected.items():
        client.force_login(world.users[who])
        assert client.get(url).status_code == status, who
        assert client.post(url, {"document": "badges"}).status_code == status, who
    assert AuditLogEntry.objects.filter(action="exported").count() == 4
    # An unknown document is the page again, not an error, and nothing is logged.
    client.force_login(world.users["host_admin"])
    assert client.post(url, {"document": "x"}).status_code == 200
    assert AuditLogEntry.objects.filter(action="exported").count() == 4
