"""`python -m samlas demo`: load the fictional demo data (see `samlas.demo.data`)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from samlas.core.dates import format_date_span
from samlas.demo import data
from samlas.demo.builder import AdminAccount, build_demo, model_counts
from samlas.events.models import Event


class Command(BaseCommand):
    help = (
        "Load fictional demo data: invented people, e-mail under example.org and example.se. "
        "Safe to run again: the demo's events are replaced, nothing else is duplicated."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = build_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded (fictional people and contacts)."))
        self.stdout.write("\nRows in the database:")
        for name, count in model_counts():
            self.stdout.write(f"  {name:<30} {count:>5}")
        self.stdout.write("\nDemo events:")
        with translation.override("sv"):
            for event in result.events:
                self.stdout.write(self._event_line(event))
        self.stdout.write("")
        login = f'username "{data.DEMO_ADMIN_USERNAME}", password "{data.DEMO_ADMIN_PASSWORD}"'
        admin_url = f"{settings.SITE_URL}/admin/"
        if result.admin is AdminAccount.CREATED:
            self.stdout.write(
                self.style.WARNING(f"Created a DEMO superuser account ({login}): {admin_url}")
            )
            self.stdout.write("It is for trying the demo only: never keep it on a real server.")
        elif result.admin is AdminAccount.UNCHANGED:
            self.stdout.write(self.style.WARNING(f"DEMO superuser account: {login}: {admin_url}"))
        else:
            self.stdout.write(
                "A superuser already exists, so no demo account was created: "
                "log in to the admin with your own account."
            )

    def _event_line(self, event: Event) -> str:
        dates = format_date_span(event.start, event.end)
        url = f"{settings.SITE_URL}{event.get_absolute_url()}"
        if event.status == Event.Status.DRAFT:
            url = "not on the public site"
        return f"  {event.title}\n    {dates}, {event.status}: {url}"
