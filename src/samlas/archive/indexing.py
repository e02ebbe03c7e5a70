"""Keeping `SearchEntry` in step with what it describes.

Saving an event, an item, a person or a recording `schedule`s a reindex; the work is done
once per object when the transaction commits (so the admin saving an event with forty
inline items reindexes each once, and nothing is done for a transaction that rolls back).
Jobs name either one entry ("recording", 12) or a subtree whose entries depend on the
object ("event_tree", 3: the event, its items, seminars, recordings, documents and people).
Each entry is rebuilt from the database's current state, so doing a job twice, late or for
a deleted object is harmless: a missing object's entry is deleted. `rebuild()` (the
`rebuild_search_index` command) recreates the whole index.

Entries are written in Swedish, the site's language, whatever the request's language.
"""

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import translation

from samlas.archive import search
from samlas.archive.files import caption_text
from samlas.archive.models import (
    PUBLIC_EVENT_STATUSES,
    Document,
    LearningExample,
    Recording,
    SearchEntry,
    SearchKind,
    SearchWord,
    StandingBody,
)
from samlas.events.models import Event, EventOrganiser
from samlas.programme.models import Participation, Person, ProgrammeItem, Seminar

logger = logging.getLogger(__name__)

Kind = SearchKind
EVENT_TREE = "event_tree"
PERSON_TREE = "person_tree"
ORGANISATION_TREE = "organisation_tree"
VENUE_TREE = "venue_tree"
BODY_TREE = "body_tree"
CHUNK = 500

MARKDOWN_LINK = re.compile(r"\]\([^)]*\)")
MARKDOWN_LINE = re.compile(r"(?m)^[ \t]{0,3}(?:#{1,6}|[-*+>]|\d+\.)[ \t]+")
MARKDOWN_EMPHASIS = re.compile(r"[*_`]{1,3}")
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class EntryData:
    title: str
    body: str
    meta: str = ""
    url: str = ""
    date: datetime | None = None
    is_public: bool = False
    theme_ids: tuple[int, ...] = ()


def _text(*parts: object) -> str:
    """Searchable text: the parts that have content, as plain words (Markdown's headings,
    list marks, emphasis and link addresses removed), so that snippets read as text."""
    text = "\n".join(str(part) for part in parts if part)
    text = URL.sub(" ", MARKDOWN_LINK.sub("]", text))
    text = MARKDOWN_LINE.sub("", text)
    return MARKDOWN_EMPHASIS.sub("", text).replace("[", "").replace("]", "")


def _theme_ids(themes: Iterable) -> tuple[int, ...]:
    return tuple(sorted(theme.pk for theme in themes))


def _is_public(event: Event) -> bool:
    return event.status != Event.Status.DRAFT


def _people(participations: Iterable[Participation]) -> str:
    return _text(*(participation.display for participation in participations))


# --- Objects to entries -------------------------------------------------------------------


def _event_data(event: Event) -> EntryData:
    organisers = [organiser.organisation.name for organiser in event.organisers.all()]
    venue = event.venue
    return EntryData(
        title=event.title,
        body=_text(
            event.summary,
            event.description,
            event.audience_text,
            venue and f"{venue.name}, {venue.city}",
            event.get_county_display() if event.county else "",
            *organisers,
        ),
        meta=", ".join(organisers[:3]),
        url=event.get_absolute_url(),
        date=event.start,
        is_public=_is_public(event),
        theme_ids=_theme_ids(event.themes.all()),
    )


def _item_data(item: ProgrammeItem) -> EntryData | None:
    if item.is_pause:
        return None
    event = item.event
    return EntryData(
        title=item.title,
        body=_text(item.description, _people(item.participations.all())),
        meta=event.title,
        url=f"{event.get_absolute_url()}#punkt-{item.pk}",
        date=item.start,
        is_public=_is_public(event),
        theme_ids=_theme_ids(event.themes.all()),
    )


def _seminar_data(seminar: Seminar) -> EntryData:
    event = seminar.block.event
    return EntryData(
        title=seminar.title,
        body=_text(seminar.description, _people(seminar.participations.all())),
        meta=event.title,
        url=f"{event.get_absolute_url()}#seminarium-{seminar.pk}",
        date=seminar.block.start,
        is_public=_is_public(event),
        theme_ids=_theme_ids(event.themes.all()),
    )


def _person_data(person: Person) -> EntryData:
    return EntryData(
        title=person.name,
        body=_text(person.title, person.organisation, person.bio),
        meta=", ".join(part for part in (person.title, person.organisation) if part),
        url=reverse("archive:person", kwargs={"pk": person.pk}),
        is_public=person.in_public_event,
    )


def _captions_text(recording: Recording) -> str:
    texts = []
    for caption in recording.captions.all():
        try:
            with caption.file.open("rb") as handle:
                texts.append(caption_text(handle.read().decode("utf-8-sig", "replace")))
        except (OSError, ValueError):
            logger.warning("Captions file of recording %s cannot be read", recording.pk)
        # One language's words are enough to find the recording.
        if texts:
            break
    return "\n".join(texts)


def _recording_data(recording: Recording) -> EntryData:
    event = recording.event
    return EntryData(
        title=recording.title,
        body=_text(
            recording.description,
            *(person.name for person in recording.people.all()),
            recording.transcript,
            "" if recording.transcript else _captions_text(recording),
        ),
        meta=event.title,
        url=recording.get_absolute_url(),
        date=recording.item.start if recording.item else event.start,
        is_public=recording.is_published and _is_public(event),
        theme_ids=_theme_ids(event.themes.all()),
    )


def _document_owner(document: Document) -> tuple[str, bool, tuple[int, ...]]:
    if document.body_id:
        body = document.body
        return body.name, body.is_published, _theme_ids(body.themes.all())
    event = document.item.event if document.item_id else document.event
    title = document.item.title if document.item_id else event.title
    return title, _is_public(event), _theme_ids(event.themes.all())


def _document_data(document: Document) -> EntryData:
    owner, public, theme_ids = _document_owner(document)
    return EntryData(
        title=document.title,
        body=_text(document.description, document.get_file_type_display()),
        meta=owner,
        url=document.file.url,
        date=document.created_at,
        is_public=document.is_published and public,
        theme_ids=theme_ids,
    )


def _example_data(example: LearningExample) -> EntryData:
    organisations = [organisation.name for organisation in example.organisations.all()]
    place = example.municipality or (example.get_county_display() if example.county else "")
    return EntryData(
        title=example.title,
        body=_text(
            example.summary,
            example.what_was_done,
            example.results,
            *organisations,
            example.municipality,
            example.get_county_display() if example.county else "",
        ),
        meta=", ".join([*organisations[:2], place] if place else organisations[:2]),
        url=example.get_absolute_url(),
        date=example.published_at,
        is_public=example.is_published,
        theme_ids=_theme_ids(example.themes.all()),
    )


def _body_data(body: StandingBody) -> EntryData:
    members = [
        ", ".join(part for part in (m.name, m.role, m.title, m.organisation) if part)
        for m in body.members.all()
    ]
    return EntryData(
        title=body.name,
        body=_text(body.summary, body.description, body.organisation.name, *members),
        meta=body.organisation.name,
        url=body.get_absolute_url(),
        is_public=body.is_published,
        theme_ids=_theme_ids(body.themes.all()),
    )


def _public_participation() -> Q:
    return (
        Q(event__status__in=PUBLIC_EVENT_STATUSES)
        | Q(item__event__status__in=PUBLIC_EVENT_STATUSES)
        | Q(block__event__status__in=PUBLIC_EVENT_STATUSES)
        | Q(seminar__block__event__status__in=PUBLIC_EVENT_STATUSES)
    )


def _querysets() -> dict[str, tuple[QuerySet, object]]:
    """Per kind: the objects with everything their entry needs, and the builder."""
    organisers = Prefetch(
        "organisers", queryset=EventOrganiser.objects.select_related("organisation")
    )
    participations = Prefetch(
        "participations", queryset=Participation.objects.select_related("person")
    )
    return {
        Kind.EVENT: (
            Event.objects.select_related("venue").prefetch_related(organisers, "themes"),
            _event_data,
        ),
        Kind.ITEM: (
            ProgrammeItem.objects.select_related("event").prefetch_related(
                "event__themes", participations
            ),
            _item_data,
        ),
        Kind.SEMINAR: (
            Seminar.objects.select_related("block__event").prefetch_related(
                "block__event__themes", participations
            ),
            _seminar_data,
        ),
        Kind.PERSON: (
            Person.objects.annotate(
                in_public_event=Exists(
                    Participation.objects.filter(_public_participation(), person=OuterRef("pk"))
                )
            ),
            _person_data,
        ),
        Kind.RECORDING: (
            Recording.objects.select_related("event", "item").prefetch_related(
                "event__themes", "people", "captions"
            ),
            _recording_data,
        ),
        Kind.DOCUMENT: (
            Document.objects.select_related("event", "item__event", "body").prefetch_related(
                "event__themes", "item__event__themes", "body__themes"
            ),
            _document_data,
        ),
        Kind.EXAMPLE: (
            LearningExample.objects.prefetch_related("organisations", "themes"),
            _example_data,
        ),
        Kind.BODY: (
            StandingBody.objects.select_related("organisation").prefetch_related(
                "themes", "members"
            ),
            _body_data,
        ),
    }


# --- Writing entries ----------------------------------------------------------------------


def _columns(data: EntryData) -> dict:
    return {
        "title": data.title[:1000],
        "body": data.body,
        "meta": data.meta[:300],
        "url": data.url[:500],
        "date": data.date,
        "is_public": data.is_public,
        **_stems(data),
    }


def _stems(data: EntryData) -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {"title_stems": "", "body_stems": ""}
    return {"title_stems": search.stems(data.title), "body_stems": search.stems(data.body)}


def _add_words(datas: Iterable[EntryData]) -> None:
    """Put the entries' new words in the vocabulary that compounds are found in."""
    vocabulary: dict[str, str] = {}
    for data in datas:
        vocabulary.update(search.vocabulary(f"{data.title}\n{data.body}"))
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, stem=stem) for word, stem in vocabulary.items()],
        ignore_conflicts=True,
        batch_size=1000,
    )


def _unchanged(entry: SearchEntry, data: EntryData) -> bool:
    return (
        entry.title == data.title[:1000]
        and entry.body == data.body
        and entry.meta == data.meta[:300]
        and entry.url == data.url[:500]
        and entry.date == data.date
        and entry.is_public == data.is_public
        and _theme_ids(entry.themes.all()) == data.theme_ids
    )


def _write(kind: str, ids: set[int]) -> None:
    queryset, build = _querysets()[kind]
    objects = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    existing = {
        entry.object_id: entry
        for entry in SearchEntry.objects.filter(kind=kind, object_id__in=ids).prefetch_related(
            "themes"
        )
    }
    gone, written = [], []
    for pk in sorted(ids):
        data = build(objects[pk]) if pk in objects else None
        entry = existing.get(pk)
        if data is None:
            if entry is not None:
                gone.append(entry.pk)
            continue
        if entry is not None and _unchanged(entry, data):
            continue
        entry, _created = SearchEntry.objects.update_or_create(
            kind=kind, object_id=pk, defaults=_columns(data)
        )
        entry.themes.set(data.theme_ids)
        written.append(data)
    _add_words(written)
    if gone:
        SearchEntry.objects.filter(pk__in=gone).delete()


def _expand(jobs: set[tuple[str, int]]) -> dict[str, set[int]]:
    """Entry jobs by kind, with subtrees replaced by the entries they contain."""
    by_kind: dict[str, set[int]] = {kind: set() for kind in Kind.values}
    trees: dict[str, set[int]] = {}
    for kind, pk in jobs:
        if kind in by_kind:
            by_kind[kind].add(pk)
        else:
            trees.setdefault(kind, set()).add(pk)
    events = trees.get(EVENT_TREE, set())
    if ids := trees.get(ORGANISATION_TREE):
        events |= set(
            EventOrganiser.objects.filter(organisation_id__in=ids).values_list(
                "event_id", flat=True
            )
        )
        by_kind[Kind.EXAMPLE] |= set(
            LearningExample.organisations.through.objects.filter(
                organisation_id__in=ids
            ).values_list("learningexample_id", flat=True)
        )
        by_kind[Kind.BODY] |= set(
            StandingBody.objects.filter(organisation_id__in=ids).values_list("pk", flat=True)
        )
    if ids := trees.get(VENUE_TREE):
        events |= set(Event.objects.filter(venue_id__in=ids).values_list("pk", flat=True))
    if events:
        by_kind[Kind.EVENT] |= events
        by_kind[Kind.ITEM] |= set(
            ProgrammeItem.objects.filter(event_id__in=events).values_list("pk", flat=True)
        )
        by_kind[Kind.SEMINAR] |= set(
            Seminar.objects.filter(block__event_id__in=events).values_list("pk", flat=True)
        )
        by_kind[Kind.RECORDING] |= set(
            Recording.objects.filter(event_id__in=events).values_list("pk", flat=True)
        )
        by_kind[Kind.DOCUMENT] |= set(
            Document.objects.filter(
                Q(event_id__in=events) | Q(item__event_id__in=events)
            ).values_list("pk", flat=True)
        )
        by_kind[Kind.PERSON] |= set(
            Participation.objects.filter(
                Q(event_id__in=events)
                | Q(item__event_id__in=events)
                | Q(block__event_id__in=events)
                | Q(seminar__block__event_id__in=events)
            ).values_list("person_id", flat=True)
        )
    if ids := trees.get(PERSON_TREE):
        by_kind[Kind.PERSON] |= ids
        people = Participation.objects.filter(person_id__in=ids)
        by_kind[Kind.ITEM] |= set(people.exclude(item=None).values_list("item_id", flat=True))
        by_kind[Kind.SEMINAR] |= set(
            people.exclude(seminar=None).values_list("seminar_id", flat=True)
        )
        by_kind[Kind.RECORDING] |= set(
            Recording.people.through.objects.filter(person_id__in=ids).values_list(
                "recording_id", flat=True
            )
        )
    if ids := trees.get(BODY_TREE):
        by_kind[Kind.BODY] |= ids
        by_kind[Kind.DOCUMENT] |= set(
            Document.objects.filter(body_id__in=ids).values_list("pk", flat=True)
        )
    return {kind: ids for kind, ids in by_kind.items() if ids}


def run(jobs: Iterable[tuple[str, int]]) -> None:
    """Do reindex jobs now, in one transaction."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for kind, ids in _expand(set(jobs)).items():
            for chunk in _chunks(sorted(ids)):
                _write(kind, set(chunk))


# --- Deferred jobs ------------------------------------------------------------------------

_pending = threading.local()


def _jobs() -> set[tuple[str, int]]:
    jobs = getattr(_pending, "jobs", None)
    if jobs is None:
        jobs = _pending.jobs = set()
    return jobs


def schedule(kind: str, *ids: int | None) -> None:
    """Reindex after the current transaction commits (at once outside a transaction).

    Jobs of a transaction that rolls back stay in the set and are done with the next
    commit's: harmless, since a job only re-reads the current state.
    """
    _jobs().update((kind, pk) for pk in ids if pk is not None)
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    jobs = _jobs()
    if not jobs:
        return
    pending = set(jobs)
    jobs.clear()
    run(pending)


# --- Rebuilding everything ----------------------------------------------------------------


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_write(rows: list[tuple[str, int, EntryData]]) -> list[SearchEntry]:
    """Create entries (kind, object id, data) at once, with their themes and words."""
    _add_words(data for _kind, _pk, data in rows)
    entries = SearchEntry.objects.bulk_create(
        [SearchEntry(kind=kind, object_id=pk, **_columns(data)) for kind, pk, data in rows]
    )
    through = SearchEntry.themes.through
    through.objects.bulk_create(
        [
            through(searchentry_id=entry.pk, theme_id=theme_id)
            for entry, (_kind, _pk, data) in zip(entries, rows, strict=True)
            for theme_id in data.theme_ids
        ]
    )
    return entries


def rebuild() -> int:
    """Recreate every entry from the database; the number of entries written."""
    written = 0
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        for kind, (queryset, build) in _querysets().items():
            ids = sorted(queryset.values_list("pk", flat=True))
            for chunk in _chunks(ids):
                rows = [
                    (kind, obj.pk, data)
                    for obj in queryset.filter(pk__in=chunk)
                    if (data := build(obj)) is not None
                ]
                written += len(bulk_write(rows))
        if connection.vendor == "sqlite":
            # Re-read the FTS5 tables from their content table, in case they ever drifted.
            with connection.cursor() as cursor:
                for table in (search.STEMS_TABLE, search.WORDS_TABLE):
                    cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    return written
