"""State changes of the API's own rows: tokens, idempotency records, webhook endpoints.

Registrations themselves change only through `samlas.registration.services`; the API views
call those with the token's service account as `actor`.
"""

import hashlib
import ipaddress
import secrets
import socket
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samlas.api.models import ApiToken, IdempotencyRecord, WebhookEndpoint
from samlas.core import audit
from samlas.organisations import services as organisation_services
from samlas.organisations.models import Organisation, Role

TOKEN_START = "samlas_"
IDEMPOTENCY_TTL = timedelta(hours=24)
LAST_USED_PRECISION = timedelta(minutes=1)
WEBHOOK_EVENT_TYPES = ("registration.created", "registration.cancelled", "registration.promoted")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- Tokens -----------------------------------------------------------------------------------


@transaction.atomic
def issue_token(
    organisation: Organisation,
    *,
    name: str,
    role: str = Role.VIEWER,
    can_view_health_data: bool = False,
    expires_at: datetime | None = None,
    actor=None,
) -> tuple[ApiToken, str]:
    """A new token and its only clear-text copy (shown once; we keep a hash)."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    user = get_user_model().objects.create_user(
        username=f"api-{prefix}", first_name=name[:150], password=None
    )
    organisation_services.add_member(
        organisation, user, role=role, can_view_health_data=can_view_health_data, actor=actor
    )
    token = ApiToken.objects.create(
        name=name,
        organisation=organisation,
        user=user,
        prefix=prefix,
        secret_hash=_hash(secret),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=expires_at,
    )
    audit.record(
        actor,
        audit.Action.CREATED,
        token,
        data={"organisation": organisation.name, "role": role, "health": can_view_health_data},
    )
    return token, f"{TOKEN_START}{prefix}_{secret}"


@transaction.atomic
def revoke_token(token: ApiToken, *, actor=None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        type(token.user).objects.filter(pk=token.user_id).update(is_active=False)
        audit.record(actor, audit.Action.DELETED, token, data={"revoked": True})
    return token


def authenticate(raw: str, now: datetime | None = None) -> ApiToken | None:
    """The live token for a clear-text token, or None (unknown, wrong, revoked, expired)."""
    if not raw.startswith(TOKEN_START):
        return None
    prefix, _sep, secret = raw.removeprefix(TOKEN_START).partition("_")
    if not prefix or not secret or len(prefix) > 16:
        return None
    token = ApiToken.objects.select_related("user", "organisation").filter(prefix=prefix).first()
    if token is None or not constant_time_compare(token.secret_hash, _hash(secret)):
        return None
    now = now or timezone.now()
    if token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        # At most one write a minute per token, not one per request.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# --- Idempotency ------------------------------------------------------------------------------


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def recorded(token: ApiToken, key: str) -> IdempotencyRecord | None:
    return (
        IdempotencyRecord.objects.filter(
            token=token, key=key, created_at__gte=timezone.now() - IDEMPOTENCY_TTL
        )
        .order_by()
        .first()
    )


def remember(
    token: ApiToken,
    key: str,
    digest: str,
    status_code: int,
    *,
    resource_id: int | None = None,
    error: dict | None = None,
) -> None:
    """Store a write's outcome for retries; the first outcome for a key wins."""
    now = timezone.now()
    with transaction.atomic():
        IdempotencyRecord.objects.filter(token=token, created_at__lt=now - IDEMPOTENCY_TTL).delete()
        IdempotencyRecord.objects.bulk_create(
            [
                IdempotencyRecord(
                    token=token,
                    key=key,
                    request_hash=digest,
                    status_code=status_code,
                    resource_id=resource_id,
                    error=error,
                )
            ],
            ignore_conflicts=True,
        )


# --- Webhook endpoints ------------------------------------------------------------------------


def allow_private_addresses() -> bool:
    return bool(getattr(settings, "SAMLAS_WEBHOOK_ALLOW_PRIVATE", settings.DEBUG))


def public_host(host: str) -> bool:
    """Does every address of `host` lie on the public internet? Webhooks must not be a way
    to make the server call itself or the internal network (SSRF)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return bool(addresses) and all(address.is_global for address in addresses)


def check_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError({"url": [_("Enter an http or https address.")]})
    if parts.scheme != "https" and not allow_private_addresses():
        raise ValidationError({"url": [_("Webhooks are sent only to https addresses.")]})
    if not allow_private_addresses() and not public_host(parts.hostname):
        raise ValidationError(
            {"url": [_("The address must be reachable on the internet, not an internal one.")]}
        )


@transaction.atomic
def create_webhook(
    token: ApiToken, *, url: str, events: list[str], actor=None
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (shown once to the caller)."""
    check_webhook_url(url)
    unknown = sorted(set(events) - set(WEBHOOK_EVENT_TYPES))
    if unknown:
        message = format_lazy(_("Unknown event type: {}"), ", ".join(unknown))
        raise ValidationError({"events": [message]})
    secret = secrets.token_hex(32)
    endpoint = WebhookEndpoint.objects.create(
        token=token, url=url, events=sorted(set(events)), secret=secret
    )
    audit.record(
        actor, audit.Action.CREATED, endpoint, data={"url": url, "events": endpoint.events}
    )
    return endpoint, secret


@transaction.atomic
def delete_webhook(endpoint: WebhookEndpoint, *, actor=None) -> None:
    audit.record(actor, audit.Action.DELETED, endpoint, data={"url": endpoint.url})
    endpoint.delete()
