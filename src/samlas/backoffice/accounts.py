"""Staff accounts without the Django admin: an administrator invites a colleague, anyone
may ask for a link to choose a new password, and every signed-in user changes their own.

E-mail goes through the registration outbox (docs/email.md), written in the same
transaction as the account it concerns: an invitation that rolls back sends nothing, and a
slow mail server never slows the page (nor tells by its slowness whether an address has an
account). The links carry Django's password-reset tokens, which stop working once a
password has been chosen (the token covers the password hash and the last sign-in) or after
PASSWORD_RESET_TIMEOUT. Creating an account and setting a password each write an audit-log
entry (docs/permissions.md).
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from samlas.core import audit
from samlas.organisations.models import Membership, Organisation, Role
from samlas.organisations.services import add_member
from samlas.registration import outbox
from samlas.registration.emails import RenderedEmail
from samlas.registration.models import OutboxMessage

Kind = OutboxMessage.Kind
CACHE_ALIAS = "shared"
# Requests for a password link, per e-mail address and per client address and window
# (seconds); settings.SAMLAS_PASSWORD_RESET_RATE_LIMIT overrides any of them.
DEFAULT_RESET_LIMITS = {"per_email": 5, "per_address": 20, "window": 15 * 60}


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    created: bool  # a new account was made and invited; else an existing one was added


def _username_for(email: str) -> str:
    """The e-mail address as user name (people sign in with either), made unique."""
    base = re.sub(r"[^\w.@+-]", "", email.lower())[:150] or "medarbetare"
    users = get_user_model().objects
    candidate, number = base, 2
    while users.filter(username__iexact=candidate).exists():
        suffix = f"-{number}"
        candidate, number = base[: 150 - len(suffix)] + suffix, number + 1
    return candidate


def _split_name(name: str) -> tuple[str, str]:
    """Split "Anna Karin Svensson" into ("Anna Karin", "Svensson"); one word is a first name."""
    parts = name.split()
    if len(parts) < 2:
        return name.strip()[:150], ""
    return " ".join(parts[:-1])[:150], parts[-1][:150]


@transaction.atomic
def invite_staff(
    organisation: Organisation,
    *,
    name: str,
    email: str,
    role: str = Role.VIEWER,
    can_view_health_data: bool = False,
    actor,
) -> Invitation:
    """Make `email` a member of `organisation` with `role`.

    Someone who has no account gets one without a usable password, and an e-mail (in the
    site's language) with a link to choose one; someone who has an account is added to the
    organisation as it is. Raises ValidationError (per field) when the address belongs to a
    member already or to a switched-off account.
    """
    email = email.strip()
    existing = get_user_model().objects.filter(email__iexact=email).order_by("pk").first()
    if existing is not None:
        if not existing.is_active:
            raise ValidationError(
                {
                    "email": _(
                        "The account with this address is switched off. Ask the system "
                        "administrator to switch it on."
                    )
                }
            )
        if Membership.objects.filter(organisation=organisation, user=existing).exists():
            raise ValidationError(
                {"email": _("%(email)s is already a member.") % {"email": existing.email}}
            )
        membership = add_member(
            organisation,
            existing,
            role=role,
            can_view_health_data=can_view_health_data,
            actor=actor,
        )
        return Invitation(membership, created=False)
    first_name, last_name = _split_name(name)
    user = get_user_model()(
        username=_username_for(email), email=email, first_name=first_name, last_name=last_name
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor,
        audit.Action.CREATED,
        user,
        data={
            "account": "staff",
            "email": email,
            "organisation": organisation.name,
            "role": role,
            "invited": True,
        },
    )
    membership = add_member(
        organisation, user, role=role, can_view_health_data=can_view_health_data, actor=actor
    )
    inviter = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    with translation.override(settings.LANGUAGE_CODE):
        _queue_link(
            user,
            Kind.STAFF_INVITATION,
            "backoffice/email/invitation",
            _("You are invited to organise events with %(organisation)s on %(site)s")
            % {"organisation": organisation.name, "site": settings.SITE_NAME},
            {"organisation": organisation, "inviter": inviter, "membership": membership},
        )
    return Invitation(membership, created=True)


def password_link(user) -> str:
    """The one-time address where `user` chooses a password (SITE_URL, never the request's
    Host header, which a visitor could forge to have the link point elsewhere)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("backoffice:password_reset_confirm", args=[uid, token])


def _link_days() -> int:
    return max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1)


def _queue_link(user, kind: str, template: str, subject: str, extra: dict) -> OutboxMessage:
    context = {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "username": user.get_username(),
        "link": password_link(user),
        "days": _link_days(),
        "login_url": settings.SITE_URL + reverse("backoffice:login"),
        "site_name": settings.SITE_NAME,
        "language": translation.get_language(),
        "subject": subject,
        **extra,
    }
    email = RenderedEmail(
        to=user.email,
        subject=subject,
        text=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
    )
    return outbox.queue(kind, email, None)


@transaction.atomic
def send_password_links(email: str) -> int:
    """Queue a link to choose a new password to every active account with this address;
    returns how many (the caller must not tell: nobody may learn whether an address has an
    account). Unlike Django's own form this includes accounts without a usable password,
    so that someone whose invitation expired can still get in."""
    users = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)
    count = 0
    for user in users.order_by("pk"):
        if not user.email:
            continue
        _queue_link(
            user,
            Kind.PASSWORD_RESET,
            "backoffice/email/password_reset",
            _("Choose a new password for %(site)s") % {"site": settings.SITE_NAME},
            {},
        )
        count += 1
    return count


@transaction.atomic
def set_password(user, password: str, *, how: str) -> None:
    """Store a new password (`how`: "reset" by an e-mailed link, "changed" by the user
    signed in) and log it; the old password and every link sent before stop working."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(user, audit.Action.CHANGED, user, data={"password": how})


# --- Rate limit on asking for links ----------------------------------------------------------


def _reset_limits() -> dict[str, int]:
    return {**DEFAULT_RESET_LIMITS, **getattr(settings, "SAMLAS_PASSWORD_RESET_RATE_LIMIT", {})}


def allow_password_link_request(client: str, email: str) -> bool:
    """Count one request for a password link; False over the limit per address or client.

    Like the sign-in's limit (samlas.privacy.login_throttle): counters in the shared cache,
    seen by every app server, per e-mail address and per client address. Every request
    counts, whether the address has an account or not, so the answer reveals nothing.
    """
    limits = _reset_limits()
    bucket = int(time.time() // limits["window"])
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    keys = [
        (f"samlas:pwreset:email:{digest}:{bucket}", limits["per_email"]),
        (f"samlas:pwreset:addr:{client}:{bucket}", limits["per_address"]),
    ]
    cache = caches[CACHE_ALIAS]
    allowed = True
    for key, limit in keys:
        try:
            count = (cache.get(key) or 0) + 1
            cache.set(key, count, timeout=limits["window"])
        except DatabaseError:
            continue  # a missing cache table must not lock everyone out
        allowed = allowed and count <= limit
    return allowed
