"""One event's page: everything an organiser's own page shows, and nothing unsafe."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from samlas.events.models import Event, EventLink, EventOrganiser
from samlas.events.queries import RegistrationStatus, registration_status
from samlas.programme.models import ProgrammeItem
from tests.factories import (
    at,
    make_audience,
    make_contact_person,
    make_event,
    make_link,
    make_organisation,
    make_press_invitation,
    make_theme,
    make_venue,
)


@pytest.fixture
def conference(db):
    """A two-day conference with a host, two co-hosts, contact persons, links and press."""
    host = make_organisation(name="Länsstyrelsen Skåne", website="https://example.org/lst")
    police = make_organisation(name="Polisregion Syd", kind="police")
    municipality = make_organisation(name="Ystads kommun")
    event = make_event(
        slug="trygghetskonferens",
        title="Trygghetskonferens 2026",
        summary="Två dagar om trygghet.",
        description="# Bakgrund\n\nVi ses i **Ystad**.\n\n<script>alert('x')</script>",
        start=at(2030, 9, 30, 9),
        end=at(2030, 10, 1, 16),
        host=host,
        cohosts=[municipality, police],
        themes=[make_theme("Trygghet i offentlig miljö")],
        venue=make_venue(
            name="Ystads teater",
            street_address="Sjömansgatan 13",
            postcode="271 43",
            city="Ystad",
            county="M",
            directions="Fem minuter från stationen.",
            accessibility="Hörslinga i salongen.",
        ),
        audience_text="Politiker och tjänstepersoner i länet.",
        online_information="Konferensen sänds på webben.",
    )
    event.audiences.set([make_audience("Socialtjänst")])
    organiser = EventOrganiser.objects.get(event=event, organisation=host)
    organiser.contact_persons.add(
        make_contact_person(host, name="Anna Ek", title="Samordnare", phone="010-224 10 00")
    )
    make_link(event, kind=EventLink.Kind.EARLIER_EDITION, title="Konferensen 2025")
    make_link(event, kind=EventLink.Kind.RECORDING, title="Föreläsningar 2025")
    make_press_invitation(
        event,
        text="Media är välkomna under förmiddagen.",
        press_contact=make_contact_person(host, name="Per Press", title="Presschef"),
    )
    return event


def page(client, event):
    response = client.get(f"/evenemang/{event.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_event_page_shows_what_an_organisers_page_shows(client, conference):
    html = page(client, conference)
    assert '<h1 class="govuk-heading-xl">Trygghetskonferens 2026</h1>' in html
    assert "Konferens" in html  # the kind, as a caption
    assert "30 september–1 oktober 2030" in html
    assert (
        '<time datetime="2030-09-30T09:00:00+02:00">måndag 30 september 2030, kl. 09.00</time>'
        in html
    )
    assert "Ystads teater, Sjömansgatan 13, 271 43 Ystad" in html
    assert "Fem minuter från stationen." in html
    assert "Hörslinga i salongen." in html
    assert "Konferensen sänds på webben." in html
    assert "Politiker och tjänstepersoner i länet." in html
    assert "Socialtjänst" in html
    assert "Trygghet i offentlig miljö" in html
    assert 'href="/evenemang/trygghetskonferens/kalender.ics"' in html


def test_organisers_host_first_with_contact_persons(client, conference):
    html = page(client, conference)
    section = html[html.index('id="organisers-heading"') :]
    host, municipality, police = (
        section.index("Länsstyrelsen Skåne"),
        section.index("Ystads kommun"),
        section.index("Polisregion Syd"),
    )
    assert host < municipality < police
    assert "Medarrangör" in section
    assert "<strong>Anna Ek</strong>, Samordnare" in section
    assert 'href="mailto:' in section
    assert 'href="tel:+46102241000"' in section


def test_description_is_markdown_without_scripts(client, conference):
    html = page(client, conference)
    assert "<strong>Ystad</strong>" in html
    assert '<h3 class="govuk-heading-m">Bakgrund</h3>' in html
    assert "alert(" not in html


def test_press_invitation_and_links(client, conference):
    html = page(client, conference)
    assert '<h2 class="govuk-heading-l" id="press-heading">Pressinbjudan</h2>' in html
    assert "Media är välkomna under förmiddagen." in html
    assert "<strong>Per Press</strong>, Presschef" in html
    assert "Tidigare år" in html
    assert "Konferensen 2025" in html
    assert "Inspelningar" in html


def test_embargoed_press_invitation_is_hidden(client, db):
    event = make_event()
    make_press_invitation(event, published_at=timezone.now() + timedelta(days=2))
    assert "Pressinbjudan" not in page(client, event)


def test_cancelled_event_says_so_at_the_top(client, db):
    event = make_event(
        status=Event.Status.CANCELLED, cancellation_reason="Inställt på grund av sjukdom."
    )
    html = page(client, event)
    banner = html.index("Evenemanget är inställt")
    assert banner < html.index("samlas-facts")
    assert "Inställt på grund av sjukdom." in html
    assert "Evenemanget är inställt och det går inte att anmäla sig." in html


def test_venues_used_by_the_programme_are_listed_after_the_main_venue(client, conference):
    town_hall = make_venue(name="Rådhuset", city="Ystad")
    ProgrammeItem.objects.create(
        event=conference,
        start=at(2030, 9, 30, 13),
        end=at(2030, 9, 30, 14),
        title="Eftermiddag",
        venue=town_hall,
    )
    html = page(client, conference)
    venues = html[html.index('id="venues-heading"') :]
    assert "Platser" in venues
    assert venues.index("Ystads teater") < venues.index("Rådhuset")


def test_drafts_and_unknown_slugs_are_not_found(client, db):
    draft = make_event(status=Event.Status.DRAFT)
    assert client.get(f"/evenemang/{draft.slug}/").status_code == 404
    assert client.get(f"/evenemang/{draft.slug}/kalender.ics").status_code == 404
    response = client.get("/evenemang/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_event_page_costs_a_fixed_number_of_queries(
    client, conference, django_assert_max_num_queries
):
    for organisation in (make_organisation(), make_organisation()):
        organiser = EventOrganiser.objects.create(event=conference, organisation=organisation)
        organiser.contact_persons.add(make_contact_person(organisation), make_contact_person())
    with django_assert_max_num_queries(12):
        client.get(f"/evenemang/{conference.slug}/")


class TestRegistrationStatus:
    """The "Anmäl dig" box says where registration stands until the form arrives."""

    @pytest.fixture(autouse=True)
    def swedish(self):
        with translation.override("sv"):
            yield

    def status(self, now, **fields) -> RegistrationStatus:
        event = Event(
            start=at(2025, 10, 14, 9), end=at(2025, 10, 14, 16), status="published", **fields
        )
        return registration_status(event, now=now)

    def test_not_yet_open(self):
        status = self.status(
            at(2025, 8, 1), registration_opens=at(2025, 9, 1, 9), registration_closes=None
        )
        assert status.state == RegistrationStatus.NOT_YET_OPEN
        assert status.message == "Anmälan öppnar måndag 1 september 2025, kl. 09.00."

    def test_open_until(self):
        status = self.status(
            at(2025, 9, 2),
            registration_opens=at(2025, 9, 1, 9),
            registration_closes=at(2025, 10, 1, 23, 59),
        )
        assert status.is_open
        assert status.message == "Anmälan är öppen till onsdag 1 oktober 2025, kl. 23.59."

    def test_closed(self):
        status = self.status(at(2025, 10, 5), registration_closes=at(2025, 10, 1, 12))
        assert status.state == RegistrationStatus.CLOSED
        assert status.message == "Anmälan har stängt."

    def test_not_announced_and_over(self):
        assert self.status(at(2025, 8, 1)).state == RegistrationStatus.NOT_SCHEDULED
        assert self.status(at(2025, 10, 15)).message == "Evenemanget har ägt rum."

    def test_open_without_a_closing_time(self):
        status = self.status(at(2025, 8, 1), registration_opens=at(2025, 7, 1))
        assert status.is_open
        assert status.message == "Anmälan är öppen."

    def test_cancelled(self):
        cancelled = Event(start=at(2025, 10, 14), end=at(2025, 10, 15), status="cancelled")
        status = registration_status(cancelled, now=at(2025, 8, 1))
        assert status.state == RegistrationStatus.CANCELLED
        assert not status.is_open
