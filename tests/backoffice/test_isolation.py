"""Tenant isolation: every back-office URL, walked as people who must not see the event.

Staff of an organisation that does not arrange the event, a co-host without access, and a
signed-in user without any membership get 403 or 404 and never a participant's name; an
anonymous visitor is sent to the sign-in page. The URL list is built from the URLconf, so a
new back-office view is walked automatically (and fails here until it is protected).
"""

from urllib.parse import urlsplit

import pytest
from django.urls import get_resolver, reverse

from samlas.backoffice.accounts import password_link
from samlas.core.models import AuditLogEntry
from samlas.registration.models import ConsentOption, Question, Registration

PUBLIC = {
    "backoffice:login",
    "backoffice:logout",
    "backoffice:login_code",
    # "Forgot your password?" and the e-mailed link (tested below for what they show).
    "backoffice:password_reset",
    "backoffice:password_reset_done",
    "backoffice:password_reset_confirm",
    "backoffice:password_reset_complete",
}
# Pages about the user's own organisations or shared places (no participant data); they
# are tested below for what they must not show.
NOT_EVENT_SCOPED = {
    "backoffice:dashboard",
    "backoffice:organisations",
    "backoffice:venues",
    "backoffice:venue_create",
    "backoffice:venue_edit",
    "backoffice:room_create",
    "backoffice:room_edit",
    "backoffice:event_create",
    "backoffice:members",
    "backoffice:member_edit",
    "backoffice:member_remove",
    "backoffice:member_invite",
    # The user's own two-step sign-in.
    "backoffice:two_factor",
    "backoffice:two_factor_enrol",
    "backoffice:password_change",
}
SECRETS = ["Hemlig0", "Hemlig1", "hemlig0@example.se", "Vegetarisk", "Nötallergi"]


def backoffice_names() -> list[str]:
    resolver = get_resolver()
    namespace = resolver.namespace_dict["backoffice"][1]
    return sorted(f"backoffice:{name}" for name in namespace.reverse_dict if isinstance(name, str))


def setup_rows(world) -> tuple[int, int]:
    """A question and a consent on the world's form (made once), for their own pages."""
    row = world.event.registration_settings
    question = row.questions.first() or Question.objects.create(settings=row, text="Lunch?")
    consent = row.consents.first() or ConsentOption.objects.create(settings=row, text="Foton")
    return question.pk, consent.pk


def event_urls(world) -> list[tuple[str, str]]:
    e, r = world.event.pk, world.registrations[0].pk
    q, c = setup_rows(world)
    organiser = world.event.organisers.get(organisation=world.cohost_org).pk
    kwargs = {
        "backoffice:registration": [e, r],
        "backoffice:registration_edit": [e, r],
        "backoffice:registration_choices": [e, r],
        "backoffice:registration_cancel": [e, r],
        "backoffice:check_in_registration": [e, r],
        "backoffice:check_in_undo": [e, r],
        "backoffice:message": [e, 1],
        "backoffice:message_progress": [e, 1],
        "backoffice:organiser_access": [e, organiser],
        "backoffice:organiser_contacts": [e, organiser],
        "backoffice:organiser_remove": [e, organiser],
        "backoffice:item_edit": [e, 1],
        "backoffice:block_edit": [e, world.block.pk],
        "backoffice:seminar_edit": [e, world.seminars[0].pk],
        "backoffice:seminar_create": [e, world.block.pk],
        "backoffice:question_edit": [e, q],
        "backoffice:question_delete": [e, q],
        "backoffice:question_move": [e, q],
        "backoffice:consent_edit": [e, c],
        "backoffice:consent_delete": [e, c],
        "backoffice:consent_move": [e, c],
    }
    urls = []
    for name in backoffice_names():
        if name in PUBLIC | NOT_EVENT_SCOPED:
            continue
        urls.append((name, reverse(name, args=kwargs.get(name, [e]))))
    return urls


@pytest.mark.django_db
def test_every_event_url_is_walked(world):
    names = {name for name, _url in event_urls(world)}
    assert {"backoffice:registrations", "backoffice:export", "backoffice:registration"} <= names
    assert {"backoffice:question_delete", "backoffice:consent_move"} <= names
    assert len(names) == len(backoffice_names()) - len(PUBLIC | NOT_EVENT_SCOPED)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "blind_cohost", "nobody"])
def test_no_event_page_answers_or_leaks(client, world, who):
    client.force_login(world.users[who])
    before = (Registration.objects.count(), AuditLogEntry.objects.count())
    for name, url in event_urls(world):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in {403, 404}, (who, name, method, response.status_code)
            body = response.content.decode()
            for secret in SECRETS:
                assert secret not in body, (who, name, secret)
    # Nothing was changed or exported by any of those requests.
    assert (Registration.objects.count(), AuditLogEntry.objects.count()) == before
    assert Question.objects.count() == ConsentOption.objects.count() == 1
    assert Registration.objects.filter(status="cancelled").count() == 0


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for name, url in event_urls(world):
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("backoffice:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "blind_cohost"])
def test_dashboard_and_organisation_pages_show_only_own(client, world, who):
    client.force_login(world.users[who])
    dashboard = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "Trygghetsdagen" not in dashboard
    members = client.get(reverse("backoffice:members", args=[world.host_org.pk]))
    assert members.status_code == 404
    for secret in SECRETS:
        assert secret not in dashboard


@pytest.mark.django_db
def test_a_user_without_membership_may_not_enter(client, world):
    client.force_login(world.users["nobody"])
    assert client.get(reverse("backoffice:dashboard")).status_code == 403
    assert client.get(reverse("backoffice:venues")).status_code == 403


@pytest.mark.django_db
def test_cohost_with_view_access_sees_participants_but_no_health_data(client, world):
    world = world
    client.force_login(world.users["cohost_viewer"])
    listing = client.get(reverse("backoffice:registrations", args=[world.event.pk]))
    assert "Hemlig0" in listing.content.decode()
    detail = client.get(
        reverse("backoffice:registration", args=[world.event.pk, world.registrations[0].pk])
    ).content.decode()
    assert "Hemlig0" in detail
    assert "Vegetarisk" not in detail and "Nötallergi" not in detail
    edit = client.get(reverse("backoffice:event_edit", args=[world.event.pk]))
    assert edit.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "blind_cohost", "cohost_viewer", "nobody"])
def test_no_one_outside_the_host_may_add_its_staff(client, world, who):
    client.force_login(world.users[who])
    url = reverse("backoffice:member_invite", args=[world.host_org.pk])
    data = {"name": "Inkräktare", "email": "inkraktare@example.se", "role": "admin"}
    for response in (client.get(url), client.post(url, data)):
        assert response.status_code in {403, 404}, (who, response.status_code)
        assert world.host_org.name not in response.content.decode()
    assert not world.host_org.memberships.filter(user__email="inkraktare@example.se").exists()


@pytest.mark.django_db
def test_password_pages_show_no_one_elses_data(client, world):
    """The public password pages, even with a real user's link, name nothing but that
    account; a signed-in user's password page shows only their own."""
    pages = [
        reverse("backoffice:password_reset"),
        reverse("backoffice:password_reset_done"),
        reverse("backoffice:password_reset_complete"),
        urlsplit(password_link(world.users["host_viewer"])).path,
    ]
    for url in pages:
        body = client.get(url, follow=True).content.decode()
        for secret in [*SECRETS, world.users["host_admin"].username, world.event.title]:
            assert secret not in body, (url, secret)
    client.force_login(world.users["outsider"])
    body = client.get(reverse("backoffice:password_change")).content.decode()
    for secret in [*SECRETS, world.users["host_admin"].username, world.event.title]:
        assert secret not in body
