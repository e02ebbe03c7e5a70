"""The participant list's search, filters and sorting (a GET form at the boundary).

A value that cannot be used (an old bookmark, a hand-edited address) is dropped with a
message instead of breaking the page, and every filter is a plain indexed-column condition
so the list stays fast for thousands of registrations.
"""

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event
from samlas.programme.models import Seminar
from samlas.registration.models import Registration, Sector, SeminarChoice

SORTS = {
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "organisation": ("organisation", "name", "pk"),
    "-organisation": ("-organisation", "-name", "-pk"),
    "status": ("status", "name", "pk"),
    "-status": ("-status", "-name", "-pk"),
}
ANY = ("", _("All"))


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search name, e-mail or organisation"), required=False, max_length=200
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[ANY, *Registration.Status.choices]
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[ANY, *Sector.choices])
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    seminar = forms.TypedChoiceField(label=_("Seminar"), required=False, coerce=int)
    waiting = forms.BooleanField(label=_("Only waiting lists"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("created", _("Registered, oldest first")),
            ("-created", _("Registered, newest first")),
            ("name", _("Name, A–Ö")),
            ("-name", _("Name, Ö–A")),
            ("organisation", _("Organisation, A–Ö")),
            ("-organisation", _("Organisation, Ö–A")),
            ("status", _("Status")),
            ("-status", _("Status, reversed")),
        ],
    )

    def __init__(self, event: Event, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        municipalities = (
            Registration.objects.filter(event=event)
            .exclude(municipality="")
            .order_by("municipality")
            .values_list("municipality", flat=True)
            .distinct()
        )
        self.fields["municipality"].choices = [ANY, *((m, m) for m in municipalities)]
        self.seminars = list(
            Seminar.objects.filter(block__event=event)
            .select_related("block")
            .order_by("block__start", "position", "pk")
        )
        self.fields["seminar"].choices = [
            ANY,
            *((s.pk, f"{s.block.title}: {s.title}") for s in self.seminars),
        ]

    def filters(self) -> dict:
        """The valid values only (the form is bound to GET; invalid ones are dropped)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in ("", None)}

    def queryset(self) -> QuerySet[Registration]:
        values = self.filters()
        registrations = Registration.objects.filter(event=self.event)
        if q := values.get("q"):
            registrations = registrations.filter(
                Q(name__icontains=q) | Q(email__icontains=q) | Q(organisation__icontains=q)
            )
        for name in ("status", "sector", "municipality"):
            if name in values:
                registrations = registrations.filter(**{name: values[name]})
        if "organisation" in values:
            registrations = registrations.filter(organisation__icontains=values["organisation"])
        if "seminar" in values:
            registrations = registrations.filter(
                Exists(
                    SeminarChoice.objects.filter(
                        registration=OuterRef("pk"), seminar_id=values["seminar"]
                    )
                )
            )
        if values.get("waiting"):
            waiting_choice = SeminarChoice.objects.filter(
                registration=OuterRef("pk"), status=SeminarChoice.Status.WAITING
            )
            registrations = registrations.filter(
                Q(status=Registration.Status.WAITING) | Exists(waiting_choice)
            )
        ordering = SORTS.get(values.get("sort", "created"), SORTS["created"])
        return registrations.order_by(*ordering).prefetch_related(
            Prefetch(
                "choices",
                queryset=SeminarChoice.objects.select_related("seminar").order_by(
                    "block__start", "block_id"
                ),
            )
        )
