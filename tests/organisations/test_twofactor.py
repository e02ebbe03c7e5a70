"""Two-step sign-in, the service: set up with a real TOTP code (RFC 6238, computed here, not
by django-otp), codes used once, wrong codes throttled, who must use it, turning it off."""

import base64
import hashlib
import hmac
import struct
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from samlas.core.models import AuditLogEntry
from samlas.organisations import twofactor
from samlas.organisations.models import Membership, Role
from tests.factories import make_organisation


def totp(secret: bytes, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for `secret` at time `at`."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def secret_of(typed: str) -> bytes:
    """The key as a person types it from the set-up page ("ABCD EFGH …")."""
    text = typed.replace(" ", "")
    return base64.b32decode(text + "=" * (-len(text) % 8))


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("anna", "anna@example.se", "lösenord-123")


def enrol(user) -> tuple[TOTPDevice, bytes]:
    device = twofactor.start_enrolment(user)
    secret = secret_of(twofactor.secret_for_typing(device))
    return twofactor.confirm_enrolment(user, device, totp(secret)), secret


def test_setting_up_with_the_apps_code(user):
    device = twofactor.start_enrolment(user)
    assert not device.confirmed and not twofactor.has_device(user)
    assert "otpauth://totp/Samlas%3Aanna" in device.config_url
    svg = twofactor.qr_svg(device, "QR-kod")
    assert svg.startswith('<svg role="img" viewBox=') and "<title>QR-kod</title>" in svg
    secret = secret_of(twofactor.secret_for_typing(device))
    assert secret == device.bin_key
    with pytest.raises(ValidationError) as error:
        twofactor.confirm_enrolment(user, device, "000000" if totp(secret) != "000000" else "1")
    assert error.value.message_dict["code"] == [
        "Koden är fel eller för gammal. Ange koden som appen visar nu."
    ]
    assert not twofactor.has_device(user)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    twofactor.confirm_enrolment(user, device, totp(secret))
    assert twofactor.has_device(user)
    entry = AuditLogEntry.objects.get(data__two_factor="on")
    assert entry.actor == user and entry.target_id == user.pk


def test_a_code_is_accepted_once_and_a_neighbouring_one_too(user):
    device, secret = enrol(user)  # used the current code
    with pytest.raises(ValidationError):
        twofactor.verify(user, totp(secret))  # the same code again: a replay
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    code = totp(secret, time.time() + 30)  # the phone's clock a little ahead
    assert twofactor.verify(user, f" {code[:3]} {code[3:]} ") == device  # typed with spaces


def test_wrong_codes_are_throttled(user):
    device, secret = enrol(user)
    with pytest.raises(ValidationError):
        twofactor.verify(user, "12345x")
    with pytest.raises(ValidationError) as error:
        twofactor.verify(user, totp(secret, time.time() + 30))  # right, but too soon
    assert error.value.message_dict["code"] == [
        "För många felaktiga koder. Vänta en minut och försök igen."
    ]
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the wrong code was counted, not rolled back
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    assert twofactor.verify(user, totp(secret, time.time() + 30)) == device


def test_who_must_use_it(user, settings):
    admin, editor = user, get_user_model().objects.create_user("bo")
    organisation = make_organisation()
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    Membership.objects.create(user=editor, organisation=organisation, role=Role.EDITOR)
    superuser = get_user_model().objects.create_superuser("root", "root@example.se", "x")
    settings.SAMLAS_REQUIRE_2FA_FOR_ADMINS = False
    assert not any(twofactor.required_for(u) for u in (admin, editor, superuser))
    assert twofactor.missing_step(admin) is None
    settings.SAMLAS_REQUIRE_2FA_FOR_ADMINS = True
    assert [twofactor.required_for(u) for u in (admin, editor, superuser)] == [True, False, True]
    assert twofactor.missing_step(admin) == "enrol"
    enrol(admin)
    assert twofactor.missing_step(admin) == "verify"  # a plain user object is not verified


def test_turning_it_off_needs_a_code_and_is_refused_when_required(user, settings):
    device, secret = enrol(user)
    with pytest.raises(ValidationError):
        twofactor.turn_off(user, "")
    assert twofactor.has_device(user)
    Membership.objects.create(user=user, organisation=make_organisation(), role=Role.ADMIN)
    settings.SAMLAS_REQUIRE_2FA_FOR_ADMINS = True
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    with pytest.raises(ValidationError, match="kan inte stängas av"):
        twofactor.turn_off(user, totp(secret, time.time() + 30))
    settings.SAMLAS_REQUIRE_2FA_FOR_ADMINS = False
    twofactor.turn_off(user, totp(secret, time.time() + 30))
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditLogEntry.objects.filter(data__two_factor="off", actor=user).count() == 1
