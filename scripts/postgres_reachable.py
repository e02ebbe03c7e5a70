"""Exit 0 when the test PostgreSQL server answers, 1 otherwise (used by `make test`)."""

import os
import sys

import psycopg

url = os.environ.get("SAMLAS_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/samlas")
# The test run creates its own database; connecting to the maintenance database proves reachability.
maintenance = url.rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(maintenance, connect_timeout=3).close()
except psycopg.Error as exc:
    print(f"PostgreSQL at {maintenance}: {exc}", file=sys.stderr)
    sys.exit(1)
