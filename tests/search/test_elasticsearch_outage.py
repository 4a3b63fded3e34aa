"""Never lose an update, proved on a real Elasticsearch node that is stopped and started again.

The node is the test's own (tests/search/own_elasticsearch.py); the shared one keeps serving
every other test. Slow: the node starts twice (about 15 s each on a busy machine).
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from elasticsearch.helpers import scan
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from civic_platform.worker import periodic_jobs
from search.backend import elasticsearch_client
from search.documents import alias_name, document_id
from search.models import SearchOutbox
from search.registry import documents
from search.selectors import search
from search.services import LANGUAGES
from tests.accounts import log_in_with_second_factor
from tests.factories import UserFactory
from tests.search.own_elasticsearch import OwnElasticsearch
from themes.models import MeasurePage

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

RENAMED = "2.2. Açıq büdcə dinləmələrində vətəndaşların təklifləri"


@pytest.fixture(scope="module")
def own_elasticsearch():
    node = OwnElasticsearch()
    try:
        node.start()
        yield node
    finally:
        node.remove()


@pytest.fixture
def search_on_own_node(settings, own_elasticsearch):
    settings.ELASTICSEARCH_URL = own_elasticsearch.url
    # A stopped node refuses connections at once; the timeout bounds a node that hangs.
    settings.ELASTICSEARCH_TIMEOUT = 2.0
    settings.ELASTICSEARCH_INDEX_PREFIX = "civic-outage"
    return own_elasticsearch


@pytest.fixture
def editor_client():
    """An administrator signed in to the admin with the second factor staff must give."""
    user = UserFactory(is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    log_in_with_second_factor(client, user, secret)
    return client


def measure_page(code: str) -> MeasurePage:
    return MeasurePage.objects.get(measure__code=code, locale__language_code="az")


def database_documents() -> dict[str, str]:
    """Every document the database says should be found, with its title: the truth the index
    must match."""
    found = {}
    for document_type in documents.all():
        ids = [str(pk) for pk in document_type.all_object_ids()]
        for record in document_type.records(ids):
            if record.language in LANGUAGES:
                found[document_id(document_type.key, record.object_id, record.language)] = (
                    record.title
                )
    return found


def indexed_documents() -> dict[str, str]:
    client = elasticsearch_client()
    client.indices.refresh(index=alias_name())
    return {
        hit["_id"]: hit["_source"]["title"]
        for hit in scan(client, index=alias_name(), query={"_source": ["title"]})
    }


def edit_form(page: MeasurePage, *, title: str) -> dict:
    """The measure page's edit form as the admin posts it, with the Publish button."""
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "measure": page.measure_id,
            "text": page.text,
            "indicator": page.indicator,
            "body": rich_text(page.body),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


def test_editors_keep_saving_while_elasticsearch_is_stopped_and_the_index_catches_up_after(
    search_on_own_node, editor_client, django_capture_on_commit_callbacks
):
    node = search_on_own_node
    call_command("search_rebuild", verbosity=0)
    assert indexed_documents() == database_documents()
    renamed, withdrawn = measure_page("2.2"), measure_page("5.5")

    node.stop()
    # An editor publishes a new title and withdraws another measure; each write tries its
    # drain after the commit, which finds no Elasticsearch.
    with django_capture_on_commit_callbacks(execute=True):
        published = editor_client.post(
            reverse("wagtailadmin_pages:edit", args=(renamed.pk,)),
            edit_form(renamed, title=RENAMED),
        )
        unpublished = editor_client.post(
            reverse("wagtailadmin_pages:unpublish", args=(withdrawn.pk,))
        )
    assert published.status_code == 302, published.content.decode()[-2000:]
    assert unpublished.status_code == 302
    renamed.refresh_from_db()
    withdrawn.refresh_from_db()
    assert renamed.live and renamed.title == RENAMED
    assert not withdrawn.live
    waiting = set(SearchOutbox.objects.values_list("doc_type", "object_id"))
    assert {("measure", str(renamed.measure_id)), ("measure", str(withdrawn.measure_id))} <= waiting

    # Visitors are answered by the database, which has the changes already, and told so.
    results = search(query="dinlemelerinde vetendaslarin", language="az")
    assert results.fallback and results.backend == "database"
    assert [hit.title for hit in results.hits] == [RENAMED]
    with translation.override("en"):
        page = Client().get("/en/search/", {"q": "budget"})
    assert page.status_code == 200
    assert "The search engine is not answering at the moment" in page.content.decode()
    health = editor_client.get("/api/v1/health/")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["search"] == "down"
    assert health.json()["details"]["search"].startswith("unreachable")

    node.start()
    assert editor_client.get("/api/v1/health/").json()["search"] == "ok"
    # What the worker runs every minute.
    report = periodic_jobs()["search.drain"].run()

    assert report.complete and report.documents >= 2
    assert not SearchOutbox.objects.exists()
    indexed = indexed_documents()
    assert indexed == database_documents()
    assert indexed[document_id("measure", str(renamed.measure_id), "az")] == RENAMED
    assert document_id("measure", str(withdrawn.measure_id), "az") not in indexed
    results = search(query="dinlemelerinde vetendaslarin", language="az")
    assert not results.fallback and results.backend == "elasticsearch"
    assert [hit.title for hit in results.hits] == [RENAMED]
