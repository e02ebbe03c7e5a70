"""`python -m samlas restore ARCHIVE`: load a backup into this (empty) instance."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from samlas.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured database and MEDIA_ROOT. "
        "Stop the app servers and task workers first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and MEDIA_ROOT that are not empty (old files are kept "
            "aside in MEDIA_ROOT.before-restore-<time>).",
        )

    def handle(self, *args, archive: Path, force: bool = False, **options) -> None:
        try:
            manifest = restore_backup(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} ({manifest['database_vendor']}, "
            f"{manifest['media_files']} uploaded file(s))."
        )
        # A backup of an older version is brought up to this one's schema.
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated to this version of Samlas.")
