"""The database cache table (CACHES without REDIS_URL), so that `migrate` is the one step.

`createcachetable` is idempotent and creates nothing when the caches are in Redis.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
