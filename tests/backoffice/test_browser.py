"""The main organiser journeys in a real Chromium, keyboard-usable and axe-clean: sign in,
create an event, build its programme (with a validation message shown inline), open
registration, see the participants, export them, and look at the statistics."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samlas.core.models import AuditLogEntry
from samlas.events.models import Event
from tests.backoffice.conftest import PASSWORD, build_world
from tests.conftest import ARTIFACTS, assert_axe_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"backoffice-{name}.png"), full_page=True)


def test_organiser_journey(page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    user = world.users["host_health"]
    user.memberships.update(role="admin")

    # Sign in with the keyboard only.
    page.goto(reverse("backoffice:dashboard"))
    assert "/organisera/logga-in/" in page.url
    assert_axe_clean(page, "backoffice-login")
    page.get_by_label("Användarnamn eller e-postadress").fill(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Mina evenemang").wait_for()
    assert_axe_clean(page, "backoffice-dashboard")

    # Create an event.
    page.get_by_role("link", name="Skapa ett evenemang").click()
    start = world.event.start + timedelta(days=40)
    page.get_by_label("Typ").select_option("seminar")
    page.get_by_label("Titel", exact=True).fill("Brottsförebyggande rådslag")
    page.get_by_label("Kort sammanfattning").fill("En halvdag om samverkan.")
    page.get_by_label("Start", exact=True).fill(local(start))
    page.get_by_label("Slut", exact=True).fill(local(start + timedelta(hours=4)))
    assert_axe_clean(page, "backoffice-event-create")
    page.get_by_role("button", name="Skapa utkast").click()
    page.get_by_role("heading", name="Översikt").wait_for()
    event = Event.objects.get(title="Brottsförebyggande rådslag")
    assert event.status == "draft"
    assert_axe_clean(page, "backoffice-event-overview")

    # Programme: a mistake is explained beside the field, in Swedish.
    page.get_by_role("link", name="Program", exact=True).click()
    page.get_by_role("link", name="Lägg till en programpunkt").click()
    page.get_by_label("Titel", exact=True).fill("Inledning")
    page.get_by_label("Start", exact=True).fill(local(start + timedelta(days=2)))
    page.get_by_label("Slut", exact=True).fill(local(start + timedelta(days=2, hours=1)))
    page.get_by_role("button", name="Spara").click()
    error = page.locator("#id_start-error")
    assert "inom evenemangets datum" in error.inner_text()
    assert_axe_clean(page, "backoffice-programme-error")
    shot(page, "programme-error")
    page.get_by_label("Start", exact=True).fill(local(start))
    page.get_by_label("Slut", exact=True).fill(local(start + timedelta(minutes=30)))
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Inledning").wait_for()
    assert_axe_clean(page, "backoffice-programme")

    # Open registration: settings, then publish.
    page.get_by_role("link", name="Inställningar för anmälan").click()
    page.get_by_label("Antal platser", exact=True).fill("80")
    page.get_by_label("Ändamål med behandlingen").fill("För att genomföra rådslaget.")
    assert_axe_clean(page, "backoffice-registration-settings")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Inställningarna för anmälan har sparats.").wait_for()
    page.get_by_role("link", name="Översikt").click()
    page.get_by_role("button", name="Publicera").click()
    page.get_by_text("Evenemanget är publicerat").wait_for()
    event.refresh_from_db()
    assert event.status == "published"

    # Participants of the world's event: search, the detail with health data, export.
    page.goto(reverse("backoffice:registrations", args=[world.event.pk]))
    page.get_by_label("Sök namn, e-post eller organisation").fill("Hemlig0")
    page.get_by_role("button", name="Visa").click()
    assert page.locator("tbody tr").count() == 1
    assert_axe_clean(page, "backoffice-registrations")
    shot(page, "registrations")
    page.get_by_role("link", name="Deltagare Hemlig0").click()
    page.get_by_text("Vegetarisk").wait_for()
    assert_axe_clean(page, "backoffice-registration")
    page.get_by_role("link", name="Exportera", exact=True).first.click()
    page.get_by_label("CSV (semikolonseparerad, UTF-8)").check()
    assert_axe_clean(page, "backoffice-export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert AuditLogEntry.objects.filter(action="exported", actor=user).count() == 1

    # Statistics and catering render without scripts and pass axe.
    page.goto(reverse("backoffice:statistics", args=[world.event.pk]))
    page.get_by_text("Visa som tabell").first.click()
    assert_axe_clean(page, "backoffice-statistics")
    shot(page, "statistics")
    page.goto(reverse("backoffice:catering", args=[world.event.pk]))
    assert_axe_clean(page, "backoffice-catering")
    page.goto(reverse("backoffice:organisers", args=[world.event.pk]))
    assert_axe_clean(page, "backoffice-organisers")
    shot(page, "organisers")


def test_participant_list_on_a_phone(phone_page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    page = phone_page
    page.goto(reverse("backoffice:login"))
    page.get_by_label("Användarnamn eller e-postadress").fill(world.users["host_viewer"].username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(reverse("backoffice:registrations", args=[world.event.pk]))
    page.get_by_role("heading", name="Deltagare", exact=True).wait_for()
    # Nothing wider than the screen but the scrollable table region.
    # Nothing is wider than the screen: the table scrolls inside its own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 380
    assert_axe_clean(page, "backoffice-registrations-phone")
    shot(page, "registrations-phone")
