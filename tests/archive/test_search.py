"""Swedish search on a small Swedish corpus: the same answers on SQLite and PostgreSQL.

The corpus is written to the index directly (as `indexing` would), once for the module;
the expectations are the same on both databases, which is the point.
"""

import pytest
from django.db import connection

from samlas.archive import indexing, search
from samlas.archive.models import SearchEntry, SearchKind, SearchWord
from samlas.events.models import Theme

# key: (kind, title, text)
CORPUS = {
    "skolan": (
        "event",
        "Brottsförebyggande arbete i skolan",
        "Skolor och socialtjänst samverkar för att förebygga brott bland unga.",
    ),
    "konferens": (
        "event",
        "Nationell konferens om trygghet",
        "Kommuner, regioner och polisen möts under två dagar.",
    ),
    "drog": (
        "item",
        "Drogförebyggande insatser i länet",
        "Insatser mot narkotika i länets kommuner.",
    ),
    "vandring": (
        "example",
        "Trygghetsvandringar i stadsdelen",
        "Boende och polis gick trygghetsvandringen tillsammans en kväll i mars.",
    ),
    "relationer": (
        "recording",
        "Våld i nära relationer",
        "Föreläsningen handlar om stöd till den som utsätts för våld i en nära relation.",
    ),
    "brottsoffer": (
        "document",
        "Stöd till brottsoffer",
        "Jouren berättar om stödet till den som har utsatts.",
    ),
    "many": (
        "document",
        "Lägesbild för länet",
        "Anmälda brott ökade. Brott mot barn minskade, men brott i nära relationer och "
        "brott på nätet ökade. Hälften av alla brott anmäldes aldrig.",
    ),
    "one": (
        "document",
        "Lägesbild för regionen",
        "Regionen redovisar statistik om anmälda brott, otrygghet och utsatthet under året "
        "som gick, med jämförelser mellan kommunerna i regionen och riket som helhet.",
    ),
    "serie": (
        "event",
        "Seminarieserie under hösten",
        "Tre konferenser och två seminarier för tjänstepersoner i kommunerna.",
    ),
    "person": ("person", "Anna Konferensdotter", "Samordnare, Länsstyrelsen"),
    "avbrott": ("event", "Strömavbrott i vintras", "Elen var borta i två dagar."),
}
# Words none of the searches below is about, so that the corpus is not only about them
# (SQLite's bm25 gives no weight to a word found in more than half of the documents).
FILLER = [
    "Belysning och gestaltning av offentliga platser",
    "Föreningslivets roll för ungas fritid",
    "Parkernas skötsel och trafiksäkerhet",
    "Budget och uppföljning av verksamheten",
    "Digital delaktighet för äldre",
    "Kollektivtrafik på landsbygden",
    "Idrottsföreningar och integration",
    "Biblioteken som mötesplats",
    "Cykelvägar mellan tätorterna",
    "Krisberedskap och reservkraft",
    "Öppna lekplatser i centrum",
    "Samhällsorientering för nyanlända",
]
HIDDEN = ("event", "Hemlig brottsplanering", "Ett utkast om brott som inte är publicerat.")


def _entry(kind: str, number: int, title: str, body: str, public: bool = True) -> SearchEntry:
    data = indexing.EntryData(title=title, body=body, url=f"/{kind}/{number}/", is_public=public)
    return indexing.bulk_write([(kind, number, data)])[0]


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The theme's id and the entries' ids by key; they stay for the whole module."""
    with django_db_blocker.unblock():
        theme = Theme.objects.create(name="Våld i nära relationer (sök)", slug="sok-vald")
        entries = {}
        for number, (key, (kind, title, body)) in enumerate(CORPUS.items(), start=1):
            entries[key] = _entry(kind, number, title, body).pk
        for number, title in enumerate(FILLER, start=100):
            _entry("event", number, title, "Text om något helt annat än sökorden.")
        entries["hidden"] = _entry(HIDDEN[0], 999, HIDDEN[1], HIDDEN[2], public=False).pk
        for key in ("relationer", "many"):
            SearchEntry.objects.get(pk=entries[key]).themes.add(theme)
        yield {"theme": theme.pk, "entries": entries}
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        theme.delete()


def keys(corpus: dict, query: str, **kwargs) -> list[str]:
    by_id = {pk: key for key, pk in corpus["entries"].items()}
    return [by_id.get(match.id, "?") for match in search.search(query, **kwargs).matches]


pytestmark = pytest.mark.django_db


def test_a_word_finds_the_compounds_it_begins(corpus):
    found = keys(corpus, "brott")
    assert {"skolan", "brottsoffer", "many", "one"} <= set(found)


def test_a_word_finds_the_compounds_it_ends(corpus):
    assert set(keys(corpus, "förebyggande")) == {"skolan", "drog"}
    assert set(keys(corpus, "vandring")) == {"vandring"}


def test_plural_and_definite_forms_find_each_other(corpus):
    assert set(keys(corpus, "konferenser")) == {"konferens", "serie", "person"}
    assert set(keys(corpus, "konferens")) == {"konferens", "serie", "person"}
    assert set(keys(corpus, "konferensen")) == {"konferens", "serie", "person"}
    assert set(keys(corpus, "trygghetsvandring")) == {"vandring"}
    assert set(keys(corpus, "insats")) == {"drog"}
    assert set(keys(corpus, "relation")) == {"relationer", "many"}
    assert set(keys(corpus, "skolorna")) == {"skolan"}
    assert set(keys(corpus, "skolan")) == {"skolan"}


def test_every_word_must_match(corpus):
    assert keys(corpus, "våld relationer") == ["relationer"]
    assert keys(corpus, "brott unga") == ["skolan"]
    assert keys(corpus, "Brott, barn!") == ["many"]


def test_when_no_document_has_all_the_words_any_word_will_do(corpus):
    results = search.search("brottsoffer xylofon")
    assert not results.every_word
    assert [m.id for m in results.matches] == [corpus["entries"]["brottsoffer"]]
    assert search.search("våld relationer").every_word


def test_titles_first_then_by_relevance(corpus):
    found = keys(corpus, "brott")
    assert set(found[:2]) == {"skolan", "brottsoffer"}  # "brott" begins a title word
    # Five mentions in a short text rank above one in a longer text …
    assert found[2:] == ["many", "one", "avbrott"]
    # … and "brott" inside "strömavbrott" is found, but after every real match.


def test_the_title_that_matches_more_words_comes_first(corpus):
    found = keys(corpus, "stöd våld")
    assert found[0] == "relationer"  # "Våld" in the title and "stöd" in the text
    found = keys(corpus, "lägesbild brott")
    assert found[:2] == ["many", "one"] or found[:2] == ["one", "many"]


def test_stop_words_and_single_letters_are_not_searched_for(corpus):
    assert search.parse_query("och att i") == []
    assert search.search("och").total == 0 and list(search.search("och").matches) == []
    assert [term.word for term in search.parse_query("Våld och i nära relationer")] == [
        "våld",
        "nära",
        "relationer",
    ]


def test_unpublished_entries_are_never_found(corpus):
    assert "hidden" not in keys(corpus, "brott")
    assert keys(corpus, "brottsplanering") == []


def test_results_narrow_to_a_type_and_count_each_type(corpus):
    results = search.search("brott")
    assert results.counts == {"events": 2, "documents": 3}
    narrowed = search.search("brott", group=search.TypeGroup.DOCUMENTS)
    assert {m.kind for m in narrowed.matches} == {SearchKind.DOCUMENT}
    assert narrowed.counts == results.counts  # the counts stay those of all types
    assert search.search("brott", group="bogus").total == results.total


def test_results_narrow_to_a_theme(corpus):
    assert set(keys(corpus, "brott", theme_id=corpus["theme"])) == {"many"}
    assert set(keys(corpus, "nära", theme_id=corpus["theme"])) == {"relationer", "many"}


def test_query_words_are_stemmed_as_postgresql_does():
    konferenser, insats, brott = search.parse_query("konferenser insats brott")
    assert konferenser.prefixes == ("konfer",) and konferenser.substring == "konferens"
    # Stemming "insat" again would leave "ins", which is too short to mean anything.
    assert insats.prefixes == ("insat",)
    assert brott.prefixes == ("brott",) and brott.substring == "brott"


@pytest.mark.parametrize(
    ("word", "prefixes"),
    [
        ("skolan", ("skol",)),
        ("kuratorn", ("kurat",)),
        ("arbetet", ("arbet",)),
        ("rådet", ("råd",)),
    ],
)
def test_definite_forms_snowball_leaves_alone_also_find_the_bare_word(word, prefixes):
    assert search.parse_query(word)[0].prefixes == prefixes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL")
def test_python_stems_equal_postgresqls_swedish_stems(corpus):
    words = sorted(
        {word for _kind, title, body in CORPUS.values() for word in search.words(title + body)}
        | {"arbetet", "rådet", "stödet", "kvinnors", "insatser", "konferensens", "och", "att"}
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, ts_lexize('swedish_stem', w) FROM unnest(%s::text[]) AS w", [words]
        )
        for word, lexemes in cursor.fetchall():
            expected = [] if word in search.STOPWORDS else [search.stem(word)]
            assert lexemes == expected, word


def test_matching_words_are_highlighted_and_everything_else_escaped():
    terms = search.parse_query("brott konferenser")
    html = search.highlight('Brott & <script>alert("x")</script> på konferensen', terms)
    assert html == (
        "<mark>Brott</mark> &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        "på <mark>konferensen</mark>"
    )
    assert str(search.highlight("Brottsförebyggande", terms)) == "<mark>Brottsförebyggande</mark>"


def test_a_snippet_is_taken_around_the_first_match():
    text = " ".join(["ord"] * 50) + " här står brottsförebyggande mitt i " + " ".join(["x"] * 50)
    snippet = str(search.snippet(text, search.parse_query("brott")))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>brottsförebyggande</mark>" in snippet
    assert len(snippet.split()) <= search.SNIPPET_WORDS + 3


def test_the_search_page_highlights_and_filters(client, corpus):
    response = client.get("/sok/", {"q": "konferenser", "type": "events"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 träffar för ”konferenser”" in html
    assert "Nationell <mark>konferens</mark> om trygghet" in html
    assert "Tre <mark>konferenser</mark> och två seminarier" in html
    assert "Anna Konferensdotter" not in html  # a person; only events were asked for
    assert 'Personer <span class="samlas-meta">(1)</span>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "brott", "type": "inget", "theme": "finns-inte", "page": "abc"},
        {"q": "x" * 500},
        {"q": "\x00brott"},
        {"q": "brott", "page": "99999"},
        {"theme": "sok-vald"},
    ],
)
def test_bad_search_parameters_never_break_the_page(client, corpus, params):
    response = client.get("/sok/", params)
    assert response.status_code == 200
    assert "<h1" in response.content.decode()
