"""The event list: filters narrow it, bad filters are explained, drafts never show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samlas.events.models import Event
from tests.factories import make_event, make_organisation, make_theme


@pytest.fixture
def events(db):
    """A small calendar: two upcoming events that differ in every filter, one past, one draft."""
    soon = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    violence, safety = make_theme("Våld i nära relationer"), make_theme("Trygghet")
    return {
        "violence": make_event(
            title="Konferens om våld",
            themes=[violence],
            county="AB",
            kind=Event.Kind.CONFERENCE,
            start=soon + timedelta(days=10),
        ),
        "safety": make_event(
            title="Seminarium om trygghet",
            themes=[safety],
            county="M",
            kind=Event.Kind.SEMINAR,
            start=soon + timedelta(days=40),
        ),
        "past": make_event(title="Hearing förra året", start=soon - timedelta(days=300)),
        "draft": make_event(title="Hemligt utkast", status=Event.Status.DRAFT),
    }


def titles(response) -> set[str]:
    return {event.title for event in response.context["events"]}


def test_upcoming_is_the_default_and_drafts_never_show(client, events):
    response = client.get("/evenemang/")
    assert response.status_code == 200
    assert titles(response) == {"Konferens om våld", "Seminarium om trygghet"}
    assert "Hemligt utkast" not in response.content.decode()


def test_upcoming_events_come_soonest_first(client, events):
    listed = [event.title for event in client.get("/evenemang/").context["events"]]
    assert listed == ["Konferens om våld", "Seminarium om trygghet"]


def test_past_events(client, events):
    response = client.get("/evenemang/", {"when": "past"})
    assert titles(response) == {"Hearing förra året"}
    assert '<h1 class="govuk-heading-xl">Tidigare evenemang</h1>' in response.content.decode()


def test_an_event_on_now_is_still_upcoming(client, db):
    make_event(title="Pågår nu", start=timezone.now() - timedelta(hours=1))
    assert titles(client.get("/evenemang/")) == {"Pågår nu"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "vald-i-nara-relationer"}, {"Konferens om våld"}),
        ({"county": "M"}, {"Seminarium om trygghet"}),
        ({"kind": "conference"}, {"Konferens om våld"}),
        ({"theme": "trygghet", "county": "AB"}, set()),
    ],
)
def test_each_filter_narrows_the_list(client, events, params, expected):
    assert titles(client.get("/evenemang/", params)) == expected


def test_date_range_keeps_events_that_overlap_it(client, events):
    day = timezone.localtime(events["safety"].start).date()
    response = client.get("/evenemang/", {"date_from": day.isoformat()})
    assert titles(response) == {"Seminarium om trygghet"}
    response = client.get("/evenemang/", {"date_to": (day - timedelta(days=1)).isoformat()})
    assert titles(response) == {"Konferens om våld"}
    response = client.get("/evenemang/", {"date_from": day.isoformat(), "date_to": day.isoformat()})
    assert titles(response) == {"Seminarium om trygghet"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"theme": "finns-inte"}, "Det finns inget sådant tema."),
        ({"county": "ZZ"}, "Det finns inget sådant län."),
        ({"kind": "party"}, "Det finns ingen sådan typ av evenemang."),
        ({"date_from": "2025-13-45"}, "Skriv datumet som år-månad-dag"),
        ({"date_to": "igår"}, "Skriv datumet som år-månad-dag"),
        ({"when": "sometime"}, "Välj kommande eller tidigare evenemang."),
        ({"date_from": "0001-01-01"}, "Ange ett datum mellan år 1900 och 2999."),
        ({"date_to": "9999-12-31"}, "Ange ett datum mellan år 1900 och 2999."),
    ],
)
def test_malformed_filters_are_explained_and_ignored(client, events, params, message):
    response = client.get("/evenemang/", params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Några av filtren kunde inte användas" in html
    assert message in html
    # The bad value is left out: the list is what it would be without it.
    assert titles(response) == {"Konferens om våld", "Seminarium om trygghet"}


def test_an_end_date_before_the_start_date_is_ignored(client, events):
    day = timezone.localtime(events["safety"].start).date()
    params = {"date_from": day.isoformat(), "date_to": (day - timedelta(days=30)).isoformat()}
    response = client.get("/evenemang/", params)
    assert "Till-datumet är före från-datumet." in response.content.decode()
    assert titles(response) == {"Seminarium om trygghet"}


def test_a_bad_filter_does_not_cancel_the_good_ones(client, events):
    response = client.get("/evenemang/", {"county": "M", "theme": "finns-inte"})
    assert titles(response) == {"Seminarium om trygghet"}


def test_filter_form_has_labels_for_every_field(client, events):
    html = client.get("/evenemang/").content.decode()
    for field in ("theme", "county", "kind", "date_from", "date_to"):
        assert f'<label class="govuk-label govuk-label--s" for="id_{field}">' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Visa</legend>' in html


def test_pagination_and_bad_page_numbers(client, db):
    start = timezone.localtime() + timedelta(days=5)
    for number in range(21):
        make_event(title=f"Evenemang nr {number:02}", start=start + timedelta(hours=number))
    first = client.get("/evenemang/")
    assert len(first.context["events"]) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get("/evenemang/", {"page": 2})
    assert titles(second) == {"Evenemang nr 20"}
    assert client.get("/evenemang/", {"page": "abc"}).context["page_obj"].number == 1
    assert client.get("/evenemang/", {"page": "999"}).context["page_obj"].number == 2


def test_the_list_costs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    themes = [make_theme() for _ in range(3)]
    for _ in range(8):
        make_event(cohosts=[make_organisation(), make_organisation()], themes=themes)
    with django_assert_max_num_queries(6):
        response = client.get("/evenemang/", {"theme": themes[0].slug})
    assert len(response.context["events"]) == 8


def test_start_page_shows_upcoming_events_with_cancelled_ones_marked(
    client, events, django_assert_max_num_queries
):
    make_event(title="Inställd konferens", status=Event.Status.CANCELLED)
    with django_assert_max_num_queries(4):
        response = client.get("/")
    html = response.content.decode()
    assert "Konferens om våld" in html
    assert "Hemligt utkast" not in html
    assert "Hearing förra året" not in html
    assert '<strong class="govuk-tag govuk-tag--red">Inställt</strong>' in html
    assert 'href="/evenemang/?when=past"' in html
    assert "Våld i nära relationer" in html  # themes on the cards
