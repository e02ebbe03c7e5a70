"""Every rule of organisations/permissions.py, as the table in docs/permissions.md states it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from samlas.core.models import AuditLogEntry
from samlas.organisations import services
from samlas.organisations.models import AccessLevel, Membership, Role
from samlas.organisations.permissions import (
    Action,
    OrganisationAction,
    can,
    can_for_organisation,
    event_rights,
)
from tests.backoffice.conftest import build_world

A = Action
# who → the actions they may do on the world's event (everything else is refused).
EXPECTED = {
    "host_admin": set(A) - {A.VIEW_HEALTH_DATA},
    "host_editor": set(A) - {A.VIEW_HEALTH_DATA, A.MANAGE_ACCESS},
    "host_viewer": {A.VIEW_EVENT, A.VIEW_REGISTRATIONS, A.EXPORT_REGISTRATIONS, A.CHECK_IN},
    "host_health": {
        A.VIEW_EVENT,
        A.VIEW_REGISTRATIONS,
        A.EXPORT_REGISTRATIONS,
        A.CHECK_IN,
        A.VIEW_HEALTH_DATA,
    },
    # Admin of a co-host with "view registrations" and the health flag: still no health data.
    "cohost_viewer": {A.VIEW_EVENT, A.VIEW_REGISTRATIONS, A.EXPORT_REGISTRATIONS, A.CHECK_IN},
    "cohost_editor": {
        A.VIEW_EVENT,
        A.VIEW_REGISTRATIONS,
        A.EXPORT_REGISTRATIONS,
        A.CHECK_IN,
        A.EDIT_PROGRAMME,
    },
    "blind_cohost": set(),
    "outsider": set(),
    "nobody": set(),
}


@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


@pytest.mark.django_db
def test_every_role_gets_exactly_its_actions(world):
    for who, allowed in EXPECTED.items():
        user = world.users[who]
        granted = {action for action in Action if can(user, action, world.event)}
        assert granted == allowed, who


@pytest.mark.django_db
def test_superuser_may_do_everything_and_anonymous_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    root = get_user_model().objects.create_superuser("root", "root@example.se", "x")
    assert all(can(root, action, world.event) for action in Action)
    assert not any(can(AnonymousUser(), action, world.event) for action in Action)


@pytest.mark.django_db
def test_inactive_user_has_no_rights(world):
    user = world.users["host_admin"]
    user.is_active = False
    assert not can(user, Action.VIEW_EVENT, world.event)


@pytest.mark.django_db
def test_a_co_host_viewer_may_not_edit_the_programme_even_with_edit_access(world):
    Membership.objects.filter(user=world.users["cohost_editor"]).update(role=Role.VIEWER)
    user = get_user_model().objects.get(pk=world.users["cohost_editor"].pk)
    assert can(user, Action.VIEW_REGISTRATIONS, world.event)
    assert not can(user, Action.EDIT_PROGRAMME, world.event)


@pytest.mark.django_db
def test_changing_a_grant_changes_rights_and_is_logged(world):
    actor = world.users["host_admin"]
    services.set_event_access(
        world.event, world.blind_cohost_org, AccessLevel.EDIT_PROGRAMME, actor=actor
    )
    user = get_user_model().objects.get(pk=world.users["blind_cohost"].pk)
    assert can(user, Action.EDIT_PROGRAMME, world.event)
    entry = AuditLogEntry.objects.filter(action="access_changed").latest("pk")
    assert entry.actor == actor and entry.event_id == world.event.pk
    assert entry.data == {
        "organisation": "Region Test",
        "before": "none",
        "after": "edit_programme",
    }


@pytest.mark.django_db
def test_access_can_only_be_granted_to_a_co_host(world):
    with pytest.raises(ValidationError):
        services.set_event_access(world.event, world.other_org, AccessLevel.VIEW_REGISTRATIONS)
    with pytest.raises(ValidationError):
        services.set_event_access(world.event, world.host_org, AccessLevel.VIEW_REGISTRATIONS)


@pytest.mark.django_db
def test_rights_are_read_once_per_request(world, django_assert_num_queries):
    user = world.users["host_editor"]
    with django_assert_num_queries(3):
        for action in Action:
            can(user, action, world.event)
    assert event_rights(user, world.event).host_role == Role.EDITOR


@pytest.mark.django_db
def test_organisation_actions(world):
    admin, editor, viewer = (world.users[k] for k in ("host_admin", "host_editor", "host_viewer"))
    host, other = world.host_org, world.other_org
    assert can_for_organisation(admin, OrganisationAction.MANAGE_MEMBERS, host)
    assert not can_for_organisation(editor, OrganisationAction.MANAGE_MEMBERS, host)
    assert can_for_organisation(editor, OrganisationAction.CREATE_EVENT, host)
    assert not can_for_organisation(viewer, OrganisationAction.CREATE_EVENT, host)
    assert can_for_organisation(viewer, OrganisationAction.VIEW, host)
    assert not can_for_organisation(admin, OrganisationAction.VIEW, other)


@pytest.mark.django_db
def test_member_changes_are_logged_and_keep_an_administrator(world):
    admin = world.users["host_admin"]
    newcomer = get_user_model().objects.create_user("ny", "ny@example.se", "x")
    membership = services.add_member(world.host_org, newcomer, role=Role.EDITOR, actor=admin)
    services.change_member(membership, role=Role.VIEWER, can_view_health_data=True, actor=admin)
    services.remove_member(membership, actor=admin)
    actions = list(
        AuditLogEntry.objects.filter(target_id=world.host_org.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["member_added", "member_changed", "member_removed"]
    only_admin = Membership.objects.get(user=admin)
    with pytest.raises(ValidationError):
        services.change_member(only_admin, role=Role.VIEWER, can_view_health_data=False)
    with pytest.raises(ValidationError):
        services.remove_member(only_admin)
    with pytest.raises(ValidationError):
        services.add_member(world.host_org, admin)
