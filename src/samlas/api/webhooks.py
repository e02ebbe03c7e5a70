"""Webhooks: signed POSTs to an organisation's own system when a registration is created,
cancelled or promoted from a waiting list (docs/api.md).

The registration log is the outbox. Every registration service writes its
`RegistrationLogEntry` in the same transaction as the change, so reading the log can neither
report a change that was rolled back nor miss one that committed, and registration needs no
knowledge of webhooks. Three steps:

1. `wake` (a post_save receiver on the log and on the e-mail outbox, which every such change
   writes) schedules `dispatch` once the transaction has committed — at most one dispatch
   every DISPATCH_DELAY per process, and nothing at all while no endpoint exists.
2. `dispatch` reads the entries each endpoint has not seen (after its cursor, plus a look-back
   window for transactions that committed out of id order), checks with the back office's
   permission module that the token may see the event's registrations, and writes one
   `WebhookDelivery` per entry and endpoint (unique, so a second dispatch adds nothing).
3. `deliver` POSTs one delivery, signed with HMAC-SHA256 over "<timestamp>.<body>"; on an
   error or a non-2xx answer it backs off exponentially (core.retry) and tries again.

The payload is thin (ids and statuses, no names): the receiver reads the details through
the API with its token, so personal data leaves only through the permission checks.
"""

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from samlas.api.models import WebhookDelivery, WebhookEndpoint
from samlas.api.services import allow_private_addresses, public_host
from samlas.core import retry
from samlas.organisations.permissions import Action, can
from samlas.registration.models import RegistrationLogEntry

logger = logging.getLogger(__name__)

LogAction = RegistrationLogEntry.Action
EVENT_TYPES = {
    LogAction.REGISTERED: "registration.created",
    LogAction.CANCELLED: "registration.cancelled",
    LogAction.PROMOTED: "registration.promoted",
    LogAction.SEMINAR_PROMOTED: "registration.promoted",
}
SIGNATURE_HEADER = "Samlas-Signature"
LOOKBACK = timedelta(minutes=15)
BATCH = 500
DISPATCH_DELAY = timedelta(seconds=2)
MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=6)
LEASE = timedelta(minutes=2)
TIMEOUT = 10  # seconds per attempt
ENDPOINTS_CACHE_SECONDS = 10.0

DELIVERED, RETRY, FAILED, SKIPPED = "delivered", "retry", "failed", "skipped"


# --- 1. Waking the dispatcher ----------------------------------------------------------------

_lock = threading.Lock()
_state = {"endpoints_until": 0.0, "any_endpoints": False}
# One dispatch per DISPATCH_DELAY and process covers every change committed until it runs.
dispatching = retry.Coalesced("samlas.api.tasks.dispatch_webhooks", DISPATCH_DELAY)


def forget_endpoints(**_kwargs) -> None:
    with _lock:
        _state["endpoints_until"] = 0.0
    dispatching.forget()


def _any_endpoints() -> bool:
    """Whether any live endpoint exists, asked at most every ENDPOINTS_CACHE_SECONDS: the
    registration rush pays nothing for webhooks while nobody has one."""
    now = time.monotonic()
    if _state["endpoints_until"] > now:
        return _state["any_endpoints"]
    exists = _live_endpoints().exists()
    with _lock:
        _state["any_endpoints"], _state["endpoints_until"] = exists, now + ENDPOINTS_CACHE_SECONDS
    return exists


def wake(sender, instance, created: bool = False, raw: bool = False, **_kwargs) -> None:
    if raw or not created or not _any_endpoints():
        return
    transaction.on_commit(dispatching.trigger)


# --- 2. Dispatching --------------------------------------------------------------------------


def _live_endpoints():
    return WebhookEndpoint.objects.filter(
        active=True, token__revoked_at__isnull=True, token__user__is_active=True
    )


def payload(entry: RegistrationLogEntry) -> dict:
    data = {
        "event": {"id": entry.event_id, "slug": entry.event.slug},
        "registration": {"id": entry.registration_id, "status": _status(entry)},
    }
    if entry.action == LogAction.PROMOTED:
        data["promoted_to"] = "event"
    elif entry.action == LogAction.SEMINAR_PROMOTED:
        data["promoted_to"] = "seminar"
        data["seminar"] = {"id": entry.data.get("seminar")}
    return {
        "id": entry.pk,
        "type": EVENT_TYPES[entry.action],
        "created_at": entry.created_at.isoformat(),
        "data": data,
    }


def _status(entry: RegistrationLogEntry) -> str:
    if entry.action == LogAction.REGISTERED:
        return str(entry.data.get("status", ""))
    if entry.action == LogAction.CANCELLED:
        return "cancelled"
    return "confirmed"


def dispatch(now: datetime | None = None) -> int:
    """Write the deliveries for every log entry the endpoints have not seen; returns how
    many were written, each of which is enqueued for delivery."""
    now = now or timezone.now()
    created = 0
    endpoints = _live_endpoints().select_related("token__user", "token__organisation")
    for endpoint in endpoints:
        while True:
            count, full = _dispatch_endpoint(endpoint, now)
            created += count
            if not full:
                break
    return created


def _dispatch_endpoint(endpoint: WebhookEndpoint, now: datetime) -> tuple[int, bool]:
    wanted = [
        a for a, kind in EVENT_TYPES.items() if not endpoint.events or kind in endpoint.events
    ]
    seen = WebhookDelivery.objects.filter(endpoint=endpoint).values("log_entry_id")
    entries = list(
        RegistrationLogEntry.objects.filter(
            action__in=wanted,
            created_at__gte=endpoint.created_at,
            event__organisers__organisation_id=endpoint.token.organisation_id,
        )
        .filter(Q(pk__gt=endpoint.log_cursor) | Q(created_at__gte=now - LOOKBACK))
        .exclude(pk__in=seen)
        .select_related("event")
        .order_by("pk")[:BATCH]
    )
    if not entries:
        return 0, False
    user = endpoint.token.user
    allowed: dict[int, bool] = {}
    rows = []
    for entry in entries:
        if entry.event_id not in allowed:
            allowed[entry.event_id] = can(user, Action.VIEW_REGISTRATIONS, entry.event)
        if allowed[entry.event_id]:
            rows.append(
                WebhookDelivery(
                    endpoint=endpoint,
                    log_entry_id=entry.pk,
                    event_type=EVENT_TYPES[entry.action],
                    payload=payload(entry),
                    next_attempt_at=now,
                )
            )
    cursor = max(entry.pk for entry in entries)
    with transaction.atomic():
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        WebhookEndpoint.objects.filter(pk=endpoint.pk, log_cursor__lt=cursor).update(
            log_cursor=cursor
        )
    endpoint.log_cursor = max(endpoint.log_cursor, cursor)
    new = WebhookDelivery.objects.filter(
        endpoint=endpoint,
        log_entry_id__in=[row.log_entry_id for row in rows],
        status=WebhookDelivery.Status.PENDING,
        attempts=0,
    ).values_list("pk", flat=True)
    from samlas.api.tasks import deliver_webhook  # tasks.py imports this module

    for pk in new:
        transaction.on_commit(lambda pk=pk: retry.enqueue(deliver_webhook, pk))
    return len(rows), len(entries) == BATCH


# --- 3. Delivering ---------------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: "t=<unix time>,v1=<hex HMAC-SHA256>"."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could point at an internal address: it counts as a failed attempt."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _claim(pk: int, now: datetime) -> bool:
    return bool(
        WebhookDelivery.objects.filter(
            pk=pk, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    )


def _post(delivery: WebhookDelivery, now: datetime) -> int:
    """POST the delivery; returns the HTTP status (raises OSError on a network error)."""
    endpoint = delivery.endpoint
    host = urlsplit(endpoint.url).hostname or ""
    if not allow_private_addresses() and not public_host(host):
        raise OSError(f"{host} is not a public address")
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Samlas-Webhooks/1",
            "Samlas-Event": delivery.event_type,
            "Samlas-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: sign(endpoint.secret, int(now.timestamp()), body),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def deliver(pk: int, now: datetime | None = None) -> str:
    """Send one delivery if it is due: "delivered", "retry", "failed" or "skipped"."""
    now = now or timezone.now()
    if not _claim(pk, now):
        return SKIPPED
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=pk)
    try:
        status, error = _post(delivery, now), ""
    except (OSError, ValueError) as exc:
        status, error = None, repr(exc)[:2000]
    if status is not None and 200 <= status < 300:
        WebhookDelivery.objects.filter(pk=pk).update(
            status=WebhookDelivery.Status.DELIVERED,
            delivered_at=now,
            last_status_code=status,
            last_error="",
        )
        return DELIVERED
    error = error or f"HTTP {status}"
    if delivery.attempts >= MAX_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=pk).update(
            status=WebhookDelivery.Status.FAILED, last_status_code=status, last_error=error
        )
        logger.error("Webhook delivery %s failed for good: %s", pk, error)
        return FAILED
    retry_at = now + retry.backoff(delivery.attempts, FIRST_RETRY, LONGEST_RETRY)
    WebhookDelivery.objects.filter(pk=pk).update(
        next_attempt_at=retry_at, last_status_code=status, last_error=error
    )
    logger.warning("Webhook delivery %s failed (attempt %s): %s", pk, delivery.attempts, error)
    from samlas.api.tasks import deliver_webhook  # tasks.py imports this module

    retry.enqueue(deliver_webhook, pk, run_after=retry_at)
    return RETRY


def due_deliveries(now: datetime | None = None) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now or timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
