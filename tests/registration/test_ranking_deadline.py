"""Rankings close at the seat allocation's preference deadline, in the service and in "Min anmälan".

After the deadline the rankings are the allocation's input: a changed ranking is refused with
a clear message and nothing is written; a form sent again unchanged is accepted as it is.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from samlas.allocation import services as allocation_services
from samlas.programme.models import Block
from samlas.registration import services
from samlas.registration.exceptions import InvalidChoice
from samlas.registration.links import make_token
from samlas.registration.models import OutboxMessage, RegistrationLogEntry, SeminarPreference
from tests.registration.conftest import build_event, person
from tests.registration.flow_helpers import text

FCFS, RANKED = Block.ChoiceMode.FIRST_COME, Block.ChoiceMode.RANKED

pytestmark = pytest.mark.django_db


def manage(registration, name: str = "manage") -> str:
    return reverse(f"registration:{name}", kwargs={"token": make_token(registration)})


def close_rankings(event, ago: timedelta = timedelta(minutes=1)) -> None:
    allocation_services.save_settings(event, preference_deadline=timezone.now() - ago)


def stored(registration) -> list[tuple[int, int, int]]:
    return list(
        SeminarPreference.objects.filter(registration=registration)
        .order_by("block_id", "rank")
        .values_list("block_id", "seminar_id", "rank")
    )


@pytest.fixture
def ranked():
    """Registration is open; one first-come block and one ranked block, ranked (a, b)."""
    s = build_event(blocks=[(FCFS, [10, 10]), (RANKED, [5, 5, 5])])
    fcfs, block = s.blocks
    (x, _y), (a, b, _c) = s.seminars(0), s.seminars(1)
    registration = services.register(
        s.event, person(1), {fcfs.pk: x.pk}, {block.pk: [a.pk, b.pk]}, idempotency_key="1"
    )
    return s, registration


def test_a_ranking_can_change_until_the_deadline(ranked):
    s, registration = ranked
    block, c = s.blocks[1], s.seminars(1)[2]
    allocation_services.save_settings(
        s.event, preference_deadline=timezone.now() + timedelta(hours=1)
    )
    services.change_choices(registration, preferences={block.pk: [c.pk]})
    assert stored(registration) == [(block.pk, c.pk, 1)]


def test_after_the_deadline_a_changed_ranking_is_refused_and_nothing_is_written(ranked):
    s, registration = ranked
    block, (a, b, c) = s.blocks[1], s.seminars(1)
    close_rankings(s.event)  # registration itself is still open
    before = stored(registration)
    logged = RegistrationLogEntry.objects.count()
    queued = OutboxMessage.objects.count()
    for ranking in ([c.pk], [b.pk, a.pk], [a.pk, b.pk, c.pk]):
        with translation.override("sv"), pytest.raises(InvalidChoice) as refused:
            services.change_choices(registration, preferences={block.pk: ranking})
        assert str(refused.value) == (
            "Sista dagen för att rangordna seminarierna har passerat. "
            "Rangordningen kan inte längre ändras."
        )
    assert stored(registration) == before
    assert RegistrationLogEntry.objects.count() == logged
    assert OutboxMessage.objects.count() == queued


def test_after_the_deadline_an_unchanged_ranking_is_left_alone(ranked):
    """The back office's form sends every block again: the ranking must not block the rest."""
    s, registration = ranked
    fcfs, block = s.blocks
    (_x, y), (a, b, _c) = s.seminars(0), s.seminars(1)
    close_rankings(s.event)
    ids = list(SeminarPreference.objects.filter(registration=registration).values_list("pk"))
    services.change_choices(registration, {fcfs.pk: y.pk}, {block.pk: [a.pk, b.pk]})
    assert registration.choices.get().seminar_id == y.pk
    assert list(SeminarPreference.objects.filter(registration=registration).values_list("pk")) == (
        ids
    )  # not rewritten
    entry = RegistrationLogEntry.objects.filter(registration=registration).latest("pk")
    assert entry.data["preferences"] == {}


def test_without_a_deadline_of_its_own_rankings_close_with_registration(ranked):
    s, registration = ranked
    block, c = s.blocks[1], s.seminars(1)[2]
    s.event.registration_closes = timezone.now() - timedelta(minutes=1)
    s.event.save()
    staff = get_user_model().objects.create_user("handlaggare", password="x")
    with pytest.raises(InvalidChoice):  # also for staff, whom the closed window lets through
        services.change_choices(registration, preferences={block.pk: [c.pk]}, actor=staff)
    assert services.ranking_deadline(s.event) == s.event.registration_closes


def test_min_anmalan_shows_the_ranking_read_only_after_the_deadline(client, ranked):
    s, registration = ranked
    fcfs, block = s.blocks
    (_x, y), (a, b, c) = s.seminars(0), s.seminars(1)
    close_rankings(s.event)
    page = text(client.get(manage(registration)))
    assert "Sista dagen för att rangordna seminarierna var " in page
    assert "Din rangordning kan inte längre ändras." in page
    assert "Ändra dina seminarieval" in page  # the first-come block can still change

    response = client.get(manage(registration, "manage_choices"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="block_{block.pk}_1"' not in html  # no fields for the ranked block
    assert f'name="block_{fcfs.pk}"' in html
    page = text(response)
    assert "Din rangordning kan inte längre ändras." in page
    assert page.index(a.title) < page.index(b.title) and c.title not in page.split(block.title)[1]

    # A hand-made post with a ranking changes nothing of it; the first-come choice changes.
    response = client.post(
        manage(registration, "manage_choices"),
        {f"block_{fcfs.pk}": y.pk, f"block_{block.pk}_1": c.pk},
    )
    assert response.status_code == 302
    assert registration.choices.get().seminar_id == y.pk
    assert [seminar for _b, seminar, _r in stored(registration)] == [a.pk, b.pk]


def test_with_only_ranked_blocks_there_is_nothing_left_to_change(client):
    s = build_event(blocks=[(RANKED, [5, 5])])
    block, (a, _b) = s.blocks[0], s.seminars()
    registration = services.register(
        s.event, person(2), preferences={block.pk: [a.pk]}, idempotency_key="2"
    )
    assert "Ändra dina seminarieval" in text(client.get(manage(registration)))
    close_rankings(s.event)
    page = text(client.get(manage(registration)))
    assert "Ändra dina seminarieval" not in page
    assert "Din rangordning kan inte längre ändras." in page
    response = client.get(manage(registration, "manage_choices"))
    assert response.status_code == 403
    assert "Sista dagen för att rangordna seminarierna har passerat." in text(response)


def test_after_the_deadline_a_newcomer_ranks_nothing_and_registers_without(ranked):
    s, _first = ranked
    fcfs, block = s.blocks
    (x, _y), (a, _b, _c) = s.seminars(0), s.seminars(1)
    close_rankings(s.event)  # registration itself is still open
    before = SeminarPreference.objects.count()
    with translation.override("sv"), pytest.raises(InvalidChoice) as refused:
        services.register(
            s.event, person(2), {fcfs.pk: x.pk}, {block.pk: [a.pk]}, idempotency_key="2"
        )
    assert str(refused.value).startswith("Sista dagen för att rangordna seminarierna")
    assert not s.event.registrations.filter(email_normalised="deltagare2@example.se").exists()
    # Without a ranking it goes through, even when every block must be answered.
    s.settings.seminar_choice_required = True
    s.settings.save()
    late = services.register(s.event, person(2), {fcfs.pk: x.pk}, idempotency_key="3")
    assert late.status == late.Status.CONFIRMED
    assert SeminarPreference.objects.count() == before


def test_after_the_deadline_the_form_leaves_out_the_ranked_blocks_and_says_why(client, ranked):
    s, _first = ranked
    _fcfs, block = s.blocks
    close_rankings(s.event)
    state = client.get(reverse("registration:register", kwargs={"slug": s.event.slug}))
    page = text(state)
    assert "Sista dagen för att rangordna seminarierna har passerat" in page
    assert block.title in page
    assert "Steg 1 av 3" in page  # details, the first-come block, review
