"""The public event pages in a real Chromium: axe-clean, one h1, usable on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samlas.events.models import Event, EventOrganiser
from tests.conftest import assert_axe_clean
from tests.factories import (
    make_audience,
    make_contact_person,
    make_event,
    make_link,
    make_organisation,
    make_press_invitation,
    make_theme,
    make_venue,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_DESCRIPTION = "\n\n".join(
    [
        "Konferensen samlar **omkring 130 deltagare** från myndigheter, kommuner och "
        "civilsamhälle.",
        "# Bakgrund",
        "Brottsförebyggande arbete är ett gemensamt ansvar. " * 12,
        "## Vad du får med dig",
        "- Aktuell kunskap om lägesbilder\n- Exempel från kommuner\n- Nya kontakter",
        "Läs mer på [Brottsförebyggande rådets webbplats](https://bra.se/).",
        "> Trygghet skapas tillsammans.",
    ]
)


def seed() -> tuple[Event, Event]:
    """A full conference and a cancelled seminar, as the public pages show them."""
    host = make_organisation(name="Länsstyrelsen Östergötland", website="https://example.org/")
    cohosts = [
        make_organisation(name="Polisregion Öst"),
        make_organisation(name="Linköpings kommun"),
    ]
    themes = [make_theme("Våld i nära relationer"), make_theme("Trygghet i offentlig miljö")]
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    conference = make_event(
        slug="nationell-konferens",
        title="Nationell konferens om trygghet och brottsförebyggande arbete",
        description=LONG_DESCRIPTION,
        start=start + timedelta(days=30),
        end=start + timedelta(days=31, hours=7),
        host=host,
        cohosts=cohosts,
        themes=themes,
        venue=make_venue(
            name="Konsert & Kongress",
            city="Linköping",
            county="E",
            directions="Tio minuter från resecentrum.",
            accessibility="Hörslinga och entré utan trappsteg.",
        ),
        online_information="Konferensen sänds på webben.",
        audience_text="Förtroendevalda och tjänstepersoner.",
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=20),
    )
    conference.audiences.set([make_audience("Socialtjänst")])
    for organiser in EventOrganiser.objects.filter(event=conference):
        organiser.contact_persons.add(make_contact_person(organiser.organisation))
    make_link(conference, kind="earlier_edition", title="Konferensen 2025")
    make_link(conference, kind="recording", title="Föreläsningar 2025")
    make_press_invitation(
        conference,
        text="Media är välkomna under förmiddagen.",
        press_contact=make_contact_person(host, name="Diana Dahl", title="Presschef"),
    )
    cancelled = make_event(
        slug="installt-seminarium",
        title="Seminarium om trygghetsvandringar",
        kind=Event.Kind.SEMINAR,
        status=Event.Status.CANCELLED,
        cancellation_reason="Seminariet är inställt på grund av sjukdom.",
        start=start + timedelta(days=35),
        themes=themes[1:],
    )
    return conference, cancelled


def check(page, path: str, name: str) -> None:
    page.goto(path)
    assert page.locator("h1").count() == 1, f"{name}: exactly one h1"
    assert_axe_clean(page, name)


def test_public_pages_are_axe_clean_with_one_h1(page):
    conference, cancelled = seed()
    check(page, "/", "start")
    assert page.get_by_text("Inställt", exact=True).is_visible()
    check(page, "/evenemang/", "event-list")
    check(page, "/evenemang/?date_from=2025-13-45&theme=finns-inte", "event-list-errors")
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, conference.get_absolute_url(), "event-page")
    assert page.locator("#press-heading").is_visible()
    check(page, cancelled.get_absolute_url(), "event-page-cancelled")
    assert page.get_by_role("heading", name="Evenemanget är inställt").is_visible()


def test_event_page_fits_a_phone(phone_page):
    conference, _ = seed()
    phone_page.goto(conference.get_absolute_url())
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"
    assert_axe_clean(phone_page, "event-page-phone")
