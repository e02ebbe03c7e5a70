"""Which saves and deletions make which search entries stale.

Events, programmes, people and organisations belong to other apps and are changed in many
places (the admin, the back office, the demo, imports); listening to their signals is the
one place that sees every change without each of them having to know about search. The
work itself is deferred to the end of the transaction (`indexing.schedule`).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from samlas.archive import indexing
from samlas.archive.models import (
    BodyMember,
    Caption,
    Document,
    LearningExample,
    Recording,
    SearchKind,
    StandingBody,
)
from samlas.events.models import Event, EventOrganiser, Venue
from samlas.organisations.models import Organisation
from samlas.programme.models import Participation, Person, ProgrammeItem, Seminar

Kind = SearchKind
M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def _on_change(model, job: str, key=lambda instance: instance.pk) -> None:
    """Schedule `job` for the object `key` names whenever a `model` row is saved or deleted."""

    def saved(sender, instance, raw=False, **kwargs) -> None:
        if not raw:
            indexing.schedule(job, key(instance))

    def deleted(sender, instance, **kwargs) -> None:
        indexing.schedule(job, key(instance))

    uid = f"samlas.archive.{model._meta.label}.{job}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}.save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}.delete")


def _on_m2m(through, job: str) -> None:
    def changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
        if action not in M2M_ACTIONS:
            return
        if reverse:
            # Changed from the other side (theme.events.add(event)): the owners are in
            # pk_set. After such a clear they are unknown; `rebuild_search_index` repairs
            # that rare case.
            if pk_set:
                indexing.schedule(job, *pk_set)
            return
        indexing.schedule(job, instance.pk)

    m2m_changed.connect(
        changed,
        sender=through,
        weak=False,
        dispatch_uid=f"samlas.archive.m2m.{through._meta.label}",
    )


def _participation_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    indexing.schedule(indexing.PERSON_TREE, instance.person_id)
    indexing.schedule(Kind.ITEM, instance.item_id)
    indexing.schedule(Kind.SEMINAR, instance.seminar_id)


def connect() -> None:
    _on_change(Event, indexing.EVENT_TREE)
    _on_change(EventOrganiser, Kind.EVENT, key=lambda organiser: organiser.event_id)
    _on_change(Venue, indexing.VENUE_TREE)
    _on_change(Organisation, indexing.ORGANISATION_TREE)
    _on_change(ProgrammeItem, Kind.ITEM)
    _on_change(Seminar, Kind.SEMINAR)
    _on_change(Person, indexing.PERSON_TREE)
    _on_change(Recording, Kind.RECORDING)
    _on_change(Caption, Kind.RECORDING, key=lambda caption: caption.recording_id)
    _on_change(Document, Kind.DOCUMENT)
    _on_change(LearningExample, Kind.EXAMPLE)
    _on_change(StandingBody, indexing.BODY_TREE)
    _on_change(BodyMember, Kind.BODY, key=lambda member: member.body_id)
    for signal in (post_save, post_delete):
        signal.connect(
            _participation_changed,
            sender=Participation,
            weak=False,
            dispatch_uid=f"samlas.archive.participation.{signal is post_save}",
        )
    _on_m2m(Event.themes.through, indexing.EVENT_TREE)
    _on_m2m(Recording.people.through, Kind.RECORDING)
    _on_m2m(LearningExample.themes.through, Kind.EXAMPLE)
    _on_m2m(LearningExample.organisations.through, Kind.EXAMPLE)
    _on_m2m(StandingBody.themes.through, indexing.BODY_TREE)
