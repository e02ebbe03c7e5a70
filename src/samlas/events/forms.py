"""The event list's filter form (a GET form).

A filter value that cannot be used (a mistyped date, a theme that no longer exists, an old
bookmarked link) must never break the page: the form reports it in words, and `filters()`
returns only the values that are valid, so the list is shown without the bad one.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from samlas.core.counties import County
from samlas.events.models import Event, Theme
from samlas.events.queries import PAST, UPCOMING, EventFilters

ISO_DATE = ["%Y-%m-%d"]
# Dates far outside any event's lifetime would overflow time zone arithmetic.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("Show"),
        choices=[(UPCOMING, _("Upcoming events")), (PAST, _("Past events"))],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
        error_messages={
            "invalid_choice": _("Choose upcoming or past events. Upcoming events are shown.")
        },
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        error_messages={
            "invalid_choice": _("There is no such theme. Events on all themes are shown.")
        },
    )
    county = forms.ChoiceField(
        label=_("County"),
        choices=[("", _("All counties")), *County.choices],
        required=False,
        error_messages={
            "invalid_choice": _("There is no such county. Events in all counties are shown.")
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[("", _("All kinds")), *Event.Kind.choices],
        required=False,
        error_messages={
            "invalid_choice": _("There is no such kind of event. Events of all kinds are shown.")
        },
    )
    date_from = forms.DateField(
        label=_("From date"),
        help_text=_("For example 2025-09-24"),
        required=False,
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _(
                "Enter the date as year-month-day, for example 2025-09-24. The date was not used."
            )
        },
    )
    date_to = forms.DateField(
        label=_("To date"),
        help_text=_("For example 2025-10-31"),
        required=False,
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _(
                "Enter the date as year-month-day, for example 2025-10-31. The date was not used."
            )
        },
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None and not data.get("when"):
            data = data.copy()
            data["when"] = UPCOMING
        super().__init__(data, *args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                self.add_error(
                    name,
                    _(
                        "Enter a date between the years %(first)s and %(last)s. "
                        "The date was not used."
                    )
                    % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
                )
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                _("The to date is before the from date. The to date was not used."),
            )
        return cleaned

    def filters(self) -> EventFilters:
        """The valid filters only; call after `is_valid()`."""
        values = getattr(self, "cleaned_data", {})
        theme = values.get("theme")
        return EventFilters(
            when=values.get("when") or UPCOMING,
            theme=theme.slug if theme else "",
            county=values.get("county") or "",
            kind=values.get("kind") or "",
            date_from=values.get("date_from"),
            date_to=values.get("date_to"),
        )

    @property
    def is_filtered(self) -> bool:
        """Whether anything beyond upcoming/past narrows the list."""
        return any(
            getattr(self.filters(), name)
            for name in ("theme", "county", "kind", "date_from", "date_to")
        )
