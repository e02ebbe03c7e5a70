"""Every state change of the archive, each in one transaction.

Recordings are published only with captions or a transcript unless someone overrides that
on purpose (the override is stored and logged). Documents get their type and size from
their content. Contact messages and press registrations are stored, and their e-mails are
queued in the registration outbox in the same transaction, so a message the sender saw
accepted is never lost and its e-mail is never sent for a message that was not stored.
"""

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samlas.archive import emails, files
from samlas.archive.models import (
    ContactMessage,
    Document,
    LearningExample,
    PressRegistration,
    Recording,
    StandingBody,
)
from samlas.core import audit
from samlas.events.models import Event
from samlas.events.queries import visible_press_invitation
from samlas.registration import outbox

CONTACT_MESSAGE = "contact_message"
PRESS_REGISTRATION = "press_registration"


class ArchiveError(Exception):
    """A request the archive refuses; `message` says why, for the person who asked."""

    message = _("This could not be done.")

    def __str__(self) -> str:
        return str(self.message)


class MissingTextAlternative(ArchiveError):
    message = _(
        "The recording has neither captions nor a transcript. Pre-recorded video must be "
        "accessible (the DOS law, WCAG 1.2.2): add a WebVTT caption file or a transcript, or "
        "confirm that you publish it without them for now."
    )


class PressRegistrationClosed(ArchiveError):
    message = _("Press registration for this event is closed.")


class AlreadyRegisteredAsPress(ArchiveError):
    message = _("This e-mail address is already on the event's press list.")


def has_text_alternative(recording: Recording) -> bool:
    return bool(recording.transcript.strip()) or recording.captions.exists()


@transaction.atomic
def publish_recording(recording: Recording, *, actor=None, override: bool = False) -> Recording:
    """Publish a recording; without captions or transcript only with `override`."""
    recording = Recording.objects.select_for_update().get(pk=recording.pk)
    accessible = has_text_alternative(recording)
    if not accessible and not override:
        raise MissingTextAlternative
    recording.published_without_text_alternative = not accessible
    if recording.published_at is None:
        recording.published_at = timezone.now()
    recording.save(update_fields=["published_at", "published_without_text_alternative"])
    audit.record(
        actor,
        audit.Action.PUBLISHED,
        recording,
        event_id=recording.event_id,
        data={"without_text_alternative": not accessible},
    )
    return recording


@transaction.atomic
def unpublish_recording(recording: Recording, *, actor=None) -> Recording:
    recording = Recording.objects.select_for_update().get(pk=recording.pk)
    if recording.published_at is not None:
        recording.published_at = None
        recording.published_without_text_alternative = False
        recording.save(update_fields=["published_at", "published_without_text_alternative"])
        audit.record(actor, audit.Action.UNPUBLISHED, recording, event_id=recording.event_id)
    return recording


def _document_event_id(document: Document) -> int | None:
    if document.item_id:
        return document.item.event_id
    return document.event_id


@transaction.atomic
def save_document(document: Document, *, actor=None) -> Document:
    """Save a document with the type and size read from its file (ValidationError if unfit)."""
    adding = document.pk is None
    document.file_type = files.document_type(document.file)
    document.size = document.file.size
    # The file was checked just above; the rest (one owner only) is checked here.
    document.full_clean(exclude=["file"])
    document.save()
    action = audit.Action.CREATED if adding else audit.Action.CHANGED
    audit.record(actor, action, document, event_id=_document_event_id(document))
    return document


def attach_document(
    owner: Event | StandingBody | object,
    file: File,
    *,
    title: str,
    description: str = "",
    actor=None,
) -> Document:
    """A new published document of an event, a programme item or a standing body."""
    document = Document(title=title, description=description, file=file)
    if isinstance(owner, Event):
        document.event = owner
    elif isinstance(owner, StandingBody):
        document.body = owner
    else:
        document.item = owner
    return save_document(document, actor=actor)


@transaction.atomic
def publish_example(example: LearningExample, *, actor=None) -> LearningExample:
    if example.published_at is None:
        example.published_at = timezone.now()
        example.save(update_fields=["published_at"])
        audit.record(actor, audit.Action.PUBLISHED, example)
    return example


@transaction.atomic
def unpublish_example(example: LearningExample, *, actor=None) -> LearningExample:
    if example.published_at is not None:
        example.published_at = None
        example.save(update_fields=["published_at"])
        audit.record(actor, audit.Action.UNPUBLISHED, example)
    return example


@transaction.atomic
def send_contact_message(
    body: StandingBody,
    *,
    name: str,
    email: str,
    message: str,
    organisation: str = "",
    proof_of_work: bool,
    language: str = "sv",
) -> ContactMessage:
    """Store a message to a body's staff; e-mail it to them when the browser check passed.

    A message without the proof of work (a browser without JavaScript) still reaches the
    staff in the back office, but is not e-mailed: e-mail is what a spammer would want.
    """
    contact = ContactMessage.objects.create(
        body=body,
        name=name.strip(),
        email=email.strip(),
        organisation=organisation.strip(),
        message=message.strip(),
        proof_of_work=proof_of_work,
        language=language,
    )
    if proof_of_work:
        for rendered in emails.contact_message(contact):
            outbox.queue(CONTACT_MESSAGE, rendered, None)
    return contact


@transaction.atomic
def mark_handled(messages, *, actor=None) -> int:
    """Mark contact messages as dealt with; the number that were not already."""
    pending = list(
        ContactMessage.objects.select_for_update().filter(
            pk__in=[message.pk for message in messages], handled_at=None
        )
    )
    now = timezone.now()
    for message in pending:
        message.handled_at = now
        message.save(update_fields=["handled_at"])
        audit.record(actor, audit.Action.CHANGED, message, data={"handled": True})
    return len(pending)


@transaction.atomic
def record_press_list_export(registrations: list[PressRegistration], *, actor) -> None:
    """Log, per event, that `actor` exported its press list (GDPR accountability)."""
    counts: dict[int, int] = {}
    for registration in registrations:
        counts[registration.event_id] = counts.get(registration.event_id, 0) + 1
    for event in Event.objects.filter(pk__in=counts):
        audit.record(
            actor,
            audit.Action.EXPORTED,
            event,
            event_id=event.pk,
            data={"press_list": True, "count": counts[event.pk]},
        )


def register_press(
    event: Event,
    *,
    name: str,
    media_outlet: str,
    email: str,
    phone: str = "",
    language: str = "sv",
    now=None,
) -> PressRegistration:
    """Put a journalist on the event's press list and confirm it by e-mail."""
    now = now or timezone.now()
    if visible_press_invitation(event, now) is None or event.end <= now or event.is_cancelled:
        raise PressRegistrationClosed
    try:
        with transaction.atomic():
            registration = PressRegistration.objects.create(
                event=event,
                name=name.strip(),
                media_outlet=media_outlet.strip(),
                email=email.strip().lower(),
                phone=phone.strip(),
                language=language,
            )
            outbox.queue(PRESS_REGISTRATION, emails.press_confirmation(registration), None)
    except IntegrityError:
        if PressRegistration.objects.filter(event=event, email=email.strip().lower()).exists():
            raise AlreadyRegisteredAsPress from None
        raise
    return registration
