"""Changes to who belongs to an organisation and what co-hosts may see: one function each.

Every function runs in one transaction and writes one audit-log entry
(`core.audit.record`). Callers check permissions first (`permissions.py`); these functions
keep the rules that hold whoever calls them: an organisation keeps at least one
administrator, and access can only be granted to an organisation that co-hosts the event.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from samlas.core import audit
from samlas.organisations.models import AccessLevel, EventAccess, Membership, Organisation, Role


def find_user(identifier: str):
    """The active account with this user name or e-mail address, or None."""
    identifier = identifier.strip()
    if not identifier:
        return None
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(username__iexact=identifier).first()
        or users.filter(email__iexact=identifier).order_by("pk").first()
    )


@transaction.atomic
def add_member(
    organisation: Organisation,
    user,
    *,
    role: str = Role.VIEWER,
    can_view_health_data: bool = False,
    actor=None,
) -> Membership:
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            {"user": _("%(user)s is already a member.") % {"user": user.get_username()}}
        )
    membership = Membership(
        organisation=organisation,
        user=user,
        role=role,
        can_view_health_data=can_view_health_data,
    )
    membership.full_clean(exclude=["user", "organisation"])
    membership.save()
    audit.record(
        actor,
        audit.Action.MEMBER_ADDED,
        organisation,
        data={"user": user.get_username(), "role": role, "health": can_view_health_data},
    )
    return membership


def _other_admins(membership: Membership) -> bool:
    return (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


def _last_admin_error() -> ValidationError:
    return ValidationError({"role": _("The organisation must keep at least one administrator.")})


@transaction.atomic
def change_member(
    membership: Membership, *, role: str, can_view_health_data: bool, actor=None
) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.ADMIN and role != Role.ADMIN and not _other_admins(membership):
        raise _last_admin_error()
    before = {"role": membership.role, "health": membership.can_view_health_data}
    membership.role, membership.can_view_health_data = role, can_view_health_data
    membership.full_clean(exclude=["user", "organisation"])
    membership.save(update_fields=["role", "can_view_health_data"])
    audit.record(
        actor,
        audit.Action.MEMBER_CHANGED,
        membership.organisation,
        data={
            "user": membership.user.get_username(),
            "before": before,
            "after": {"role": role, "health": can_view_health_data},
        },
    )
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, actor=None) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.ADMIN and not _other_admins(membership):
        raise _last_admin_error()
    username, organisation = membership.user.get_username(), membership.organisation
    membership.delete()
    audit.record(actor, audit.Action.MEMBER_REMOVED, organisation, data={"user": username})


@transaction.atomic
def set_event_access(event: Model, organisation: Organisation, level: str, *, actor=None):
    """Grant a co-hosting organisation `level` on the event (`AccessLevel`)."""
    # Imported here: events' models import this app's models.
    from samlas.events.models import EventOrganiser

    is_cohost = EventOrganiser.objects.filter(
        event_id=event.pk, organisation=organisation, role=EventOrganiser.Role.COHOST
    ).exists()
    if not is_cohost:
        raise ValidationError(_("Access can only be given to a co-host of the event."))
    if level not in AccessLevel.values:
        raise ValidationError({"level": _("Choose a valid level of access.")})
    grant, _created = EventAccess.objects.select_for_update().get_or_create(
        event_id=event.pk, organisation=organisation
    )
    before = grant.level if not _created else AccessLevel.NONE
    grant.level = level
    grant.save(update_fields=["level", "updated_at"])
    audit.record(
        actor,
        audit.Action.ACCESS_CHANGED,
        event,
        event_id=event.pk,
        data={"organisation": organisation.name, "before": before, "after": level},
    )
    return grant
