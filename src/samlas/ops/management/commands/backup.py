"""`python -m samlas backup`: database and uploaded files into one .tar.gz (samlas.ops.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samlas.ops.backup import BackupError, create_backup, default_backup_path


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into one archive, online."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: $SAMLAS_VAR_DIR/backups/samlas-<UTC time>.tar.gz).",
        )
        parser.add_argument("--no-media", action="store_true", help="Leave the uploaded files out.")

    def handle(self, *args, output: Path | None = None, no_media: bool = False, **options):
        try:
            result = create_backup(output or default_backup_path(), include_media=not no_media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written: {result.path} ({result.vendor}, {result.media_files} uploaded "
            f"file(s), {result.size / 1_000_000:.1f} MB)."
        )
