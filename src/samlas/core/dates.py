"""Dates and times as Swedish public bodies write them.

"tisdag 24 september 2024, kl. 09.00–16.00" for one day, "24–25 september 2024" across days,
"30 september–1 oktober 2024" across months: lowercase names, always the year, a full stop
in times and an en dash without spaces. The same shapes are used in English.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.translation import gettext as _

DASH = "\u2013"


def format_time(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), get_format("TIME_FORMAT"))


def format_time_range(start: datetime, end: datetime) -> str:
    """ "kl. 09.30–10.30" (Swedish) or "09:30–10:30" (English)."""
    return _("kl. %(start)s–%(end)s") % {"start": format_time(start), "end": format_time(end)}


def format_date(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), get_format("DATE_FORMAT"))


def format_date_span(start: datetime, end: datetime) -> str:
    """The days an event covers, without times."""
    first, last = timezone.localtime(start), timezone.localtime(end)
    if first.date() == last.date():
        return format_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{date_format(first, 'j')}{DASH}{date_format(last, 'j F Y')}"
    if first.year == last.year:
        return f"{date_format(first, 'j F')}{DASH}{date_format(last, 'j F Y')}"
    return f"{date_format(first, 'j F Y')}{DASH}{date_format(last, 'j F Y')}"


def format_event_span(start: datetime, end: datetime) -> str:
    """A whole event: the day(s), and the times when it fits within one day."""
    first, last = timezone.localtime(start), timezone.localtime(end)
    if first.date() == last.date():
        return _("%(date)s, %(times)s") % {
            "date": format_date(first),
            "times": format_time_range(first, last),
        }
    return format_date_span(first, last)
