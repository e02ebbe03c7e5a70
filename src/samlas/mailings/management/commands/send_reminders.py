"""Send the automatic reminders that are due, now. The task worker does this by itself every
SAMLAS_REMINDER_SWEEP_SECONDS (docs/mailings.md); this is for catching up by hand."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from samlas.mailings import services


class Command(BaseCommand):
    help = (
        "E-mail the participants of every event whose reminder is due. Idempotent: an "
        "event's reminder is sent once, however often this runs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now",
            help="Act as if it were this moment (ISO 8601 with an offset), e.g. to catch up.",
        )

    def handle(self, *args, now: str | None = None, **options) -> None:
        moment = None
        if now:
            moment = parse_datetime(now)
            if moment is None or moment.tzinfo is None:
                raise CommandError("--now must be an ISO 8601 time with an offset.")
        sent = services.send_due_reminders(moment)
        for campaign in sent:
            self.stdout.write(
                f"Reminder for event {campaign.event_id}: {campaign.recipient_count} e-mail(s)."
            )
        self.stdout.write(f"Reminders sent: {len(sent)}.")
