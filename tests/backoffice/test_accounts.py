"""Staff accounts without the Django admin: an administrator invites a colleague by name,
e-mail and role (an account without a password and a one-time link by e-mail), "Glömt
lösenordet?" that never tells whether an address has an account and is rate limited, and
changing one's own password. E-mail goes through the outbox to a real SMTP server."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samlas.backoffice import accounts
from samlas.core.models import AuditLogEntry
from samlas.organisations.models import Membership, Role
from samlas.registration import outbox
from samlas.registration.models import OutboxMessage
from tests.backoffice.conftest import PASSWORD, make_user
from tests.registration import conftest as registration_fixtures

pytestmark = pytest.mark.django_db
User = get_user_model()
smtp_sink = registration_fixtures.smtp_sink  # the real SMTP server, used here too
NEW_PASSWORD = "Sommarstugan vid sjön 1987"


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Each test counts requests for links from zero (the cache outlives a test)."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    from django.core.cache import caches

    caches["shared"].clear()


def invite(client, world, **fields):
    data = {"name": "Karin Ek", "email": "karin.ek@lansstyrelsen.se", "role": Role.EDITOR}
    return client.post(
        reverse("backoffice:member_invite", args=[world.host_org.pk]), {**data, **fields}
    )


def deliver_all() -> None:
    """Send the account e-mails queued (the world's confirmations are not under test)."""
    staff_mail = OutboxMessage.objects.filter(kind__in=["staff_invitation", "password_reset"])
    for message_id in staff_mail.values_list("pk", flat=True):
        assert outbox.deliver(message_id) == "sent"


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"https?://\S+/nytt-losenord/\S+/", text).group(0)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def test_an_administrator_invites_a_new_colleague_who_chooses_a_password(
    client, world, smtp_sink, settings
):
    settings.SITE_URL = "https://samlas.example.se"
    admin = world.users["host_admin"]
    client.force_login(admin)
    page = client.get(reverse("backoffice:member_invite", args=[world.host_org.pk]))
    assert "Lägg till en medarbetare" in page.content.decode()
    response = invite(client, world, can_view_health_data="on")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:members", args=[world.host_org.pk])
    user = User.objects.get(email="karin.ek@lansstyrelsen.se")
    assert (user.first_name, user.last_name, user.username) == (
        "Karin",
        "Ek",
        "karin.ek@lansstyrelsen.se",
    )
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (world.host_org, Role.EDITOR)
    assert membership.can_view_health_data
    # One entry for the account, one for the membership, both by the administrator.
    created = AuditLogEntry.objects.get(target_type__model="user", target_id=user.pk)
    assert created.action == "created" and created.actor == admin
    assert created.data["invited"] and created.data["organisation"] == world.host_org.name
    assert AuditLogEntry.objects.filter(action="member_added", actor=admin).exists()
    members = client.get(response["Location"]).content.decode()
    assert "Karin Ek har bjudits in" in members and "Inbjuden" in members

    # The invitation, in Swedish, through the outbox.
    message = OutboxMessage.objects.get(kind=OutboxMessage.Kind.STAFF_INVITATION)
    assert message.to == "karin.ek@lansstyrelsen.se" and message.registration is None
    deliver_all()
    [mail] = smtp_sink.messages
    assert " ".join(mail["Subject"].split()) == (  # unfolded
        f"Du är inbjuden att arrangera evenemang med {world.host_org.name} på Samlas"
    )
    text = mail.get_body(("plain",)).get_content()
    assert "Hej Karin Ek," in text and "Din roll: redaktör." in text
    link = link_in(mail)
    assert link.startswith("https://samlas.example.se/organisera/logga-in/nytt-losenord/")

    # The link: choose a password (a mistake first), then sign in with it.
    client.logout()
    form = client.get(path_of(link), follow=True)
    assert "Välj ett lösenord" in form.content.decode()
    form_url = form.redirect_chain[-1][0]
    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "x"})
    assert "De två lösenordsfälten stämmer inte överens." in mismatch.content.decode()
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("backoffice:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditLogEntry.objects.filter(
        target_id=user.pk, action="changed", actor=user, data__password="reset"
    ).exists()
    signed_in = client.post(
        reverse("backoffice:login"),
        {"username": "karin.ek@lansstyrelsen.se", "password": NEW_PASSWORD},
    )
    assert signed_in["Location"] == reverse("backoffice:dashboard")
    # The link works once.
    client.logout()
    again = client.get(path_of(link), follow=True).content.decode()
    assert "Länken fungerar inte" in again


def test_a_colleague_with_an_account_is_added_without_an_email(client, world):
    existing = make_user("befintlig", first_name="Per", last_name="Holm")
    client.force_login(world.users["host_admin"])
    response = invite(client, world, name="Per Holm", email="BEFINTLIG@example.se")
    assert response.status_code == 302
    assert Membership.objects.get(user=existing).organisation == world.host_org
    assert User.objects.filter(email__iexact="befintlig@example.se").count() == 1
    assert not OutboxMessage.objects.filter(kind="staff_invitation").exists()
    assert not AuditLogEntry.objects.filter(target_type__model="user").exists()


def test_a_member_already_or_a_switched_off_account_is_refused_with_what_was_typed(client, world):
    client.force_login(world.users["host_admin"])
    member = world.users["host_viewer"]
    response = invite(client, world, name="Namn Kvar", email=member.email)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{member.email} är redan medlem." in body and 'value="Namn Kvar"' in body
    make_user("avstangd", is_active=False)
    body = invite(client, world, email="avstangd@example.se").content.decode()
    assert "Kontot med den här adressen är avstängt" in body
    blank = invite(client, world, name="", email="inte-en-adress").content.decode()
    assert "govuk-error-summary" in blank and "Ange en giltig mejladress." in blank
    assert not OutboxMessage.objects.filter(kind="staff_invitation").exists()
    assert Membership.objects.filter(organisation=world.host_org).count() == 4


@pytest.mark.parametrize(
    ("who", "status"),
    [("host_editor", 403), ("host_viewer", 403), ("cohost_viewer", 404), ("outsider", 404)],
)
def test_only_the_organisations_administrator_may_add_staff(client, world, who, status):
    client.force_login(world.users[who])
    url = reverse("backoffice:member_invite", args=[world.host_org.pk])
    assert client.get(url).status_code == status
    assert invite(client, world).status_code == status
    assert not User.objects.filter(email="karin.ek@lansstyrelsen.se").exists()
    assert not OutboxMessage.objects.filter(kind="staff_invitation").exists()
    members = client.get(reverse("backoffice:members", args=[world.host_org.pk]))
    assert url not in members.content.decode()


def test_a_new_user_name_avoids_one_taken_by_someone_else():
    make_user("o'neil@example.se")  # a user name, with another e-mail address
    from tests.factories import make_organisation

    invitation = accounts.invite_staff(
        make_organisation(), name="Sam O'Neil", email="O'Neil@example.se", actor=None
    )
    user = invitation.membership.user
    assert invitation.created and user.username == "oneil@example.se"
    assert (user.first_name, user.last_name) == ("Sam", "O'Neil")


# --- Forgot your password? ---------------------------------------------------------------------


def ask_for_link(client, email: str, address: str = "192.0.2.10"):
    return client.post(reverse("backoffice:password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_the_sign_in_page_offers_a_new_password(client):
    page = client.get(reverse("backoffice:login")).content.decode()
    assert "Glömt lösenordet?" in page and reverse("backoffice:password_reset") in page


def test_forgot_password_answers_the_same_whether_the_address_exists_or_not(
    client, world, smtp_sink
):
    user = world.users["host_viewer"]
    known = ask_for_link(client, user.email.upper())
    unknown = ask_for_link(client, "finns-inte@example.se")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("backoffice:password_reset_done")
    done = client.get(known["Location"]).content.decode()
    assert "Om adressen hör till ett konto här" in done
    [message] = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.PASSWORD_RESET)
    assert message.to == user.email
    deliver_all()
    [mail] = smtp_sink.messages
    assert mail["Subject"] == "Välj ett nytt lösenord för Samlas"
    form = client.get(path_of(link_in(mail)), follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)


def test_links_point_at_the_site_whatever_host_the_request_named(client, world, settings):
    settings.SITE_URL = "https://samlas.example.se"
    settings.ALLOWED_HOSTS = ["*"]
    client.post(
        reverse("backoffice:password_reset"),
        {"email": world.users["host_viewer"].email},
        HTTP_HOST="angripare.example.com",
    )
    message = OutboxMessage.objects.get(kind="password_reset")
    assert "https://samlas.example.se/organisera/logga-in/nytt-losenord/" in message.text
    assert "angripare" not in message.text + message.html


def test_an_invited_colleague_whose_link_ran_out_can_ask_for_a_new_one(client, world):
    from tests.factories import make_organisation

    invitation = accounts.invite_staff(
        make_organisation(), name="Ny Person", email="ny@example.se", actor=None
    )
    OutboxMessage.objects.all().delete()
    ask_for_link(client, "ny@example.se")
    assert OutboxMessage.objects.get(kind="password_reset").to == "ny@example.se"
    make_user("avstangd2", is_active=False)
    ask_for_link(client, "avstangd2@example.se")
    assert OutboxMessage.objects.filter(kind="password_reset").count() == 1
    assert not invitation.membership.user.has_usable_password()


def test_asking_for_links_is_rate_limited_per_address_and_per_client(client, world, settings):
    settings.SAMLAS_PASSWORD_RESET_RATE_LIMIT = {"per_email": 3, "per_address": 5}
    email = world.users["host_viewer"].email
    for _ in range(3):
        assert ask_for_link(client, email).status_code == 302
    refused = ask_for_link(client, email, address="198.51.100.7")
    assert refused.status_code == 429
    assert "För många förfrågningar om en länk" in refused.content.decode()
    assert OutboxMessage.objects.filter(kind="password_reset").count() == 3
    # Unknown addresses count the same, so the limit tells nothing either.
    assert ask_for_link(client, "a@example.se").status_code == 302
    assert ask_for_link(client, "b@example.se").status_code == 302
    assert ask_for_link(client, "c@example.se").status_code == 429
    assert ask_for_link(client, "d@example.se", address="203.0.113.9").status_code == 302


def test_a_forged_or_broken_link_is_refused(client, world):
    user = world.users["host_viewer"]
    link = path_of(accounts.password_link(user))
    forged = link.rstrip("/")[:-3] + "abc/"
    body = client.get(forged, follow=True).content.decode()
    assert "Länken fungerar inte" in body and "new_password1" not in body
    garbage = reverse("backoffice:password_reset_confirm", args=["xx", "yy-zz"])
    assert "Länken fungerar inte" in client.get(garbage).content.decode()


# --- Changing one's own password -------------------------------------------------------------


def test_staff_change_their_own_password_and_stay_signed_in(client, world):
    user = world.users["host_viewer"]
    client.force_login(user)
    url = reverse("backoffice:password_change")
    page = client.get(url).content.decode()
    assert "Byt ditt lösenord" in page and "Nuvarande lösenord" in page
    wrong = client.post(
        url,
        {"old_password": "fel", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Ditt gamla lösenord var felaktigt ifyllt" in wrong.content.decode()
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert "Detta lösenord är enbart numeriskt." in weak.content.decode()
    changed = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Ditt lösenord har bytts." in changed.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("backoffice:dashboard")).status_code == 200  # still signed in
    assert AuditLogEntry.objects.filter(
        target_id=user.pk, target_type__model="user", data__password="changed"
    ).exists()


def test_password_change_needs_a_signed_in_member(client, world):
    url = reverse("backoffice:password_change")
    assert client.get(url)["Location"].startswith(reverse("backoffice:login"))
    client.force_login(world.users["nobody"])
    assert client.post(url, {"old_password": PASSWORD}).status_code == 403
