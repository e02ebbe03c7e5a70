"""Read models of the archive's public pages; nothing unpublished leaves this module.

A recording is public when it is published and its event is public; a document when it is
published and its event, item's event or body is; a person when they take part in a public
event. Lists fetch their relations up front so a page costs a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from samlas.archive.files import caption_text
from samlas.archive.models import (
    PUBLIC_EVENT_STATUSES,
    BodyMember,
    Document,
    LearningExample,
    Recording,
    StandingBody,
)
from samlas.events.models import Event, PressInvitation, Theme
from samlas.events.queries import public_events, visible_press_invitation
from samlas.programme.models import Participation, Person

THEME_PAGE_LIMIT = 6


def public_recordings() -> QuerySet[Recording]:
    return (
        Recording.objects.filter(
            published_at__isnull=False, event__status__in=PUBLIC_EVENT_STATUSES
        )
        .select_related("event", "item")
        .prefetch_related("people")
        .order_by("-event__start", F("item__start").asc(nulls_last=True), "pk")
    )


def recording_page(pk: int) -> Recording:
    try:
        return public_recordings().prefetch_related("captions").get(pk=pk)
    except Recording.DoesNotExist:
        raise Http404 from None


def caption_transcript(recording: Recording) -> str:
    """The words of the captions in the spoken language, as a transcript stand-in."""
    captions = sorted(
        recording.captions.all(), key=lambda caption: caption.language != recording.language
    )
    for caption in captions:
        try:
            with caption.file.open("rb") as handle:
                return caption_text(handle.read().decode("utf-8-sig", "replace"))
        except (OSError, ValueError):
            continue
    return ""


def _public_owner() -> Q:
    return (
        Q(event__status__in=PUBLIC_EVENT_STATUSES)
        | Q(item__event__status__in=PUBLIC_EVENT_STATUSES)
        | Q(body__is_published=True)
    )


def public_documents() -> QuerySet[Document]:
    return (
        Document.objects.filter(_public_owner(), is_published=True)
        .select_related("event", "item__event", "body")
        .order_by("-created_at", "pk")
    )


@dataclass(frozen=True)
class EventMaterial:
    """What an event left behind, for its page and the archive."""

    recordings: list[Recording]
    documents: list[Document]

    def __bool__(self) -> bool:
        return bool(self.recordings or self.documents)


def event_material(event: Event) -> EventMaterial:
    """The event's published recordings and documents; one query when it has none."""
    has_recordings, has_documents = (
        Event.objects.filter(pk=event.pk)
        .annotate(
            has_recordings=Exists(public_recordings().filter(event=OuterRef("pk"))),
            has_documents=Exists(
                public_documents().filter(Q(event=OuterRef("pk")) | Q(item__event=OuterRef("pk")))
            ),
        )
        .values_list("has_recordings", "has_documents")
        .first()
    ) or (False, False)
    recordings, documents = [], []
    if has_recordings:
        recordings = list(
            public_recordings()
            .filter(event=event)
            .order_by(F("item__start").asc(nulls_last=True), "pk")
        )
    if has_documents:
        documents = list(
            public_documents()
            .filter(Q(event=event) | Q(item__event=event))
            .order_by(F("item__start").asc(nulls_first=True), "position", "pk")
        )
    return EventMaterial(recordings, documents)


def past_events(now: datetime | None = None) -> QuerySet[Event]:
    """Public events that have ended, latest first, with how much material each left."""
    now = now or timezone.now()
    return (
        public_events()
        .filter(end__lt=now)
        .annotate(
            recording_count=Count(
                "recordings", filter=Q(recordings__published_at__isnull=False), distinct=True
            ),
            document_count=Count(
                "documents", filter=Q(documents__is_published=True), distinct=True
            ),
        )
        .order_by("-start", "pk")
    )


def published_examples() -> QuerySet[LearningExample]:
    return (
        LearningExample.objects.filter(published_at__isnull=False)
        .prefetch_related("organisations", "themes")
        .order_by("-published_at", "title")
    )


def example_page(slug: str) -> LearningExample:
    try:
        return (
            published_examples()
            .select_related("contact__organisation", "body")
            .prefetch_related(Prefetch("events", queryset=public_events().order_by("-start")))
            .get(slug=slug)
        )
    except LearningExample.DoesNotExist:
        raise Http404 from None


def filter_examples(theme: Theme | None = None, county: str = "") -> QuerySet[LearningExample]:
    examples = published_examples()
    if theme is not None:
        examples = examples.filter(themes=theme)
    if county:
        examples = examples.filter(county=county)
    return examples


def published_bodies() -> QuerySet[StandingBody]:
    return StandingBody.objects.filter(is_published=True).select_related("organisation")


def body_page(slug: str) -> StandingBody:
    try:
        return (
            published_bodies()
            .prefetch_related(
                "themes",
                Prefetch("members", queryset=BodyMember.objects.order_by("position", "pk")),
            )
            .get(slug=slug)
        )
    except StandingBody.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class BodyMaterial:
    upcoming: list[Event]
    past: list[Event]
    documents: list[Document]
    examples: list[LearningExample]


def body_material(body: StandingBody, now: datetime | None = None) -> BodyMaterial:
    now = now or timezone.now()
    events = public_events().filter(standing_bodies=body)
    return BodyMaterial(
        upcoming=list(events.filter(end__gte=now).order_by("start", "pk")),
        past=list(events.filter(end__lt=now).order_by("-start", "pk")),
        documents=list(public_documents().filter(body=body).order_by("position", "pk")),
        examples=list(published_examples().filter(body=body)),
    )


@dataclass(frozen=True)
class ThemePage:
    theme: Theme
    upcoming: list[Event]
    past: list[Event]
    recordings: list[Recording]
    documents: list[Document]
    examples: list[LearningExample]
    bodies: list[StandingBody]


def theme_page(slug: str, now: datetime | None = None) -> ThemePage:
    """Everything on one theme: events, recordings, documents, examples, bodies."""
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        raise Http404
    now = now or timezone.now()
    events = public_events().filter(themes=theme)
    limit = THEME_PAGE_LIMIT
    return ThemePage(
        theme=theme,
        upcoming=list(events.filter(end__gte=now).order_by("start", "pk")[:limit]),
        past=list(events.filter(end__lt=now).order_by("-start", "pk")[:limit]),
        recordings=list(public_recordings().filter(event__themes=theme)[:limit]),
        documents=list(
            public_documents().filter(
                Q(event__themes=theme) | Q(item__event__themes=theme) | Q(body__themes=theme)
            )[:limit]
        ),
        examples=list(published_examples().filter(themes=theme)[:limit]),
        bodies=list(published_bodies().filter(themes=theme)),
    )


def themes_in_use() -> QuerySet[Theme]:
    return (
        Theme.objects.annotate(
            event_count=Count(
                "events", filter=Q(events__status__in=PUBLIC_EVENT_STATUSES), distinct=True
            ),
            example_count=Count(
                "learning_examples",
                filter=Q(learning_examples__published_at__isnull=False),
                distinct=True,
            ),
        )
        .filter(Q(event_count__gt=0) | Q(example_count__gt=0))
        .order_by("name")
    )


@dataclass(frozen=True)
class PersonPage:
    person: Person
    participations: list[Participation]
    recordings: list[Recording]


def _public_participation() -> Q:
    return (
        Q(event__status__in=PUBLIC_EVENT_STATUSES)
        | Q(item__event__status__in=PUBLIC_EVENT_STATUSES)
        | Q(block__event__status__in=PUBLIC_EVENT_STATUSES)
        | Q(seminar__block__event__status__in=PUBLIC_EVENT_STATUSES)
    )


def person_page(pk: int) -> PersonPage:
    """A speaker's public appearances; 404 for someone in no public event."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    participations = list(
        Participation.objects.filter(_public_participation(), person=person)
        .select_related("event", "item__event", "block__event", "seminar__block__event")
        .order_by("pk")
    )
    if not participations:
        raise Http404
    participations.sort(key=participation_start, reverse=True)
    recordings = list(public_recordings().filter(people=person))
    return PersonPage(person, participations, recordings)


def participation_event(participation: Participation) -> Event:
    if participation.item_id:
        return participation.item.event
    if participation.block_id:
        return participation.block.event
    if participation.seminar_id:
        return participation.seminar.block.event
    return participation.event


def participation_start(participation: Participation) -> datetime:
    for target in (participation.item, participation.block):
        if target is not None:
            return target.start
    if participation.seminar_id:
        return participation.seminar.block.start
    return participation.event.start


@dataclass(frozen=True)
class PressPage:
    event: Event
    invitation: PressInvitation
    is_open: bool


def press_page(slug: str, now: datetime | None = None) -> PressPage:
    """An event's press invitation; 404 while there is none or it is embargoed."""
    now = now or timezone.now()
    event = (
        public_events()
        .select_related("press_invitation__press_contact__organisation")
        .prefetch_related("audiences")
        .filter(slug=slug)
        .first()
    )
    invitation = visible_press_invitation(event, now) if event is not None else None
    if invitation is None:
        raise Http404
    return PressPage(event, invitation, is_open=event.end > now and not event.is_cancelled)
