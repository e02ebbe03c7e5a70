"""`python tests/ops/run_worker.py [--lease S] [--first-retry S] [--longest-retry S] -- ARGS`

`python -m samlas db_worker ARGS` with the outbox's lease and back-off shortened, so that the
fault tests see in seconds what takes minutes in production (a lease of five minutes, a
first retry after one). Nothing else differs from the production worker.
"""

import argparse
import os
import sys
from datetime import timedelta

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lease", type=float)
    parser.add_argument("--first-retry", type=float)
    parser.add_argument("--longest-retry", type=float)
    parser.add_argument("worker_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samlas.settings")
    django.setup()
    from django.core.management import call_command

    from samlas.registration import outbox

    if args.lease is not None:
        outbox.LEASE = timedelta(seconds=args.lease)
    if args.first_retry is not None:
        outbox.FIRST_RETRY = timedelta(seconds=args.first_retry)
    if args.longest_retry is not None:
        outbox.LONGEST_RETRY = timedelta(seconds=args.longest_retry)
    worker_args = [a for a in args.worker_args if a != "--"]
    sys.exit(call_command("db_worker", *worker_args))


if __name__ == "__main__":
    main()
