"""Full-text machinery of `SearchEntry` and `SearchWord`, different per database.

PostgreSQL: generated tsvector columns in the `swedish` configuration (`search_vector`: title
weight A, text weight B; `title_vector`: the title alone) with a GIN index, and a pg_trgm
GIN index on `SearchWord.word` for finding words inside words. SQLite: an external-content
FTS5 table on the pre-stemmed columns (unicode61, diacritics kept: å, ä and ö are letters of
their own) and an FTS5 trigram table on the words, both kept in step by triggers.
docs/search.md explains the design.
"""

from django.db import migrations

ENTRIES = "archive_searchentry"
WORDS = "archive_searchword"

POSTGRESQL_FORWARD = [
    # A trusted extension since PostgreSQL 13: the database owner may create it. It stays
    # when migrating backwards, as other code may use it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""ALTER TABLE {ENTRIES} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('pg_catalog.swedish'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('pg_catalog.swedish'::regconfig, coalesce(body, '')), 'B')
    ) STORED""",
    f"""ALTER TABLE {ENTRIES} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('pg_catalog.swedish'::regconfig, coalesce(title, ''))
    ) STORED""",
    f"CREATE INDEX archive_search_vector_idx ON {ENTRIES} USING gin (search_vector)",
    f"CREATE INDEX archive_search_word_trgm ON {WORDS} USING gin (word gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS archive_search_word_trgm",
    "DROP INDEX IF EXISTS archive_search_vector_idx",
    f"ALTER TABLE {ENTRIES} DROP COLUMN IF EXISTS title_vector",
    f"ALTER TABLE {ENTRIES} DROP COLUMN IF EXISTS search_vector",
]


def _sqlite_fts(name: str, table: str, columns: list[str], options: str) -> list[str]:
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    delete = f"INSERT INTO {name}({name}, rowid, {listed}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {name}(rowid, {listed}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5({listed}, content='{table}', "
        f"content_rowid='id', {options})",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


FTS_TABLES = ("archive_search_stems", "archive_search_words")
SQLITE_FORWARD = [
    *_sqlite_fts(
        "archive_search_stems",
        ENTRIES,
        ["title_stems", "body_stems"],
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3 4'",
    ),
    *_sqlite_fts("archive_search_words", WORDS, ["word"], "tokenize='trigram case_sensitive 1'"),
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}_{event}"
    for name in FTS_TABLES
    for event in ("insert", "delete", "update")
] + [f"DROP TABLE IF EXISTS {name}" for name in FTS_TABLES]


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
