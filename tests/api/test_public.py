"""Public read-only endpoints: events, programme, organisations, themes, the schema."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samlas.events.models import Event
from samlas.programme.models import Participation, Person, ProgrammeItem
from tests.factories import make_event, make_theme

pytestmark = pytest.mark.django_db


def test_the_event_list_shows_public_events_with_their_organisers(world):
    data = world.client().get("/api/v1/events/").json()
    assert data["count"] == 1
    event = data["results"][0]
    assert event["slug"] == world.event.slug
    assert event["url"].endswith(f"/evenemang/{world.event.slug}/")
    assert [o["role"] for o in event["organisers"]] == ["host", "cohost", "cohost"]
    assert event["organisers"][0]["organisation"]["name"] == "Länsstyrelsen i Testlän"
    assert event["registration"]["opens"] is not None


def test_filters_narrow_the_list_and_bad_values_are_a_400(world):
    theme = make_theme("Våld i nära relationer")
    themed = make_event(themes=[theme], county="M", kind=Event.Kind.SEMINAR)
    past = make_event(start=timezone.now() - timedelta(days=10))
    client = world.client()

    def slugs(query: str) -> set[str]:
        return {e["slug"] for e in client.get(f"/api/v1/events/?{query}").json()["results"]}

    assert slugs(f"theme={theme.slug}") == {themed.slug}
    assert slugs("county=M") == {themed.slug}
    assert slugs("kind=seminar") == {themed.slug}
    assert slugs("when=past") == {past.slug}
    assert past.slug in slugs("when=all")
    assert slugs(f"organisation={world.host.pk}") == {world.event.slug}
    bad = client.get("/api/v1/events/?county=XX&when=soon")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"county", "when"}


def test_pagination_gives_next_links_and_a_bad_page_is_a_json_404(world):
    for _ in range(3):
        make_event()
    client = world.client()
    first = client.get("/api/v1/events/?page_size=2").json()
    assert first["count"] == 4
    assert len(first["results"]) == 2
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert second["next"] is None
    response = client.get("/api/v1/events/?page=99")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_programme_lists_items_and_blocks_with_people(world):
    item = ProgrammeItem.objects.create(
        event=world.event,
        start=world.event.start,
        end=world.event.start + timedelta(minutes=30),
        title="Inledning",
        kind="opening",
    )
    speaker = Person.objects.create(name="Anna Andersson", title="Landshövding")
    Participation.objects.create(person=speaker, item=item, role="speaker")
    data = world.client().get(f"/api/v1/events/{world.event.slug}/programme/").json()
    assert [entry["type"] for entry in data["entries"]] == ["item", "block"]
    assert data["entries"][0]["people"][0] == {
        "name": "Anna Andersson",
        "title": "Landshövding",
        "organisation": "",
        "role": "speaker",
    }
    assert [s["title"] for s in data["entries"][1]["seminars"]] == ["Seminarium 1", "Seminarium 2"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/finns-inte/",
        "/api/v1/events/finns-inte/programme/",
        "/api/v1/nothing/here/",
        "/api/v1/events/x/registrations/abc/",
        "/api/v1/events/a%0Ab%0Dc/registrations/1.5/",  # a line break (found by schemathesis)
    ],
)
def test_unknown_addresses_answer_the_json_error_body(world, path):
    response = world.client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_organisations_and_themes_are_listed(world):
    make_theme("Trygghet i skolan")
    organisations = world.client().get("/api/v1/organisations/").json()
    assert "Polisen Testregion" in {o["name"] for o in organisations["results"]}
    themes = world.client().get("/api/v1/themes/").json()
    assert [t["name"] for t in themes] == ["Trygghet i skolan"]


def test_the_openapi_document_describes_every_operation_and_the_error_body(world):
    schema = world.client().get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    post = schema["paths"]["/api/v1/events/{slug}/registrations/"]["post"]
    assert {"201", "400", "401", "403", "404", "409", "422"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "message"]


def test_errors_follow_the_request_language(world):
    response = world.client().get("/api/v1/events/finns-inte/", HTTP_ACCEPT_LANGUAGE="en")
    swedish = world.client().get("/api/v1/events/finns-inte/")
    assert response.json()["message"] == "There is no such event."
    assert swedish.json()["message"] != "There is no such event."
