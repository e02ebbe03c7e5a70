"""The organiser's allocation pages: who may see and do what, forms, and the public paragraph."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from samlas.allocation import OBJECTIVE_SV, services
from samlas.allocation.models import AllocationRun
from samlas.core.models import AuditLogEntry
from samlas.programme.models import Block, Seminar
from samlas.registration import services as registration_services
from samlas.registration.models import SeminarChoice
from tests.allocation.product_world import IMMEDIATE
from tests.backoffice.conftest import build_world
from tests.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    """The back office's world (host, co-hosts, outsiders) plus a ranked block of three
    seminars for six seats, ranked by eight registrants; the ranking deadline has passed."""
    world = build_world()
    event = world.event
    block = Block.objects.create(
        event=event,
        start=event.start + timedelta(hours=6),
        end=event.start + timedelta(hours=6, minutes=30),
        title="Fördjupning",
        choice_mode=Block.ChoiceMode.RANKED,
    )
    world.ranked = block
    world.ranked_seminars = [
        Seminar.objects.create(block=block, title=title, capacity=capacity, position=i)
        for i, (title, capacity) in enumerate(
            [("Våld i nära relationer", 3), ("Unga och kriminalitet", 2), ("Otrygga platser", 1)]
        )
    ]
    a, b, c = (s.pk for s in world.ranked_seminars)
    for n in range(8):
        registration_services.register(
            event,
            {"name": f"Rangordnare {n}", "email": f"rang{n}@example.se", "organisation": "Kommun"},
            {world.block.pk: world.seminars[1].pk},
            {block.pk: [a, b, c] if n % 2 else [b, a]},
            idempotency_key=f"rank-{event.pk}-{n}",
        )
    services.save_settings(event, preference_deadline=timezone.now() - timedelta(minutes=5))
    return world


def url(world, name: str = "allocation", query: str = "") -> str:
    return reverse(f"backoffice:{name}", args=[world.event.pk]) + (f"?{query}" if query else "")


@pytest.fixture
def as_user(client, world):
    def sign_in(who: str):
        client.force_login(world.users[who])
        return client

    return sign_in


@pytest.fixture
def run(world, django_capture_on_commit_callbacks) -> AllocationRun:
    with django_capture_on_commit_callbacks(execute=True):
        started = services.start_run(world.event)
    started.refresh_from_db()
    return started


def test_an_editor_runs_a_preview_and_sees_chart_fill_seed_and_hash(
    as_user, world, django_capture_on_commit_callbacks
):
    client = as_user("host_editor")
    page = client.get(url(world)).content.decode()
    assert "Kör fördelningen" in page and "Fördjupning" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "allocation_start"))
    run = AllocationRun.objects.get(event=world.event)
    assert response.status_code == 302
    assert response["Location"] == url(world, query=f"korning={run.pk}")
    html = client.get(response["Location"]).content.decode()
    assert run.status == "done"
    assert html.count('<svg viewBox="0 0') == 2  # rank distribution and fill, each with a table
    assert "Val nr 1" in html and "Ingen plats" in html
    assert "Visa som tabell" in html
    assert str(run.seed) in html and run.input_hash in html
    assert "Otrygga platser" in html and "Kör igen med nytt frö" in html
    assert reverse("backoffice:allocation_publish", args=[world.event.pk]) in html


def test_a_viewer_sees_the_result_but_may_not_run_or_publish(as_user, world, run):
    client = as_user("host_viewer")
    html = client.get(url(world)).content.decode()
    assert run.input_hash in html
    assert "Kör igen med nytt frö" not in html and "Ändra antal platser" not in html
    assert reverse("backoffice:allocation_publish", args=[world.event.pk]) not in html
    assert client.post(url(world, "allocation_start")).status_code == 403
    assert client.post(url(world, "allocation_publish"), {"run": run.pk}).status_code == 403
    assert client.get(url(world, "allocation_capacities")).status_code == 403
    assert client.get(url(world, "allocation_deadline")).status_code == 403
    run.refresh_from_db()
    assert run.status == "done"
    assert AllocationRun.objects.filter(event=world.event).count() == 1


def test_a_cohost_with_programme_rights_may_look_but_not_allocate(as_user, world, run):
    client = as_user("cohost_editor")
    assert run.input_hash in client.get(url(world)).content.decode()
    assert client.post(url(world, "allocation_start")).status_code == 403
    assert client.post(url(world, "allocation_capacities"), {}).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "blind_cohost"])
def test_other_organisations_get_404_everywhere(as_user, world, run, who):
    client = as_user(who)
    for name in (
        "allocation",
        "allocation_start",
        "allocation_progress",
        "allocation_capacities",
        "allocation_deadline",
        "allocation_publish",
        "allocation_download",
    ):
        target = url(world, name, f"korning={run.pk}&fil=indata")
        assert client.get(target).status_code == 404, name
        assert client.post(target, {"run": run.pk}).status_code == 404, name
    run.refresh_from_db()
    assert run.status == "done"
    assert not SeminarChoice.objects.filter(block=world.ranked).exists()


def test_bad_run_parameters_are_not_found(as_user, world, run):
    client = as_user("host_viewer")
    for value in ("abc", "-1", "99999999999999999999999", "1e3", str(run.pk + 1000)):
        assert client.get(url(world, query=f"korning={value}")).status_code == 404
        assert client.get(url(world, "allocation_progress", f"korning={value}")).status_code == 404
    assert client.get(url(world, "allocation_progress")).status_code == 404
    assert (
        client.get(url(world, "allocation_download", f"korning={run.pk}&fil=x")).status_code == 404
    )


def test_progress_answers_for_the_script(as_user, world, run):
    data = as_user("host_viewer").get(url(world, "allocation_progress", f"korning={run.pk}")).json()
    assert data == {"status": "done", "active": False, "progress": 100, "phase": "Klar"}


def test_a_running_preview_shows_progress_and_refreshes_without_script(as_user, world):
    run = services.start_run(world.event)  # queued: no worker in this test
    html = as_user("host_editor").get(url(world)).content.decode()
    assert (
        f'data-allocation-progress="{url(world, "allocation_progress", f"korning={run.pk}")}"'
        in html
    )
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "allocation/progress.js" in html
    assert '<progress id="allocation-progress" max="100" value="0">' in html


def test_publishing_asks_first_then_publishes(as_user, world, run):
    client = as_user("host_editor")
    confirm = client.get(url(world, "allocation_publish", f"korning={run.pk}")).content.decode()
    assert "Publicera fördelningen?" in confirm and "kan inte ångras" in confirm
    assert not SeminarChoice.objects.filter(block=world.ranked).exists()
    response = client.post(url(world, "allocation_publish"), {"run": run.pk}, follow=True)
    html = response.content.decode()
    assert "Fördelningen är publicerad: 6 platser" in html
    run.refresh_from_db()
    assert run.status == "published" and run.published_by == world.users["host_editor"]
    assert SeminarChoice.objects.filter(block=world.ranked, status="confirmed").count() == 6
    # A second attempt is refused with a message, not an error page.
    again = client.post(url(world, "allocation_publish"), {"run": run.pk}, follow=True)
    assert "redan fördelats och publicerats" in again.content.decode()


def test_a_stale_preview_cannot_be_published_from_the_page(as_user, world, run):
    ranked = world.event.registrations.filter(preferences__isnull=False).distinct()
    registration_services.cancel(ranked.first())  # after the deadline: no new rankings
    client = as_user("host_editor")
    html = client.get(url(world)).content.decode()
    assert "har ändrats sedan den här körningen" in html
    assert reverse("backoffice:allocation_publish", args=[world.event.pk]) not in html
    response = client.post(url(world, "allocation_publish"), {"run": run.pk}, follow=True)
    assert (
        "Anmälningarna har ändrats sedan förhandsvisningen. Kör fördelningen igen."
        in response.content.decode()
    )


def test_the_programme_editor_keeps_an_allocated_block_from_being_ranked_again(as_user, world, run):
    services.publish_allocation(run, None)
    client = as_user("host_editor")
    block = world.ranked
    fields = {
        "save": "1",
        "title": block.title,
        "start": timezone.localtime(block.start).strftime("%Y-%m-%dT%H:%M"),
        "end": timezone.localtime(block.end).strftime("%Y-%m-%dT%H:%M"),
        "choice_mode": "ranked",
    }
    edit = reverse("backoffice:block_edit", args=[world.event.pk, block.pk])
    response = client.post(edit, fields)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_choice_mode-error"' in html and 'href="#id_choice_mode"' in html
    assert "Platserna i blocket har fördelats och publicerats" in html
    block.refresh_from_db()
    assert block.choice_mode == "fcfs"
    # First come, first served it may stay, with another title.
    response = client.post(edit, fields | {"choice_mode": "fcfs", "title": "Fördjupning B"})
    assert response.status_code == 302
    block.refresh_from_db()
    assert (block.title, block.choice_mode) == ("Fördjupning B", "fcfs")


def test_capacities_form_validates_and_saves(as_user, world):
    client = as_user("host_editor")
    a, b, c = world.ranked_seminars
    form = client.get(url(world, "allocation_capacities")).content.decode()
    assert f'name="capacity_{a.pk}"' in form and "<legend" in form
    bad = client.post(
        url(world, "allocation_capacities"),
        {f"capacity_{a.pk}": "0", f"capacity_{b.pk}": "tre", f"capacity_{c.pk}": ""},
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and "govuk-error-summary" in html
    assert "Ange antalet platser." in html
    a.refresh_from_db()
    assert a.capacity == 3
    response = client.post(
        url(world, "allocation_capacities"),
        {f"capacity_{a.pk}": "5", f"capacity_{b.pk}": "2", f"capacity_{c.pk}": "1"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.capacity == 5
    assert AuditLogEntry.objects.filter(
        event_id=world.event.pk, action="changed", target_id=a.pk
    ).exists()


def test_save_and_run_again_starts_a_run(as_user, world, django_capture_on_commit_callbacks):
    client = as_user("host_editor")
    values = {f"capacity_{s.pk}": str(s.capacity + 1) for s in world.ranked_seminars}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "allocation_capacities"), {**values, "and_run": "1"})
    run = AllocationRun.objects.get(event=world.event)
    assert response["Location"].endswith(f"?korning={run.pk}")
    assert run.stats["placed"] == 8 and run.stats["unplaced"] == 0


def test_the_deadline_form(as_user, world):
    client = as_user("host_editor")
    bad = client.post(url(world, "allocation_deadline"), {"preference_deadline": "i morgon"})
    assert "govuk-error-summary" in bad.content.decode()
    client.post(url(world, "allocation_deadline"), {"preference_deadline": "2099-01-02T10:00"})
    page = client.get(url(world)).content.decode()
    assert "2 januari 2099" in page and "Har inte passerat" in page


def test_downloads_are_the_solvers_files_and_are_logged(as_user, world, run):
    client = as_user("host_viewer")
    response = client.get(url(world, "allocation_download", f"korning={run.pk}&fil=indata"))
    assert response["Content-Disposition"].endswith(f'-{run.pk}-indata.json"')
    assert json.loads(response.content) == run.instance
    result = client.get(url(world, "allocation_download", f"korning={run.pk}&fil=resultat"))
    assert json.loads(result.content) == run.result
    assert AuditLogEntry.objects.filter(event_id=world.event.pk, action="exported").count() == 2


def test_the_event_overview_links_to_the_allocation(as_user, world, run):
    html = as_user("host_viewer").get(reverse("backoffice:event", args=[world.event.pk]))
    text = html.content.decode()
    assert "En förhandsvisning av fördelningen är klar" in text
    assert url(world) in text


def test_the_event_page_explains_the_allocation_in_swedish(client, world, run):
    page = client.get(world.event.get_absolute_url()).content.decode()
    assert "Så fördelas platserna på seminarierna" in page
    assert OBJECTIVE_SV in page
    services.publish_allocation(run, world.users["host_editor"])
    page = client.get(world.event.get_absolute_url()).content.decode()
    assert "Så fördelades platserna på seminarierna" in page
    assert f"Lottningens frö var {run.seed}." in page


def test_events_without_ranked_blocks_say_nothing_about_allocation(client):
    event = make_event()
    Block.objects.create(
        event=event,
        start=event.start,
        end=event.start + timedelta(hours=1),
        title="Först till kvarn",
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Först till kvarn" in page
    assert "fördelas platserna" not in page


def test_the_django_admin_shows_runs_read_only(client, world, run):
    admin = get_user_model().objects.create_superuser("root", "root@example.se", "x")
    client.force_login(admin)
    listing = client.get(reverse("admin:allocation_allocationrun_changelist")).content.decode()
    assert f"Platsfördelning {run.pk} (frö {run.seed})" in listing
    detail = client.get(reverse("admin:allocation_allocationrun_change", args=[run.pk]))
    assert run.input_hash in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
