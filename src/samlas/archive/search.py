"""Swedish search over one denormalised table, with the same answers on PostgreSQL and SQLite.

A query is split into words; stop words and one-letter words are dropped. A document
matches when it matches EVERY word (when nothing does, the search is retried with ANY word,
and the page says so). A document matches a word when either

1. one of its words has a Snowball stem starting with the query word's stem (a prefix
   match on stems: "konferenser" → "konferens", finding "konferensen"); when stemming the
   stem once more still leaves five letters or more, that shorter stem is used, because
   Snowball is inconsistent on plurals ("konferens" → "konfer", "konferenser" →
   "konferens"); or
2. the stem, when it has four letters or more, occurs anywhere in its case-folded text (a
   substring match, for compounds: "brott" in "brottsförebyggande", "förebygg" in
   "drogförebyggande").

PostgreSQL answers (1) from a `tsvector` built with the `swedish` configuration (GIN index)
and a prefix `tsquery`, and (2) with LIKE on a `pg_trgm` GIN index. SQLite answers (1) from an
FTS5 table of stems computed here with the same Snowball algorithm (snowballstemmer 2.2.0
gives exactly PostgreSQL 15's stems, stop words included) and (2) from an FTS5 table with the
trigram tokenizer. Ranking: documents with more of the words at the start of a title word
come first, then by the database's own relevance (`ts_rank` with title weighted A and text B; `bm25` with the
title weighted higher; both count only stem matches, so a word found only inside another,
"brott" in "strömavbrott", ranks after every document where it begins a word), then the
newest. Highlighting is done here, the same way for both:
the text is escaped first, then matching words are wrapped in <mark>.

docs/search.md explains the choices and how to rebuild the index.
"""

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from samlas.archive.models import SearchEntry, SearchKind

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
TEXT_TABLE = "archive_search_text"

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


def parse_query(text: str) -> list[Term]:
    terms: list[Term] = []
    seen: set[str] = set()
    for word in words(text[:MAX_QUERY_LENGTH]):
        if len(word) < MIN_WORD or word in STOPWORDS or word in seen:
            continue
        seen.add(word)
        first = stem(word)
        second = stem(first)
        if second == first or len(second) < MIN_SECOND_STEM:
            prefixes: tuple[str, ...] = (first,)
        elif first.startswith(second):
            prefixes = (second,)
        else:
            prefixes = (first, second)
        substring = first if len(first) >= MIN_SUBSTRING else ""
        terms.append(Term(word, prefixes, substring))
        if len(terms) == MAX_TERMS:
            break
    return terms


# --- Matching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    id: int
    kind: str
    title: str
    score: float


def _themes_table() -> tuple[str, str, str]:
    through = SearchEntry.themes.through._meta
    return (
        through.db_table,
        through.get_field("searchentry").column,
        through.get_field("theme").column,
    )


def _theme_filter(theme_id: int | None) -> tuple[str, list]:
    if theme_id is None:
        return "", []
    table, entry_column, theme_column = _themes_table()
    return (
        f" AND e.id IN (SELECT {entry_column} FROM {table} WHERE {theme_column} = %s)",
        [theme_id],
    )


def _postgresql_sql(terms: list[Term], every: bool, theme_id: int | None) -> tuple[str, list]:
    def tsquery(prefixes) -> str:
        return " | ".join(f"{prefix}:*" for prefix in prefixes)

    conditions, params = [], []
    for term in terms:
        parts = ["e.search_vector @@ to_tsquery('simple', %s)"]
        params.append(tsquery(term.prefixes))
        if term.substring:
            parts.append("e.haystack LIKE %s")
            params.append(f"%{term.substring}%")
        conditions.append("(" + " OR ".join(parts) + ")")
    theme_sql, theme_params = _theme_filter(theme_id)
    everything = tsquery(prefix for term in terms for prefix in term.prefixes)
    sql = (
        "SELECT e.id, e.kind, e.title,"
        " ts_rank(e.search_vector, to_tsquery('simple', %s)) AS score"
        f" FROM {SearchEntry._meta.db_table} e"
        " WHERE e.is_public AND ("
        + (" AND " if every else " OR ").join(conditions)
        + ")"
        + theme_sql
        + " ORDER BY score DESC, e.date DESC NULLS LAST, e.id"
    )
    return sql, [everything, *params, *theme_params]


def _sqlite_sql(terms: list[Term], every: bool, theme_id: int | None) -> tuple[str, list]:
    def prefix_match(prefixes) -> str:
        return " OR ".join(f'"{prefix}"*' for prefix in prefixes)

    conditions, params = [], []
    for term in terms:
        parts = [f"e.id IN (SELECT rowid FROM {STEMS_TABLE} WHERE {STEMS_TABLE} MATCH %s)"]
        params.append(prefix_match(term.prefixes))
        if term.substring:
            parts.append(f"e.id IN (SELECT rowid FROM {TEXT_TABLE} WHERE {TEXT_TABLE} MATCH %s)")
            params.append(f'"{term.substring}"')
        conditions.append("(" + " OR ".join(parts) + ")")
    theme_sql, theme_params = _theme_filter(theme_id)
    everything = prefix_match(prefix for term in terms for prefix in term.prefixes)
    sql = (
        "SELECT e.id, e.kind, e.title, COALESCE(r.score, 0.0) AS score"
        f" FROM {SearchEntry._meta.db_table} e"
        f" LEFT JOIN (SELECT rowid AS id, -bm25({STEMS_TABLE}, 4.0, 1.0) AS score"
        f" FROM {STEMS_TABLE} WHERE {STEMS_TABLE} MATCH %s) r ON r.id = e.id"
        " WHERE e.is_public AND ("
        + (" AND " if every else " OR ").join(conditions)
        + ")"
        + theme_sql
        + " ORDER BY score DESC, e.date DESC NULLS LAST, e.id"
    )
    return sql, [everything, *params, *theme_params]


def title_hits(title: str, terms: list[Term]) -> int:
    """How many of the terms begin a word of the title."""
    title_words = words(title)
    return sum(1 for term in terms if any(term.begins_word(word) for word in title_words))


def find(terms: list[Term], *, every: bool = True, theme_id: int | None = None) -> list[Match]:
    """Every public entry matching the terms, best first."""
    if not terms:
        return []
    build = _postgresql_sql if connection.vendor == "postgresql" else _sqlite_sql
    sql, params = build(terms, every, theme_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    matches = [Match(row[0], row[1], row[2], float(row[3])) for row in rows]
    # A stable sort keeps the database's order (relevance, then newest) within each tier.
    matches.sort(key=lambda match: -title_hits(match.title, terms))
    return matches


# --- Highlighting -------------------------------------------------------------------------


def _matching(word: str, terms: list[Term]) -> bool:
    folded = fold(word)
    return any(term.matches_word(folded) for term in terms)


def highlight(text: str, terms: list[Term]) -> SafeString:
    """The text, escaped, with each matching word in <mark>."""
    parts, last = [], 0
    for found in WORD.finditer(text):
        if _matching(found.group(), terms):
            parts.append(escape(text[last : found.start()]))
            parts.append(f"<mark>{escape(found.group())}</mark>")
            last = found.end()
    parts.append(escape(text[last:]))
    # Every piece above is escaped.
    return mark_safe("".join(parts))


def snippet(text: str, terms: list[Term]) -> SafeString:
    """About thirty words of the text around its first match, highlighted."""
    scanned = text[:SNIPPET_SCAN]
    spans = [found.span() for found in WORD.finditer(scanned)]
    if not spans:
        return mark_safe("")
    first = next(
        (i for i, (start, end) in enumerate(spans) if _matching(scanned[start:end], terms)), 0
    )
    begin = max(first - SNIPPET_LEAD, 0)
    end = min(begin + SNIPPET_WORDS, len(spans))
    piece = " ".join(scanned[spans[begin][0] : spans[end - 1][1]].split())
    lead = "… " if begin > 0 else ""
    tail = " …" if end < len(spans) or len(text) > len(scanned) else ""
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
    matches: list[Match]
    # Matches per type group before the type filter, for the filter's counts.
    counts: dict[str, int] = field(default_factory=dict)
    every_word: bool = True

    @property
    def total(self) -> int:
        return len(self.matches)


def search(text: str, *, group: str = "", theme_id: int | None = None) -> Results:
    """Matches for a query, narrowed to a type group and a theme; retried with any word."""
    terms = parse_query(text)
    matches = find(terms, theme_id=theme_id)
    every = True
    if not matches and len(terms) > 1:
        matches, every = find(terms, every=False, theme_id=theme_id), False
    counts = Counter(TypeGroup.OF_KIND[match.kind] for match in matches)
    if group in TypeGroup.KINDS:
        kinds = TypeGroup.KINDS[group]
        matches = [match for match in matches if match.kind in kinds]
    return Results(terms=terms, matches=matches, counts=dict(counts), every_word=every)


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
