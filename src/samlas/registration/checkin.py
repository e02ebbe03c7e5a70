"""Checking participants in at the door: the check-in code, the service and its reads.

Several staff check people in at once from their phones, so `check_in` is one conditional
UPDATE (`… WHERE checked_in_at IS NULL`): whoever's statement comes second changes nothing
and is told who was first and when. Check-in takes no seat lock (it frees or takes no
place), so locking the registration row alone keeps to docs/locking.md. Every check-in
and every undo writes one `RegistrationLogEntry`.

The check-in code printed as a QR code on the badge is derived, not stored: the
registration's pk and an HMAC of it (keyed by SECRET_KEY), so a typo or a guessed number
never checks in someone else. Changing SECRET_KEY makes printed codes unreadable; search by
name still works. docs/checkin.md.
"""

import base64
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event
from samlas.registration.exceptions import LazyPercent, RegistrationError
from samlas.registration.models import Registration, RegistrationLogEntry, SeminarChoice

SALT = "samlas.registration.checkin"
SEARCH_LIMIT = 25
_CODE = re.compile(r"^(\d{1,18})-([A-Z2-7]{8})$", re.ASCII)


class CheckInRefused(RegistrationError):
    """The registration holds no place at the event, so there is nobody to let in."""

    code = "check_in_refused"
    default_message = _("Only a confirmed registration can be checked in.")


REFUSALS = {
    Registration.Status.PENDING: _(
        "%(name)s has not confirmed the e-mail address, so the registration is not confirmed."
    ),
    Registration.Status.WAITING: _("%(name)s is on the waiting list and has no place."),
    Registration.Status.CANCELLED: _("The registration of %(name)s is cancelled."),
}


# --- The code ----------------------------------------------------------------------------


def _mac(pk: int) -> str:
    digest = salted_hmac(SALT, str(pk), algorithm="sha256").digest()
    return base64.b32encode(digest).decode()[:8]


def checkin_code(registration: Registration) -> str:
    """Short enough to type from a badge when the camera fails: "1234-K7QXM2PA"."""
    return f"{registration.pk}-{_mac(registration.pk)}"


def parse_code(code: str) -> int | None:
    """The registration pk in a code we made, or None (typos, other systems' QR codes)."""
    cleaned = re.sub(r"\s+", "", str(code)).upper()
    match = _CODE.match(cleaned)
    if match is None or not constant_time_compare(match[2], _mac(int(match[1]))):
        return None
    return int(match[1])


# --- Reads -------------------------------------------------------------------------------


def _with_choices(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.select_related("checked_in_by").prefetch_related(
        Prefetch(
            "choices",
            queryset=SeminarChoice.objects.select_related("block", "seminar__room").order_by(
                "block__start", "block_id"
            ),
        )
    )


def registration_for_code(event: Event, code: str) -> Registration | None:
    """The event's registration with this check-in code (another event's code: None)."""
    pk = parse_code(code)
    if pk is None:
        return None
    return _with_choices(Registration.objects.filter(event=event, pk=pk)).first()


def _term(term: str) -> Q:
    # SQLite compares only ASCII letters without regard to case, so "åsa" must also be
    # looked for as "Åsa" and "ÅSA"; PostgreSQL finds them with the first variant already.
    condition = Q()
    for variant in {term, term.lower(), term.capitalize(), term.upper()}:
        condition |= Q(name__icontains=variant) | Q(organisation__icontains=variant)
    return condition


def search(event: Event, query: str, limit: int = SEARCH_LIMIT) -> list[Registration]:
    """Registrations whose name or organisation contains every word of `query`, with
    their seminar choices; cancelled ones too, so staff can tell the person why."""
    terms = query.split()[:5]
    if not terms:
        return []
    registrations = Registration.objects.filter(event=event)
    for term in terms:
        registrations = registrations.filter(_term(term[:100]))
    return list(_with_choices(registrations).order_by("name", "pk")[:limit])


def registration_with_choices(event: Event, pk: int) -> Registration | None:
    return _with_choices(Registration.objects.filter(event=event, pk=pk)).first()


@dataclass(frozen=True)
class Arrivals:
    arrived: int
    expected: int

    @property
    def percent(self) -> int:
        return round(100 * self.arrived / self.expected) if self.expected else 0


def arrivals(event: Event) -> Arrivals:
    """How many of the confirmed participants have arrived (one query)."""
    counts = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).aggregate(
        expected=Count("pk"),
        arrived=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    return Arrivals(arrived=counts["arrived"], expected=counts["expected"])


# --- Changes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    """What happened: `registration` as it now is; `already` when someone else (or an
    earlier scan) had checked the person in, and this call changed nothing."""

    registration: Registration
    already: bool


def _log(registration: Registration, action: str, actor, data: dict | None = None) -> None:
    RegistrationLogEntry.objects.create(
        event_id=registration.event_id,
        registration=registration,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        data=data or {},
    )


@transaction.atomic
def check_in(registration: Registration, *, actor, now: datetime | None = None) -> CheckIn:
    """Mark a confirmed registration as arrived. Idempotent: a second check-in (another
    phone, a double tap) changes nothing and returns `already=True`.
    Raises `CheckInRefused` for a registration without a place."""
    now = now or timezone.now()
    by = actor if getattr(actor, "is_authenticated", False) else None
    changed = Registration.objects.filter(
        pk=registration.pk,
        status=Registration.Status.CONFIRMED,
        checked_in_at__isnull=True,
    ).update(checked_in_at=now, checked_in_by=by, updated_at=now)
    current = _with_choices(Registration.objects.filter(pk=registration.pk)).get()
    if changed:
        _log(current, RegistrationLogEntry.Action.CHECKED_IN, actor)
        return CheckIn(current, already=False)
    if current.checked_in_at is not None:
        return CheckIn(current, already=True)
    message = REFUSALS.get(current.status, CheckInRefused.default_message)
    raise CheckInRefused(LazyPercent(message, {"name": current.name}))


@transaction.atomic
def undo_check_in(registration: Registration, *, actor) -> Registration:
    """Take back a mistaken check-in (the wrong name tapped). Idempotent."""
    current = Registration.objects.select_for_update(no_key=True).get(pk=registration.pk)
    if current.checked_in_at is None:
        return current
    previous = current.checked_in_at
    Registration.objects.filter(pk=current.pk).update(
        checked_in_at=None, checked_in_by=None, updated_at=timezone.now()
    )
    current.checked_in_at, current.checked_in_by = None, None
    _log(
        current,
        RegistrationLogEntry.Action.CHECK_IN_UNDONE,
        actor,
        {"checked_in_at": previous.isoformat()},
    )
    return current
