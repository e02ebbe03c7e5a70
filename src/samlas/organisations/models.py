"""Organisations that arrange events, and the people to contact there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samlas.core.counties import County


class Organisation(models.Model):
    class Kind(models.TextChoices):
        STATE_AGENCY = "state_agency", _("state agency")
        COUNTY_BOARD = "county_board", _("county administrative board")
        POLICE = "police", _("police")
        MUNICIPALITY = "municipality", _("municipality")
        REGION = "region", _("region")
        ASSOCIATION = "association", _("association of local authorities")
        NONPROFIT = "nonprofit", _("non-profit organisation")
        BUSINESS = "business", _("business")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    county = models.CharField(_("county"), max_length=2, choices=County.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        help_text=_("Swedish organisation number, e.g. 202100-2114."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contact_persons",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"


class Role(models.TextChoices):
    """What a member may do for their organisation's events (docs/permissions.md)."""

    ADMIN = "admin", _("administrator")
    EDITOR = "editor", _("editor")
    VIEWER = "viewer", _("viewer")


class Membership(models.Model):
    """A staff user's role in one organisation; a user may belong to several."""

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    can_view_health_data = models.BooleanField(
        _("may see health data"),
        default=False,
        help_text=_("Diet, allergies and accessibility needs of participants."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_once_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["admin", "editor", "viewer"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


class AccessLevel(models.TextChoices):
    """What the host shares with a co-hosting organisation; each level includes the ones
    before it."""

    NONE = "none", _("no access")
    VIEW_REGISTRATIONS = "view_registrations", _("view registrations")
    EDIT_PROGRAMME = "edit_programme", _("view registrations and edit the programme")


class EventAccess(models.Model):
    """The host's grant to one co-hosting organisation of an event (none when absent)."""

    Level = AccessLevel

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="access_grants",
        verbose_name=_("event"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="event_access",
        verbose_name=_("organisation"),
    )
    level = models.CharField(
        _("access"), max_length=20, choices=AccessLevel.choices, default=AccessLevel.NONE
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "organisation__name"]
        verbose_name = _("co-host access")
        verbose_name_plural = _("co-host access")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="event_access_once_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["none", "view_registrations", "edit_programme"]),
                name="event_access_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_level_display()}"
