"""Who may do what in the back office: the one place that decides (docs/permissions.md).

    from samlas.organisations.permissions import Action, can
    if not can(request.user, Action.VIEW_REGISTRATIONS, event): raise PermissionDenied

A user's rights on an event come from their memberships in the organisations arranging it:
the host organisation's members act by their role; a co-host's members get what the host
granted their organisation (`EventAccess`), and never health data. Superusers may do
everything (they can read the database through the Django admin anyway). Everything else is
refused: no membership, an inactive or anonymous user, an organisation that does not arrange
the event.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Model

from samlas.organisations.models import AccessLevel, EventAccess, Membership, Organisation, Role


class Action(StrEnum):
    VIEW_EVENT = "view_event"
    EDIT_EVENT = "edit_event"
    MANAGE_ACCESS = "manage_access"
    EDIT_PROGRAMME = "edit_programme"
    VIEW_REGISTRATIONS = "view_registrations"
    EDIT_REGISTRATIONS = "edit_registrations"
    VIEW_HEALTH_DATA = "view_health_data"
    EXPORT_REGISTRATIONS = "export_registrations"
    CHECK_IN = "check_in"
    EMAIL_PARTICIPANTS = "email_participants"


class OrganisationAction(StrEnum):
    MANAGE_MEMBERS = "manage_members"
    CREATE_EVENT = "create_event"
    VIEW = "view"


EDITING_ROLES = frozenset({Role.ADMIN, Role.EDITOR})
LEVEL_ORDER = [AccessLevel.NONE, AccessLevel.VIEW_REGISTRATIONS, AccessLevel.EDIT_PROGRAMME]


@dataclass(frozen=True)
class EventRights:
    """What one user holds on one event, read once and asked many times."""

    superuser: bool = False
    host_role: str | None = None  # the user's role in the host organisation
    host_health: bool = False
    cohost_role: str | None = None  # the best role among co-hosts granted the best level
    cohost_level: str = AccessLevel.NONE

    def _cohost_at_least(self, level: str) -> bool:
        return LEVEL_ORDER.index(self.cohost_level) >= LEVEL_ORDER.index(level)

    def allows(self, action: str) -> bool:
        if self.superuser:
            return True
        host, editing_host = self.host_role is not None, self.host_role in EDITING_ROLES
        sees_registrations = host or self._cohost_at_least(AccessLevel.VIEW_REGISTRATIONS)
        match action:
            case Action.VIEW_EVENT | Action.VIEW_REGISTRATIONS:
                return sees_registrations
            case Action.EXPORT_REGISTRATIONS | Action.CHECK_IN:
                return sees_registrations
            case Action.EDIT_EVENT | Action.EDIT_REGISTRATIONS | Action.EMAIL_PARTICIPANTS:
                return editing_host
            case Action.MANAGE_ACCESS:
                return self.host_role == Role.ADMIN
            case Action.EDIT_PROGRAMME:
                return editing_host or (
                    self.cohost_role in EDITING_ROLES
                    and self._cohost_at_least(AccessLevel.EDIT_PROGRAMME)
                )
            case Action.VIEW_HEALTH_DATA:
                return host and self.host_health
        raise ValueError(f"Unknown action {action!r}")


NO_RIGHTS = EventRights()
_CACHE = "_samlas_event_rights"


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def event_rights(user, event: Model) -> EventRights:
    """The user's rights on the event; cached on the user object for the request."""
    if not _active(user):
        return NO_RIGHTS
    cache = user.__dict__.setdefault(_CACHE, {})
    if event.pk in cache:
        return cache[event.pk]
    rights = EventRights(superuser=True) if user.is_superuser else _read_rights(user, event)
    cache[event.pk] = rights
    return rights


def _read_rights(user, event: Model) -> EventRights:
    # Imported here: events' models import this app's models, so not at module level.
    from samlas.events.models import EventOrganiser

    organisers = dict(
        EventOrganiser.objects.filter(event_id=event.pk).values_list("organisation_id", "role")
    )
    memberships = list(
        Membership.objects.filter(user=user, organisation_id__in=organisers).values_list(
            "organisation_id", "role", "can_view_health_data"
        )
    )
    if not memberships:
        return NO_RIGHTS
    levels = dict(
        EventAccess.objects.filter(
            event_id=event.pk, organisation_id__in=[m[0] for m in memberships]
        ).values_list("organisation_id", "level")
    )
    host_role, host_health = None, False
    cohost_role, cohost_level = None, AccessLevel.NONE
    for organisation_id, role, health in memberships:
        if organisers[organisation_id] == EventOrganiser.Role.HOST:
            host_role, host_health = role, health
            continue
        level = levels.get(organisation_id, AccessLevel.NONE)
        better_level = LEVEL_ORDER.index(level) > LEVEL_ORDER.index(cohost_level)
        if better_level or (level == cohost_level and role in EDITING_ROLES):
            cohost_role, cohost_level = role, level
    return EventRights(
        host_role=host_role,
        host_health=host_health,
        cohost_role=cohost_role,
        cohost_level=cohost_level,
    )


def can(user, action: str, event: Model) -> bool:
    """May `user` do `action` (an `Action`) on `event`?"""
    return event_rights(user, event).allows(action)


def role_in(user, organisation: Organisation) -> str | None:
    if not _active(user):
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def can_for_organisation(user, action: str, organisation: Organisation) -> bool:
    """May `user` do `action` (an `OrganisationAction`) for `organisation`?"""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    role = role_in(user, organisation)
    match action:
        case OrganisationAction.MANAGE_MEMBERS:
            return role == Role.ADMIN
        case OrganisationAction.CREATE_EVENT:
            return role in EDITING_ROLES
        case OrganisationAction.VIEW:
            return role is not None
    raise ValueError(f"Unknown action {action!r}")


def is_staff_member(user) -> bool:
    """Someone who may use the back office at all: a member of some organisation."""
    return _active(user) and (user.is_superuser or user.memberships.exists())
