"""Two-step sign-in for staff: a time-based code (TOTP) from an authenticator app.

Optional for everyone; required for administrators (and superusers) when
`SAMLAS_REQUIRE_2FA_FOR_ADMINS` is on. The device is django-otp's `TOTPDevice`; a session
is "verified" once a code has been accepted in it (`django_otp.login`). Until then
`backoffice.middleware.TwoFactorMiddleware` sends the person from every staff page to the
code (or, when it is required and missing, to setting it up). docs/two-factor.md.

Each change (turned on, turned off) writes one audit-log entry. A lost phone: a superuser
deletes the device in the Django admin ("TOTP devices"), and the person sets it up again.
"""

import base64

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from samlas.core import audit
from samlas.organisations.models import Membership, Role

DEVICE_NAME = "Samlas"


def confirmed_device(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_device(user) -> bool:
    return confirmed_device(user) is not None


def required_for(user) -> bool:
    """Must this user use two-step sign-in (the setting is on and they administer)?"""
    if not getattr(settings, "SAMLAS_REQUIRE_2FA_FOR_ADMINS", False):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def missing_step(user) -> str | None:
    """What the signed-in user must still do: "verify" (give a code), "enrol" (set up the
    app, when it is required), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    verified = getattr(user, "is_verified", None)
    if verified is not None and verified():
        return None
    if has_device(user):
        return "verify"
    if required_for(user):
        return "enrol"
    return None


# --- Setting it up -----------------------------------------------------------------------


@transaction.atomic
def start_enrolment(user) -> TOTPDevice:
    """A new, unconfirmed device with a fresh secret (replacing an unfinished one), to be
    shown as a QR code; it counts once a code from it is accepted."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def pending_device(user, device_id) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


def qr_svg(device: TOTPDevice, title: str) -> str:
    """The otpauth:// address as an inline SVG QR code for the authenticator app."""
    qr = segno.make_qr(device.config_url, error="m")
    svg = qr.svg_inline(
        border=4, omitsize=True, title=title, dark="#0b0c0c", light="#ffffff", svgclass=None
    )
    # Named by its <title>, so that a screen reader says what the picture is.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in groups of four, for apps that cannot scan (or a screen reader)."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _clean(token: str) -> str:
    return "".join(str(token).split())[:12]


def _check(device: TOTPDevice, token: str) -> None:
    """Accept the code or raise ValidationError. The device row is locked while checking,
    so one code is accepted once even when sent twice at the same moment (no replay); the
    check commits before the error is raised, so a wrong code always counts towards the
    throttle (1, 2, 4 … seconds' wait after successive failures)."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _data = locked.verify_is_allowed()
        accepted = allowed and locked.verify_token(_clean(token))
    if not allowed:
        raise ValidationError({"code": _("Too many wrong codes. Wait a minute and try again.")})
    if not accepted:
        raise ValidationError(
            {"code": _("The code is wrong or too old. Give the code the app shows now.")}
        )


def confirm_enrolment(user, device: TOTPDevice, token: str) -> TOTPDevice:
    """Turn two-step sign-in on with the code the app now shows; raises ValidationError."""
    _check(device, token)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One device per person: a new one replaces an older one.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        audit.record(user, audit.Action.CHANGED, user, data={"two_factor": "on"})
    return device


def verify(user, token: str) -> TOTPDevice:
    """The user's device if `token` is its current code; raises ValidationError."""
    device = confirmed_device(user)
    if device is None:
        raise ValidationError({"code": _("Two-step sign-in is not set up for this account.")})
    _check(device, token)
    return TOTPDevice.objects.get(pk=device.pk)


def turn_off(user, token: str) -> None:
    """Remove two-step sign-in (with a current code, so a borrowed session cannot)."""
    if required_for(user):
        raise ValidationError(
            {"code": _("Administrators must use two-step sign-in here: it cannot be turned off.")}
        )
    verify(user, token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit.record(user, audit.Action.CHANGED, user, data={"two_factor": "off"})
