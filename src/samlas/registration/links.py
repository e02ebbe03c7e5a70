"""The secret link to "Min anmälan": how it is made, checked and written into e-mails.

A link is `<registration pk>.<link secret>.<HMAC>`: the secret is 128 random bits stored on
the registration, the HMAC (SHA-256, keyed by SECRET_KEY) proves the server made the link.
Forging one needs both the database row and the SECRET_KEY; a fresh secret (`resend_link`)
revokes every link sent before. The link can be written into any later e-mail (a promotion
from the waiting list, a change by staff) because it is derived, not stored.
"""

import base64
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from samlas.registration.exceptions import InvalidLink, LinkExpired
from samlas.registration.models import Registration

SALT = "samlas.registration.link"
LINK_DAYS_AFTER_EVENT = 30
PENDING_CONFIRMATION_DAYS = 7


def new_link_secret() -> str:
    return secrets.token_urlsafe(16)


def _mac(payload: str) -> str:
    digest = salted_hmac(SALT, payload, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_token(registration: Registration) -> str:
    payload = f"{registration.pk}.{registration.link_secret}"
    return f"{payload}.{_mac(payload)}"


def manage_url(registration: Registration) -> str:
    """The one place that builds the "Min anmälan" address (the view is the UI's)."""
    return f"{settings.SITE_URL}/anmalan/{make_token(registration)}/"


def confirm_url(registration: Registration) -> str:
    """Where a registrant without the bot check confirms their e-mail address."""
    return f"{settings.SITE_URL}/anmalan/{make_token(registration)}/bekrafta/"


def parse_token(token: str) -> tuple[int, str]:
    """The registration pk and secret in a link, or InvalidLink if it was not made by us."""
    parts = str(token).strip().split(".")
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 18:
        raise InvalidLink
    payload = f"{parts[0]}.{parts[1]}"
    if not constant_time_compare(parts[2], _mac(payload)):
        raise InvalidLink
    return int(parts[0]), parts[1]


def check_secret(registration: Registration, secret: str) -> None:
    if not constant_time_compare(registration.link_secret, secret):
        raise InvalidLink


def link_expired(registration: Registration, now=None) -> bool:
    """Links end a while after the event; an unconfirmed registration's link sooner."""
    now = now or timezone.now()
    if now > registration.event.end + timedelta(days=LINK_DAYS_AFTER_EVENT):
        return True
    return (
        registration.status == Registration.Status.PENDING
        and now > registration.created_at + timedelta(days=PENDING_CONFIRMATION_DAYS)
    )


def check_not_expired(registration: Registration, now=None) -> None:
    if link_expired(registration, now):
        raise LinkExpired
