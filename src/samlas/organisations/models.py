"""Organisations that arrange events, and the people to contact there."""

from django.db import models
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
