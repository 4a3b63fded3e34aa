"""The query side as a visitor meets it, against the real Elasticsearch and against the database
backend: the search page and /api/v1/search/ with highlights, facets that combine, quoted
phrases, "did you mean", completions, and visibility."""

import datetime
import re

import pytest
from django.utils import translation

from search.models import SearchEntry, SearchTerm
from search.registry import PUBLIC, DocumentType, SearchRecord, documents
from search.selectors import completions, search
from search.services import search_drain, search_objects_changed, search_rebuild
from tests.query_budget import assert_query_budget
from tests.search.conftest import Note, refresh
from themes.models import AreaPage, MeasurePage

pytestmark = pytest.mark.django_db

UNREACHABLE = "http://127.0.0.1:9"
MEMBERS = "members"


@pytest.fixture
def records():
    """A document type whose records the test writes whole: object id -> SearchRecord
    arguments (title, body, facets, visibility, date)."""
    texts: dict[str, dict] = {}

    def make(object_ids):
        for object_id in object_ids:
            if object_id in texts:
                yield SearchRecord(
                    object_id=object_id,
                    language="az",
                    url=f"/az/n/{object_id}/",
                    **{"body": "", **texts[object_id]},
                )

    # Only the test's own documents: the plan the session imported is indexed too.
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
    documents.register(
        DocumentType(
            key="note", label="Note", model=Note, records=make, all_object_ids=lambda: list(texts)
        )
    )
    yield texts
    documents.unregister("note")


def index(records, new: dict[str, dict]):
    records.update(new)
    search_objects_changed(doc_type="note", object_ids=list(new))
    assert search_drain().complete
    refresh()


@pytest.fixture
def council_notes(records):
    index(
        records,
        {
            "1": {
                "title": "İctimai şura iclası",
                "body": "Büdcə layihəsi müzakirə olundu; <b>qalın</b> söz & işarə.",
                "facets": {"area": ("5",), "year": ("2021",), "status": ("open",)},
                "date": datetime.date(2021, 3, 1),
            },
            "2": {
                "title": "Şura ictimai hesabatı",
                "body": "Dövlət büdcəsinin icrası haqqında hesabat",
                "facets": {"area": ("2",), "year": ("2021", "2022"), "status": ("closed",)},
                "date": datetime.date(2022, 1, 5),
            },
            "3": {
                "title": "İctimai nəzarət şurası",
                "body": "Büdcə hesabatı",
                "facets": {"area": ("5",), "year": ("2022",), "status": ("closed",)},
            },
            "4": {
                "title": "Gizli büdcə qaralaması",
                "body": "Yalnız üzvlər üçün: məxfi büdcə sənədi",
                "facets": {"area": ("9",), "year": ("2023",), "status": ("draft",)},
                "visibility": MEMBERS,
            },
        },
    )
    return records


def facet(results, name):
    return next((facet for facet in results.facets if facet.name == name), None)


def counts(results, name) -> dict[str, int]:
    named = facet(results, name)
    return {value.value: value.count for value in named.values} if named else {}


def found(results) -> set[str]:
    return {hit.object_id for hit in results.hits}


def test_facets_narrow_each_other_and_each_counts_under_the_others_selection(
    backend, council_notes
):
    everything = search(query="budce", language="az", doc_types=["note"], facets=True)
    assert found(everything) == {"1", "2", "3"}
    assert counts(everything, "area") == {"5": 2, "2": 1}
    assert counts(everything, "year") == {"2021": 2, "2022": 2}

    area_5 = search(
        query="budce", language="az", doc_types=["note"], selections={"area": ["5"]}, facets=True
    )
    assert found(area_5) == {"1", "3"}
    # Its own facet still offers area 2 with what choosing it would add.
    assert counts(area_5, "area") == {"5": 2, "2": 1}
    assert counts(area_5, "year") == {"2021": 1, "2022": 1}
    assert counts(area_5, "type") == {"note": 2}

    narrowed = search(
        query="budce",
        language="az",
        doc_types=["note"],
        selections={"area": ["5", "2"], "year": ["2022"]},
        facets=True,
    )
    assert found(narrowed) == {"2", "3"}
    assert counts(narrowed, "area") == {"5": 1, "2": 1}
    assert counts(narrowed, "status") == {"closed": 2}


def test_a_status_is_offered_under_the_name_its_app_gives_it(backend, council_notes):
    with translation.override("en"):
        results = search(query="budce", language="az", doc_types=["note"], facets=True)
        labels = {value.value: str(value.label) for value in facet(results, "status").values}
    # The consultations app names "open" and "closed"; the visitor never reads the codes.
    assert labels == {"open": "Open for comments", "closed": "Closed"}


def test_a_quoted_phrase_finds_its_words_side_by_side_in_that_order(backend, council_notes):
    assert found(search(query='"ictimai şura"', language="az")) == {"1"}
    assert found(search(query="ictimai şura", language="az")) == {"1", "2", "3"}
    # The phrase and a loose word together; an unclosed quote is a phrase to the end.
    assert found(search(query='"ictimai sura" budce', language="az")) == {"1"}
    assert found(search(query='hesabat "sura ictimai', language="az")) == {"2"}


def test_highlights_mark_the_words_as_written_and_escape_everything_else(backend, council_notes):
    hit = search(query="qalin budce", language="az").hits[0]
    assert hit.snippet == (
        "<mark>Büdcə</mark> layihəsi müzakirə olundu; &lt;b&gt;<mark>qalın</mark>&lt;/b&gt; "
        "söz &amp; işarə."
    )
    phrase = search(query='"ictimai sura"', language="az").hits[0]
    assert phrase.title_html == "<mark>İctimai şura</mark> iclası"


def test_a_mistyped_query_that_finds_nothing_suggests_public_words_that_find_something(
    backend, council_notes
):
    results = search(query="dovlwt budcesinin", language="az", suggest=True)
    assert results.total == 0
    assert results.suggestion == "dövlət budcesinin"
    assert found(search(query=results.suggestion, language="az")) == {"2"}
    # "məxfi" stands only in a record the public may not see: never suggested.
    assert search(query="mexfu", language="az", suggest=True).suggestion == ""
    assert search(query="zzzqqq", language="az", suggest=True).suggestion == ""


def test_records_the_visitor_may_not_see_are_never_found_counted_or_completed(
    backend, council_notes
):
    results = search(query="budce", language="az", facets=True)
    assert "4" not in found(results)
    assert "9" not in counts(results, "area")
    assert "draft" not in counts(results, "status")
    assert search(query="mexfi", language="az").total == 0
    assert [c.title for c in completions(prefix="giz", language="az")] == []
    members = search(query="mexfi", language="az", visibilities=(PUBLIC, MEMBERS))
    assert found(members) == {"4"}


def test_completions_are_titles_beginning_as_typed(backend, council_notes):
    titles = [c.title for c in completions(prefix="ictimai nez", language="az")]
    assert titles == ["İctimai nəzarət şurası"]
    assert {c.title for c in completions(prefix="sur", language="az")} == {
        "İctimai şura iclası",
        "Şura ictimai hesabatı",
        "İctimai nəzarət şurası",
    }


def test_the_search_page_shows_types_highlights_dates_and_facets_as_a_form(
    backend, council_notes, client
):
    response = client.get("/az/search/", {"q": "budce", "year": "2021"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html
    assert re.search(r'<div role="status"><h2 id="results-title">\s*“budce” üzrə 2 nəticə', html)
    assert re.search(r"<title>\s*“budce” üzrə 2 nəticə", html)
    assert "<mark>büdcəsinin</mark>" in html
    assert '<time datetime="2022-01-05">' in html
    assert '<input type="checkbox" id="facet-year-1" name="year" value="2023"' not in html
    assert re.search(r'name="year" value="2021" checked>', html)
    assert html.count("<fieldset>") == 4  # type, area, year, status
    assert "Gizli" not in html


def test_the_search_page_offers_what_to_search_instead(backend, council_notes, client):
    html = client.get("/az/search/", {"q": "dovlwt"}).content.decode()
    assert re.search(r'class="search-suggestion">.*<a href="\?q=d%C3%B6vl%C9%99t">dövlət</a>', html)


def test_the_search_page_pages_through_many_results(backend, records, client):
    index(records, {str(n): {"title": f"Büdcə hesabatı {n}"} for n in range(1, 26)})
    html = client.get("/az/search/", {"q": "budce", "page": "2"}).content.decode()
    assert "Səhifə 2 / 2" in html
    assert '<ol class="results" start="21">' in html
    assert client.get("/az/search/", {"q": "budce", "page": "x"}).status_code == 200


def test_beyond_what_the_pages_can_show_the_count_says_more_than(
    backend, records, client, monkeypatch
):
    # Two pages of 20 can be read: 45 matches are counted as "more than 40".
    monkeypatch.setattr("search.selectors.MAX_PAGE", 2)
    index(records, {str(n): {"title": f"Büdcə hesabatı {n}"} for n in range(1, 46)})
    results = search(query="budce", language="az", doc_types=["note"])
    assert (results.total, results.total_is_lower_bound, results.pages) == (40, True, 2)

    html = client.get("/az/search/", {"q": "budce"}).content.decode()
    with translation.override("az"):
        more_than = translation.gettext("More than %(total)s results for “%(query)s”")
    assert more_than % {"total": 40, "query": "budce"} in html

    api = client.get("/api/v1/search/", {"q": "budce", "page": "2"}).json()
    assert (api["total"], api["total_is_lower_bound"], api["pages"]) == (40, True, 2)
    assert api["next"] is None

    # Exactly what the pages hold is an exact count.
    index(records, {str(n): {"title": f"İcra planı {n}"} for n in range(100, 140)})
    api = client.get("/api/v1/search/", {"q": "plan"}).json()
    assert (api["total"], api["total_is_lower_bound"]) == (40, False)


def test_with_elasticsearch_down_the_database_answers_with_a_note_and_is_not_cached(
    search_index, council_notes, client, settings
):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    first = client.get("/az/search/", {"q": "budce"})
    second = client.get("/az/search/", {"q": "budce"})
    html = first.content.decode()
    assert 'class="notice notice--error" role="status"' in html
    assert "üzrə 3 nəticə" in html
    assert "no-cache" in first["Cache-Control"]
    assert second.get("X-Page-Cache") != "hit"
    api = client.get("/api/v1/search/", {"q": "budce"}).json()
    assert (api["fallback"], api["total"]) == (True, 3)


def test_an_elasticsearch_that_holds_no_index_yet_is_not_reported_as_down(search_index, client):
    results = search(query="budce", language="az")
    assert (results.backend, results.fallback) == ("database", False)
    assert "notice--error" not in client.get("/az/search/", {"q": "budce"}).content.decode()


def test_an_anonymous_search_is_cached_until_a_drain_indexes_something(
    backend, council_notes, client
):
    assert client.get("/az/search/", {"q": "hesabat"})["X-Page-Cache"] == "miss"
    assert client.get("/az/search/", {"q": "hesabat"})["X-Page-Cache"] == "hit"
    index(council_notes, {"5": {"title": "Yeni hesabat"}})
    response = client.get("/az/search/", {"q": "hesabat"})
    assert response["X-Page-Cache"] == "miss"
    assert "Yeni <mark>hesabat</mark>" in response.content.decode()


def test_the_search_api_answers_results_facets_and_paging(backend, council_notes, client):
    answer = client.get("/api/v1/search/", {"q": "budce", "area": "5", "type": "note"}).json()
    assert answer["total"] == 2
    assert answer["pages"] == 1 and answer["next"] is None
    first = answer["results"][0]
    assert set(first) == {"type", "type_label", "title", "url", "snippet", "date"}
    assert first["type"] == "note" and first["url"].startswith("http://testserver/az/n/")
    area = next(facet for facet in answer["facets"] if facet["name"] == "area")
    assert {value["value"]: value["count"] for value in area["values"]} == {"5": 2, "2": 1}
    completions_answer = client.get("/api/v1/search/suggest/", {"q": "ictimai n"}).json()
    assert [item["title"] for item in completions_answer["results"]] == ["İctimai nəzarət şurası"]


@pytest.mark.parametrize(
    ("path", "parameters", "refused"),
    [
        ("/api/v1/search/", {"q": "x", "type": "spaceship"}, "type"),
        ("/api/v1/search/", {"q": "x", "page": "0"}, "page"),
        ("/api/v1/search/", {"q": "x" * 201}, "q"),
        ("/api/v1/search/", {"q": "x", "lang": "fr"}, "lang"),
        ("/api/v1/search/", {"q": "x", "area": ""}, "area"),
        ("/api/v1/search/suggest/", {}, "q"),
    ],
)
def test_the_search_api_refuses_a_bad_parameter_naming_it(client, path, parameters, refused):
    response = client.get(path, parameters)
    assert response.status_code == 400
    assert refused in response.json()


def _more_notes(records, start: int, count: int):
    new = {
        str(n): {
            "title": f"Büdcə hesabatı {n}",
            "body": "İctimai şura büdcəni müzakirə etdi",
            "facets": {"area": (str(n % 9 + 1),), "year": (str(2020 + n % 3),)},
        }
        for n in range(start, start + count)
    }
    index(records, new)


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        # The database backend's numbers (Elasticsearch's are lower): the total, the page of
        # results, the unselected facets' counts, one count per selected facet, their labels;
        # with nothing found, the vocabulary twice and the suggestion's count.
        ("/az/search/?q=budce", 6),
        ("/az/search/?q=budce&area=5&year=2021", 8),
        ("/az/search/?q=budcw", 8),
        ("/api/v1/search/?q=budce&area=5", 6),
        ("/api/v1/search/suggest/?q=bud", 1),
    ],
)
def test_the_search_page_and_api_stay_within_their_query_budgets(
    backend, records, client, settings, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    _more_notes(records, 1, 5)
    assert_query_budget(client, path, budget, grow=lambda: _more_notes(records, 100, 40))


def test_a_draft_or_an_unpublished_page_is_never_found_completed_or_counted(
    backend, client, django_capture_on_commit_callbacks
):
    draft = MeasurePage.objects.get(measure__code="5.5", locale__language_code="az")
    draft.title = "5.5. Qaralamaçı şuraların layihəsi"
    draft.save_revision()  # saved, not published
    withdrawn = MeasurePage.objects.get(measure__code="5.4", locale__language_code="az")
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.unpublish()
    search_rebuild()
    refresh()

    assert search(query="qaralamaci", language="az").total == 0
    assert completions(prefix="qaralam", language="az") == []
    assert client.get("/api/v1/search/suggest/", {"q": "qaralam"}).json()["results"] == []
    in_azerbaijani = search(query="5.4", language="az", facets=True)
    assert not [hit for hit in in_azerbaijani.hits if hit.title.startswith("5.4.")]
    assert "5.4" not in counts(in_azerbaijani, "measure")
    # Withdrawn in Azerbaijani only: still found and counted in English.
    assert counts(search(query="5.4", language="en", facets=True), "measure")["5.4"] == 1
    published = search(query="5.5", language="az", doc_types=["measure"], facets=True)
    assert [hit.title[:4] for hit in published.hits] == ["5.5."]
    assert "Qaralama" not in published.hits[0].snippet + published.hits[0].title
    # A facet value with a document of its own is named by that document's title.
    area_page = AreaPage.objects.get(area__number=5, locale__language_code="az")
    assert [(v.value, v.label) for v in facet(published, "area").values] == [("5", area_page.title)]
