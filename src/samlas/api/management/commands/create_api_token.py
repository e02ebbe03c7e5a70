"""`python -m samlas create_api_token ORGANISATION NAME --role editor`: a new API token.

The token is printed once; only its hash is kept. It acts as a member of the organisation
with the given role (and appears among the organisation's members in the back office).
"""

from django.core.management.base import BaseCommand, CommandError

from samlas.api import services
from samlas.organisations.models import Organisation, Role


class Command(BaseCommand):
    help = "Create an API token for an organisation (printed once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("organisation", help="The organisation's id or exact name.")
        parser.add_argument("name", help="What the token is for, e.g. 'Registration to CRM'.")
        parser.add_argument("--role", choices=Role.values, default=Role.VIEWER)
        parser.add_argument(
            "--health-data", action="store_true", help="May read diet, allergies and access needs."
        )

    def handle(self, *args, organisation: str, name: str, role: str, **options) -> None:
        lookup = {"pk": int(organisation)} if organisation.isdigit() else {"name": organisation}
        found = Organisation.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No organisation {organisation!r}.")
        _token, secret = services.issue_token(
            found, name=name, role=role, can_view_health_data=options["health_data"]
        )
        self.stdout.write(secret)
