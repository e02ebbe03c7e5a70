"""Send every e-mail in the outbox that is due, e.g. from cron or after a mail outage."""

from django.core.management.base import BaseCommand

from samlas.registration import outbox


class Command(BaseCommand):
    help = "Send the outbox e-mails that are due now; --retry-failed first revives failed ones."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Give messages that failed for good a fresh set of attempts first.",
        )

    def handle(self, *args, retry_failed: bool = False, **options) -> None:
        if retry_failed:
            self.stdout.write(f"Revived {outbox.retry_failed()} failed message(s).")
        results = outbox.deliver_due()
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(results.items()))
        self.stdout.write(f"Outbox: {summary or 'nothing due'}.")
