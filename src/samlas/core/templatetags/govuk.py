"""Render Django form widgets in GOV.UK Frontend's classes, with their hint and error linked.

    {% load govuk %}
    {% include "samlas/_field.html" with field=form.email %}   label, hint, error, widget
    {{ form.email|govuk_widget }}                             the widget alone

The ids follow `samlas/_field.html`: "<id>-hint" and "<id>-error", so a screen reader reads
the hint and the error with the field.
"""

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.safestring import SafeString

register = template.Library()

WIDGET_CLASSES = [
    (forms.Select, "govuk-select"),
    (forms.Textarea, "govuk-textarea"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.FileInput, "govuk-file-upload"),
    (Input, "govuk-input"),
]


def widget_class(widget: forms.Widget) -> str:
    for widget_type, css_class in WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            return css_class
    return ""


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    base = widget_class(field.field.widget)
    classes = [field.field.widget.attrs.get("class", ""), base]
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        if base in {"govuk-select", "govuk-textarea", "govuk-input"}:
            classes.append(f"{base}--error")
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(c for c in classes if c)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
