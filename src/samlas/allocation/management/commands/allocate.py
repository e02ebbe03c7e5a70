"""``python -m samlas allocate``: the allocation CLI as a Django management command.

Everything is delegated to :func:`samlas.allocation.cli.main`, so the command and the
standalone ``python -m samlas.allocation.cli`` behave (and exit) the same way.
"""

from __future__ import annotations

import io
import sys

from django.core.management.base import BaseCommand, CommandError

from samlas.allocation.cli import main


class Command(BaseCommand):
    help = "Allocate seminar seats from a JSON instance (see docs/allocation.md)."

    def run_from_argv(self, argv: list[str]) -> None:
        """Hand the raw arguments to the CLI and exit with its code (2 = bad input)."""
        code = main(argv[2:])
        if code:
            sys.exit(code)

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", required=True)
        parser.add_argument("--output", default="-")
        parser.add_argument("--seed", type=int)

    def handle(self, *args, **options) -> None:
        """For ``call_command``: same CLI, output through the command's streams."""
        argv = ["--input", options["input"], "--output", options["output"]]
        if options.get("seed") is not None:
            argv += ["--seed", str(options["seed"])]
        out, err = io.StringIO(), io.StringIO()
        code = main(argv, stdout=out, stderr=err)
        if out.getvalue():
            self.stdout.write(out.getvalue(), ending="")
        if code:
            raise CommandError(err.getvalue().strip(), returncode=code)
