"""On PostgreSQL the database itself refuses two items in one room at overlapping times.

An exclusion constraint needs btree_gist (a trusted extension since PostgreSQL 13, so the
database owner may create it). It is deferred to the end of the transaction so that a
service may move several items one by one. SQLite has no equivalent; there the rule is kept
by `samlas.programme.validation`, which runs on both databases anyway.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE programme_programmeitem ADD CONSTRAINT item_room_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange("start", "end") WITH &&)
    WHERE (room_id IS NOT NULL) DEFERRABLE INITIALLY DEFERRED;
"""
DROP = "ALTER TABLE programme_programmeitem DROP CONSTRAINT IF EXISTS item_room_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("programme", "0002_constraints_and_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
