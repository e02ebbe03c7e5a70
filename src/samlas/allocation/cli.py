"""File-in/file-out command line for the seat allocation solver.

    python -m samlas.allocation.cli --input instance.json [--output result.json] [--seed N]
    python -m samlas allocate ...            (the same, as a Django management command)

Why a CLI: organisers' previews run as background tasks, but the solver must also be runnable
and checkable on its own (tests, benchmarks, an auditor re-running a published allocation).
Exit codes: 0 done, 2 unusable input (unreadable file, bad JSON, invalid instance; the message
names the offending entry on stderr), 1 the result could not be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from samlas.allocation.instance import InvalidInstance
from samlas.allocation.solver import allocate

USAGE_ERROR = 2
WRITE_ERROR = 1


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI; returns the exit code instead of exiting (the caller decides)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="samlas allocate",
        description="Allocate seminar seats from ranked choices (see docs/allocation.md).",
    )
    parser.add_argument("--input", required=True, help="instance JSON file, '-' for stdin")
    parser.add_argument("--output", default="-", help="result JSON file, '-' (default) = stdout")
    parser.add_argument("--seed", type=int, help="lottery seed; overrides the instance's seed")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR

    source = "standard input" if args.input == "-" else args.input
    try:
        if args.input == "-":
            instance = json.load(stdin)
        else:
            with open(args.input, encoding="utf-8") as handle:
                instance = json.load(handle)
    except OSError as exc:
        print(f"error: cannot read {source}: {exc.strerror or exc}", file=stderr)
        return USAGE_ERROR
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"error: {source} is not valid JSON: {exc}", file=stderr)
        return USAGE_ERROR
    try:
        result = allocate(instance, seed=args.seed)
    except InvalidInstance as exc:
        print(f"error: invalid instance: {exc}", file=stderr)
        return USAGE_ERROR

    text = json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"
    if args.output == "-":
        stdout.write(text)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=stderr)
        return WRITE_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
