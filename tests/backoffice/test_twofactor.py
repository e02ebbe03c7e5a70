"""Two-step sign-in in the browser flow: the code after the password, no staff page (back
office or Django admin) before it, set-up required for administrators when the setting
says so, and the own-account page. Codes are real TOTP codes computed in the test."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from samlas.organisations import twofactor
from tests.backoffice.conftest import PASSWORD
from tests.organisations.test_twofactor import secret_of, totp

LOGIN = reverse("backoffice:login")
CODE = reverse("backoffice:login_code")
ENROL = reverse("backoffice:two_factor_enrol")
DASHBOARD = reverse("backoffice:dashboard")


def with_device(user) -> bytes:
    device = twofactor.start_enrolment(user)
    secret = device.bin_key
    twofactor.confirm_enrolment(user, device, totp(secret, time.time() - 30))
    return secret


def sign_in(client, user):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD})


@pytest.mark.django_db
def test_the_code_is_asked_after_the_password(client, world):
    user = world.users["host_editor"]
    secret = with_device(user)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == f"{CODE}?next=%2Forganisera%2F"
    # Until the code is given, the back office sends the person back to it.
    assert client.get(DASHBOARD)["Location"] == f"{CODE}?next=%2Forganisera%2F"
    event_page = reverse("backoffice:registrations", args=[world.event.pk])
    assert client.get(event_page)["Location"].startswith(CODE)
    page = client.get(f"{CODE}?next=%2Forganisera%2F").content.decode()
    assert "Ange koden från appen" in page and 'autocomplete="one-time-code"' in page
    assert "Mina evenemang</a></li>" not in page  # no menu before the sign-in is finished

    wrong = client.post(CODE, {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert "Koden är fel eller för gammal." in wrong.content.decode()
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None)
    right = client.post(CODE, {"code": totp(secret), "next": event_page})
    assert right.status_code == 302 and right["Location"] == event_page
    assert "Deltagare Hemlig0" in client.get(event_page).content.decode()


@pytest.mark.django_db
def test_an_unfinished_sign_in_is_no_sign_in_anywhere(client, world, admin_user):
    with_device(admin_user)
    client.force_login(admin_user)  # as after the Django admin's own password form
    assert client.get("/admin/")["Location"] == f"{CODE}?next=%2Fadmin%2F"
    erase = reverse("privacy:erase_person")
    assert client.get(erase)["Location"].startswith(LOGIN)  # treated as signed out
    # Setting up a new app needs the old one's code first.
    assert client.get(ENROL)["Location"].startswith(CODE)
    assert TOTPDevice.objects.filter(user=admin_user).count() == 1


@pytest.mark.django_db
def test_administrators_must_set_it_up_when_required(client, world, settings):
    settings.SAMLAS_REQUIRE_2FA_FOR_ADMINS = True
    editor, admin = world.users["host_editor"], world.users["host_admin"]
    sign_in(client, editor)
    assert client.get(DASHBOARD).status_code == 200  # editors are not obliged

    client.logout()
    response = sign_in(client, admin)
    assert response["Location"] == f"{ENROL}?next=%2Forganisera%2F"
    assert client.get(DASHBOARD)["Location"] == f"{ENROL}?next=%2Forganisera%2F"
    page = client.get(ENROL).content.decode()
    assert '<svg role="img" viewBox=' in page and "Administratörer måste använda" in page
    typed = re.search(r'<code class="samlas-bo-secret">([A-Z2-7 ]+)</code>', page)[1]
    assert client.get(ENROL).content.decode().count(typed) == 1  # a reload keeps the key
    response = client.post(ENROL, {"code": totp(secret_of(typed)), "next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    assert TOTPDevice.objects.get(user=admin).confirmed

    # Next time: password, then the code.
    client.logout()
    assert sign_in(client, admin)["Location"].startswith(CODE)
    code = totp(secret_of(typed), time.time() + 30)
    assert client.post(CODE, {"code": code})["Location"] == DASHBOARD
    page = client.get(reverse("backoffice:two_factor")).content.decode()
    assert "kan inte stängas av" in page and "Stäng av tvåstegsverifieringen" not in page


@pytest.mark.django_db
def test_own_account_page_turns_it_on_and_off(client, world):
    user = world.users["host_viewer"]
    client.force_login(user)
    page = client.get(reverse("backoffice:two_factor")).content.decode()
    assert 'govuk-tag--grey">Av<' in page and f'href="{ENROL}?next=' in page
    typed = re.search(r'samlas-bo-secret">([A-Z2-7 ]+)<', client.get(ENROL).content.decode())[1]
    client.post(ENROL, {"code": totp(secret_of(typed))})
    page = client.get(reverse("backoffice:two_factor")).content.decode()
    assert "Stäng av tvåstegsverifieringen" in page
    response = client.post(
        reverse("backoffice:two_factor"), {"code": totp(secret_of(typed), time.time() + 30)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Without membership there is no account page in the back office.
    client.force_login(world.users["nobody"])
    assert client.get(reverse("backoffice:two_factor")).status_code == 403
