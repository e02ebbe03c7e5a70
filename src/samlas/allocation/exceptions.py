"""Why an allocation action was refused: each with a translated message for the organiser."""

from django.utils.translation import gettext_lazy as _


class AllocationError(Exception):
    """Base class; `message` is shown to the organiser as it is."""

    message = _("The seat allocation could not be changed.")
    code = "error"

    def __init__(self, message=None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class NoRankedBlocks(AllocationError):
    message = _("The event has no blocks where participants rank the seminars.")
    code = "no_ranked_blocks"


class AlreadyPublished(AllocationError):
    message = _("The seats have already been allocated and published.")
    code = "already_published"


class EventCancelled(AllocationError):
    message = _("The event is cancelled: no seats are allocated.")
    code = "event_cancelled"


class RunNotReady(AllocationError):
    message = _("This run has no result to publish. Run the allocation again.")
    code = "not_ready"


class RunBusy(AllocationError):
    message = _("An allocation was started at the same moment. Wait for it to finish.")
    code = "busy"


class DeadlineNotPassed(AllocationError):
    message = _(
        "The last day for ranking seminars has not passed yet. Participants may still change "
        "their rankings, so the allocation cannot be published."
    )
    code = "deadline_not_passed"


class RegistrationsChanged(AllocationError):
    message = _("The registrations have changed since the preview. Run the allocation again.")
    code = "registrations_changed"


class BlocksChanged(AllocationError):
    message = _("Which blocks are ranked has changed since the preview. Run the allocation again.")
    code = "blocks_changed"


class SeminarsChanged(AllocationError):
    message = _(
        "The seminars or their capacities have changed since the preview. Run the allocation again."
    )
    code = "seminars_changed"


class SeatsAlreadyTaken(AllocationError):
    message = _(
        "Some participants already hold seats in a ranked block (was the block first come, "
        "first served before?). Remove those choices in the participant list first."
    )
    code = "seats_taken"
