"""Full-text machinery of `SearchEntry`, different per database (docs/search.md).

PostgreSQL: a generated tsvector column in the `swedish` configuration (title weight A,
text weight B) with a GIN index, and a pg_trgm GIN index on `haystack` for substring
matches. SQLite: two external-content FTS5 tables kept in step by triggers, one on the
pre-stemmed columns (unicode61, diacritics kept: å, ä and ö are letters of their own) and
one with the trigram tokenizer on `haystack`.
"""

from django.db import migrations

TABLE = "archive_searchentry"

POSTGRESQL_FORWARD = [
    # A trusted extension since PostgreSQL 13: the database owner may create it. It stays
    # when migrating backwards, as other code may use it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('pg_catalog.swedish'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('pg_catalog.swedish'::regconfig, coalesce(body, '')), 'B')
    ) STORED""",
    f"CREATE INDEX archive_search_vector_idx ON {TABLE} USING gin (search_vector)",
    f"CREATE INDEX archive_search_haystack_trgm ON {TABLE} USING gin (haystack gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS archive_search_haystack_trgm",
    "DROP INDEX IF EXISTS archive_search_vector_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _sqlite_fts(name: str, columns: list[str], options: str) -> list[str]:
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    delete = f"INSERT INTO {name}({name}, rowid, {listed}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {name}(rowid, {listed}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5({listed}, content='{TABLE}', "
        f"content_rowid='id', {options})",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {TABLE} BEGIN {delete} {insert} END",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


SQLITE_FORWARD = [
    *_sqlite_fts(
        "archive_search_stems",
        ["title_stems", "body_stems"],
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3 4'",
    ),
    *_sqlite_fts("archive_search_text", ["haystack"], "tokenize='trigram case_sensitive 1'"),
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}_{event}"
    for name in ("archive_search_stems", "archive_search_text")
    for event in ("insert", "delete", "update")
] + ["DROP TABLE IF EXISTS archive_search_stems", "DROP TABLE IF EXISTS archive_search_text"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
