"""Errors the registration services raise, each with a message the UI can show as it is.

Every error is a `RegistrationError` with a translated `message` and a stable `code`, so a
view turns any of them into a friendly page or form error without knowing the details, and
the REST API can map `code` to a status. The services raise them before changing anything
(or inside the transaction, which then rolls back): the database is unchanged.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LazyPercent:
    """`lazy_message % params`, evaluated when shown (so in the request's language)."""

    def __init__(self, message: Promise | str, params: dict) -> None:
        self.message, self.params = message, params

    def __str__(self) -> str:
        return str(self.message) % self.params


class RegistrationError(Exception):
    """Base class: `message` is translated lazily, so it follows the request's language."""

    code = "error"
    default_message: Promise | str = _("The registration could not be saved.")

    def __init__(self, message: Promise | LazyPercent | str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class InvalidData(RegistrationError):
    """One or more fields are wrong; `errors` maps field names to messages."""

    code = "invalid"
    default_message = _("Please check the details in the form.")

    def __init__(self, errors: Mapping[str, Iterable[str]]) -> None:
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        super().__init__()

    def as_validation_error(self) -> ValidationError:
        """For `form.add_error(None, exc.as_validation_error())` or a form's clean()."""
        return ValidationError(self.errors)


class RegistrationNotOpen(RegistrationError):
    code = "not_open"
    default_message = _("Registration has not opened yet.")


class RegistrationClosed(RegistrationError):
    code = "closed"
    default_message = _("Registration for the event is closed.")


class EventCancelled(RegistrationError):
    code = "event_cancelled"
    default_message = _("The event has been cancelled.")


class AlreadyRegistered(RegistrationError):
    """The e-mail address already has a registration; the UI re-sends the link."""

    code = "already_registered"
    default_message = _(
        "This e-mail address is already registered for the event. We are sending the link "
        "to your registration to the address again."
    )


class InvalidChoice(RegistrationError):
    """A block or seminar that is not in this event's programme, or a wrong kind of choice."""

    code = "invalid_choice"
    default_message = _(
        "The choice of seminar is not valid. Choose among the seminars in the programme."
    )


class EventFull(RegistrationError):
    code = "event_full"
    default_message = _("The event is fully booked.")


class SeminarFull(RegistrationError):
    """Raised only when the registrant declined the waiting list; `seminars` are the full ones."""

    code = "seminar_full"

    def __init__(self, seminars: Iterable[object]) -> None:
        self.seminars = list(seminars)
        titles = ", ".join(str(seminar) for seminar in self.seminars)
        message = _(
            "The seminar is fully booked: %(titles)s. Choose another seminar or join the "
            "waiting list."
        )
        super().__init__(LazyPercent(message, {"titles": titles}))


class InvalidLink(RegistrationError):
    code = "invalid_link"
    default_message = _(
        "The link is not valid. Check that you have copied the whole link from the e-mail."
    )


class LinkExpired(RegistrationError):
    code = "link_expired"
    default_message = _("The link has expired.")


class RegistrationCancelled(RegistrationError):
    code = "cancelled"
    default_message = _("The registration has been cancelled and cannot be changed.")
