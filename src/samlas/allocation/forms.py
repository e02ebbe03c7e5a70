"""Forms of the allocation pages: input parsing and field messages only; services do the work."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samlas.backoffice.forms import datetime_widget
from samlas.programme.models import Block

MAX_CAPACITY = 100_000


class DeadlineForm(forms.Form):
    preference_deadline = forms.DateTimeField(
        label=_("Last day for ranking seminars"),
        required=False,
        widget=datetime_widget(),
        help_text=_(
            "Date and time, e.g. 2025-09-24 09:00. Leave empty to use the time registration "
            "closes. The allocation can be published once it has passed."
        ),
    )


class CapacityForm(forms.Form):
    """One number per seminar of the ranked blocks; fields are grouped by block for display."""

    def __init__(self, *args, blocks: list[Block], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[Block, list[str]]] = []
        for block in blocks:
            names = []
            for seminar in block.seminars.all():
                name = f"capacity_{seminar.pk}"
                self.fields[name] = forms.IntegerField(
                    label=seminar.title,
                    min_value=1,
                    max_value=MAX_CAPACITY,
                    initial=seminar.capacity,
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
                    error_messages={"required": _("Enter the number of seats.")},
                )
                self.fields[name].seminar_pk = seminar.pk
                names.append(name)
            self.groups.append((block, names))

    def grouped(self) -> list[tuple[Block, list[forms.BoundField]]]:
        return [(block, [self[name] for name in names]) for block, names in self.groups]

    def capacities(self) -> dict[int, int]:
        """{seminar pk: capacity}"""
        return {
            self.fields[name].seminar_pk: value
            for name, value in self.cleaned_data.items()
            if name.startswith("capacity_")
        }


class RunChoiceForm(forms.Form):
    """Which run a POST is about (publish)."""

    run = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
