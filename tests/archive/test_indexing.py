"""The search index follows events, programmes, people and the archive as they change."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from samlas.archive import indexing, search, services
from samlas.archive.models import SearchEntry, SearchKind
from samlas.events.models import Event
from samlas.programme.models import ItemKind, Participation, Person, ProgrammeItem
from tests.archive.conftest import (
    add_captions,
    make_body,
    make_example,
    make_recording,
    pdf_bytes,
    upload,
)
from tests.factories import make_event, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the reindex) at the end of each block."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def entry(kind: str, pk: int) -> SearchEntry | None:
    return SearchEntry.objects.filter(kind=kind, object_id=pk).first()


def found(query: str) -> set[tuple[str, int]]:
    matches = search.search(query).matches
    entries = SearchEntry.objects.in_bulk([m.id for m in matches])
    return {(entries[m.id].kind, entries[m.id].object_id) for m in matches}


def add_item(event: Event, title: str, **fields) -> ProgrammeItem:
    return ProgrammeItem.objects.create(
        event=event, start=event.start, end=event.end, title=title, **fields
    )


def test_an_event_and_its_programme_are_indexed_once_committed(committed):
    theme = make_theme("Unga och kriminalitet")
    with committed():
        event = make_event(title="Trygghetskonferensen", themes=[theme])
        talk = add_item(event, "Brottsförebyggande arbete i skolan", description="Om skolan.")
        add_item(event, "Lunch", kind=ItemKind.LUNCH)
        person = Person.objects.create(name="Karin Öberg", title="utredare")
        Participation.objects.create(person=person, item=talk)
    event_entry = entry(SearchKind.EVENT, event.pk)
    assert event_entry.is_public and event_entry.url == f"/evenemang/{event.slug}/"
    assert list(event_entry.themes.all()) == [theme]
    item_entry = entry(SearchKind.ITEM, talk.pk)
    assert item_entry.url == f"/evenemang/{event.slug}/#punkt-{talk.pk}"
    assert "Karin Öberg" in item_entry.body  # the speaker is found with the talk
    assert item_entry.meta == "Trygghetskonferensen"
    assert SearchEntry.objects.filter(kind=SearchKind.ITEM).count() == 1  # not the lunch
    assert entry(SearchKind.PERSON, person.pk).is_public
    assert found("öberg") == {(SearchKind.ITEM, talk.pk), (SearchKind.PERSON, person.pk)}


def test_drafts_are_indexed_but_not_found_until_published(committed):
    with committed():
        event = make_event(title="Narkotikakonferens", status=Event.Status.DRAFT)
        talk = add_item(event, "Tidiga insatser mot narkotika")
        person = Person.objects.create(name="Erik Lind")
        Participation.objects.create(person=person, item=talk)
    assert found("narkotika") == set()
    assert not entry(SearchKind.PERSON, person.pk).is_public
    with committed():
        event.status = Event.Status.PUBLISHED
        event.save()
    assert found("narkotika") == {(SearchKind.EVENT, event.pk), (SearchKind.ITEM, talk.pk)}
    assert entry(SearchKind.PERSON, person.pk).is_public


def test_deleting_an_event_removes_everything_it_held(committed):
    with committed():
        event = make_event(title="Seminarium om trygghet")
        add_item(event, "Trygghetsvandringar")
        recording = make_recording(event, transcript="Trygghet i stadsdelen.")
        services.publish_recording(recording)
    assert SearchEntry.objects.count() == 3
    with committed():
        event.delete()
    assert SearchEntry.objects.count() == 0


def test_theme_changes_follow_the_event_to_its_recordings(committed):
    theme = make_theme("Våld i nära relationer")
    with committed():
        event = make_event()
        recording = make_recording(event, transcript="Text.")
        services.publish_recording(recording)
    assert list(entry(SearchKind.RECORDING, recording.pk).themes.all()) == []
    with committed():
        event.themes.add(theme)
    assert list(entry(SearchKind.RECORDING, recording.pk).themes.all()) == [theme]


def test_recordings_are_found_by_transcript_or_captions_once_published(committed):
    with committed():
        event = make_event()
        spoken = make_recording(event, title="Föreläsning ett", transcript="Om medborgardialog.")
        captioned = make_recording(event, title="Föreläsning två")
        add_captions(captioned)
    assert found("medborgardialog") == set()
    with committed():
        services.publish_recording(spoken)
        services.publish_recording(captioned)
    assert found("medborgardialoger") == {(SearchKind.RECORDING, spoken.pk)}
    # The words of the captions (not their timings) make the recording findable.
    assert found("lägesbilden") == {(SearchKind.RECORDING, captioned.pk)}
    assert "-->" not in entry(SearchKind.RECORDING, captioned.pk).body


def test_documents_examples_and_bodies_are_indexed(committed):
    theme = make_theme("Trygghet i offentlig miljö")
    with committed():
        body = make_body(name="Rådet för trygghet i Exempellän")
        body.themes.add(theme)
        document = services.attach_document(
            body, upload("lagesbild.pdf", pdf_bytes()), title="Lägesbild för belysning"
        )
        example = make_example(title="Bättre belysning i parken", municipality="Älvstad")
        example.themes.add(theme)
    document_entry = entry(SearchKind.DOCUMENT, document.pk)
    assert document_entry.is_public and document_entry.url == document.file.url
    assert document_entry.meta == "Rådet för trygghet i Exempellän"
    assert list(document_entry.themes.all()) == [theme]
    assert found("belysning") == {
        (SearchKind.DOCUMENT, document.pk),
        (SearchKind.EXAMPLE, example.pk),
    }
    assert found("älvstad") == {(SearchKind.EXAMPLE, example.pk)}
    with committed():
        body.is_published = False
        body.save()
    assert found("belysning") == {(SearchKind.EXAMPLE, example.pk)}


def test_a_rolled_back_change_leaves_the_index_as_it_was(committed):
    with committed():
        event = make_event(title="Konferens om trygghet")
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        event.title = "Ändrad"
        event.save()
        raise RuntimeError
    assert entry(SearchKind.EVENT, event.pk).title == "Konferens om trygghet"


def test_the_rebuild_command_recreates_the_same_index(committed):
    with committed():
        event = make_event(title="Konferens om narkotika")
        add_item(event, "Tidiga insatser")
        make_example(title="Drogförebyggande arbete")
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "is_public"))
    SearchEntry.objects.all().delete()
    assert found("narkotika") == set()
    output = io.StringIO()
    call_command("rebuild_search_index", stdout=output)
    assert f"Indexed {len(before)} entries" in output.getvalue()
    after = sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "is_public"))
    assert after == before
    assert found("narkotika") == {(SearchKind.EVENT, event.pk)}
    assert indexing.rebuild() == len(before)
