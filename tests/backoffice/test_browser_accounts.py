"""Staff accounts in a real Chromium, axe-clean: an administrator adds a new colleague, who
chooses a password from the invitation e-mail; later the colleague has forgotten it and
gets a new one through "Glömt lösenordet?". The e-mails are read from a real SMTP server."""

import re

import pytest
from django.urls import reverse

from samlas.registration import outbox
from samlas.registration.models import OutboxMessage
from tests.backoffice.conftest import PASSWORD, build_world
from tests.backoffice.test_browser import shot
from tests.conftest import assert_axe_clean
from tests.registration import conftest as registration_fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
smtp_sink = registration_fixtures.smtp_sink  # the real SMTP server, used here too
FIRST_PASSWORD = "Blåbärsskogen i augusti 2019"
SECOND_PASSWORD = "Hallonsnåret vid ån 2021"


def read_link(smtp_sink, kind: str) -> str:
    """Send the account e-mail waiting in the outbox; the link in it, as received."""
    for message_id in OutboxMessage.objects.filter(kind=kind).values_list("pk", flat=True):
        outbox.deliver(message_id)
    mail = smtp_sink.messages[-1]
    text = mail.get_body(("plain",)).get_content()
    return re.search(r"https?://\S+/nytt-losenord/\S+/", text).group(0)


def sign_in(page, username: str, password: str) -> None:
    page.get_by_label("Användarnamn eller e-postadress").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def test_invite_a_colleague_who_later_resets_the_password(page, live_server, settings, smtp_sink):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = live_server.url
    world = build_world()
    admin = world.users["host_admin"]

    # The administrator adds a colleague by name, e-mail address and role.
    page.goto(reverse("backoffice:login"))
    sign_in(page, admin.username, PASSWORD)
    page.get_by_role("link", name="Organisationer och medlemmar").click()
    page.get_by_role("link", name=world.host_org.name).click()
    page.get_by_role("link", name="Lägg till en medarbetare").click()
    assert_axe_clean(page, "backoffice-member-invite")
    page.get_by_label("Namn").fill("Karin Ek")
    page.get_by_role("button", name="Lägg till medarbetare").click()
    page.locator(".govuk-error-summary").get_by_role("link").first.wait_for()
    assert_axe_clean(page, "backoffice-member-invite-errors")
    assert page.get_by_label("Namn").input_value() == "Karin Ek"  # nothing typed is lost
    page.get_by_label("E-postadress").fill("karin.ek@lansstyrelsen.se")
    page.get_by_label("redaktör").check()
    page.get_by_role("button", name="Lägg till medarbetare").click()
    page.get_by_text("Karin Ek har bjudits in").wait_for()
    assert page.locator("tr", has_text="Karin Ek").get_by_text("Inbjuden").is_visible()
    shot(page, "member-invited")
    page.get_by_role("button", name="Logga ut").click()

    # The colleague follows the link in the invitation and chooses a password.
    page.goto(read_link(smtp_sink, "staff_invitation"))
    page.get_by_role("heading", name="Välj ett lösenord").wait_for()
    assert_axe_clean(page, "backoffice-choose-password")
    page.get_by_label("Nytt lösenord", exact=True).fill(FIRST_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    page.get_by_role("heading", name="Ditt lösenord är sparat").wait_for()
    assert_axe_clean(page, "backoffice-password-saved")

    # Weeks later: "Glömt lösenordet?" on the sign-in page.
    page.get_by_role("link", name="Logga in").click()
    page.get_by_role("link", name="Glömt lösenordet?").click()
    assert_axe_clean(page, "backoffice-password-reset")
    page.get_by_label("E-postadress").fill("karin.ek@lansstyrelsen.se")
    page.get_by_role("button", name="Skicka länken").click()
    page.get_by_role("heading", name="Titta i din e-post").wait_for()
    assert_axe_clean(page, "backoffice-password-reset-sent")
    link = read_link(smtp_sink, "password_reset")
    assert link.startswith(live_server.url)
    page.goto(link)
    # A mistake first: the two passwords differ.
    page.get_by_label("Nytt lösenord", exact=True).fill(SECOND_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill("något annat")
    page.get_by_role("button", name="Spara lösenordet").click()
    page.locator(".govuk-error-summary").get_by_text("stämmer inte överens").wait_for()
    assert_axe_clean(page, "backoffice-choose-password-error")
    page.get_by_label("Nytt lösenord", exact=True).fill(SECOND_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(SECOND_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    page.get_by_role("heading", name="Ditt lösenord är sparat").wait_for()

    # The used link no longer works; the new password does.
    page.goto(link)
    page.get_by_role("heading", name="Länken fungerar inte").wait_for()
    assert_axe_clean(page, "backoffice-password-link-used")
    page.goto(reverse("backoffice:login"))
    sign_in(page, "karin.ek@lansstyrelsen.se", SECOND_PASSWORD)
    page.get_by_role("heading", name="Mina evenemang").wait_for()

    # And changes it herself, signed in.
    page.get_by_role("link", name="Lösenord", exact=True).click()
    assert_axe_clean(page, "backoffice-password-change")
    page.get_by_label("Nuvarande lösenord").fill(SECOND_PASSWORD)
    page.get_by_label("Nytt lösenord", exact=True).fill(FIRST_PASSWORD + "!")
    page.get_by_label("Bekräfta nytt lösenord").fill(FIRST_PASSWORD + "!")
    page.get_by_role("button", name="Byt lösenord").click()
    page.get_by_text("Ditt lösenord har bytts.").wait_for()
    shot(page, "password-changed")
