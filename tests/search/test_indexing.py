"""Never lose an update: the outbox written with the change, the drain, the rebuild."""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from search.backend import elasticsearch_client
from search.documents import alias_name, indices_behind
from search.models import SearchEntry, SearchOutbox
from search.registry import DocumentType, SearchRecord, documents
from search.selectors import search
from search.services import search_changed, search_drain, search_objects_changed
from tests.search.conftest import Note, refresh
from themes.models import Body, Measure, MeasurePage

pytestmark = pytest.mark.django_db

UNREACHABLE = "http://127.0.0.1:9"


def titles(query: str, language: str = "az", doc_types=("measure",)) -> list[str]:
    return [hit.title for hit in search(query=query, language=language, doc_types=doc_types).hits]


def measure_page(code: str, language: str = "az") -> MeasurePage:
    return MeasurePage.objects.get(measure__code=code, locale__language_code=language)


def test_publishing_a_page_indexes_it_after_the_commit(
    search_index, django_capture_on_commit_callbacks
):
    page = measure_page("5.5")
    page.title = "5.5. Ekoloji kəşfiyyat şuraları"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    refresh()
    assert titles("kesfiyyat") == ["5.5. Ekoloji kəşfiyyat şuraları"]
    assert not SearchOutbox.objects.exists()


def test_an_unpublished_page_leaves_the_results_in_its_language_only(
    backend, django_capture_on_commit_callbacks
):
    call_command("search_rebuild", verbosity=0)
    refresh()
    with django_capture_on_commit_callbacks(execute=True):
        measure_page("5.5").unpublish()
    refresh()
    assert not [t for t in titles("ictimai suralarin") if t.startswith("5.5.")]
    assert titles("public councils", language="en")[0].startswith("5.5.")


def test_saving_while_elasticsearch_is_away_works_and_the_outbox_keeps_the_update(
    search_index, settings, django_capture_on_commit_callbacks
):
    call_command("search_rebuild", verbosity=0)
    reachable = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = UNREACHABLE
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    page = measure_page("2.2")
    page.title = "2.2. Büdcə müzakirələrində vətəndaşların səsi"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    waiting = list(SearchOutbox.objects.values_list("doc_type", "object_id"))
    assert ("measure", str(page.measure_id)) in waiting
    # Meanwhile searches are answered by the database, which already has the change.
    results = search(query="vetendaslarin sesi", language="az", doc_types=["measure"])
    assert results.fallback
    assert [hit.title for hit in results.hits] == [page.title]
    with pytest.raises(CommandError, match="wait in the outbox"):
        call_command("search_drain", verbosity=0)
    assert list(SearchOutbox.objects.values_list("doc_type", "object_id")) == waiting

    settings.ELASTICSEARCH_URL = reachable
    call_command("search_drain", verbosity=0)
    refresh()
    assert not SearchOutbox.objects.exists()
    results = search(query="vetendaslarin sesi", language="az", doc_types=["measure"])
    assert (results.backend, results.fallback) == ("elasticsearch", False)
    assert [hit.title for hit in results.hits] == [page.title]


def test_draining_the_same_change_twice_leaves_one_document(search_index, notes):
    notes["1"] = ("Büdcə layihəsi", "")
    search_objects_changed(doc_type="note", object_ids=["1", "1"])
    search_objects_changed(doc_type="note", object_ids=["1"])
    out = StringIO()
    call_command("search_drain", stdout=out)
    call_command("search_drain", stdout=out)
    refresh()
    count = elasticsearch_client().count(index=alias_name(), query={"term": {"doc_type": "note"}})
    assert count["count"] == 1
    assert SearchEntry.objects.filter(doc_type="note").count() == 1
    assert "Indexed 1 documents." in out.getvalue()


def test_a_document_whose_row_is_gone_leaves_both_backends(search_index, notes):
    notes["1"] = ("Büdcə layihəsi", "")
    search_objects_changed(doc_type="note", object_ids=["1"])
    search_drain()
    del notes["1"]
    search_objects_changed(doc_type="note", object_ids=["1"])
    search_drain()
    refresh()
    count = elasticsearch_client().count(index=alias_name(), query={"term": {"doc_type": "note"}})
    assert count["count"] == 0
    assert not SearchEntry.objects.filter(doc_type="note").exists()


def test_a_rebuild_fills_a_new_index_and_moves_the_alias_to_it_in_one_step(search_index):
    out = StringIO()
    call_command("search_rebuild", stdout=out)
    (first,) = indices_behind(alias_name())
    call_command("search_rebuild", stdout=out)
    (second,) = indices_behind(alias_name())
    assert second != first
    assert not elasticsearch_client().indices.exists(index=first)
    assert "[##############################] " in out.getvalue()
    assert f"Replaced and deleted: {first}" in out.getvalue()
    refresh()
    assert titles("ictimai sura")[0].startswith("5.5.")


def test_a_rebuild_without_elasticsearch_names_the_problem_and_keeps_the_live_index(
    search_index, settings
):
    call_command("search_rebuild", verbosity=0)
    live = indices_behind(alias_name())
    reachable = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = UNREACHABLE
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    with pytest.raises(CommandError, match="still read the previous index"):
        call_command("search_rebuild", verbosity=0)
    settings.ELASTICSEARCH_URL = reachable
    assert indices_behind(alias_name()) == live


def test_a_change_to_a_body_records_the_measures_that_name_it(search_index):
    body = Body.objects.get(slug="ministry-of-finance", locale__language_code="az")
    search_changed(instances=[body])
    recorded = set(SearchOutbox.objects.values_list("doc_type", "object_id"))
    naming = Measure.objects.filter(body_roles__body=body).values_list("pk", flat=True)
    assert naming
    assert {("measure", str(pk)) for pk in naming} | {("body", str(body.pk))} == recorded


def test_a_document_type_key_is_registered_once():
    existing = documents.get("measure")
    with pytest.raises(ValueError, match="already registered"):
        documents.register(
            DocumentType(
                key="measure",
                label="x",
                model=Note,
                records=lambda ids: [],
                all_object_ids=lambda: [],
            )
        )
    assert documents.get("measure") is existing


DOMAIN_APPS = ("themes", "councils", "consultations", "municipalities", "guidance")


def test_search_imports_no_domain_app():
    search_dir = Path(__file__).resolve().parents[2] / "search"
    imported = set()
    for path in search_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    assert not imported & set(DOMAIN_APPS)


def test_a_change_drained_while_a_rebuild_reads_is_not_undone_by_the_rebuild(search_index):
    """The rebuild reads a note, the note changes and a drain indexes the change, and only then
    does the rebuild write what it read: the change still wins once the alias moves."""
    call_command("search_rebuild", verbosity=0)
    text = {"title": "Köhnə büdcə"}

    def records(object_ids):
        yield SearchRecord(object_id="1", language="az", title=text["title"], body="", url="/n/1/")
        if text["title"] == "Köhnə büdcə":
            text["title"] = "Yeni büdcə"
            search_objects_changed(doc_type="race", object_ids=["1"])
            assert search_drain().complete

    documents.register(
        DocumentType(
            key="race", label="Race", model=Note, records=records, all_object_ids=lambda: ["1"]
        )
    )
    try:
        call_command("search_rebuild", verbosity=0)
    finally:
        documents.unregister("race")
    refresh()
    assert titles("budce", doc_types=["race"]) == ["Yeni büdcə"]
    assert not SearchOutbox.objects.exists()
