"""schema.org `subEvent`s: the talks and seminars of the programme, with performers."""

import json
import re

import pytest
from django.conf import settings

from samlas.programme.jsonld import sub_events
from samlas.programme.queries import programme_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def subs(full_programme) -> list[dict]:
    event = full_programme.event
    return sub_events(event, programme_days(event), "https://samlas.example.org")


def test_items_and_seminars_are_sub_events_but_breaks_are_not(subs, full_programme):
    names = [sub["name"] for sub in subs]
    pauses = full_programme.event.items.filter(kind__in=["break", "lunch", "mingle"]).count()
    assert len(subs) == 40 - pauses + 24
    assert "Lunch" not in names
    assert names.count("Grannsamverkan som fungerar") == 4
    assert all(sub["@type"] == "Event" for sub in subs)


def test_a_talk_with_its_performers_place_and_time(subs, full_programme):
    talk = next(sub for sub in subs if sub["name"] == "Lägesbilden som grund för samverkan")
    item = full_programme.event.items.get(title=talk["name"])
    assert talk["startDate"] == "2027-09-21T09:45:00+02:00"
    assert talk["endDate"] == "2027-09-21T10:15:00+02:00"
    assert talk["url"] == (
        f"https://samlas.example.org/evenemang/trygghetskonferens-2027/#punkt-{item.pk}"
    )
    assert talk["performer"] == [
        {
            "@type": "Person",
            "name": "Maria Andersson",
            "jobTitle": "utredare",
            "affiliation": {"@type": "Organization", "name": "Brottsförebyggande rådet"},
        },
        {
            "@type": "Person",
            "name": "Johan Andersson",
            "jobTitle": "enhetschef socialtjänsten",
            "affiliation": {"@type": "Organization", "name": "Ystads kommun"},
        },
    ]
    assert talk["location"]["name"] == "Saltsjösalen"
    assert talk["location"]["containedInPlace"]["address"]["streetAddress"] == (
        "Saltsjöbadsvägen 6"
    )


def test_a_seminar_has_its_blocks_time_room_and_capacity(subs):
    seminar = next(sub for sub in subs if sub["name"] == "Trygg skolväg")
    assert seminar["startDate"] == "2027-09-21T14:00:00+02:00"
    assert seminar["maximumAttendeeCapacity"] == 40
    assert "remainingAttendeeCapacity" not in seminar
    assert seminar["location"]["name"] == "Sal 5"
    assert seminar["location"]["containedInPlace"]["name"] == "Rådhuset"
    assert seminar["url"].split("#")[1].startswith("seminarium-")
    assert len(seminar["performer"]) == 1


def test_event_page_json_ld_carries_the_sub_events(client, full_programme):
    html = client.get(full_programme.event.get_absolute_url()).content.decode()
    (payload,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(payload)
    assert len(data["subEvent"]) == len(
        sub_events(full_programme.event, programme_days(full_programme.event), settings.SITE_URL)
    )
    assert data["subEvent"][0]["url"].startswith(settings.SITE_URL)
