"""Every change to a registration: one function per thing a person does, one transaction each.

The contract for callers is docs/registration.md; how seats are kept is docs/locking.md.
In short: a transaction that seats, frees or queues anyone first locks the event's seat
stripes (`EventSeatStripe`), then `SeminarSeats` rows in ascending seminar id; it
re-checks free seats under those locks, updates the counters in the same transaction, and
the counters' CheckConstraints refuse an overbooking the code might miss. A freed seat goes
to the first in line at once. E-mails are written to the outbox in the same transaction
(rendered when they are sent).

`register` is the hot path under a rush, so it does its reading, checking and inserting
*before* taking any lock, using a guess of whether there is room (what this process last
saw); then it takes one free stripe's seat and the seminar seats (one conditional UPDATE
each, which locks and re-checks in one statement), corrects the guess if it was wrong and
commits. Registrations holding different stripes commit side by side.
"""

import functools
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event
from samlas.programme.models import Block, Seminar
from samlas.registration import outbox
from samlas.registration.emails import subject_for
from samlas.registration.exceptions import (
    AlreadyRegistered,
    EventCancelled,
    EventFull,
    InvalidChoice,
    InvalidData,
    RegistrationCancelled,
    RegistrationClosed,
    RegistrationError,
    RegistrationNotOpen,
    SeminarFull,
)
from samlas.registration.links import (
    PENDING_CONFIRMATION_DAYS,
    confirm_url,
    manage_url,
    new_link_secret,
)
from samlas.registration.models import (
    Answer,
    ConsentOption,
    ConsentRecord,
    EventSeatStripe,
    HealthInformation,
    OutboxMessage,
    Question,
    Registration,
    RegistrationLogEntry,
    RegistrationSettings,
    SeminarChoice,
    SeminarPreference,
    SeminarSeats,
)
from samlas.registration.queries import (
    CANCELLED,
    CLOSED,
    NOT_OFFERED,
    NOT_OPEN,
    own_data,
    registration_for_token,
    window_state,
)
from samlas.registration.validation import (
    HEALTH_FIELDS,
    PERSONAL_FIELDS,
    CleanedData,
    clean_choices,
    clean_data,
    normalise_email,
)

__all__ = [
    "cancel",
    "change_answers",
    "change_choices",
    "confirm_email",
    "confirm_url",
    "export_own_data",
    "manage_url",
    "promote_waiting_list",
    "register",
    "resend_link",
]

Action = RegistrationLogEntry.Action
Kind = OutboxMessage.Kind
RESEND_INTERVAL = timedelta(minutes=1)
IDEMPOTENCY_KEY_MAX_LENGTH = 64
RANKINGS_CLOSED = _(
    "The last day for ranking the seminars has passed: the rankings can no longer be changed."
)


# --- What an event asks, cached briefly per process ----------------------------------------


@dataclass(frozen=True)
class _EventSetup:
    """What an event asks and offers. Shared between requests: never mutate it.

    It holds no seat counts: those are read fresh for the prediction and under the lock.
    """

    settings: RegistrationSettings
    questions: list[Question]
    consents: list[ConsentOption]
    blocks: list[Block]

    @property
    def waiting_list(self) -> bool:
        return self.settings.waiting_list


SETUP_CACHE_SECONDS = 10.0
_setups: dict[tuple[int, datetime], tuple[float, _EventSetup]] = {}
_setups_lock = threading.Lock()


def forget_setups(**_kwargs) -> None:
    """Drop cached setups (connected to saves of settings, questions, blocks and seminars)."""
    with _setups_lock:
        _setups.clear()


def _setup(event: Event) -> _EventSetup:
    """The event's setup from a per-process cache of SETUP_CACHE_SECONDS.

    A rush registers hundreds of people a second for one event; loading its questions,
    blocks and seminars each time would be five queries of five. Changes saved in this
    process drop the cache at once (apps.py); other processes see them within the TTL, and
    nothing that decides a seat comes from here.
    """
    key = (event.pk, event.updated_at)
    now = time.monotonic()
    cached = _setups.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    setup = _load_setup(event)
    with _setups_lock:
        if len(_setups) > 256:
            _setups.clear()
        _setups[key] = (now + SETUP_CACHE_SECONDS, setup)
    return setup


def _load_setup(event: Event) -> _EventSetup:
    settings_row = RegistrationSettings.objects.filter(event=event).first()
    if settings_row is None:
        raise RegistrationNotOpen
    seminars = Seminar.objects.select_related("room__venue").order_by("position", "pk")
    blocks = list(
        Block.objects.filter(event=event)
        .select_related("venue", "event__venue")
        .prefetch_related(Prefetch("seminars", queryset=seminars))
        .order_by("start", "pk")
    )
    for block in blocks:
        for seminar in block.seminars.all():
            seminar.block = block
    return _EventSetup(
        settings=settings_row,
        questions=list(settings_row.questions.prefetch_related("options")),
        consents=list(settings_row.consents.all()),
        blocks=blocks,
    )


# What this process saw when it last tried to take a seat, per event and seminar: only a
# guess for `_predict`, so that a rush reads no counts before the lock. It expires quickly
# so that seats freed elsewhere are guessed right again soon; a wrong guess costs a rewrite
# under the lock, never a wrong seat.
ROOM_SEEN_SECONDS = 2.0
_room_seen: dict[tuple[str, int], tuple[float, bool]] = {}


def _seen_room(kind: str, pk: int) -> bool:
    seen = _room_seen.get((kind, pk))
    return seen is None or seen[0] < time.monotonic() or seen[1]


def _saw_room(kind: str, pk: int, room: bool) -> None:
    if len(_room_seen) > 10_000:
        _room_seen.clear()
    _room_seen[(kind, pk)] = (time.monotonic() + ROOM_SEEN_SECONDS, room)


def _check_window(event: Event, setup: _EventSetup, now: datetime, actor) -> None:
    state = window_state(event, setup.settings, now)
    if state == CANCELLED:
        raise EventCancelled
    if actor is not None:
        return
    if state in {NOT_OFFERED, NOT_OPEN}:
        raise RegistrationNotOpen
    if state == CLOSED:
        raise RegistrationClosed


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "sv")[:2].lower()
    return code if code in dict(settings.LANGUAGES) else "sv"


# --- The locked counter rows of one transaction ---------------------------------------------


EVENT_SEAT_STRIPES = 8  # rows an event's seats are spread over (docs/locking.md)


class _Booking:
    """The seat counters locked in one transaction, and what happened under the locks.

    `lock()` always takes all the event's seat stripes first, then seminar rows in
    ascending id (see docs/locking.md). Counters change in memory and are written by
    `finish()`, still under the locks, together with the log entries and e-mails of
    everyone promoted. The hot path of `register` instead takes one free stripe
    (`take_event_at_once`) and then only seminar rows (`lock_seminars`).
    """

    def __init__(self, event: Event, now: datetime, actor) -> None:
        self.event = event
        self.now = now
        self.actor = actor
        self.stripes: list[EventSeatStripe] | None = None  # all of them, when locked
        self.holds_one_stripe = False  # took a seat from a stripe by `take_event_at_once`
        self.event_source: int | None = None
        self.event_confirmed = 0
        self.event_dirty = False
        self.seminar_rows: dict[int, SeminarSeats] = {}
        self.dirty: set = set()
        self.skip_registrations: set[int] = set()  # created in this transaction
        self.log: list[RegistrationLogEntry] = []
        self.notices: dict[int, tuple[Registration, str]] = {}
        self.promotions = 0
        self.fast_seminars: set[int] = set()
        # Asked under the stripes' lock (`_lock_event`); a fast seat proved it was not, and
        # locked the event's row against a cancellation (docs/locking.md).
        self.event_cancelled = False

    # Taking one seat in one statement (the hot path of a rush)

    def take_event_at_once(self) -> bool:
        """Take an event seat from a free stripe with one UPDATE, if that is all it takes.

        The stripe is the first with room that no other transaction holds (`FOR UPDATE
        SKIP LOCKED` on PostgreSQL), so concurrent registrations take different stripes and
        commit side by side. It declines (and the caller uses `lock()`) when no stripe that
        is free to take has room, the stripes are missing, or an organiser has changed the
        capacity since the seats were spread (then the waiting list may need filling first).
        """
        if self.stripes is not None or self.holds_one_stripe:
            return False
        pk = self.event.pk
        taken = _execute(_take_statements().event, [pk, pk, Event.Status.CANCELLED, pk, pk])
        if taken:
            self.holds_one_stripe = True
            self.now = timezone.now()  # queue times are taken under the lock (see _lock_event)
        return bool(taken)

    def take_seminar_at_once(self, seminar_id: int) -> bool:
        """Take a seminar seat with one conditional UPDATE (which locks the row and
        re-checks its condition on the latest committed count); only after an event seat."""
        if seminar_id in self.seminar_rows:
            return False
        taken = _execute(_take_statements().seminar, [seminar_id] * 3)
        if taken:
            self.fast_seminars.add(seminar_id)
        return bool(taken)

    # Locking

    def lock(self, seminar_ids: Iterable[int] = ()) -> None:
        if self.stripes is None:
            if self.holds_one_stripe:
                # Waiting for every stripe while holding one could deadlock with another
                # transaction doing the same: after a fast seat, only `lock_seminars`.
                raise RuntimeError("lock() after take_event_at_once()")
            self._lock_event()
        self.lock_seminars(seminar_ids)

    def lock_seminars(self, seminar_ids: Iterable[int]) -> None:
        """Lock seminar rows only (after an event seat: see docs/locking.md)."""
        new = sorted(set(seminar_ids) - set(self.seminar_rows))
        if new:
            self._lock_seminars(new)

    def _lock_event(self) -> None:
        source = RegistrationSettings.objects.filter(event=OuterRef("event_id")).values("capacity")[
            :1
        ]

        def fetch() -> list[EventSeatStripe]:
            return list(
                EventSeatStripe.objects.select_for_update(of=("self",))
                .annotate(source_capacity=Subquery(source))
                .filter(event=self.event)
                .order_by("stripe")
            )

        stripes = fetch()
        if len(stripes) < EVENT_SEAT_STRIPES:
            # Registrations made in this transaction are not counted yet: _settle_new will.
            confirmed = 0
            if not stripes:
                confirmed = (
                    Registration.objects.filter(
                        event=self.event, status=Registration.Status.CONFIRMED
                    )
                    .exclude(pk__in=self.skip_registrations)
                    .count()
                )
            have = {stripe.stripe for stripe in stripes}
            EventSeatStripe.objects.bulk_create(
                [
                    EventSeatStripe(
                        event=self.event, stripe=n, confirmed=confirmed if n == 0 else 0
                    )
                    for n in range(EVENT_SEAT_STRIPES)
                    if n not in have
                ],
                ignore_conflicts=True,
            )
            stripes = fetch()
            self.event_dirty = True  # spread the seats over the new stripes in finish()
        self.stripes = stripes
        self.event_source = stripes[0].source_capacity
        # Asked now, not with the stripes: after waiting for them that query's view is old.
        self.event_cancelled = _cancelled_now(self.event)
        self.event_confirmed = sum(stripe.confirmed for stripe in stripes)
        # Queue times are taken under the lock, so that the order of the waiting lists is
        # the order in which transactions got the lock, not the order in which they started.
        self.now = timezone.now()
        stored = stripes[0].total
        if any(stripe.total != stored for stripe in stripes) or stored != self.event_source:
            self.event_dirty = True
        if _raised(stored, self.event_source):
            self.fill_event()

    def _lock_seminars(self, seminar_ids: list[int]) -> None:
        def fetch(ids: list[int]) -> list[SeminarSeats]:
            return list(
                SeminarSeats.objects.select_for_update(of=("self",))
                .annotate(source_capacity=F("seminar__capacity"))
                .filter(seminar_id__in=ids)
                .order_by("seminar_id")
            )

        rows = {row.seminar_id: row for row in fetch(seminar_ids)}
        missing = [pk for pk in seminar_ids if pk not in rows]
        if missing:
            counts = dict(
                SeminarChoice.objects.filter(
                    seminar_id__in=missing, status=SeminarChoice.Status.CONFIRMED
                )
                .exclude(registration_id__in=self.skip_registrations)
                .values_list("seminar_id")
                .annotate(n=Count("pk"))
            )
            capacities = dict(Seminar.objects.filter(pk__in=missing).values_list("pk", "capacity"))
            SeminarSeats.objects.bulk_create(
                [
                    SeminarSeats(
                        seminar_id=pk,
                        confirmed=counts.get(pk, 0),
                        capacity=max(capacities[pk], counts.get(pk, 0)),
                    )
                    for pk in missing
                    if pk in capacities
                ],
                ignore_conflicts=True,
            )
            rows.update({row.seminar_id: row for row in fetch(missing)})
        raised = []
        for pk in seminar_ids:
            if pk not in rows:
                raise InvalidChoice  # the seminar was deleted meanwhile
            row = rows[pk]
            self.seminar_rows[pk] = row
            if _raised(row.capacity, row.source_capacity):
                self.dirty.add(row)
                raised.append(pk)
        for pk in raised:
            self.fill_seminar(pk)

    # Seats

    def event_free(self) -> int | None:
        """Free event seats, or None when the event has no limit."""
        if self.event_source is None:
            return None
        return self.event_source - self.event_confirmed

    def event_has_room(self) -> bool:
        free = self.event_free()
        return free is None or free > 0

    def seminar_free(self, seminar_id: int) -> int:
        row = self.seminar_rows[seminar_id]
        return row.source_capacity - row.confirmed

    def take_event(self) -> None:
        self.event_confirmed += 1
        self.event_dirty = True

    def release_event(self) -> None:
        self.event_confirmed -= 1
        self.event_dirty = True

    def take_seminar(self, seminar_id: int) -> None:
        self.seminar_rows[seminar_id].confirmed += 1
        self.dirty.add(self.seminar_rows[seminar_id])

    def release_seminar(self, seminar_id: int) -> None:
        self.seminar_rows[seminar_id].confirmed -= 1
        self.dirty.add(self.seminar_rows[seminar_id])

    def seat(self, choice: SeminarChoice) -> None:
        """Seat a choice of a confirmed registration, or put it in line for the seminar."""
        if self.seminar_free(choice.seminar_id) > 0:
            self.take_seminar(choice.seminar_id)
            choice.status, choice.queued_at = SeminarChoice.Status.CONFIRMED, None
        else:
            choice.status, choice.queued_at = SeminarChoice.Status.WAITING, self.now

    # Waiting lists

    def admit(self, registration: Registration, *, allow_waiting: bool = True) -> None:
        """Give an existing pending/waiting registration a seat, or a place in line."""
        requested = list(registration.choices.filter(status=SeminarChoice.Status.REQUESTED))
        self.lock(choice.seminar_id for choice in requested)
        if not self.event_has_room():
            if not allow_waiting:
                raise EventFull
            if registration.status != Registration.Status.WAITING:
                registration.status, registration.queued_at = Registration.Status.WAITING, self.now
                registration.save(update_fields=["status", "queued_at", "updated_at"])
            return
        self.take_event()
        registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, self.now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        for choice in requested:
            self.seat(choice)
        SeminarChoice.objects.bulk_update(requested, ["status", "queued_at"])

    def fill_seminar(self, seminar_id: int) -> None:
        free = self.seminar_free(seminar_id)
        if free <= 0 or self.event_cancelled:
            return  # nobody is told "you have a seat" for a cancelled event
        waiting = (
            SeminarChoice.objects.filter(seminar_id=seminar_id, status=SeminarChoice.Status.WAITING)
            .exclude(registration_id__in=self.skip_registrations)
            .select_related("registration")
            .order_by("queued_at", "pk")[:free]
        )
        for choice in waiting:
            self.take_seminar(seminar_id)
            choice.status, choice.queued_at = SeminarChoice.Status.CONFIRMED, None
            choice.save(update_fields=["status", "queued_at", "updated_at"])
            self.promotions += 1
            self.record(choice.registration, Action.SEMINAR_PROMOTED, {"seminar": seminar_id})
            self.notify(choice.registration, Kind.SEMINAR_PROMOTED)

    def fill_event(self) -> None:
        free = self.event_free()
        if (free is not None and free <= 0) or self.event_cancelled:
            return
        waiting = (
            Registration.objects.filter(event=self.event, status=Registration.Status.WAITING)
            .exclude(pk__in=self.skip_registrations)
            .order_by("queued_at", "pk")
        )
        for registration in waiting if free is None else waiting[:free]:
            registration.event = self.event
            self.admit(registration)
            self.promotions += 1
            self.record(registration, Action.PROMOTED, {})
            self.notify(registration, Kind.PROMOTED)

    # Records

    def record(self, registration: Registration | None, action: str, data: dict) -> None:
        self.log.append(
            RegistrationLogEntry(
                event=self.event,
                registration=registration,
                action=action,
                actor=self.actor,
                data=data,
            )
        )

    def notify(self, registration: Registration, kind: str) -> None:
        # One e-mail per person per transaction: the first reason is the one that matters.
        self.notices.setdefault(registration.pk, (registration, kind))

    def finish(self) -> None:
        """Write counters, log and e-mails; still inside the transaction and its locks."""
        if self.event_dirty:
            spread = spread_seats(self.event_confirmed, self.event_source, len(self.stripes))
            for stripe, (confirmed, capacity) in zip(self.stripes, spread, strict=True):
                stripe.confirmed, stripe.capacity = confirmed, capacity
                stripe.total = self.event_source
            EventSeatStripe.objects.bulk_update(self.stripes, ["confirmed", "capacity", "total"])
            self.event_dirty = False
        for row in self.dirty:
            capacity = max(row.source_capacity, row.confirmed)
            SeminarSeats.objects.filter(pk=row.pk).update(
                confirmed=row.confirmed, capacity=capacity
            )
        self.dirty.clear()
        RegistrationLogEntry.objects.bulk_create(self.log)
        self.log.clear()
        for registration, kind in self.notices.values():
            _send(kind, registration)
        self.notices.clear()


class _TakeStatements(NamedTuple):
    event: str
    seminar: str
    cancelled: str


@functools.cache
def _take_statements() -> _TakeStatements:
    """The two conditional UPDATEs of `take_*_at_once`, and `_cancelled_now`'s read, as SQL
    written once from the models.

    They run twice per registration in a rush, and compiling them through the ORM (a
    subquery in an UPDATE's filter) cost about ten times the CPU the database spends on
    them: 0.7 ms against 0.06 ms each, measured in process. The conditions are the ones in
    docs/locking.md (the event's includes "not cancelled"); the parameters are the event's
    (or seminar's) id, repeated, and the cancelled status. The ORM cannot say the event's
    either: SKIP LOCKED in a subquery of an UPDATE.
    """
    quote = connection.ops.quote_name

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    def table(model) -> str:
        return quote(model._meta.db_table)

    def counts(model) -> tuple[str, str]:
        return column(model, "confirmed"), column(model, "capacity")

    event_source = (
        f"(SELECT {column(RegistrationSettings, 'capacity')} FROM {table(RegistrationSettings)}"
        f" WHERE {column(RegistrationSettings, 'event')} = %s)"
    )
    # Waits for whoever holds the event's row FOR UPDATE (a cancellation under way, an
    # organiser's edit), never for another registration (docs/locking.md).
    key_share = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    not_cancelled = (
        f"EXISTS (SELECT 1 FROM {table(Event)} WHERE {column(Event, 'id')} = %s"
        f" AND {column(Event, 'status')} <> %s{key_share})"
    )
    seminar_source = (
        f"(SELECT {column(Seminar, 'capacity')} FROM {table(Seminar)}"
        f" WHERE {column(Seminar, 'id')} = %s)"
    )
    stripes = table(EventSeatStripe)
    confirmed, capacity = counts(EventSeatStripe)
    total = column(EventSeatStripe, "total")
    # SQLite has no row locks: its write lock already serialises the statement.
    skip_locked = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    event = (
        f"UPDATE {stripes} SET {confirmed} = {confirmed} + 1"
        f" WHERE {column(EventSeatStripe, 'id')} = ("
        f"SELECT {column(EventSeatStripe, 'id')} FROM {stripes}"
        f" WHERE {column(EventSeatStripe, 'event')} = %s AND {not_cancelled}"
        f" AND (({capacity} IS NULL AND {total} IS NULL AND {event_source} IS NULL)"
        f" OR ({confirmed} < {capacity} AND {total} = {event_source}))"
        f" ORDER BY {column(EventSeatStripe, 'stripe')} LIMIT 1{skip_locked})"
    )
    confirmed, capacity = counts(SeminarSeats)
    seminar = (
        f"UPDATE {table(SeminarSeats)} SET {confirmed} = {confirmed} + 1"
        f" WHERE {column(SeminarSeats, 'seminar')} = %s"
        f" AND {capacity} >= {seminar_source} AND {confirmed} < {seminar_source}"
    )
    cancelled = (
        f"SELECT {column(Event, 'status')} = %s FROM {table(Event)}"
        f" WHERE {column(Event, 'id')} = %s{key_share}"
    )
    return _TakeStatements(event=event, seminar=seminar, cancelled=cancelled)


def _cancelled_now(event: Event) -> bool:
    """Is the event cancelled, as committed now (after any cancellation under way)?"""
    with connection.cursor() as cursor:
        cursor.execute(_take_statements().cancelled, [Event.Status.CANCELLED, event.pk])
        row = cursor.fetchone()
    return bool(row and row[0])


def _execute(sql: str, params: list) -> int:
    """Run one statement; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def spread_seats(
    confirmed: int, capacity: int | None, stripes: int
) -> list[tuple[int, int | None]]:
    """(confirmed, capacity) for each of `stripes` rows: the confirmed seats and the free
    seats each shared out as evenly as possible. The capacities add up to the event's
    capacity, or to the confirmed count when that is higher (a lowered capacity keeps
    everyone), so taking seats stripe by stripe can never seat more than the event holds.
    """

    def share(amount: int, index: int) -> int:
        return amount // stripes + (1 if index < amount % stripes else 0)

    free = None if capacity is None else max(capacity - confirmed, 0)
    return [
        (share(confirmed, n), None if free is None else share(confirmed, n) + share(free, n))
        for n in range(stripes)
    ]


def _raised(stored: int | None, source: int | None) -> bool:
    """Did an organiser raise a capacity since the counter was last written?"""
    if stored is None:
        return False
    return source is None or source > stored


def _full_error(exc: IntegrityError) -> RegistrationError | None:
    """The counters' CheckConstraints are the database's last word: map them to "full"."""
    text = str(exc)
    if "event_seats_not_overbooked" in text:
        return EventFull()
    if "seminar_seats_not_overbooked" in text:
        return SeminarFull([])
    return None


# --- E-mail ---------------------------------------------------------------------------------


def _send(kind: str, registration: Registration, reason: str = "") -> OutboxMessage:
    """Queue a registration e-mail; the outbox renders it when it sends it (emails.py)."""
    return outbox.queue_for(kind, registration, reason=reason)


def _kind_for(registration: Registration) -> str:
    return {
        Registration.Status.CONFIRMED: Kind.CONFIRMATION,
        Registration.Status.WAITING: Kind.WAITING_LIST,
        Registration.Status.PENDING: Kind.CONFIRM_EMAIL,
    }[registration.status]


# --- register ------------------------------------------------------------------------------


def _clean_key(idempotency_key: Any) -> str:
    key = "" if idempotency_key is None else str(idempotency_key).strip()
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH or not key.isprintable():
        message = _("The form could not be read. Please reload the page and try again.")
        raise InvalidData({"idempotency_key": [message]})
    return key


def _existing(
    event: Event, key: str, email: str
) -> tuple[Registration | None, Registration | None]:
    """The registration made with this key, and the active one with this e-mail."""
    match = Q(email_normalised=email) & ~Q(status=Registration.Status.CANCELLED)
    if key:
        match |= Q(idempotency_key=key)
    by_key = by_email = None
    for registration in Registration.objects.filter(event=event).filter(match):
        if key and registration.idempotency_key == key:
            by_key = registration
        elif registration.is_active:
            by_email = registration
    return by_key, by_email


def _pending_expired(registration: Registration, now: datetime) -> bool:
    return (
        registration.status == Registration.Status.PENDING
        and now > registration.created_at + timedelta(days=PENDING_CONFIRMATION_DAYS)
    )


def _predict(
    event: Event, setup: _EventSetup, picked, require_email_confirmation: bool
) -> tuple[str, dict[int, bool]]:
    """The outcome expected, and the seminars expected to have a seat, from what this
    process last saw (`_seen_room`): no query, since the truth is read under the lock and a
    wrong guess is corrected there (`_settle_new`), as is a refusal to wait in line."""
    if require_email_confirmation:
        return Registration.Status.PENDING, {}
    seats_free = {
        seminar.pk: _seen_room("seminar", seminar.pk)
        for seminar in picked.fcfs.values()
        if seminar is not None
    }
    room = _seen_room("event", event.pk)
    return (Registration.Status.CONFIRMED if room else Registration.Status.WAITING), seats_free


def _blocks_open_to_newcomers(
    event: Event, setup: _EventSetup, preferences, now: datetime
) -> list[Block]:
    """The blocks a new registration may choose in: after the ranking deadline not the
    ranked ones, whose seats are allocated among those who ranked in time (a newcomer
    chooses among what is left once the allocation is published)."""
    ranked = [b for b in setup.blocks if b.choice_mode == Block.ChoiceMode.RANKED]
    if not ranked or now < ranking_deadline(event):
        return setup.blocks
    if preferences and any(preferences.values()):
        raise InvalidChoice(RANKINGS_CLOSED)
    return [b for b in setup.blocks if b.choice_mode != Block.ChoiceMode.RANKED]


def _already_made(event: Event, key: str, email: str, now: datetime) -> Registration | None:
    """The registration this submission already made (a retry), or AlreadyRegistered."""
    by_key, by_email = _existing(event, key, email)
    if by_key is not None:
        by_key.seminar_choices = list(by_key.choices.all())
        return by_key
    if by_email is not None and not _pending_expired(by_email, now):
        raise AlreadyRegistered
    return None


def register(
    event: Event,
    data: Mapping[str, Any],
    choices: Mapping[Any, Any] | None = None,
    preferences: Mapping[Any, Sequence[Any]] | None = None,
    *,
    idempotency_key: str,
    accept_waiting_list: bool = True,
    require_email_confirmation: bool = False,
    language: str | None = None,
    actor=None,
) -> Registration:
    """Register someone for an event; see docs/registration.md for the contract.

    Duplicates (the same key: a retry; the same e-mail) are found by the database's unique
    constraints rather than by a query first, which would cost every registration a query.
    """
    key = _clean_key(idempotency_key)
    now = timezone.now()
    setup = _setup(event)
    try:
        _check_window(event, setup, now, actor)
    except RegistrationClosed:
        # A retry that arrives after the closing time still gets what the first attempt made.
        made = _already_made(event, key, normalise_email(data.get("email") or ""), now)
        if made is not None:
            return made
        raise
    cleaned = clean_data(setup.settings, data, setup.questions, setup.consents)
    picked = clean_choices(
        _blocks_open_to_newcomers(event, setup, preferences, now),
        choices,
        preferences,
        required=setup.settings.seminar_choice_required,
        complete=True,
    )
    predicted, seats_free = _predict(event, setup, picked, require_email_confirmation)
    may_wait = accept_waiting_list and setup.waiting_list
    email = cleaned.email_normalised
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _register_in_transaction(
                    event, setup, cleaned, picked, key, predicted, seats_free, may_wait,
                    _language(language), now, actor,
                )  # fmt: skip
        except IntegrityError as exc:
            by_key, by_email = _existing(event, key, email)
            if by_key is not None:
                by_key.seminar_choices = list(by_key.choices.all())
                return by_key
            if by_email is not None:
                if attempt == 1 and _pending_expired(by_email, now):
                    # Never confirmed within its time: it no longer holds the address.
                    Registration.objects.filter(
                        pk=by_email.pk, status=Registration.Status.PENDING
                    ).update(status=Registration.Status.CANCELLED, cancelled_at=now)
                    continue
                raise AlreadyRegistered from exc
            full = _full_error(exc)
            if full is not None:
                raise full from exc
            raise
    raise AssertionError("unreachable: the second attempt returns or raises")


def _register_in_transaction(
    event: Event,
    setup: _EventSetup,
    cleaned: CleanedData,
    picked,
    key: str,
    predicted: str,
    seats_free: dict[int, bool],
    may_wait: bool,
    language: str,
    now: datetime,
    actor,
) -> Registration:
    """Insert first, lock last: the event lock is held only for the re-check."""
    registration, choice_rows = _create(
        event, cleaned, picked, key, predicted, seats_free, language, now
    )
    email_message = _send(_kind_for(registration), registration)
    log = RegistrationLogEntry.objects.create(
        event=event,
        registration=registration,
        action=Action.REGISTERED,
        actor=actor,
        data=_status_summary(registration, choice_rows),
    )
    if predicted == Registration.Status.PENDING:
        # No seat is taken, so no stripe tells: ask the event's row, after the INSERTs (see
        # docs/locking.md, "Cancelling an event").
        if _cancelled_now(event):
            raise EventCancelled
    else:
        booking = _Booking(event, now, actor)
        booking.skip_registrations.add(registration.pk)
        if _settle_new(booking, registration, choice_rows, may_wait):
            _correct_prediction(registration, choice_rows, email_message, log)
        booking.finish()
    registration.seminar_choices = choice_rows
    return registration


def _create(
    event: Event,
    cleaned: CleanedData,
    picked,
    key: str,
    status: str,
    seats_free: dict[int, bool],
    language: str,
    now: datetime,
) -> tuple[Registration, list[SeminarChoice]]:
    registration = Registration.objects.create(
        event=event,
        status=status,
        email_normalised=cleaned.email_normalised,
        language=language,
        idempotency_key=key,
        link_secret=new_link_secret(),
        link_sent_at=now,
        queued_at=now if status == Registration.Status.WAITING else None,
        confirmed_at=now if status == Registration.Status.CONFIRMED else None,
        **cleaned.personal,
    )
    rows = []
    for seminar in picked.fcfs.values():
        if seminar is None:
            continue
        if status != Registration.Status.CONFIRMED:
            choice_status, queued_at = SeminarChoice.Status.REQUESTED, None
        elif seats_free[seminar.pk]:
            choice_status, queued_at = SeminarChoice.Status.CONFIRMED, None
        else:
            choice_status, queued_at = SeminarChoice.Status.WAITING, now
        rows.append(
            SeminarChoice(
                registration=registration,
                block=seminar.block,
                seminar=seminar,
                status=choice_status,
                queued_at=queued_at,
            )
        )
    SeminarChoice.objects.bulk_create(rows)
    SeminarPreference.objects.bulk_create(
        [
            SeminarPreference(
                registration=registration,
                block=seminar.block,
                seminar=seminar,
                rank=rank,
            )
            for ranking in picked.ranked.values()
            for rank, seminar in enumerate(ranking, start=1)
        ]
    )
    _write_details(registration, cleaned, now, created=True)
    return registration, rows


def _settle_new(booking: _Booking, registration: Registration, rows, may_wait: bool) -> bool:
    """Seat a registration made in this transaction, under the locks.

    The common case costs one conditional UPDATE per seat (`take_*_at_once`); anything
    else (full, a changed capacity) goes through `lock()` and the re-check in memory.
    Returns True if the prediction made before the lock was wrong (the caller then rewrites
    the e-mail and log entry). Queue times are set to the time under the lock.
    """
    before = (registration.status, [choice.status for choice in rows])
    took_event = booking.take_event_at_once()
    if not took_event:
        booking.lock()
        if booking.event_cancelled:
            raise EventCancelled
        if booking.event_has_room():
            booking.take_event()
            took_event = True
    _saw_room("event", booking.event.pk, took_event)
    now = booking.now
    if took_event:
        full = []
        for choice in sorted(rows, key=lambda c: c.seminar_id):
            if booking.take_seminar_at_once(choice.seminar_id):
                choice.status, choice.queued_at = SeminarChoice.Status.CONFIRMED, None
                _saw_room("seminar", choice.seminar_id, True)
                continue
            booking.lock_seminars([choice.seminar_id])
            room = booking.seminar_free(choice.seminar_id) > 0
            _saw_room("seminar", choice.seminar_id, room)
            if room:
                booking.take_seminar(choice.seminar_id)
                choice.status, choice.queued_at = SeminarChoice.Status.CONFIRMED, None
            elif may_wait:
                choice.status, choice.queued_at = SeminarChoice.Status.WAITING, now
            else:
                full.append(choice.seminar)
        if full:
            raise SeminarFull(full)
        if registration.status != Registration.Status.CONFIRMED:
            registration.status, registration.queued_at = Registration.Status.CONFIRMED, None
            registration.confirmed_at = now
    else:
        if not may_wait:
            raise EventFull
        for choice in rows:
            choice.status, choice.queued_at = SeminarChoice.Status.REQUESTED, None
        registration.status, registration.queued_at = Registration.Status.WAITING, now
        registration.confirmed_at = None
    changed = before != (registration.status, [choice.status for choice in rows])
    if changed or registration.status == Registration.Status.WAITING:
        registration.save(update_fields=["status", "queued_at", "confirmed_at"])
    rewrite = [c for c in rows if c.status == SeminarChoice.Status.WAITING] if not changed else rows
    if rewrite:
        SeminarChoice.objects.bulk_update(rewrite, ["status", "queued_at"])
    return changed


def _correct_prediction(registration, rows, message: OutboxMessage, log) -> None:
    kind = _kind_for(registration)
    OutboxMessage.objects.filter(pk=message.pk).update(
        kind=kind, subject=subject_for(kind, registration)
    )
    log.data = _status_summary(registration, rows)
    log.save(update_fields=["data"])


def _status_summary(registration: Registration, rows) -> dict:
    return {
        "status": registration.status,
        "choices": {str(choice.block_id): [choice.seminar_id, choice.status] for choice in rows},
    }


def _write_details(
    registration: Registration, cleaned: CleanedData, now: datetime, *, created: bool
) -> list[str]:
    """Health data, answers and consents; returns what changed (names, never values)."""
    changed = []
    health = {name: cleaned.health[name] for name in HEALTH_FIELDS}
    if created:
        if any(health.values()):
            HealthInformation.objects.create(registration=registration, **health)
    else:
        current = HealthInformation.objects.filter(registration=registration).first()
        if current is None and any(health.values()):
            HealthInformation.objects.create(registration=registration, **health)
            changed.append("health")
        elif current is not None and any(getattr(current, k) != v for k, v in health.items()):
            HealthInformation.objects.filter(registration=registration).update(**health)
            changed.append("health")
    old_answers = {} if created else {a.question_id: a for a in registration.answers.all()}
    new_answers = cleaned.answers
    removed = [pk for pk in old_answers if pk not in new_answers]
    if removed:
        Answer.objects.filter(registration=registration, question_id__in=removed).delete()
    updated = [
        Answer(pk=old_answers[pk].pk, value=value)
        for pk, value in new_answers.items()
        if pk in old_answers and old_answers[pk].value != value
    ]
    Answer.objects.bulk_update(updated, ["value"])
    Answer.objects.bulk_create(
        [
            Answer(registration=registration, question_id=pk, value=value)
            for pk, value in new_answers.items()
            if pk not in old_answers
        ]
    )
    if removed or updated or len(new_answers) > len(old_answers) - len(removed):
        changed.append("answers")
    given = (
        {}
        if created
        else {
            record.consent_id: record
            for record in registration.consents.filter(withdrawn_at__isnull=True)
        }
    )
    wanted = {consent.pk: consent for consent in cleaned.consents}
    withdrawn = [pk for pk in given if pk not in wanted]
    if withdrawn:
        ConsentRecord.objects.filter(
            registration=registration, consent_id__in=withdrawn, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                registration=registration,
                consent=consent,
                text=consent.text,
                version=consent.version,
                given_at=now,
            )
            for pk, consent in wanted.items()
            if pk not in given
        ]
    )
    if withdrawn or set(wanted) - set(given):
        changed.append("consents")
    return changed


# --- The registrant's link -----------------------------------------------------------------


def _relock(booking: _Booking | None, registration: Registration) -> Registration:
    """Re-read a registration under lock (after the seat stripes, in lock order)."""
    if booking is not None:
        booking.lock()
    # NO KEY UPDATE: rows that point at it (its e-mails, a cancellation's) may be written.
    fresh = Registration.objects.select_for_update(no_key=True).get(pk=registration.pk)
    fresh.event = registration.event
    return fresh


def confirm_email(token: str) -> Registration:
    """Confirm a pending registration from the link in its e-mail; seat it or queue it."""
    registration = registration_for_token(token)
    event = registration.event
    now = timezone.now()
    if now >= event.start:
        raise RegistrationClosed
    settings_row = RegistrationSettings.objects.filter(event=event).first()
    allow_waiting = settings_row is None or settings_row.waiting_list
    try:
        with transaction.atomic():
            booking = _Booking(event, now, None)
            registration = _relock(booking, registration)
            if registration.status == Registration.Status.CANCELLED:
                raise RegistrationCancelled
            if registration.status != Registration.Status.PENDING:
                return registration
            if booking.event_cancelled:
                raise EventCancelled
            booking.admit(registration, allow_waiting=allow_waiting)
            booking.record(registration, Action.EMAIL_CONFIRMED, {"status": registration.status})
            booking.notify(registration, _kind_for(registration))
            booking.finish()
    except IntegrityError as exc:
        raise (_full_error(exc) or exc) from exc
    return registration


def change_answers(
    registration: Registration, data: Mapping[str, Any], *, actor=None
) -> Registration:
    """Replace the registrant's details, health data, answers and consents."""
    event = registration.event
    now = timezone.now()
    setup = _setup(event)
    if event.is_cancelled:
        raise EventCancelled
    if actor is None and now >= event.start:
        raise RegistrationClosed
    cleaned = clean_data(setup.settings, data, setup.questions, setup.consents)
    try:
        with transaction.atomic():
            registration = _relock(None, registration)
            if registration.status == Registration.Status.CANCELLED:
                raise RegistrationCancelled
            if _cancelled_now(event):  # since the check above: no e-mail may follow its own
                raise EventCancelled
            changed = []
            if cleaned.email_normalised != registration.email_normalised:
                taken = (
                    Registration.objects.filter(
                        event=event, email_normalised=cleaned.email_normalised
                    )
                    .exclude(status=Registration.Status.CANCELLED)
                    .exists()
                )
                if taken:
                    raise AlreadyRegistered
                registration.email_normalised = cleaned.email_normalised
            for name in PERSONAL_FIELDS:
                if getattr(registration, name) != cleaned.personal[name]:
                    setattr(registration, name, cleaned.personal[name])
                    changed.append(name)
            registration.save()
            changed += _write_details(registration, cleaned, now, created=False)
            RegistrationLogEntry.objects.create(
                event=event,
                registration=registration,
                action=Action.ANSWERS_CHANGED,
                actor=actor,
                data={"fields": changed},
            )
            if changed:
                _send(Kind.CHANGED, registration)
    except IntegrityError as exc:
        raise AlreadyRegistered from exc
    return registration


def ranking_deadline(event: Event) -> datetime:
    """When the rankings of ranked blocks stop changing: the seat allocation's preference
    deadline (docs/allocation-publishing.md), after which they are its input."""
    # Imported here: the allocation app builds on this one (its services import this
    # module) and owns the deadline; registration must not need it to load.
    from samlas.allocation.queries import preference_deadline

    return preference_deadline(event)


def _unchanged_rankings_only(
    registration: Registration, ranked: Mapping[int, list[Seminar]]
) -> dict[int, list[Seminar]]:
    """After the ranking deadline: refuse a changed ranking; an unchanged one (a form sent
    again as it was) is dropped, so nothing is rewritten and no e-mail goes out."""
    stored: dict[int, list[int]] = {}
    for block_pk, seminar_pk in (
        registration.preferences.filter(block_id__in=list(ranked))
        .order_by("block_id", "rank")
        .values_list("block_id", "seminar_id")
    ):
        stored.setdefault(block_pk, []).append(seminar_pk)
    if any([s.pk for s in ranking] != stored.get(pk, []) for pk, ranking in ranked.items()):
        raise InvalidChoice(RANKINGS_CLOSED)
    return {}


def change_choices(
    registration: Registration,
    choices: Mapping[Any, Any] | None = None,
    preferences: Mapping[Any, Sequence[Any]] | None = None,
    *,
    accept_waiting_list: bool = True,
    actor=None,
) -> Registration:
    """Change seminar choices block by block; a freed seat goes to the next in line."""
    event = registration.event
    now = timezone.now()
    setup = _setup(event)
    _check_window(event, setup, now, actor)
    picked = clean_choices(
        setup.blocks,
        choices,
        preferences,
        required=setup.settings.seminar_choice_required,
        complete=False,
    )
    may_wait = accept_waiting_list and setup.waiting_list
    seminars_by_pk = {s.pk: s for block in setup.blocks for s in block.seminars.all()}
    try:
        with transaction.atomic():
            booking = _Booking(event, now, actor)
            registration = _relock(booking, registration)
            if registration.status == Registration.Status.CANCELLED:
                raise RegistrationCancelled
            if booking.event_cancelled:
                raise EventCancelled  # since `_check_window` looked
            if picked.ranked and now >= ranking_deadline(event):
                picked.ranked = _unchanged_rankings_only(registration, picked.ranked)
            current = {choice.block_id: choice for choice in registration.choices.all()}
            changes = {
                block_pk: seminar
                for block_pk, seminar in picked.fcfs.items()
                if (current[block_pk].seminar_id if block_pk in current else None)
                != (seminar.pk if seminar else None)
            }
            merged = {pk: c.seminar_id for pk, c in current.items()}
            merged.update({pk: s.pk if s else None for pk, s in changes.items()})
            topics = [seminars_by_pk[pk].topic for pk in merged.values() if pk in seminars_by_pk]
            topics = [topic for topic in topics if topic]
            if len(topics) != len(set(topics)):
                raise InvalidChoice(_("You have chosen the same seminar in two blocks."))
            seated = registration.status == Registration.Status.CONFIRMED
            freed = []
            if seated:
                booking.lock(
                    [current[pk].seminar_id for pk in changes if pk in current]
                    + [s.pk for s in changes.values() if s is not None]
                )
                full = [
                    s for s in changes.values() if s is not None and booking.seminar_free(s.pk) <= 0
                ]
                if full and not may_wait:
                    raise SeminarFull(full)
            for block_pk, seminar in changes.items():
                old = current.get(block_pk)
                if old is not None and old.status == SeminarChoice.Status.CONFIRMED:
                    booking.release_seminar(old.seminar_id)
                    freed.append(old.seminar_id)
                if seminar is None:
                    old.delete()
                    continue
                choice = old or SeminarChoice(registration=registration, block_id=block_pk)
                choice.seminar = seminar
                if seated:
                    booking.seat(choice)
                else:
                    choice.status, choice.queued_at = SeminarChoice.Status.REQUESTED, None
                choice.save()
            for seminar_pk in freed:
                booking.fill_seminar(seminar_pk)
            for block_pk, ranking in picked.ranked.items():
                SeminarPreference.objects.filter(
                    registration=registration, block_id=block_pk
                ).delete()
                SeminarPreference.objects.bulk_create(
                    [
                        SeminarPreference(
                            registration=registration, block_id=block_pk, seminar=seminar, rank=rank
                        )
                        for rank, seminar in enumerate(ranking, start=1)
                    ]
                )
            booking.record(
                registration,
                Action.CHOICES_CHANGED,
                {
                    "choices": {str(pk): (s.pk if s else None) for pk, s in changes.items()},
                    "preferences": {
                        str(pk): [s.pk for s in ranking] for pk, ranking in picked.ranked.items()
                    },
                },
            )
            if changes or picked.ranked:
                booking.notify(registration, Kind.CHANGED)
            booking.finish()
    except IntegrityError as exc:
        raise (_full_error(exc) or exc) from exc
    return registration


def cancel(registration: Registration, *, actor=None, reason: str = "") -> Registration:
    """Cancel; the event seat and seminar seats go to the first in line at once."""
    event = registration.event
    now = timezone.now()
    if actor is None and now >= event.start:
        raise RegistrationClosed
    with transaction.atomic():
        booking = _Booking(event, now, actor)
        registration = _relock(booking, registration)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        choices = list(registration.choices.all())
        seated = [c.seminar_id for c in choices if c.status == SeminarChoice.Status.CONFIRMED]
        booking.lock(seated)
        summary = _status_summary(registration, choices)
        registration.choices.all().delete()
        registration.preferences.all().delete()
        registration.status, registration.cancelled_at = Registration.Status.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if was_confirmed:
            booking.release_event()
            for seminar_pk in seated:
                booking.release_seminar(seminar_pk)
            for seminar_pk in seated:
                booking.fill_seminar(seminar_pk)
            booking.fill_event()
        booking.record(registration, Action.CANCELLED, {**summary, "reason": reason[:500]})
        _send(Kind.CANCELLED, registration, reason=reason)
        booking.finish()
    return registration


def promote_waiting_list(event: Event, *, actor=None) -> int:
    """Fill every free event and seminar seat from the waiting lists; returns promotions."""
    now = timezone.now()
    seminar_ids = list(
        Seminar.objects.filter(
            block__event=event, block__choice_mode=Block.ChoiceMode.FIRST_COME
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        booking = _Booking(event, now, actor)
        booking.lock(seminar_ids)
        for seminar_pk in sorted(seminar_ids):
            booking.fill_seminar(seminar_pk)
        booking.fill_event()
        booking.finish()
    return booking.promotions


def resend_link(event: Event, email: str, *, language: str | None = None) -> bool:
    """E-mail a fresh link (older links stop working); False, silently, if none was sent."""
    normalised = normalise_email(email)
    registration = (
        Registration.objects.filter(event=event, email_normalised=normalised)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        return False
    now = timezone.now()
    with transaction.atomic():
        registration = _relock(None, registration)
        registration.event = event
        if registration.status == Registration.Status.CANCELLED:
            return False
        if registration.link_sent_at and now - registration.link_sent_at < RESEND_INTERVAL:
            return False
        registration.link_secret, registration.link_sent_at = new_link_secret(), now
        update = ["link_secret", "link_sent_at", "updated_at"]
        if language:
            registration.language = _language(language)
            update.append("language")
        registration.save(update_fields=update)
        # An address is not worth confirming for a cancelled event: the link still shows
        # the registration, and the event row's lock orders this after any cancellation.
        pending = registration.status == Registration.Status.PENDING
        kind = Kind.CONFIRM_EMAIL if pending and not _cancelled_now(event) else Kind.LINK
        _send(kind, registration)
        RegistrationLogEntry.objects.create(
            event=event, registration=registration, action=Action.LINK_SENT, data={}
        )
    return True


def export_own_data(registration: Registration) -> dict:
    """Everything stored about the registrant, JSON-serialisable (GDPR art. 15 and 20)."""
    with transaction.atomic():
        data = own_data(registration)
        RegistrationLogEntry.objects.create(
            event=registration.event,
            registration=registration,
            action=Action.DATA_EXPORTED,
            data={},
        )
    return data
