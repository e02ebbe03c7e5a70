"""The archive's public pages: past events, themes, learning examples, people, documents."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samlas.archive import services
from samlas.archive.models import Document
from samlas.events.models import Event
from samlas.programme.models import Participation, Person, ProgrammeItem
from tests.archive.conftest import (
    docx_bytes,
    make_body,
    make_example,
    make_recording,
    pdf_bytes,
    upload,
)
from tests.factories import make_contact_person, make_event, make_organisation, make_theme

pytestmark = pytest.mark.django_db


def past_event(**fields) -> Event:
    start = timezone.now() - timedelta(days=30)
    return make_event(start=start, end=start + timedelta(hours=6), **fields)


def test_the_archive_lists_past_events_with_their_material(client):
    theme = make_theme("Våld i nära relationer")
    past = past_event(title="Konferens om våld i nära relationer", themes=[theme])
    services.publish_recording(make_recording(past, title="Våldets mekanismer", transcript="T"))
    services.attach_document(past, upload("program.pdf", pdf_bytes()), title="Programmet")
    make_event(title="Kommande konferens")
    past_event(title="Utkast", status=Event.Status.DRAFT)
    html = client.get(reverse("archive:archive")).content.decode()
    assert "Konferens om våld i nära relationer" in html
    assert "1 inspelning" in html and "1 dokument" in html
    assert "Våldets mekanismer" in html
    assert "Kommande konferens" not in html and "Utkast" not in html
    assert f'href="{reverse("archive:theme", args=[theme.slug])}"' in html
    assert client.get(reverse("archive:archive"), {"page": "x"}).status_code == 200


def test_a_theme_page_gathers_events_recordings_documents_examples_and_bodies(client):
    theme = make_theme("Unga och kriminalitet")
    other = make_theme("Narkotika")
    upcoming = make_event(title="Kommande seminarium om unga", themes=[theme])
    past = past_event(title="Hearing om unga", themes=[theme])
    recording = services.publish_recording(
        make_recording(past, title="Tidiga insatser", transcript="T")
    )
    document = services.attach_document(
        past, upload("rapport.docx", docx_bytes()), title="Rapporten"
    )
    example = make_example(title="Fritidsgårdar som förebygger")
    example.themes.add(theme)
    body = make_body(name="Nätverket för unga")
    body.themes.add(theme)
    make_event(title="Om narkotika", themes=[other])
    html = client.get(reverse("archive:theme", args=[theme.slug])).content.decode()
    for text in (
        upcoming.title,
        past.title,
        recording.title,
        document.title,
        example.title,
        body.name,
        "(Word, ",
    ):
        assert text in html, text
    assert "Om narkotika" not in html
    assert client.get("/tema/finns-inte/").status_code == 404


def test_learning_examples_are_listed_filtered_and_shown(client):
    theme = make_theme("Trygghet i offentlig miljö")
    organisation = make_organisation(name="Älvstads kommun", website="https://example.se/")
    walks = make_example(
        title="Trygghetsvandringar som leder till åtgärder",
        county="O",
        municipality="Älvstad",
        results="Otryggheten minskade från **31** till 22 procent.",
        contact=make_contact_person(organisation, name="Sara Lind", email="sara@example.se"),
    )
    walks.themes.add(theme)
    walks.organisations.add(organisation)
    presented = past_event(title="Trygghetskonferensen 2026")
    walks.events.add(presented)
    other = make_example(title="Tidiga insatser för unga", county="E")
    make_example(title="Ännu inte publicerat", published_at=None)

    html = client.get(reverse("archive:examples")).content.decode()
    assert walks.title in html and other.title in html and "Ännu inte publicerat" not in html
    html = client.get(reverse("archive:examples"), {"theme": theme.slug}).content.decode()
    assert walks.title in html and other.title not in html
    html = client.get(reverse("archive:examples"), {"county": "E"}).content.decode()
    assert other.title in html and walks.title not in html
    response = client.get(reverse("archive:examples"), {"theme": "nej", "county": "ZZ"})
    assert (
        response.status_code == 200 and "Det finns inget sådant tema" in response.content.decode()
    )

    html = client.get(walks.get_absolute_url()).content.decode()
    assert '<h2 class="govuk-heading-l" id="done-heading">Det här gjordes</h2>' in html
    assert "från <strong>31</strong> till 22 procent" in html
    assert "Trygghetskonferensen 2026" in html  # where it was presented
    assert "<strong>Sara Lind</strong>" in html and "mailto:sara@example.se" in html
    assert "Västra Götalands län" in html and "Älvstad" in html
    assert client.get(reverse("archive:example", args=["annat"])).status_code == 404


def test_a_speakers_page_shows_public_appearances_only(client):
    person = Person.objects.create(name="Malin Åkesson", title="psykolog")
    public = past_event(title="Konferens om våld")
    item = ProgrammeItem.objects.create(
        event=public, start=public.start, end=public.end, title="Våldets mekanismer"
    )
    Participation.objects.create(person=person, item=item)
    draft = make_event(title="Hemligt utkast", status=Event.Status.DRAFT)
    Participation.objects.create(person=person, event=draft)
    html = client.get(reverse("archive:person", args=[person.pk])).content.decode()
    assert "Malin Åkesson" in html and "Våldets mekanismer" in html
    assert "Hemligt utkast" not in html
    hidden = Person.objects.create(name="Bara i utkast")
    Participation.objects.create(person=hidden, event=draft)
    assert client.get(reverse("archive:person", args=[hidden.pk])).status_code == 404


def test_the_event_page_lists_its_recordings_and_documents(client):
    event = past_event(title="Konferens om trygghet")
    recording = services.publish_recording(make_recording(event, transcript="T"))
    make_recording(event, title="Opublicerad inspelning")
    services.attach_document(event, upload("program.pdf", pdf_bytes(42_000)), title="Programmet")
    hidden = services.attach_document(event, upload("utkast.pdf", pdf_bytes()), title="Utkastet")
    hidden.is_published = False
    hidden.save()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Inspelningar och dokument" in html
    assert f'href="{recording.get_absolute_url()}"' in html
    assert 'Programmet <span class="samlas-documents__type">(Pdf, 42\xa0kB)</span>' in html
    assert "Opublicerad inspelning" not in html and "Utkastet" not in html


def test_documents_get_their_type_and_size_from_the_file():
    document = services.attach_document(
        make_body(), upload("lagesbild.pdf", pdf_bytes(42_000)), title="Lägesbild"
    )
    assert (document.file_type, document.size) == ("pdf", 42_000)
    assert document.type_and_size == "Pdf, 42\xa0kB"
    assert document.file.name.startswith("documents/") and document.file.name.endswith(
        "/lagesbild.pdf"
    )


def test_a_document_belongs_to_exactly_one_owner():
    document = Document(title="Ingen ägare", file=upload("x.pdf", pdf_bytes()))
    with pytest.raises(ValidationError) as refusal:
        services.save_document(document)
    assert "exakt ett evenemang" in str(refusal.value)


def test_the_admin_explains_an_upload_that_is_not_what_it_claims(admin_client):
    event = make_event()
    response = admin_client.post(
        reverse("admin:archive_document_add"),
        {
            "title": "Program",
            "file": upload("program.pdf", b"MZ\x90\x00 a program, not a PDF"),
            "event": event.pk,
            "is_published": "on",
            "position": "0",
        },
    )
    assert response.status_code == 200
    assert "Filens namn slutar på .pdf, men innehållet är inte en sådan fil." in (
        response.content.decode()
    )
    assert not Document.objects.exists()
    response = admin_client.post(
        reverse("admin:archive_document_add"),
        {
            "title": "Program",
            "file": upload("program.pdf", pdf_bytes(1500)),
            "event": event.pk,
            "is_published": "on",
            "position": "0",
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().type_and_size == "Pdf, 2\xa0kB"
