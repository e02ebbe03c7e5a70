"""Erasing personal data: on schedule after each event, on a registrant's request, and of
one person everywhere at staff's request (docs/retention.md).

Erasing a registration *anonymises* it rather than deleting it: the row keeps its status,
sector, county, seminar choices and times, so seat counters, waiting-list history and every
statistic stay right, while everything that says who it was (name, e-mail, organisation,
phone, invoice details, health data, free-text answers, consents, e-mails sent, the secret
link) is removed. Press registrations and contact messages have no statistics worth keeping
and are deleted.

Registration's own services have no erasure function; this module works on registration's
models directly, each erasure in one transaction, and writes what it did to the audit log
(`core.audit`, action "deleted", with counts, never the erased values).
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from samlas.archive.models import ContactMessage, PressRegistration, StandingBody
from samlas.core import audit
from samlas.core.dates import format_date
from samlas.core.models import AuditLogEntry
from samlas.events.models import Event, EventOrganiser
from samlas.organisations.models import Role
from samlas.privacy.models import EventRetention
from samlas.registration import services as registration_services
from samlas.registration.models import (
    Answer,
    ConsentRecord,
    HealthInformation,
    OutboxMessage,
    Question,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
)
from samlas.registration.validation import normalise_email

logger = logging.getLogger(__name__)

# Marks an anonymised registration; a colon never occurs in a normalised e-mail address, and
# the pk keeps the value unique under the "one registration per e-mail and event" constraint.
ERASED_PREFIX = "erased:"
CHUNK = 500

DEFAULTS = {
    "PERSONAL_DATA_DAYS": 90,
    "HEALTH_DATA_DAYS": 1,
    "WARNING_DAYS": 14,
    "CONTACT_MESSAGE_DAYS": 365,
}


def setting(name: str) -> int:
    return int(getattr(settings, "SAMLAS_RETENTION", {}).get(name, DEFAULTS[name]))


# --- Per event --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    """An event's retention periods, its own or the defaults."""

    personal_data_days: int
    health_data_days: int

    @classmethod
    def of(cls, row: EventRetention | None) -> "Retention":
        personal = setting("PERSONAL_DATA_DAYS")
        health = setting("HEALTH_DATA_DAYS")
        if row is not None and row.personal_data_days is not None:
            personal = row.personal_data_days
        if row is not None and row.health_data_days is not None:
            health = row.health_data_days
        return cls(personal_data_days=personal, health_data_days=min(health, personal))


def _row(event: Event) -> EventRetention | None:
    try:
        return event.retention
    except EventRetention.DoesNotExist:
        return None


def erasure_due(event: Event, row: EventRetention | None = None) -> datetime:
    """When the event's personal data is erased: its period after the event ends, but never
    sooner than WARNING_DAYS after the organisers were warned (so they can export first)."""
    row = row if row is not None else _row(event)
    due = event.end + timedelta(days=Retention.of(row).personal_data_days)
    if row is None or row.warned_at is None:
        return due
    return max(due, row.warned_at + timedelta(days=setting("WARNING_DAYS")))


def health_erasure_due(event: Event, row: EventRetention | None = None) -> datetime:
    row = row if row is not None else _row(event)
    return event.end + timedelta(days=Retention.of(row).health_data_days)


def set_retention(
    event: Event, *, personal_data_days: int | None, health_data_days: int | None, actor=None
) -> EventRetention:
    """An organiser's own periods for the event (None: the default)."""
    with transaction.atomic():
        row, _created = EventRetention.objects.get_or_create(event=event)
        row.personal_data_days, row.health_data_days = personal_data_days, health_data_days
        row.full_clean(exclude=["event"])
        row.save(update_fields=["personal_data_days", "health_data_days"])
        audit.record(
            actor,
            audit.Action.CHANGED,
            event,
            event_id=event.pk,
            data={
                "retention": {
                    "personal_data_days": personal_data_days,
                    "health_data_days": health_data_days,
                }
            },
        )
    return row


# --- Anonymising registrations ----------------------------------------------------------------


def _pk_text(prefix: str, field_name: str = "pk") -> Concat:
    return Concat(Value(prefix), Cast(F(field_name), CharField()), output_field=CharField())


def not_erased(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.exclude(email_normalised__startswith=ERASED_PREFIX)


def _scrub_audit(model, ids: list[int]) -> None:
    """Audit entries name their target ("Anna Andersson <anna@…>"): keep the entry, drop the
    name. The audit log is otherwise append-only; erasure is the one exception the law makes."""
    AuditLogEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(model), target_id__in=ids
    ).update(target_repr=_pk_text("#", "target_id"))


def _anonymise(ids: list[int]) -> None:
    """Remove everything identifying from these registrations (inside the caller's
    transaction). Status, sector, county, choices and times stay for the statistics."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        HealthInformation.objects.filter(registration_id__in=chunk).delete()
        Answer.objects.filter(registration_id__in=chunk, question__kind=Question.Kind.TEXT).delete()
        ConsentRecord.objects.filter(registration_id__in=chunk).delete()
        # Sent and unsent e-mails hold the address, the name and the secret link.
        OutboxMessage.objects.filter(registration_id__in=chunk).delete()
        entries = RegistrationLogEntry.objects.filter(
            registration_id__in=chunk, data__has_key="reason"
        )
        for entry in entries:
            entry.data = {key: value for key, value in entry.data.items() if key != "reason"}
            entry.save(update_fields=["data"])
        Registration.objects.filter(pk__in=chunk).update(
            name=_pk_text("#"),
            email="",
            email_normalised=_pk_text(ERASED_PREFIX),
            organisation="",
            title="",
            municipality="",
            phone="",
            organisation_number="",
            peppol_id="",
            invoice_reference="",
            idempotency_key="",
            # Every link sent before stops working (a link needs the secret and our HMAC).
            link_secret="",
            link_sent_at=None,
            updated_at=timezone.now(),
        )
        _scrub_audit(Registration, chunk)


def event_statistics(event: Event) -> dict:
    """The aggregate figures kept after erasure (nothing in them identifies anyone)."""
    rows = list(Registration.objects.filter(event=event).values_list("status", "sector", "county"))
    seminars = Counter(
        SeminarChoice.objects.filter(
            registration__event=event, status=SeminarChoice.Status.CONFIRMED
        ).values_list("seminar_id", flat=True)
    )
    return {
        "registrations": len(rows),
        "by_status": dict(Counter(status for status, _s, _c in rows)),
        "by_sector": dict(Counter(sector or "unknown" for _st, sector, _c in rows)),
        "by_county": dict(Counter(county or "unknown" for _st, _s, county in rows)),
        "seminar_participants": {str(pk): n for pk, n in sorted(seminars.items())},
        "press_registrations": PressRegistration.objects.filter(event=event).count(),
    }


def erase_registration(
    registration: Registration, *, actor=None, reason: str = "request", now: datetime | None = None
) -> None:
    """Erase one registration at its registrant's (or staff's) request.

    Before the event an active registration is cancelled first, in the same transaction, so
    that its seats go to the next in line as after any cancellation.
    """
    now = now or timezone.now()
    event = registration.event
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.email_normalised.startswith(ERASED_PREFIX):
            return
        if registration.is_active and now < event.start:
            registration_services.cancel(registration, actor=actor)
        # Logged first: the anonymisation then scrubs the name from this entry too.
        audit.record(
            actor,
            audit.Action.DELETED,
            registration,
            event_id=event.pk,
            data={"erasure": reason, "registrations": 1},
        )
        _anonymise([registration.pk])


# --- One person everywhere -------------------------------------------------------------------


@dataclass
class PersonData:
    """What is stored about an e-mail address, for staff to see before they erase it."""

    email: str
    registrations: list[Registration] = field(default_factory=list)
    press_registrations: list[PressRegistration] = field(default_factory=list)
    contact_messages: int = 0

    @property
    def found(self) -> bool:
        return bool(self.registrations or self.press_registrations or self.contact_messages)


def find_person(email: str) -> PersonData:
    normalised = normalise_email(email)
    if not normalised:
        return PersonData(email=email)
    return PersonData(
        email=normalised,
        registrations=list(
            Registration.objects.filter(email_normalised=normalised)
            .select_related("event")
            .order_by("event__start", "pk")
        ),
        press_registrations=list(
            PressRegistration.objects.filter(email__iexact=normalised).select_related("event")
        ),
        contact_messages=ContactMessage.objects.filter(email__iexact=normalised).count(),
    )


def erase_person(email: str, *, actor, now: datetime | None = None) -> PersonData:
    """Erase everything stored about one e-mail address, in every event and form."""
    now = now or timezone.now()
    person = find_person(email)
    with transaction.atomic():
        for registration in person.registrations:
            erase_registration(registration, actor=actor, reason="staff", now=now)
        for press in person.press_registrations:
            audit.record(
                actor,
                audit.Action.DELETED,
                press.event,
                event_id=press.event_id,
                data={"erasure": "staff", "press_registrations": 1},
            )
        press_ids = [press.pk for press in person.press_registrations]
        _scrub_audit(PressRegistration, press_ids)
        PressRegistration.objects.filter(pk__in=press_ids).delete()
        messages = list(ContactMessage.objects.filter(email__iexact=person.email))
        for message in messages:
            audit.record(
                actor,
                audit.Action.DELETED,
                message.body,
                data={"erasure": "staff", "contact_messages": 1},
            )
        _scrub_audit(ContactMessage, [message.pk for message in messages])
        ContactMessage.objects.filter(pk__in=[message.pk for message in messages]).delete()
    return person


# --- The scheduled run ------------------------------------------------------------------------


@dataclass
class PurgeReport:
    """What a retention run did (or, with dry_run, would do), per event id."""

    warned: list[int] = field(default_factory=list)
    health_erased: dict[int, int] = field(default_factory=dict)
    personal_erased: dict[int, int] = field(default_factory=dict)
    press_erased: dict[int, int] = field(default_factory=dict)
    contact_messages_erased: int = 0
    warning_failures: list[int] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.warned
            or self.health_erased
            or self.personal_erased
            or self.press_erased
            or self.contact_messages_erased
        )


def _candidates(now: datetime) -> QuerySet[Event]:
    """Ended events that still hold personal data (fully erased events drop out)."""
    return (
        Event.objects.filter(end__lte=now)
        .filter(
            Exists(not_erased(Registration.objects.filter(event=OuterRef("pk"))))
            | Exists(PressRegistration.objects.filter(event=OuterRef("pk")))
        )
        .select_related("retention")
        .order_by("end", "pk")
    )


def _health_ids(event: Event) -> list[int]:
    return list(
        HealthInformation.objects.filter(registration__event=event).values_list(
            "registration_id", flat=True
        )
    )


def purge(now: datetime | None = None, *, dry_run: bool = False) -> PurgeReport:
    """Warn, then erase, whatever is due at `now` (pass it explicitly in tests).

    Each event is handled in its own transaction, so one failing event does not hold up the
    others; a warning that cannot be e-mailed is tried again on the next run, and the erasure
    waits for it.
    """
    now = now or timezone.now()
    report = PurgeReport()
    warning = timedelta(days=setting("WARNING_DAYS"))
    for event in _candidates(now):
        row = _row(event)
        health_ids = _health_ids(event)
        if health_ids and health_erasure_due(event, row) <= now:
            report.health_erased[event.pk] = len(health_ids)
            if not dry_run:
                _erase_health(event, health_ids, now)
        warned = row is not None and row.warned_at is not None
        if not warned:
            if erasure_due(event, row) - warning <= now:
                report.warned.append(event.pk)
                if not dry_run and not _warn(event, now):
                    report.warned.remove(event.pk)
                    report.warning_failures.append(event.pk)
            continue
        if erasure_due(event, row) <= now:
            ids = list(
                not_erased(Registration.objects.filter(event=event)).values_list("pk", flat=True)
            )
            press = PressRegistration.objects.filter(event=event).count()
            report.personal_erased[event.pk] = len(ids)
            if press:
                report.press_erased[event.pk] = press
            if not dry_run:
                _erase_event(event, ids, now)
    cutoff = now - timedelta(days=setting("CONTACT_MESSAGE_DAYS"))
    old_messages = ContactMessage.objects.filter(created_at__lt=cutoff)
    report.contact_messages_erased = old_messages.count()
    if report.contact_messages_erased and not dry_run:
        _erase_contact_messages(old_messages)
    return report


def _erase_health(event: Event, ids: list[int], now: datetime) -> None:
    with transaction.atomic():
        HealthInformation.objects.filter(registration_id__in=ids).delete()
        EventRetention.objects.update_or_create(
            event=event, defaults={"health_data_erased_at": now}
        )
        audit.record(
            None,
            audit.Action.DELETED,
            event,
            event_id=event.pk,
            data={"retention": "health_data", "registrations": len(ids)},
        )


def _erase_event(event: Event, ids: list[int], now: datetime) -> None:
    with transaction.atomic():
        statistics = event_statistics(event)
        _anonymise(ids)
        press_ids = list(PressRegistration.objects.filter(event=event).values_list("pk", flat=True))
        _scrub_audit(PressRegistration, press_ids)
        PressRegistration.objects.filter(pk__in=press_ids).delete()
        EventRetention.objects.update_or_create(
            event=event, defaults={"personal_data_erased_at": now, "statistics": statistics}
        )
        audit.record(
            None,
            audit.Action.DELETED,
            event,
            event_id=event.pk,
            data={
                "retention": "personal_data",
                "registrations": len(ids),
                "press_registrations": len(press_ids),
            },
        )


def _erase_contact_messages(messages: QuerySet[ContactMessage]) -> None:
    with transaction.atomic():
        by_body = Counter(messages.values_list("body_id", flat=True))
        ids = list(messages.values_list("pk", flat=True))
        _scrub_audit(ContactMessage, ids)
        ContactMessage.objects.filter(pk__in=ids).delete()
        for body in StandingBody.objects.filter(pk__in=by_body):
            audit.record(
                None,
                audit.Action.DELETED,
                body,
                data={"retention": "contact_messages", "contact_messages": by_body[body.pk]},
            )


# --- Warning the organisers -------------------------------------------------------------------


def warning_recipients(event: Event) -> list[str]:
    """The e-mail addresses of the host organisation's administrators and editors."""
    host = EventOrganiser.objects.filter(event=event, role=EventOrganiser.Role.HOST).values(
        "organisation"
    )
    users = get_user_model().objects.filter(
        is_active=True,
        memberships__organisation__in=host,
        memberships__role__in=[Role.ADMIN, Role.EDITOR],
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def _warn(event: Event, now: datetime) -> bool:
    """E-mail the organisers; True once they have been told (or there is nobody to tell)."""
    row = _row(event)
    due = max(
        event.end + timedelta(days=Retention.of(row).personal_data_days),
        now + timedelta(days=setting("WARNING_DAYS")),
    )
    recipients = warning_recipients(event)
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "event": event,
                "erasure_date": format_date(due),
                "export_url": settings.SITE_URL + reverse("backoffice:export", args=[event.pk]),
                "site_name": settings.SITE_NAME,
            }
            subject = render_to_string("privacy/email/retention_warning_subject.txt", context)
            text = render_to_string("privacy/email/retention_warning.txt", context)
        try:
            send_mail(" ".join(subject.split()), text, None, recipients, fail_silently=False)
        except Exception:
            logger.exception("Retention warning for event %s could not be sent", event.pk)
            return False
    with transaction.atomic():
        EventRetention.objects.update_or_create(event=event, defaults={"warned_at": now})
        audit.record(
            None,
            audit.Action.CHANGED,
            event,
            event_id=event.pk,
            data={"retention": "organisers_warned", "recipients": len(recipients)},
        )
    return True
