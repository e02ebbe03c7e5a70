"""Read models for the back office: a user's organisations, members, and events."""

from django.db.models import Q, QuerySet

from samlas.organisations.models import AccessLevel, EventAccess, Membership, Organisation


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__username")


def organisations_of(user) -> QuerySet[Organisation]:
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def event_ids_visible_to(user) -> Q:
    """A filter on `Event` for the events the user may open in the back office: hosted by
    one of their organisations, or co-hosted with at least some access granted."""
    if user.is_superuser:
        return Q()
    # Imported here: events' models import this app's models.
    from samlas.events.models import EventOrganiser

    organisations = Membership.objects.filter(user=user).values("organisation_id")
    hosted = EventOrganiser.objects.filter(
        role=EventOrganiser.Role.HOST, organisation_id__in=organisations
    ).values("event_id")
    granted = (
        EventAccess.objects.filter(organisation_id__in=organisations)
        .exclude(level=AccessLevel.NONE)
        .values("event_id")
    )
    return Q(pk__in=hosted) | Q(pk__in=granted)


def events_for(user) -> QuerySet:
    from samlas.events.models import Event

    return (
        Event.objects.filter(event_ids_visible_to(user))
        .select_related("venue")
        .prefetch_related("organisers__organisation")
        .order_by("-start")
    )


def access_grants(event) -> dict[int, str]:
    """Co-host organisation id → access level for one event."""
    return dict(
        EventAccess.objects.filter(event_id=event.pk).values_list("organisation_id", "level")
    )
