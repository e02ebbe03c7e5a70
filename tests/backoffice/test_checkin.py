"""The check-in page: search and check in, by code, undo, the live count, and who may."""

import pytest
from django.urls import reverse
from django.utils import timezone

from samlas.registration import checkin, services
from samlas.registration.models import Registration, RegistrationLogEntry, RegistrationSettings
from tests.factories import make_event


def url(world, name="backoffice:check_in", *args):
    return reverse(name, args=[world.event.pk, *args])


@pytest.mark.django_db
def test_search_check_in_and_the_count(client, world):
    viewer = world.users["host_viewer"]
    client.force_login(viewer)
    page = client.get(url(world))
    body = page.content.decode()
    assert "0 av 2 har kommit" in body
    assert "camera=(self)" in page["Permissions-Policy"]
    assert "Hemlig" not in body  # nobody is listed before a search

    body = client.get(url(world), {"q": "hemlig0"}).content.decode()
    assert "Deltagare Hemlig0" in body and "Deltagare Hemlig1" not in body
    assert "Grannsamverkan" in body and "Sal A" in body  # the chosen seminar and its room
    assert "Vegetarisk" not in body  # no health data at the door

    target = world.registrations[0]
    response = client.post(
        url(world, "backoffice:check_in_registration", target.pk), {"q": "hemlig0"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url(world)}?q=hemlig0&r={target.pk}"
    body = client.get(response["Location"]).content.decode()
    assert "Deltagare Hemlig0 är incheckad." in body
    assert "1 av 2 har kommit" in body
    assert "Ångra" in body
    target.refresh_from_db()
    assert target.checked_in_by == viewer
    count = client.get(url(world, "backoffice:check_in_count")).json()
    assert count == {"arrived": 1, "expected": 2, "text": "1 av 2 har kommit"}


@pytest.mark.django_db
def test_a_second_check_in_says_who_was_first(client, world):
    target = world.registrations[0]
    first = world.users["host_editor"]
    first.first_name, first.last_name = "Anna", "Andersson"
    first.save()
    moment = timezone.localtime().replace(hour=9, minute=12)
    checkin.check_in(target, actor=first, now=moment)
    client.force_login(world.users["cohost_viewer"])
    response = client.post(url(world, "backoffice:check_in_registration", target.pk), follow=True)
    assert "Deltagare Hemlig0 är redan incheckad (kl. 09.12 av Anna Andersson)." in (
        response.content.decode()
    )
    assert RegistrationLogEntry.objects.filter(action="checked_in").count() == 1


@pytest.mark.django_db
def test_check_in_by_code_and_undo(client, world):
    target = world.registrations[1]
    client.force_login(world.users["cohost_editor"])
    response = client.post(url(world), {"code": checkin.checkin_code(target).lower()})
    assert response.status_code == 302 and response["Location"].endswith(f"?r={target.pk}")
    body = client.get(response["Location"]).content.decode()
    assert "Trygga skolvägar" in body and "Incheckad kl." in body
    assert Registration.objects.get(pk=target.pk).checked_in_at is not None
    detail = client.get(reverse("backoffice:registration", args=[world.event.pk, target.pk]))
    detail = detail.content.decode()
    assert f"<code>{checkin.checkin_code(target)}</code>" in detail
    assert "Incheckad" in detail and "av cohost_editor" in detail  # the log and the row

    response = client.post(url(world, "backoffice:check_in_undo", target.pk), follow=True)
    assert "Incheckningen av Deltagare Hemlig1 har ångrats." in response.content.decode()
    assert Registration.objects.get(pk=target.pk).checked_in_at is None


@pytest.mark.django_db
def test_a_wrong_code_is_explained_and_changes_nothing(client, world):
    client.force_login(world.users["host_viewer"])
    code = checkin.checkin_code(world.registrations[0])
    for bad in ("1234-ABCDEFGH", code[:-1] + "2" if code[-1] != "2" else code[:-1] + "3"):
        body = client.post(url(world), {"code": bad}).content.decode()
        assert "Ingen anmälan till evenemanget har den koden." in body
        assert "govuk-error-summary" in body
    body = client.post(url(world), {"code": ""}).content.decode()
    assert "Skriv incheckningskoden." in body
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_registration_without_a_place_is_refused(client, world):
    target = world.registrations[0]
    Registration.objects.filter(pk=target.pk).update(status="cancelled")
    client.force_login(world.users["host_viewer"])
    response = client.post(url(world, "backoffice:check_in_registration", target.pk), follow=True)
    assert "Anmälan för Deltagare Hemlig0 är avbokad." in response.content.decode()
    assert Registration.objects.get(pk=target.pk).checked_in_at is None


ALLOWED = ["host_admin", "host_editor", "host_viewer", "host_health", "cohost_viewer"]
ALLOWED += ["cohost_editor"]


@pytest.mark.django_db
def test_who_may_check_in(client, world):
    """Action.CHECK_IN: the host's staff and co-hosts who may see registrations."""
    target = world.registrations[0]
    pages = [url(world), url(world, "backoffice:check_in_count")]
    posts = [
        url(world, "backoffice:check_in_registration", target.pk),
        url(world, "backoffice:check_in_undo", target.pk),
    ]
    for who, expected in [
        *((name, 200) for name in ALLOWED),
        ("blind_cohost", 404),
        ("outsider", 404),
        ("nobody", 403),
    ]:
        client.force_login(world.users[who])
        for page in pages:
            assert client.get(page).status_code == expected, (who, page)
        for post in posts:
            assert client.get(post).status_code == (405 if expected == 200 else expected), who
            assert client.post(post).status_code == (302 if expected == 200 else expected), who
    # Each allowed user checked in and undid once: the log says who did it.
    actors = set(
        RegistrationLogEntry.objects.filter(action="checked_in").values_list(
            "actor__username", flat=True
        )
    )
    assert actors == {world.users[name].username for name in ALLOWED}


@pytest.mark.django_db
def test_another_events_registration_is_not_found(client, world):
    other_event = make_event(host=world.host_org, title="Annat evenemang")
    RegistrationSettings.objects.create(event=other_event, purpose_text="För dagen.")
    other = services.register(
        other_event,
        {"name": "Annan Person", "email": "annan@example.se", "organisation": "X"},
        idempotency_key="other-event",
        actor=world.users["host_admin"],
    )
    client.force_login(world.users["host_admin"])
    response = client.post(url(world, "backoffice:check_in_registration", other.pk))
    assert response.status_code == 404
    response = client.post(url(world), {"code": checkin.checkin_code(other)})
    assert "Ingen anmälan till evenemanget har den koden." in response.content.decode()
    assert client.get(url(world), {"r": "²"}).status_code == 200  # a digit, but not ASCII
    page = client.get(url(world), {"r": other.pk, "q": "x" * 300})
    assert page.status_code == 200
    assert "Annan Person" not in page.content.decode()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


@pytest.mark.django_db
def test_statistics_show_attendance_with_tables(client, world):
    from tests.factories import at

    client.force_login(world.users["cohost_viewer"])
    body = client.get(reverse("backoffice:statistics", args=[world.event.pk])).content.decode()
    assert "Ingen har checkats in än." in body
    checkin.check_in(
        world.registrations[0], actor=world.users["host_admin"], now=at(2030, 5, 6, 8, 50)
    )
    body = client.get(reverse("backoffice:statistics", args=[world.event.pk])).content.decode()
    assert body.count('role="img"') == 6  # four registration charts, two of attendance
    assert "av 2 bekräftade deltagare kom" in body and "50 %" in body
    assert "08.45–09.00" in body  # the arrival's quarter of an hour
    assert "Grannsamverkan" in body and "1 / 1" in body and "0 / 1" in body
    assert "Kom / med plats" in body


def test_arrivals_are_counted_per_quarter_or_per_hour():
    from samlas.backoffice.reports import arrivals_over_time
    from tests.factories import at

    bars = arrivals_over_time([at(2030, 5, 6, 8, 50), at(2030, 5, 6, 8, 52), at(2030, 5, 6, 9, 20)])
    assert [(b.label, b.value) for b in bars] == [
        ("08.45–09.00", 2),
        ("09.00–09.15", 0),
        ("09.15–09.30", 1),
    ]
    two_days = arrivals_over_time([at(2030, 5, 6, 8, 50), at(2030, 5, 7, 9, 10)])
    assert two_days[0].label == "6/5 08.00–09.00" and two_days[0].value == 1
    assert two_days[-1].label == "7/5 09.00–10.00" and two_days[-1].value == 1
    assert sum(b.value for b in two_days) == 2 and len(two_days) == 26
    assert arrivals_over_time([]) == []
