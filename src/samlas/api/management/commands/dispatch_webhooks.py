"""`python -m samlas dispatch_webhooks`: catch up on webhooks (cron, or after an outage).

The worker normally does this by itself a moment after each registration change; this
command does the same work synchronously and sends every delivery that is due.
"""

from django.core.management.base import BaseCommand

from samlas.api import webhooks


class Command(BaseCommand):
    help = "Write webhook deliveries for new registration changes and send those that are due."

    def handle(self, *args, **options) -> None:
        created = webhooks.dispatch()
        results: dict[str, int] = {}
        for pk in webhooks.due_deliveries():
            result = webhooks.deliver(pk)
            results[result] = results.get(result, 0) + 1
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(results.items()))
        self.stdout.write(f"Webhooks: {created} new, {summary or 'nothing due'}.")
