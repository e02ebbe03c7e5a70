"""Read models of registration: what a form asks, seats left, waiting-list places, exports.

Nothing here changes state (services.py does). Seats left come from the counter rows the
services keep exact (`SeminarSeats`, `EventSeatStripe`), so showing them costs one join, not a
count over registrations.
"""

import copy
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from samlas.events.models import Event
from samlas.programme.models import Block, Seminar
from samlas.registration.exceptions import InvalidLink
from samlas.registration.links import check_not_expired, check_secret, parse_token
from samlas.registration.models import (
    EventSeatStripe,
    LawfulBasis,
    Question,
    Registration,
    RegistrationSettings,
    SeminarChoice,
    SeminarPreference,
)
from samlas.registration.validation import asked_fields

NOT_OFFERED = "not_offered"
NOT_OPEN = "not_open"
OPEN = "open"
WAITING_LIST = "waiting_list"
FULL = "full"
CLOSED = "closed"
CANCELLED = "cancelled"


# The public event behind a registration URL, per slug, for a second per process: a rush asks
# for the same event hundreds of times a second, and reading it cost each registration a
# query and 0.6 ms of CPU. Saves in this process drop it at once (apps.py); other processes
# see a change within the second (what that allows: docs/locking.md, "What is cached").
PUBLIC_EVENT_SECONDS = 1.0
_public_events: dict[str, tuple[float, Event | None]] = {}
_public_events_lock = threading.Lock()


def public_event(slug: str) -> Event | None:
    """The public event with this slug (its venue joined), or None; a copy of one cached
    for PUBLIC_EVENT_SECONDS, so that what a request caches on it stays with that request."""
    now = time.monotonic()
    cached = _public_events.get(slug)
    if cached is None or cached[0] <= now:
        event = Event.objects.public().select_related("venue").filter(slug=slug).first()
        with _public_events_lock:
            if len(_public_events) > 1024:
                _public_events.clear()
            _public_events[slug] = cached = (now + PUBLIC_EVENT_SECONDS, event)
    return copy.copy(cached[1])


def forget_public_events(**_kwargs) -> None:
    """Drop the cached events (connected to saves of events and venues)."""
    with _public_events_lock:
        _public_events.clear()


def window_state(event: Event, settings: RegistrationSettings | None, now: datetime) -> str:
    """Where the event is in its registration period (capacity aside)."""
    if event.status == Event.Status.CANCELLED:
        return CANCELLED
    if event.status == Event.Status.ARCHIVED:
        return CLOSED
    if settings is None or event.status != Event.Status.PUBLISHED:
        return NOT_OFFERED
    if event.registration_opens is None or now < event.registration_opens:
        return NOT_OPEN
    closes = event.registration_closes or event.start
    if now >= closes or now >= event.start:
        return CLOSED
    return OPEN


def registration_settings(event: Event) -> RegistrationSettings | None:
    return RegistrationSettings.objects.filter(event=event).first()


def event_seats_left(event: Event, settings: RegistrationSettings | None = None) -> int | None:
    """Free places at the event, or None when it has no limit."""
    settings = settings or registration_settings(event)
    if settings is None or settings.capacity is None:
        return None
    return max(settings.capacity - event_confirmed(event), 0)


def event_confirmed(event: Event) -> int:
    """Confirmed places, from the seat stripes (their sum is exact once committed)."""
    total = EventSeatStripe.objects.filter(event=event).aggregate(n=Sum("confirmed"))["n"]
    return total or 0


def registration_state(event: Event, now: datetime | None = None) -> str:
    """One of NOT_OFFERED, NOT_OPEN, OPEN, WAITING_LIST (open, but full: new registrants
    queue), FULL (full and no waiting list), CLOSED, CANCELLED."""
    settings = registration_settings(event)
    state = window_state(event, settings, now or timezone.now())
    if state != OPEN:
        return state
    if event_seats_left(event, settings) == 0:
        return WAITING_LIST if settings.waiting_list else FULL
    return OPEN


def registration_for_token(token: str) -> Registration:
    """The registration a link belongs to; raises InvalidLink or LinkExpired."""
    pk, secret = parse_token(token)
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if registration is None:
        raise InvalidLink
    check_secret(registration, secret)
    check_not_expired(registration)
    return registration


def with_seats_left(seminars: QuerySet[Seminar]) -> QuerySet[Seminar]:
    """Annotate `seats_left` (never negative) on a seminar queryset."""
    return seminars.annotate(
        seats_left=Greatest(
            F("capacity") - Coalesce(F("registration_seats__confirmed"), Value(0)), Value(0)
        )
    )


def seats_left(seminars: Iterable[Seminar | int]) -> dict[int, int]:
    """Seminar pk → free seats, for seminars or their pks, in one query."""
    pks = [s if isinstance(s, int) else s.pk for s in seminars]
    return dict(with_seats_left(Seminar.objects.filter(pk__in=pks)).values_list("pk", "seats_left"))


@dataclass(frozen=True)
class RegistrationForm:
    """What an event's registration form asks; built by `registration_form(event)`."""

    settings: RegistrationSettings
    fields: list[tuple[str, bool]]  # (name, required), name and e-mail first
    questions: list[Question]  # with options prefetched
    consents: list
    fcfs_blocks: list[Block]  # with seminars annotated with seats_left
    ranked_blocks: list[Block]
    # Ranked blocks a new registrant may no longer rank (their ranking deadline has passed).
    closed_ranked_blocks: list[Block] = field(default_factory=list)

    @property
    def lawful_basis_display(self) -> str:
        return LawfulBasis(self.settings.lawful_basis).label

    @property
    def purpose_text(self) -> str:
        return self.settings.purpose_text


def registration_form(event: Event) -> RegistrationForm | None:
    """Everything the form needs in five queries, or None if the event takes no registrations."""
    settings = registration_settings(event)
    if settings is None:
        return None
    seminars = with_seats_left(Seminar.objects.all()).order_by("position", "pk")
    blocks = list(
        Block.objects.filter(event=event)
        .filter(seminars__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("seminars", queryset=seminars))
        .order_by("start", "pk")
    )
    return RegistrationForm(
        settings=settings,
        fields=asked_fields(settings),
        questions=list(settings.questions.prefetch_related("options")),
        consents=list(settings.consents.all()),
        fcfs_blocks=[b for b in blocks if b.choice_mode == Block.ChoiceMode.FIRST_COME],
        ranked_blocks=[b for b in blocks if b.choice_mode == Block.ChoiceMode.RANKED],
    )


def waiting_position(registration: Registration) -> int | None:
    """1-based place on the event's waiting list, or None if not on it."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITING
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def choice_waiting_position(choice: SeminarChoice) -> int | None:
    """1-based place on a seminar's waiting list, or None if not on it."""
    if choice.status != SeminarChoice.Status.WAITING:
        return None
    ahead = SeminarChoice.objects.filter(
        seminar_id=choice.seminar_id, status=SeminarChoice.Status.WAITING
    ).filter(Q(queued_at__lt=choice.queued_at) | Q(queued_at=choice.queued_at, pk__lt=choice.pk))
    return ahead.count() + 1


def registration_detail(registration: Registration | int) -> Registration:
    """A registration with everything "Min anmälan" shows, in a fixed number of queries."""
    pk = registration if isinstance(registration, int) else registration.pk
    return (
        Registration.objects.select_related(
            "event__venue", "event__registration_settings", "health"
        )
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=SeminarChoice.objects.select_related("block", "seminar").order_by(
                    "block__start", "block__pk"
                ),
            ),
            Prefetch(
                "preferences",
                queryset=SeminarPreference.objects.select_related("block", "seminar").order_by(
                    "block__start", "block__pk", "rank"
                ),
            ),
            "answers__question__options",
            "consents",
        )
        .get(pk=pk)
    )


def _answer_display(answer) -> object:
    question = answer.question
    if question.has_options:
        options = {option.pk: option.text for option in question.options.all()}
        if question.kind == Question.Kind.SINGLE:
            return options.get(answer.value, "")
        return [options.get(pk, "") for pk in answer.value]
    return answer.value


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def own_data(registration: Registration) -> dict:
    """Everything stored about one registrant (services.export_own_data logs the export)."""
    r = registration_detail(registration)
    health = getattr(r, "health", None)
    return {
        "event": {
            "title": r.event.title,
            "slug": r.event.slug,
            "start": _iso(r.event.start),
            "end": _iso(r.event.end),
        },
        "registration": {
            "status": r.status,
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation,
            "title": r.title,
            "sector": r.sector,
            "municipality": r.municipality,
            "county": r.county,
            "phone": r.phone,
            "organisation_number": r.organisation_number,
            "peppol_id": r.peppol_id,
            "invoice_reference": r.invoice_reference,
            "language": r.language,
            "registered_at": _iso(r.created_at),
            "confirmed_at": _iso(r.confirmed_at),
            "cancelled_at": _iso(r.cancelled_at),
        },
        "health": {
            "dietary_needs": health.dietary_needs if health else "",
            "allergies": health.allergies if health else "",
            "accessibility_needs": health.accessibility_needs if health else "",
        },
        "answers": [
            {"question": a.question.text, "answer": _answer_display(a)} for a in r.answers.all()
        ],
        "consents": [
            {
                "text": c.text,
                "version": c.version,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in r.consents.all()
        ],
        "seminar_choices": [
            {"block": c.block.title, "seminar": c.seminar.title, "status": c.status}
            for c in r.choices.all()
        ],
        "seminar_preferences": [
            {"block": p.block.title, "seminar": p.seminar.title, "rank": p.rank}
            for p in r.preferences.all()
        ],
        "history": [
            {"action": entry.action, "at": _iso(entry.created_at)}
            for entry in r.log_entries.order_by("created_at", "pk")
        ],
        "emails": [
            {"subject": m.subject, "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)}
            for m in r.messages.order_by("created_at", "pk")
        ],
    }


def allocation_instance(event: Event, seed: int | None = None) -> dict:
    """The seat-allocation solver's input for the event's ranked blocks.

    Registrants are the confirmed registrations with at least one preference; ids are the
    pks as strings. The seed defaults to the event's pk, so a re-run gives the same lottery.
    """
    blocks = list(
        Block.objects.filter(event=event, choice_mode=Block.ChoiceMode.RANKED)
        .prefetch_related(Prefetch("seminars", queryset=Seminar.objects.order_by("position", "pk")))
        .order_by("start", "pk")
    )
    preferences: dict[int, dict[str, list[str]]] = {}
    rows = (
        SeminarPreference.objects.filter(
            block__in=blocks, registration__status=Registration.Status.CONFIRMED
        )
        .order_by("registration_id", "block_id", "rank")
        .values_list("registration_id", "block_id", "seminar_id")
    )
    for registration_id, block_id, seminar_id in rows:
        ranking = preferences.setdefault(registration_id, {}).setdefault(str(block_id), [])
        ranking.append(str(seminar_id))
    return {
        "blocks": [
            {
                "id": str(block.pk),
                "seminars": [
                    {"id": str(s.pk), "capacity": s.capacity, "topic": s.topic or None}
                    for s in block.seminars.all()
                ],
            }
            for block in blocks
        ],
        "registrants": [
            {"id": str(pk), "preferences": prefs, "priority": 0}
            for pk, prefs in sorted(preferences.items())
        ],
        "seed": event.pk if seed is None else seed,
    }
