"""Template filters for Swedish dates and organisers' Markdown.

    {% load samlas %}
    {{ event|event_span }}                  tisdag 24 september 2024, kl. 09.00–16.00
    {{ item.start|time_range:item.end }}    kl. 09.30–10.30
    {{ event|date_span }}                   24–25 september 2024
    {{ event.description|markdown }}        sanitised HTML, "# Heading" becomes <h3>
    {{ text|markdown:2 }}                   … or <h2> where the text stands under the h1
    {{ event.start|moment }}                tisdag 24 september 2024, kl. 09.00
    {{ event.start|iso }}                   2024-09-24T09:00:00+02:00, for <time datetime>
    {{ person.phone|tel_href }}             tel:+46101234567

The date filters take either something with `start` and `end` (an event, an item, a
block) or a start datetime with the end as the argument.
"""

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samlas.core import dates
from samlas.core.markdown import render_markdown

register = template.Library()


def _bounds(value: Any, end: datetime | None) -> tuple[datetime, datetime]:
    if end is None:
        return value.start, value.end
    return value, end


@register.filter
def event_span(value: Any, end: datetime | None = None) -> str:
    if not value:
        return ""
    return dates.format_event_span(*_bounds(value, end))


@register.filter
def date_span(value: Any, end: datetime | None = None) -> str:
    if not value:
        return ""
    return dates.format_date_span(*_bounds(value, end))


@register.filter
def time_range(value: Any, end: datetime | None = None) -> str:
    if not value:
        return ""
    return dates.format_time_range(*_bounds(value, end))


@register.filter
def moment(value: datetime | None) -> str:
    """One point in time: "tisdag 24 september 2024, kl. 09.00"."""
    if not value:
        return ""
    return _("%(date)s at %(time)s") % {
        "date": dates.format_date(value),
        "time": dates.format_time(value),
    }


@register.filter
def tel_href(value: str | None) -> str:
    """A phone number as written ("010-123 45 67") as a tel: link in international form."""
    digits = "".join(c for c in (value or "") if c.isdigit() or c == "+")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+46" + digits[1:]
    return f"tel:{digits}"


@register.filter
def iso(value: datetime | None) -> str:
    """ISO 8601 in Swedish local time with its offset, as `<time datetime>` wants it."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat()


@register.filter(is_safe=True)
def markdown(value: str | None, first_heading: int = 3) -> SafeString:
    return render_markdown(value or "", int(first_heading))
