"""`python -m samlas rebuild_search_index`: recreate the search index from the database.

Needed after restoring a backup made without the index, after bulk changes made outside
Django (SQL scripts), or to be sure after an upgrade that changed what is indexed.
"""

import time

from django.core.management.base import BaseCommand

from samlas.archive import indexing


class Command(BaseCommand):
    help = "Recreate the search index (events, programme, people, recordings, documents, …)."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        count = indexing.rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} entries in {time.perf_counter() - started:.1f} s.")
        )
