"""Benchmark the Swedish search: query latency over 10,000 documents, SQLite and PostgreSQL.

    .venv/bin/python bench/search.py [--documents 10000] [--duration 10]
                                     [--databases sqlite,postgresql]

For each database it builds a throwaway instance (a temporary SAMLAS_VAR_DIR; on PostgreSQL
also a database `samlas_bench_search` that it creates and drops), migrates it and writes
`--documents` search entries of generated Swedish text about crime prevention (titles of a
few words, texts of 60–400 words, one in twenty a lecture transcript of 3,000 words) through
the indexing code, so that the full-text tables and indexes are the real ones. Then it runs
a fixed mix of queries (single words, compounds, inflections, two and three words, with and
without a theme or type filter) round after round for `--duration` seconds, timing what the
search page does: matching, ranking and highlighting the first page of 20. As a reference,
measured in the same run on the same data, it times the naive search a Django admin does
(`icontains` on title and text for every word, newest first, 20 rows): the ratio is what
the full-text machinery buys. It stops what it started and ends with one JSON line.

PostgreSQL is reached at SAMLAS_BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/postgres, used only to create and drop the database);
when it is not reachable that half is skipped with a loud line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "samlas_bench_search"
PAGE = 20
SEED = 20261121

# (query, type group, theme index or None)
QUERIES = [
    ("brott", "", None),
    ("konferenser", "", None),
    ("förebyggande", "", None),
    ("trygghetsvandringar", "", None),
    ("våld i nära relationer", "", None),
    ("unga kriminalitet", "", None),
    ("socialtjänsten samverkan polisen", "", None),
    ("lägesbilder", "documents", None),
    ("narkotika", "", 2),
    ("medborgardialoger", "recordings", None),
    ("skolkuratorn", "", 4),
    ("hedersrelaterat förtryck", "", None),
]
THEMES = [
    "Våld i nära relationer",
    "Unga och kriminalitet",
    "Narkotika",
    "Trygghet i offentlig miljö",
    "Skola och fritid",
    "Brottsförebyggande arbete i kommunen",
]
# Words of the crime-prevention domain, most common first (a Zipf distribution picks them).
_DOMAIN = """
brottsförebyggande trygghet polisen kommunen samverkan socialtjänsten lägesbild unga
skolan våld brott insatser länsstyrelsen regionen trygghetsvandring brottsoffer narkotika
relationer medborgardialog otrygghet gängkriminalitet konferens seminarium föreläsning
hedersrelaterat förtryck kriminalitet droger alkohol fritidsgård föräldraskapsstöd
fältassistenter belysning parker centrum stadsdel bostadsområde fastighetsägare
medborgarlöfte handlingsplan samverkansöverenskommelse kartläggning uppföljning
utvärdering prevention situationell drogförebyggande våldsprevention brottsofferjouren
kvinnojouren orosanmälan vårdnadshavare ungdomsmottagning skolkurator elevhälsa
kameraövervakning ordningsvakter trafiksäkerhet klotter skadegörelse inbrott stölder
bedrägerier nätbrott hatbrott rån misshandel hot ofredande våldsbejakande extremism
radikalisering rekrytering kriminella nätverk avhopparverksamhet återfall frivård
kriminalvård anhöriga barnahus stödcentrum hälso sjukvård psykiatri beroendevård
socialsekreterare samordnare utredare forskare kriminolog
"""
DOMAIN = _DOMAIN.split()
KINDS = ["event", "item", "seminar", "person", "recording", "document", "example", "body"]


def vocabulary() -> list[str]:
    """Everyday Swedish words: those of Django's own Swedish catalogue, in a fixed order."""
    import re

    import django

    catalogue = Path(django.__file__).parent / "conf/locale/sv/LC_MESSAGES/django.po"
    text = " ".join(
        line[7:] for line in catalogue.read_text().splitlines() if line.startswith("msgstr")
    )
    words = sorted({word.lower() for word in re.findall(r"[^\W\d_]{3,}", text)})
    random.Random(SEED).shuffle(words)
    return words


class Writer:
    """Sentences of everyday words, stop words and domain words, each drawn by Zipf's law."""

    def __init__(self, rng: random.Random) -> None:
        from samlas.archive.search import STOPWORDS

        self.rng = rng
        self.stopwords = sorted(STOPWORDS)
        self.words = vocabulary()
        self.word_weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.domain_weights = [1 / (rank + 1) for rank in range(len(DOMAIN))]

    def word(self, domain_share: float) -> str:
        draw = self.rng.random()
        if draw < domain_share:
            return self.rng.choices(DOMAIN, self.domain_weights)[0]
        if draw < domain_share + 0.35:
            return self.rng.choice(self.stopwords)
        return self.rng.choices(self.words, self.word_weights)[0]

    def sentence(self) -> str:
        words = [self.word(0.12) for _ in range(self.rng.randint(6, 16))]
        return " ".join(words).capitalize() + "."

    def title(self) -> str:
        return " ".join(self.word(0.5) for _ in range(self.rng.randint(3, 7))).capitalize()


def document(writer: Writer, number: int) -> tuple[str, str, str]:
    kind = KINDS[number % len(KINDS)]
    # One recording in twenty has a transcript of about 3,000 words.
    long = kind == "recording" and number % 20 == 4
    sentences = 270 if long else writer.rng.randint(4, 30)
    return kind, writer.title(), " ".join(writer.sentence() for _ in range(sentences))


def seed(documents: int) -> None:
    """Runs inside the benchmark's environment: the corpus."""
    from django.db import transaction

    from samlas.archive import indexing
    from samlas.events.models import Theme

    themes = [
        Theme.objects.create(name=name, slug=f"bench-{index}") for index, name in enumerate(THEMES)
    ]
    writer = Writer(random.Random(SEED))
    batch = 500
    for start in range(0, documents, batch):
        rows = []
        for number in range(start, min(start + batch, documents)):
            kind, title, body = document(writer, number)
            data = indexing.EntryData(
                title=title,
                body=body,
                url=f"/{kind}/{number}/",
                is_public=number % 50 != 0,
                theme_ids=(themes[(number * 7) % len(themes)].pk,),
            )
            rows.append((kind, number, data))
        with transaction.atomic():
            indexing.bulk_write(rows)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def measure(duration: float) -> dict:
    """Runs inside the benchmark's environment: time both searches, round after round."""
    from django.db import connection
    from django.db.models import Q

    from samlas.archive import search
    from samlas.archive.models import SearchEntry
    from samlas.events.models import Theme

    themes = list(Theme.objects.filter(slug__startswith="bench-").order_by("slug"))

    def ours(text: str, group: str, theme) -> int:
        results = search.search(text, group=group, theme_id=theme.pk if theme else None)
        search.hits(results.matches[:PAGE], results.terms)
        return results.total

    def naive(text: str, group: str, theme) -> int:
        rows = SearchEntry.objects.filter(is_public=True)
        for word in text.split():
            rows = rows.filter(Q(title__icontains=word) | Q(body__icontains=word))
        if group:
            rows = rows.filter(kind__in=search.TypeGroup.KINDS[group])
        if theme:
            rows = rows.filter(themes=theme)
        return len(list(rows.order_by("-date", "pk")[:PAGE]))

    totals = {
        text: ours(text, group, themes[i] if i is not None else None) for text, group, i in QUERIES
    }
    timings: dict[str, list[float]] = {"search": [], "naive": []}
    deadline = time.monotonic() + duration
    rounds = 0
    while time.monotonic() < deadline or rounds < 3:
        for text, group, index in QUERIES:
            theme = themes[index] if index is not None else None
            for name, run in (("search", ours), ("naive", naive)):
                started = time.perf_counter()
                run(text, group, theme)
                timings[name].append((time.perf_counter() - started) * 1000)
        rounds += 1
    return {
        "vendor": connection.vendor,
        "queries": len(timings["search"]),
        "matches": totals,
        **{
            f"{name}_{stat}": round(value, 2)
            for name, samples in timings.items()
            for stat, value in (
                ("p50_ms", statistics.median(samples)),
                ("p95_ms", percentile(samples, 0.95)),
            )
        },
    }


def inner(documents: int, duration: float) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samlas.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    seed(documents)
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = measure(duration)
    result["documents"] = documents
    result["index_seconds"] = round(seconds, 1)
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)


@contextmanager
def postgres_database(admin_url: str):
    import psycopg

    def run(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as connection:
            connection.execute(sql)

    run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    run(f"CREATE DATABASE {BENCH_DB}")
    try:
        yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{BENCH_DB}"))
    finally:
        run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def postgres_reachable(admin_url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=3):
            return True
    except Exception:  # any failure means: not reachable
        return False


def run_on(database_url: str, documents: int, duration: float) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="samlas-bench-search-"))
    env = {**os.environ, "SAMLAS_VAR_DIR": str(var_dir), "DEBUG": "0", "LOG_LEVEL": "ERROR"}
    env["SECRET_KEY"] = "bench-" + os.urandom(16).hex()
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    try:
        output = subprocess.run(
            [PYTHON, __file__, "--inner", "--documents", str(documents),
             "--duration", str(duration)],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
            timeout=duration * 4 + 900,
        ).stdout  # fmt: skip
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument(
        "--duration", type=float, default=10.0, help="seconds of queries per database"
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.documents, args.duration)
        return

    admin_url = os.environ.get(
        "SAMLAS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    results = []
    for database in args.databases.split(","):
        print(f"… {database}: indexing {args.documents} documents, then querying for "
              f"{args.duration:.0f} s", flush=True)  # fmt: skip
        if database == "sqlite":
            results.append(run_on("", args.documents, args.duration))
        elif postgres_reachable(admin_url):
            with postgres_database(admin_url) as url:
                results.append(run_on(url, args.documents, args.duration))
        else:
            print("!!! PostgreSQL NOT REACHABLE: its half of the benchmark is SKIPPED !!!")

    print()
    print(f"Search over {args.documents} documents: latency per query, first page of {PAGE}")
    print(f"{'database':<12}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'naive p50':>11}{'naive p95':>11}{'p50 ratio':>11}{'indexing s':>12}")  # fmt: skip
    for r in results:
        ratio = r["naive_p50_ms"] / r["search_p50_ms"] if r["search_p50_ms"] else 0
        print(f"{r['vendor']:<12}{r['queries']:>9}{r['search_p50_ms']:>9.1f}"
              f"{r['search_p95_ms']:>9.1f}{r['naive_p50_ms']:>11.1f}{r['naive_p95_ms']:>11.1f}"
              f"{ratio:>10.1f}x{r['index_seconds']:>12.1f}")  # fmt: skip
    if len(results) == 2 and results[0]["matches"] != results[1]["matches"]:
        print("!!! The databases found different numbers of matches:")
        for text in results[0]["matches"]:
            print(f"    {text!r}: {results[0]['matches'][text]} / {results[1]['matches'][text]}")
    elif len(results) == 2:
        print("Both databases found the same number of matches for every query.")
    print("(ratio: the naive icontains search's p50 over ours; higher is better)")
    figures = {
        "benchmark": "search",
        "documents": args.documents,
        **{
            f"{r['vendor']}_{key}": r[key]
            for r in results
            for key in ("search_p50_ms", "search_p95_ms", "naive_p50_ms", "naive_p95_ms")
        },
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
