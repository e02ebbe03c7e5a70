"""`python -m samlas erase_person ADDRESS`: erase one person everywhere (GDPR art. 17)."""

from django.core.management.base import BaseCommand, CommandError

from samlas.privacy import services


class Command(BaseCommand):
    help = "Erase every registration, press registration and contact message of an address."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do it without asking.")

    def handle(self, *args, email: str, yes: bool = False, **options) -> None:
        person = services.find_person(email)
        if not person.found:
            raise CommandError(f"Nothing is stored about {email!r}.")
        self.stdout.write(
            f"{len(person.registrations)} registration(s), "
            f"{len(person.press_registrations)} press registration(s), "
            f"{person.contact_messages} contact message(s)."
        )
        if not yes and input("Erase them? [y/N] ").strip().lower() not in {"y", "yes", "j", "ja"}:
            raise CommandError("Nothing was erased.")
        services.erase_person(email, actor=None)
        self.stdout.write("Erased.")
