"""Swedish search over one denormalised table, with the same answers on PostgreSQL and SQLite.

A query is split into words; stop words and one-letter words are dropped. A document
matches when it matches EVERY word (when nothing does, the search is retried with ANY word,
and the page says so). A document matches a word when one of its words

1. has a Snowball stem that begins with the query word's stem (a prefix match on stems:
   "konferenser" → "konferens", finding "konferensen"). Snowball is inconsistent on some
   forms, so a second, shorter prefix is used where it still says something: the stem of
   the stem when that keeps five letters ("konferens" → "konfer"), and, for a word Snowball
   leaves alone, the stem without a definite ending -n or -t ("skolan" → "skol",
   "kuratorn" → "kurator", "rådet" → "råd"); or
2. contains the query word's stem, when that has four letters or more (compounds: "brott"
   in "brottsförebyggande", "förebygg" in "drogförebyggande"). Such words are looked up in
   the vocabulary of indexed words (`SearchWord`, with a trigram index) and their stems join
   the full-text query as exact terms, at most `MAX_EXPANSION` of them per query word.

So every search is one full-text query: on PostgreSQL a `tsquery` (with the `simple`
configuration, since the stems are made here) against a `tsvector` in the `swedish`
configuration with a GIN index; on SQLite an FTS5 query against a table of stems made here
with the same Snowball algorithm (snowballstemmer 2.2.0 gives exactly PostgreSQL 15's
stems, stop words included; a test checks it). Ranking, in the database: documents where
more of the query words begin a title word come first, then by the database's relevance
(`ts_rank`, title weighted A and text B; `bm25`, title weighted 4:1), then the newest.
Highlighting is done here, the same way for both: the text is escaped first, then matching
words are wrapped in <mark>.

docs/search.md explains the choices and how to rebuild the index.
"""

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

import snowballstemmer
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from samlas.archive.models import SearchEntry, SearchKind, SearchWord

WORD = re.compile(r"[^\W_]+")
MIN_WORD = 2
MIN_SUBSTRING = 4
MIN_SECOND_STEM = 5
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 32
SNIPPET_LEAD = 8
# Long transcripts are only scanned this far for a snippet.
SNIPPET_SCAN = 100_000

STEMS_TABLE = "archive_search_stems"
WORDS_TABLE = "archive_search_words"
# Compound words taken into a query per query word; more would make the query slow.
MAX_EXPANSION = 300
MAX_WORD = 100
NO_LIMIT = 2**31 - 1
# Letters before a definite -n: "skolan", "kuratorn".
DEFINITE_N = frozenset("aeiouyåäör")
MIN_DEFINITE_STEM = 3

# PostgreSQL's (Snowball's) Swedish stop words, tsearch_data/swedish.stop: removed from
# queries and from SQLite's stems exactly as PostgreSQL removes them from its vectors.
_STOPWORD_LIST = """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av
    icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom
    mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra
    ert era vilkas"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())


class TypeGroup:
    """What the type filter offers, each a set of entry kinds."""

    EVENTS = "events"
    PROGRAMME = "programme"
    PEOPLE = "people"
    RECORDINGS = "recordings"
    DOCUMENTS = "documents"
    EXAMPLES = "examples"
    BODIES = "bodies"

    KINDS = {
        EVENTS: (SearchKind.EVENT,),
        PROGRAMME: (SearchKind.ITEM, SearchKind.SEMINAR),
        PEOPLE: (SearchKind.PERSON,),
        RECORDINGS: (SearchKind.RECORDING,),
        DOCUMENTS: (SearchKind.DOCUMENT,),
        EXAMPLES: (SearchKind.EXAMPLE,),
        BODIES: (SearchKind.BODY,),
    }
    LABELS = {
        EVENTS: _("Events"),
        PROGRAMME: _("Programme items"),
        PEOPLE: _("People"),
        RECORDINGS: _("Recordings"),
        DOCUMENTS: _("Documents"),
        EXAMPLES: _("Learning examples"),
        BODIES: _("Councils and networks"),
    }
    OF_KIND = {kind: group for group, kinds in KINDS.items() for kind in kinds}


# --- Text analysis ------------------------------------------------------------------------

_local = threading.local()


def _stemmer():
    # Snowball stemmer objects keep state between calls: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stems(text: str) -> str:
    """The text as PostgreSQL's `swedish` configuration sees it: stems, no stop words."""
    return " ".join(stem(word) for word in words(text) if word not in STOPWORDS)


@dataclass(frozen=True)
class Term:
    """One word of a query and the two ways a document may match it."""

    word: str
    prefixes: tuple[str, ...]
    substring: str  # "" when the stem is too short for a substring match

    def matches_word(self, folded_word: str) -> bool:
        if self.substring and self.substring in folded_word:
            return True
        return self.begins_word(folded_word)

    def begins_word(self, folded_word: str) -> bool:
        """A match at the start of the word: "brott" in "brottsoffer", not in "avbrott"."""
        word_stem = stem(folded_word)
        return any(word_stem.startswith(prefix) for prefix in self.prefixes)


def _prefixes(word: str) -> tuple[str, ...]:
    """The stem prefixes that stand for a query word (see the module's docstring)."""
    first = stem(word)
    candidates = [first]
    second = stem(first)
    if second != first and len(second) >= MIN_SECOND_STEM:
        candidates.append(second)
    if first == word and (word.endswith("et") or (word[-1] == "n" and word[-2] in DEFINITE_N)):
        # A definite form Snowball does not know: "kuratorn", "skolan", "rådet".
        shorter = stem(word[:-1])
        if len(shorter) >= MIN_DEFINITE_STEM:
            candidates.append(shorter)
    # A prefix that begins with another adds nothing.
    kept = [c for c in candidates if not any(c != o and c.startswith(o) for o in candidates)]
    return tuple(dict.fromkeys(kept))


def parse_query(text: str) -> list[Term]:
    terms: list[Term] = []
    seen: set[str] = set()
    for word in words(text[:MAX_QUERY_LENGTH]):
        if len(word) < MIN_WORD or word in STOPWORDS or word in seen:
            continue
        seen.add(word)
        first = stem(word)
        substring = first if len(first) >= MIN_SUBSTRING else ""
        terms.append(Term(word, _prefixes(word), substring))
        if len(terms) == MAX_TERMS:
            break
    return terms


def vocabulary(text: str) -> dict[str, str]:
    """The words of a text worth looking up inside (four letters or more), with stems."""
    return {
        word: stem(word)
        for word in set(words(text))
        if len(word) >= MIN_SUBSTRING and len(word) <= MAX_WORD and word not in STOPWORDS
    }


# --- Matching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    id: int
    kind: str


@dataclass(frozen=True)
class Query:
    """A parsed query with its compound words found, ready for either database."""

    terms: tuple[Term, ...]
    # Per term: stems of indexed words that contain it without beginning with it.
    inside: tuple[tuple[str, ...], ...]
    every: bool = True
    theme_id: int | None = None
    kinds: tuple[str, ...] = ()


def _words_containing(substring: str) -> list[str]:
    """Stems of vocabulary words containing `substring`, shortest first."""
    table = SearchWord._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"SELECT DISTINCT stem FROM {table} WHERE word LIKE %s"
        params = [f"%{substring}%"]
    else:
        sql = (
            f"SELECT DISTINCT w.stem FROM {WORDS_TABLE} f JOIN {table} w ON w.id = f.rowid"
            f" WHERE {WORDS_TABLE} MATCH %s"
        )
        params = [f'"{substring}"']
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted((row[0] for row in cursor.fetchall()), key=lambda s: (len(s), s))


def prepare(terms: list[Term], **options) -> Query:
    """Find each term's compound words; at most `MAX_EXPANSION` of them, shortest first, so
    that both databases get the same list."""
    inside = []
    for term in terms:
        found = _words_containing(term.substring) if term.substring else []
        new = [s for s in found if not any(s.startswith(p) for p in term.prefixes)]
        inside.append(tuple(new[:MAX_EXPANSION]))
    return Query(tuple(terms), tuple(inside), **options)


@dataclass(frozen=True)
class Expressions:
    """A query in one database's full-text syntax."""

    match: str  # every term, with its compound words
    titles: list[str]  # per term: its prefixes, in the title only
    relevance: str  # any term's prefixes: what the ranking counts


def _postgresql_expressions(query: Query) -> Expressions:
    def alternatives(prefixes, inside=()) -> str:
        return " | ".join([*(f"{p}:*" for p in prefixes), *inside])

    joiner = " & " if query.every else " | "
    return Expressions(
        match=joiner.join(
            f"({alternatives(t.prefixes, i)})"
            for t, i in zip(query.terms, query.inside, strict=True)
        ),
        titles=[alternatives(term.prefixes) for term in query.terms],
        relevance=alternatives(p for term in query.terms for p in term.prefixes),
    )


def _sqlite_expressions(query: Query) -> Expressions:
    def alternatives(prefixes, inside=()) -> str:
        return " OR ".join([*(f'"{p}"*' for p in prefixes), *(f'"{s}"' for s in inside)])

    joiner = " AND " if query.every else " OR "
    return Expressions(
        match=joiner.join(
            f"({alternatives(t.prefixes, i)})"
            for t, i in zip(query.terms, query.inside, strict=True)
        ),
        titles=[f"title_stems : ({alternatives(term.prefixes)})" for term in query.terms],
        relevance=alternatives(p for term in query.terms for p in term.prefixes),
    )


def _filters(query: Query, with_kinds: bool) -> tuple[str, list]:
    sql, params = "", []
    if query.theme_id is not None:
        through = SearchEntry.themes.through._meta
        entry_column = through.get_field("searchentry").column
        theme_column = through.get_field("theme").column
        sql += (
            f" AND e.id IN (SELECT {entry_column} FROM {through.db_table}"
            f" WHERE {theme_column} = %s)"
        )
        params.append(query.theme_id)
    if with_kinds and query.kinds:
        sql += f" AND e.kind IN ({', '.join(['%s'] * len(query.kinds))})"
        params.extend(query.kinds)
    return sql, params


def _matching(query: Query, with_kinds: bool) -> tuple[str, list]:
    """FROM … WHERE of the public entries that match, and its parameters (SQLite's FTS5
    table is `f`)."""
    entries = SearchEntry._meta.db_table
    filters, filter_params = _filters(query, with_kinds)
    if connection.vendor == "postgresql":
        match = _postgresql_expressions(query).match
        sql = f" FROM {entries} e WHERE e.is_public AND e.search_vector @@ to_tsquery('simple', %s)"
    else:
        match = _sqlite_expressions(query).match
        sql = (
            f" FROM {STEMS_TABLE} f JOIN {entries} e ON e.id = f.rowid"
            f" WHERE {STEMS_TABLE} MATCH %s AND e.is_public"
        )
    return sql + filters, [match, *filter_params]


@contextmanager
def _cursor():
    """A cursor; on PostgreSQL in a transaction that steers the planner to the GIN index.

    PostgreSQL costs matching a tsvector like any operator, but reading and matching every
    row's vector takes far longer than the index: with a tenth of the rows matching, it
    would scan the table (measured: 85 ms instead of 25 ms over 10,000 entries).
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield cursor
        # Inside an outer transaction the setting would outlive this block (a rollback to
        # the savepoint, on an error, undoes it by itself).
        cursor.execute("SET LOCAL enable_seqscan = on")


def count_by_kind(query: Query) -> dict[str, int]:
    if not query.terms:
        return {}
    sql, params = _matching(query, with_kinds=False)
    with _cursor() as cursor:
        cursor.execute(f"SELECT e.kind, COUNT(*){sql} GROUP BY e.kind", params)
        return dict(cursor.fetchall())


def _ranking(query: Query) -> tuple[str, str, list]:
    """The title tier and relevance columns, a join they need, and their parameters.

    Relevance counts only prefix matches: a word found inside another ("brott" in
    "strömavbrott") makes a document match but not rank.
    """
    if connection.vendor == "postgresql":
        expressions = _postgresql_expressions(query)
        titles = " + ".join(
            "(e.title_vector @@ to_tsquery('simple', %s))::int" for _ in expressions.titles
        )
        columns = f"{titles} AS title_hits, ts_rank(e.search_vector, to_tsquery('simple', %s))"
        return columns, "", [*expressions.titles, expressions.relevance]
    expressions = _sqlite_expressions(query)
    titles = " + ".join(
        f"(e.id IN (SELECT rowid FROM {STEMS_TABLE} WHERE {STEMS_TABLE} MATCH %s))"
        for _ in expressions.titles
    )
    if query.every and not any(query.inside):
        # Without compound words the match is the relevance query: rank it where it is.
        return (
            f"{titles} AS title_hits, -bm25({STEMS_TABLE}, 4.0, 1.0)",
            "",
            list(expressions.titles),
        )
    join = (
        f" LEFT JOIN (SELECT rowid AS id, -bm25({STEMS_TABLE}, 4.0, 1.0) AS score"
        f" FROM {STEMS_TABLE} WHERE {STEMS_TABLE} MATCH %s) r ON r.id = e.id"
    )
    columns = f"{titles} AS title_hits, COALESCE(r.score, 0.0)"
    return columns, join, [*expressions.titles, expressions.relevance]


def ranked(query: Query, offset: int = 0, limit: int | None = None) -> list[Match]:
    """The matches in rank order, `limit` of them from `offset`."""
    if not query.terms:
        return []
    sql, params = _matching(query, with_kinds=True)
    columns, join, ranking_params = _ranking(query)
    if join:
        # SQLite: the relevance subquery joins before WHERE.
        where = sql.index(" WHERE ")
        sql = sql[:where] + join + sql[where:]
    statement = (
        f"SELECT e.id, e.kind, {columns} AS score{sql}"
        " ORDER BY title_hits DESC, score DESC, e.date DESC NULLS LAST, e.id"
        " LIMIT %s OFFSET %s"
    )
    paging = [NO_LIMIT if limit is None else limit, offset]
    with _cursor() as cursor:
        cursor.execute(statement, [*ranking_params, *params, *paging])
        return [Match(row[0], row[1]) for row in cursor.fetchall()]


class Matches(Sequence):
    """The ranked matches of a query, fetched a page at a time (for Django's Paginator)."""

    def __init__(self, query: Query, total: int) -> None:
        self.query, self.total = query, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.total)
            if step != 1:
                raise ValueError("Matches are fetched in order only.")
            return ranked(self.query, offset=start, limit=max(stop - start, 0))
        if not 0 <= index < self.total:
            raise IndexError(index)
        return ranked(self.query, offset=index, limit=1)[0]

    def __iter__(self) -> Iterator[Match]:
        return iter(ranked(self.query))


# --- Highlighting -------------------------------------------------------------------------


def _highlighted(word: str, terms: list[Term]) -> bool:
    folded = fold(word)
    return any(term.matches_word(folded) for term in terms)


def highlight(text: str, terms: list[Term]) -> SafeString:
    """The text, escaped, with each matching word in <mark>."""
    parts, last = [], 0
    for found in WORD.finditer(text):
        if _highlighted(found.group(), terms):
            parts.append(escape(text[last : found.start()]))
            parts.append(f"<mark>{escape(found.group())}</mark>")
            last = found.end()
    parts.append(escape(text[last:]))
    # Every piece above is escaped.
    return mark_safe("".join(parts))


def _first_match(text: str, terms: list[Term]) -> int:
    """Where the first matching word of the text begins (0 when none does).

    Candidates are found with `str.find` on the folded text and confirmed word by word, so
    a long transcript is not stemmed word by word up to its first match.
    """
    folded = fold(text)
    if len(folded) != len(text):  # folding changed the length ("ß"): positions differ
        words_found = WORD.finditer(text)
        return next((w.start() for w in words_found if _highlighted(w.group(), terms)), 0)
    best = len(text)
    for needle in {n for term in terms for n in (term.substring, *term.prefixes) if n}:
        position = folded.find(needle, 0, best)
        while position != -1:
            word = WORD.search(text, _word_start(text, position))
            if word and word.start() < best and _highlighted(word.group(), terms):
                best = word.start()
                break
            position = folded.find(needle, position + 1, best)
    return 0 if best == len(text) else best


def _word_start(text: str, position: int) -> int:
    while position > 0 and WORD.match(text, position - 1):
        position -= 1
    return position


def snippet(text: str, terms: list[Term]) -> SafeString:
    """About thirty words of the text around its first match, highlighted."""
    scanned = text[:SNIPPET_SCAN]
    first = _first_match(scanned, terms)
    before = list(WORD.finditer(scanned, max(first - 40 * SNIPPET_LEAD, 0), first))
    if before and before[0].start() > 0 and WORD.match(scanned, before[0].start() - 1):
        before = before[1:]  # cut in the middle of a word
    before = before[-SNIPPET_LEAD:]
    after = list(islice(WORD.finditer(scanned, first), SNIPPET_WORDS - len(before)))
    if not after and not before:
        return mark_safe("")
    begin = before[0].start() if before else after[0].start()
    end = after[-1].end() if after else before[-1].end()
    piece = " ".join(scanned[begin:end].split())
    lead = "… " if WORD.search(scanned, 0, begin) else ""
    tail = " …" if WORD.search(scanned, end) or len(text) > len(scanned) else ""
    return mark_safe(f"{lead}{highlight(piece, terms)}{tail}")


# --- The search as the page asks it --------------------------------------------------------


@dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString

    @property
    def group(self) -> str:
        return TypeGroup.OF_KIND[self.entry.kind]


@dataclass
class Results:
    terms: list[Term]
    matches: Matches
    # Matches per type group before the type filter, for the filter's counts.
    counts: dict[str, int] = field(default_factory=dict)
    every_word: bool = True

    @property
    def total(self) -> int:
        return len(self.matches)


def search(text: str, *, group: str = "", theme_id: int | None = None) -> Results:
    """Matches for a query, narrowed to a type group and a theme; retried with any word."""
    terms = parse_query(text)
    kinds = TypeGroup.KINDS.get(group, ())
    query = prepare(terms, theme_id=theme_id, kinds=kinds)
    by_kind = count_by_kind(query)
    if not by_kind and len(terms) > 1:
        query = prepare(terms, every=False, theme_id=theme_id, kinds=kinds)
        by_kind = count_by_kind(query)
    counts = Counter()
    for kind, count in by_kind.items():
        counts[TypeGroup.OF_KIND[kind]] += count
    total = sum(count for kind, count in by_kind.items() if not kinds or kind in kinds)
    return Results(
        terms=terms,
        matches=Matches(query, total),
        counts=dict(counts),
        every_word=query.every,
    )


def hits(matches: list[Match], terms: list[Term]) -> list[Hit]:
    """The entries of one page of matches, highlighted, in the matches' order."""
    entries = SearchEntry.objects.in_bulk([match.id for match in matches])
    return [
        Hit(
            entry=entries[match.id],
            title=highlight(entries[match.id].title, terms),
            snippet=snippet(entries[match.id].body, terms),
        )
        for match in matches
        if match.id in entries
    ]
