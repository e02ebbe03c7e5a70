"""Dates as Swedish public bodies write them, and the same shapes in English."""

import pytest
from django.template import Context, Template
from django.utils import translation

from samlas.core.dates import format_date_span, format_event_span, format_time_range
from tests.factories import at


@pytest.fixture
def swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_one_day_with_times(swedish):
    span = format_event_span(at(2024, 9, 24, 9), at(2024, 9, 24, 16))
    assert span == "tisdag 24 september 2024, kl. 09.00–16.00"


def test_several_days_in_one_month(swedish):
    assert format_event_span(at(2024, 9, 24, 9), at(2024, 9, 25, 16)) == "24–25 september 2024"


def test_across_months(swedish):
    span = format_event_span(at(2024, 9, 30, 9), at(2024, 10, 1, 15))
    assert span == "30 september–1 oktober 2024"


def test_across_years(swedish):
    span = format_date_span(at(2024, 12, 31, 9), at(2025, 1, 2, 15))
    assert span == "31 december 2024–2 januari 2025"


def test_time_range_and_winter_time(swedish):
    # 24 January is winter time (UTC+1): the local time is shown, not UTC.
    assert format_time_range(at(2025, 1, 24, 9, 30), at(2025, 1, 24, 10, 30)) == "kl. 09.30–10.30"


def test_english_keeps_the_shape(english):
    span = format_event_span(at(2024, 9, 24, 9), at(2024, 9, 24, 16))
    assert span == "Tuesday 24 September 2024, 09:00–16:00"
    assert format_event_span(at(2024, 9, 30, 9), at(2024, 10, 1, 15)) == (
        "30 September–1 October 2024"
    )


def test_template_filters(swedish):
    template = Template(
        "{% load samlas %}{{ start|event_span:end }}|{{ start|time_range:end }}|"
        "{{ start|moment }}|{{ start|iso }}"
    )
    html = template.render(Context({"start": at(2024, 9, 24, 9), "end": at(2024, 9, 24, 16)}))
    assert html == (
        "tisdag 24 september 2024, kl. 09.00–16.00|kl. 09.00–16.00|"
        "tisdag 24 september 2024, kl. 09.00|2024-09-24T09:00:00+02:00"
    )


def test_date_filters_take_anything_with_start_and_end(swedish):
    class Item:
        start, end = at(2024, 9, 24, 9), at(2024, 9, 25, 16)

    html = Template("{% load samlas %}{{ item|date_span }}").render(Context({"item": Item()}))
    assert html == "24–25 september 2024"
