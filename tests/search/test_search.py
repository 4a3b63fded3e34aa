"""What a visitor finds, against the real Elasticsearch and against the database backend: the
same analysed words, the same matches."""

import pytest

from search.selectors import search
from search.services import search_drain, search_objects_changed, search_rebuild
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


def index_notes(notes, texts: dict[str, str]):
    for object_id, title in texts.items():
        notes[object_id] = (title, "")
    search_objects_changed(doc_type="note", object_ids=list(texts))
    assert search_drain().complete
    refresh()


def titles(query: str, language: str = "az", doc_types=("note",)) -> list[str]:
    return [hit.title for hit in search(query=query, language=language, doc_types=doc_types).hits]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("seffafliq", "Şəffaflıq haqqında"),
        ("budce", "Dövlət büdcəsinin layihəsi"),
        ("sura", "İctimai şuraların iclası"),
        ("xett", "Qaynar xətt"),
        ("BÜDCƏ", "Dövlət büdcəsinin layihəsi"),
        ("ictimai şurası", "İctimai şuraların iclası"),
    ],
)
def test_a_word_typed_with_or_without_azerbaijani_letters_finds_every_form_of_it(
    backend, notes, typed, found
):
    index_notes(
        notes,
        {
            "1": "Şəffaflıq haqqında",
            "2": "Dövlət büdcəsinin layihəsi",
            "3": "İctimai şuraların iclası",
            "4": "Qaynar xətt",
        },
    )
    assert titles(typed) == [found]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("öhdəliyi", "Dövlətin öhdəlik planı"),
        ("öhdəliyin", "Dövlətin öhdəlik planı"),
        ("ohdeliyi", "Dövlətin öhdəlik planı"),
        ("öhdəlik", "Bələdiyyənin öhdəliyinin icrası"),
        ("ayağı", "Körpünün ayaq hissəsi"),
        ("ayaq", "Yolun ayağında təmir"),
        ("kitabı", "Kitab sərgisi"),
    ],
)
def test_a_word_whose_final_k_or_q_turns_into_y_or_g_finds_its_other_forms(
    backend, notes, typed, found
):
    index_notes(
        notes,
        {
            "1": "Dövlətin öhdəlik planı",
            "2": "Bələdiyyənin öhdəliyinin icrası",
            "3": "Körpünün ayaq hissəsi",
            "4": "Yolun ayağında təmir",
            "5": "Kitab sərgisi",
            "6": "Çay evi",
        },
    )
    assert found in titles(typed)
    assert "Çay evi" not in titles(typed)


def test_the_exact_spelling_ranks_above_its_inflected_forms(backend, notes):
    index_notes(notes, {"1": "Büdcəsi təsdiq edildi", "2": "Büdcə təsdiq edildi"})
    assert titles("büdcə") == ["Büdcə təsdiq edildi", "Büdcəsi təsdiq edildi"]
    assert titles("büdcəsi") == ["Büdcəsi təsdiq edildi", "Büdcə təsdiq edildi"]


def test_every_word_of_the_query_must_match(backend, notes):
    index_notes(notes, {"1": "Büdcə müzakirəsi", "2": "Büdcə hesabatı"})
    assert titles("budce muzakire") == ["Büdcə müzakirəsi"]
    assert titles("budce protokol") == []


def test_a_query_of_no_words_finds_nothing_and_asks_nothing(
    backend, notes, django_assert_num_queries
):
    index_notes(notes, {"1": "Büdcə"})
    with django_assert_num_queries(0):
        results = search(query=' " () ', language="az")
    assert results.total == 0


def test_results_come_a_page_at_a_time_with_the_total(backend, notes):
    index_notes(notes, {str(n): f"Büdcə hesabatı {n}" for n in range(1, 8)})
    first = search(query="budce", language="az", doc_types=["note"], per_page=3)
    third = search(query="budce", language="az", doc_types=["note"], per_page=3, page=3)
    assert (first.total, first.pages, len(first.hits), len(third.hits)) == (7, 3, 3, 1)
    seen = {
        hit.object_id
        for page in (1, 2, 3)
        for hit in search(
            query="budce", language="az", doc_types=["note"], per_page=3, page=page
        ).hits
    }
    assert len(seen) == 7


def test_the_plan_is_found_in_each_language_by_inflected_words(backend):
    search_rebuild()
    refresh()
    assert titles("ictimai sura", doc_types=["measure"])[0].startswith("5.5.")
    # 5.5 writes "public councils", 7.1 "a public council": both are found, the spelling
    # typed first.
    assert titles("public councils", language="en", doc_types=["measure"])[0].startswith("5.5.")
    assert titles("public council", language="en", doc_types=["measure"])[0].startswith("7.1.")
    found_in_russian = titles("общественный совет", language="ru", doc_types=["measure"])
    assert {"5.5", "7.1"} <= {title.split(". ")[0] for title in found_in_russian}
    budget_measures = titles("dovlet budcesi layihe muzakire", doc_types=["measure"])
    assert budget_measures[0].startswith("2.2.")


def test_a_body_is_found_by_its_name_and_an_area_by_its_title(backend):
    search_rebuild()
    refresh()
    bodies = search(query="maliyye nazirliyi", language="az", doc_types=["body"]).hits
    assert bodies and bodies[0].url.startswith("/az/")
    assert "/bodies/" in bodies[0].url
    areas = titles("seffafliq", doc_types=["area"])
    assert areas and all("əffaflı" in title for title in areas)


def test_every_other_published_page_is_found_once_by_its_own_words(backend, site_structure):
    search_rebuild()
    refresh()
    home = search(query="aciq hokumet platformasi", language="az", doc_types=["page"]).hits
    assert [hit.url for hit in home][:1] == ["/az/"]
    # A measure's page is the measure's document, not a page document as well.
    pages = titles("ictimai suralarin ehemiyyetinin", doc_types=["page"])
    assert not [title for title in pages if title.startswith("5.5.")]
    assert titles("ictimai suralarin ehemiyyetinin", doc_types=["measure"])[0].startswith("5.5.")
