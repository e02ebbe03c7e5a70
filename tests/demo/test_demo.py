"""`python -m samlas demo`: idempotent, fictional, and showing every shape the design names."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from samlas.demo import data
from samlas.demo.builder import (
    SUMMARY_MODELS,
    AdminAccount,
    ensure_demo_admin,
    event_first_day,
    is_day_off,
)
from samlas.demo.registrations import OPEN_EVENTS
from samlas.events.models import Event, EventLink, EventOrganiser
from samlas.events.queries import RegistrationStatus, registration_status
from samlas.organisations.models import ContactPerson, Organisation
from samlas.programme import validation
from samlas.programme.models import Block, Participation, ProgrammeItem, Seminar
from samlas.registration.models import Registration

pytestmark = pytest.mark.django_db

FICTION_DOMAINS = ("@example.org", "@example.se")
# The numbers PTS keeps for fiction: 070-174 06 05 to 070-174 06 99.
FICTION_PHONE = re.compile(r"^070-174 06 (0[5-9]|[1-9][0-9])$")


@dataclass(frozen=True)
class Runs:
    before: dict[str, int]
    first: dict[str, int]
    second: dict[str, int]
    first_fingerprint: frozenset
    second_fingerprint: frozenset
    first_output: str
    second_output: str
    registrations_left: int


def _counts() -> dict[str, int]:
    models = (*SUMMARY_MODELS, get_user_model())
    return {model._meta.label: model.objects.count() for model in models}


def _fingerprint() -> frozenset:
    """What the demo shows, without primary keys: equal sets mean equal data."""
    events = {(e.slug, e.title, e.start, e.end, e.status) for e in Event.objects.all()}
    items = {
        (i.event.slug, i.title, i.start, i.end, i.room_id and i.room.name)
        for i in ProgrammeItem.objects.select_related("event", "room")
    }
    seminars = {
        (s.block.event.slug, s.block.start, s.title, s.room.name, s.capacity)
        for s in Seminar.objects.select_related("block__event", "room")
    }
    parts = {
        (p.person.name, p.role, p.item_id and p.item.title, p.seminar_id and p.seminar.title)
        for p in Participation.objects.select_related("person", "item", "seminar")
    }
    contacts = {(c.organisation.name, c.name, c.email) for c in ContactPerson.objects.all()}
    return frozenset({*events, *items, *seminars, *parts, *contacts})


def _run_command() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def _register_someone() -> None:
    """What trying the demo leaves behind; a registration protects its event from deletion."""
    Registration.objects.create(
        event=Event.objects.get(slug="tryggare-tillsammans-alvstad"),
        status=Registration.Status.CONFIRMED,
        name="Testa Testsson",
        email="testa.testsson@example.org",
        email_normalised="testa.testsson@example.org",
        link_secret="0" * 32,
    )


@pytest.fixture(scope="module")
def runs(django_db_setup, django_db_blocker) -> Runs:
    """The command run on an empty database, then again after someone registered.

    Built once per module (building is slow: every row passes the programme's checks) and
    rolled back after it. A fast password hasher keeps the demo account cheap to check.
    """
    fast_hasher = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with fast_hasher, django_db_blocker.unblock(), transaction.atomic():
        before = _counts()
        first_output = _run_command()
        first, first_fingerprint = _counts(), _fingerprint()
        _register_someone()
        second_output = _run_command()
        yield Runs(
            before,
            first,
            _counts(),
            first_fingerprint,
            _fingerprint(),
            first_output,
            second_output,
            Registration.objects.filter(email="testa.testsson@example.org").count(),
        )
        transaction.set_rollback(True)


def _event(slug: str) -> Event:
    return Event.objects.select_related("venue").get(slug=slug)


def _local(moment: datetime) -> time:
    return timezone.localtime(moment).time()


# --- the command ---------------------------------------------------------------------------


def test_runs_on_an_empty_database_and_a_second_run_changes_nothing(runs):
    assert not any(runs.before.values()), runs.before
    assert runs.first["events.Event"] == len(data.EVENTS)
    assert runs.first["programme.Seminar"] > 0
    assert runs.second == runs.first  # although someone registered in between
    assert runs.second_fingerprint == runs.first_fingerprint


def test_prints_counts_event_addresses_and_the_demo_login_once_created(runs):
    assert "events.Event" in runs.first_output
    assert "/evenemang/trygghetskonferensen/" in runs.first_output
    assert "not on the public site" in runs.first_output  # the draft has no public address
    assert 'Created a DEMO superuser account (username "admin", password "samlas-demo")' in (
        runs.first_output
    )
    assert "Created" not in runs.second_output
    assert 'DEMO superuser account: username "admin"' in runs.second_output
    admin = get_user_model().objects.get(is_superuser=True)
    assert admin.username == "admin"
    assert admin.check_password("samlas-demo")


def test_leaves_accounts_alone_where_a_superuser_exists(runs):
    get_user_model().objects.filter(username="admin").delete()
    get_user_model().objects.create_superuser("organiser", "it@example.org", "a-secret-1")
    assert ensure_demo_admin() is AdminAccount.NOT_CREATED
    assert not get_user_model().objects.filter(username="admin").exists()


def test_replaces_demo_events_that_someone_registered_for(runs):
    assert runs.registrations_left == 0


def test_registrations_come_through_the_services_and_respect_capacity(runs):
    expected = sum(count for _capacity, count in OPEN_EVENTS.values())
    assert Registration.objects.count() == expected
    for slug, (capacity, count) in OPEN_EVENTS.items():
        confirmed = Registration.objects.filter(
            event__slug=slug, status=Registration.Status.CONFIRMED
        ).count()
        assert confirmed == min(capacity, count), slug
    for seminar in Seminar.objects.filter(block__choice_mode="fcfs"):
        seated = seminar.choices.filter(status="confirmed").count()
        assert seated <= seminar.capacity, seminar


# --- the required shapes -------------------------------------------------------------------


def test_two_day_conference_with_four_cohosts_a_moderator_and_a_minister(runs):
    event = _event("trygghetskonferensen")
    first_day, last_day = timezone.localdate(event.start), timezone.localdate(event.end)
    assert last_day - first_day == timedelta(days=1)
    assert event.kind == Event.Kind.CONFERENCE
    assert event.expected_size == 130
    organisers = list(event.organisers.prefetch_related("contact_persons"))
    assert [o.role for o in organisers].count(EventOrganiser.Role.HOST) == 1
    cohosts = [o for o in organisers if o.role == EventOrganiser.Role.COHOST]
    assert len(cohosts) == 4
    for organiser in organisers:
        contacts = list(organiser.contact_persons.all())
        assert contacts, organiser
        for contact in contacts:
            assert contact.organisation_id == organiser.organisation_id
            assert all((contact.name, contact.title, contact.email, contact.phone)), contact
    moderators = event.participations.filter(role=Participation.Role.MODERATOR)
    assert moderators.count() == 1
    opening = ProgrammeItem.objects.filter(event=event, kind=ProgrammeItem.Kind.OPENING)
    assert Participation.objects.filter(
        item__in=opening, person__title__contains="minister"
    ).exists()
    assert event.audiences.count() >= 5
    assert event.audience_text
    links = {(link.kind, link.url.startswith("https://example.org/")) for link in event.links.all()}
    assert (EventLink.Kind.RECORDING, True) in links
    assert (EventLink.Kind.EARLIER_EDITION, True) in links
    kinds = set(ProgrammeItem.objects.filter(event=event).values_list("kind", flat=True))
    assert {"keynote", "talk", "panel", "break", "lunch", "qa", "mingle", "closing"} <= kinds
    mingle = ProgrammeItem.objects.get(event=event, kind=ProgrammeItem.Kind.MINGLE)
    assert timezone.localdate(mingle.start) == first_day
    assert _local(mingle.start) >= time(17, 0)
    blocks = list(event.blocks.all())
    assert Block.ChoiceMode.RANKED in {block.choice_mode for block in blocks}
    assert all(4 <= block.seminars.count() <= 6 for block in blocks)
    now = timezone.now()
    assert event.registration_opens < now < event.registration_closes < event.start


def test_municipal_conference_moves_to_the_town_hall_after_lunch(runs):
    event = _event("tryggare-tillsammans-alvstad")
    items = list(ProgrammeItem.objects.filter(event=event).select_related("room__venue", "venue"))
    for item in items:
        item.event = event
    lunch = next(item for item in items if item.kind == ProgrammeItem.Kind.LUNCH)
    morning = [item for item in items if item.start < lunch.end]
    afternoon = [item for item in items if item.start >= lunch.end]
    assert morning
    assert afternoon
    assert {item.effective_venue for item in morning} == {event.venue}
    town_hall = {item.effective_venue for item in afternoon}
    assert len(town_hall) == 1
    assert town_hall != {event.venue}
    assert all(item.venue in town_hall for item in afternoon)
    for talk in (item for item in items if item.kind == ProgrammeItem.Kind.TALK):
        speakers = list(talk.participations.select_related("person"))
        assert speakers, talk
        assert all(p.display_title and p.display_organisation for p in speakers), talk
    assert {"talk", "panel", "break", "lunch", "qa"} <= {item.kind for item in items}


def test_municipal_conference_has_three_blocks_of_four_mini_seminars(runs):
    event = _event("tryggare-tillsammans-alvstad")
    blocks = list(event.blocks.order_by("start"))
    times = [(_local(block.start), _local(block.end)) for block in blocks]
    assert times == [
        (time(14, 0), time(14, 30)),
        (time(14, 45), time(15, 15)),
        (time(15, 30), time(16, 0)),
    ]
    lunch = ProgrammeItem.objects.get(event=event, kind=ProgrammeItem.Kind.LUNCH)
    for block in blocks:
        assert block.choice_mode == Block.ChoiceMode.FIRST_COME
        seminars = list(block.seminars.select_related("room__venue"))
        assert len(seminars) == 4
        assert len({seminar.room_id for seminar in seminars}) == 4
        for seminar in seminars:
            assert seminar.room.venue == block.venue != event.venue
            assert 25 <= seminar.capacity <= 60
            assert seminar.capacity <= seminar.room.capacity
            assert 1 <= seminar.participations.count() <= 2
        assert block.start >= lunch.end


def test_half_day_seminar_has_a_press_invitation(runs):
    event = _event("seminarium-unga-och-kriminalitet")
    assert event.kind == Event.Kind.SEMINAR
    assert event.end - event.start <= timedelta(hours=5)
    invitation = event.press_invitation
    for heading in ("**Tid:**", "**Plats:**", "**Syfte:**", "**Målgrupp:**"):
        assert heading in invitation.text
    assert event.venue.name in invitation.text
    assert invitation.press_contact.email.endswith(FICTION_DOMAINS)
    assert invitation.published_at <= timezone.now()
    host = event.organisers.get(role=EventOrganiser.Role.HOST).organisation
    assert host.kind == Organisation.Kind.POLICE
    assert event.organisers.filter(organisation__kind=Organisation.Kind.MUNICIPALITY).exists()
    assert ProgrammeItem.objects.filter(event=event).count() >= 4


def test_hearing_whose_registration_opens_later(runs):
    event = _event("regional-hearing-ostergotland")
    assert event.kind == Event.Kind.HEARING
    assert event.expected_size == 40
    assert timezone.now() < event.registration_opens < event.registration_closes < event.start
    assert registration_status(event).state == RegistrationStatus.NOT_YET_OPEN
    group_work = ProgrammeItem.objects.filter(event=event, title__startswith="Grupparbete")
    assert group_work.count() >= 3


def test_past_event_with_recorded_lectures(runs):
    event = _event("vald-i-nara-relationer-fran-kunskap-till-handling")
    assert event.end < timezone.now() - timedelta(days=30)
    assert event.status == Event.Status.ARCHIVED
    recordings = event.links.filter(kind=EventLink.Kind.RECORDING)
    assert recordings.count() >= 2
    assert all(link.url.startswith("https://example.org/play/") for link in recordings)
    assert event.links.filter(kind=EventLink.Kind.EARLIER_EDITION).exists()


def test_one_cancelled_and_one_draft_event(runs):
    cancelled = Event.objects.get(status=Event.Status.CANCELLED)
    assert cancelled.cancellation_reason
    assert cancelled.start > timezone.now()
    draft = Event.objects.get(status=Event.Status.DRAFT)
    assert not Event.objects.public().filter(pk=draft.pk).exists()
    others = Event.objects.exclude(pk__in=[cancelled.pk, draft.pk])
    assert set(others.values_list("status", flat=True)) == {"published", "archived"}


# --- fiction, and a sound programme --------------------------------------------------------


def _luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number.replace("-", "")]
    total = 0
    for index, digit in enumerate(digits):
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return total % 10 == 0


def test_contact_details_are_fictional(runs):
    emails = [*ContactPerson.objects.values_list("email", flat=True)]
    emails += get_user_model().objects.values_list("email", flat=True)
    assert emails
    assert [email for email in emails if not email.endswith(FICTION_DOMAINS)] == []
    phones = ContactPerson.objects.values_list("phone", flat=True)
    assert [phone for phone in phones if not FICTION_PHONE.match(phone)] == []
    numbers = Organisation.objects.exclude(organisation_number="")
    assert numbers.exists()
    for org in numbers:
        assert re.fullmatch(r"\d{6}-\d{4}", org.organisation_number), org
        assert _luhn_ok(org.organisation_number), org
    for org in Organisation.objects.all():
        assert org.kind and (org.county or org.kind in {"state_agency", "association"}), org


def test_every_item_and_block_lies_within_its_event(runs):
    for model in (ProgrammeItem, Block):
        for row in model.objects.select_related("event"):
            assert row.event.start <= row.start < row.end <= row.event.end, row


def _bookings() -> list[tuple[int, datetime, datetime, str]]:
    items = [
        (item.room_id, item.start, item.end, item.title)
        for item in ProgrammeItem.objects.exclude(room=None)
    ]
    seminars = [
        (seminar.room_id, seminar.block.start, seminar.block.end, seminar.title)
        for seminar in Seminar.objects.exclude(room=None).select_related("block")
    ]
    return items + seminars


def test_no_room_is_double_booked(runs):
    by_room = defaultdict(list)
    for room, start, end, title in _bookings():
        by_room[room].append((start, end, title))
    clashes = [
        (first[2], second[2])
        for bookings in by_room.values()
        for index, first in enumerate(sorted(bookings))
        for second in sorted(bookings)[index + 1 :]
        if second[0] < first[1]
    ]
    assert clashes == []


def test_nobody_is_in_two_places_at_once(runs):
    by_person = defaultdict(set)
    for p in Participation.objects.select_related("item", "seminar__block"):
        if p.item_id:
            by_person[p.person_id].add((p.item.start, p.item.end, p.item.title))
        elif p.seminar_id:
            block = p.seminar.block
            by_person[p.person_id].add((block.start, block.end, p.seminar.title))
    clashes = [
        (first[2], second[2])
        for slots in by_person.values()
        for index, first in enumerate(sorted(slots))
        for second in sorted(slots)[index + 1 :]
        if second[0] < first[1]
    ]
    assert clashes == []


def test_the_programme_passes_the_programme_rules(runs):
    """The rules the admin and the back office apply, run over every demo row."""
    for item in ProgrammeItem.objects.select_related("event", "room", "venue"):
        validation.validate_item(item)
    for block in Block.objects.select_related("event", "venue"):
        validation.validate_block(block)
    for seminar in Seminar.objects.select_related("block__venue", "room"):
        validation.validate_seminar(seminar)
        assert validation.capacity_warning(seminar) is None, seminar
    for participation in Participation.objects.select_related("event"):
        validation.validate_participation(participation)
    for event in Event.objects.all():
        event.full_clean()


# --- dates relative to today ---------------------------------------------------------------


def test_dates_fall_on_working_days_and_keep_their_side_of_today():
    """For every day of two years: upcoming events stay upcoming, past ones stay past."""
    today = date(2026, 1, 1)
    while today < date(2028, 1, 1):
        for spec in data.EVENTS:
            first = event_first_day(today, spec.schedule)
            days = [first + timedelta(days=n) for n in range(spec.schedule.days)]
            assert not any(is_day_off(day) for day in days), (today, spec.slug, first)
            assert first.weekday() == spec.schedule.weekday
            if spec.schedule.in_days > 0:
                assert first > today + timedelta(days=spec.schedule.in_days - 1)
            else:
                assert days[-1] < today - timedelta(days=30), (today, spec.slug, first)
        today += timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "off"),
    [
        (date(2027, 3, 26), True),  # Good Friday
        (date(2027, 3, 29), True),  # Easter Monday
        (date(2027, 5, 6), True),  # Ascension Day
        (date(2027, 5, 1), True),
        (date(2027, 6, 24), True),  # Midsummer week
        (date(2027, 7, 14), True),  # summer holidays
        (date(2027, 12, 28), True),
        (date(2027, 8, 10), False),
        (date(2027, 5, 5), False),
    ],
)
def test_days_off(day, off):
    assert is_day_off(day) is off
