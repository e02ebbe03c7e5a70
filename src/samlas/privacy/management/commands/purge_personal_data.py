"""`python -m samlas purge_personal_data`: the daily retention run, by hand (the task
worker runs it every day by itself: docs/retention.md).

Warns organisers before their event's personal data is erased, erases health data the day
after each event and the rest when the event's retention period is over, and writes what it
did to the audit log. Safe to run as often as you like: what is done is not done again.
"""

from django.core.management.base import BaseCommand

from samlas.privacy import services


class Command(BaseCommand):
    help = "Erase personal data whose retention period is over (run daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report what would be done."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        report = services.purge(dry_run=dry_run)
        verb = "Would" if dry_run else "Did"
        lines = [
            f"{verb} warn the organisers of {len(report.warned)} event(s): {report.warned}",
            f"{verb} erase health data of {sum(report.health_erased.values())} registration(s)"
            f" in {len(report.health_erased)} event(s)",
            f"{verb} anonymise {sum(report.personal_erased.values())} registration(s)"
            f" in {len(report.personal_erased)} event(s)",
            f"{verb} delete {sum(report.press_erased.values())} press registration(s)",
            f"{verb} delete {report.contact_messages_erased} old contact message(s)",
        ]
        for line in lines:
            self.stdout.write(line)
        if report.warning_failures:
            self.stderr.write(
                f"Warnings could not be e-mailed for event(s) {report.warning_failures}; "
                "their erasure waits until a warning has been sent."
            )
