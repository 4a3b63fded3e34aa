import uuid

import pytest

from search.backend import elasticsearch_client, elasticsearch_enabled
from search.documents import alias_name
from search.registry import DocumentType, SearchRecord, documents


class Note:
    """A stand-in for an app's model: the registry only needs a class to name."""


@pytest.fixture
def search_index(settings):
    """An Elasticsearch namespace of the test's own, under the run's prefix, removed after."""
    settings.ELASTICSEARCH_INDEX_PREFIX = (
        f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    )
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    client = elasticsearch_client()
    yield prefix
    names = list(client.indices.get(index=f"{prefix}-*", allow_no_indices=True))
    if names:
        client.indices.delete(index=",".join(names))


@pytest.fixture(params=["elasticsearch", "database"])
def backend(request, settings, search_index):
    """Each search test runs against the real Elasticsearch and against the database backend."""
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    return request.param


def refresh():
    """Make what was indexed visible to searches now rather than within a second."""
    if not elasticsearch_enabled():
        return
    client = elasticsearch_client()
    if client.indices.exists_alias(name=alias_name()):
        client.indices.refresh(index=alias_name())


@pytest.fixture
def notes():
    """A document type registered like an app's, its records held in a dict the test fills:
    object id -> (title, body) in Azerbaijani."""
    texts: dict[str, tuple[str, str]] = {}

    def records(object_ids):
        for object_id in object_ids:
            if object_id in texts:
                title, body = texts[object_id]
                yield SearchRecord(
                    object_id=object_id,
                    language="az",
                    title=title,
                    body=body,
                    url=f"/n/{object_id}/",
                )

    documents.register(
        DocumentType(
            key="note",
            label="Note",
            model=Note,
            records=records,
            all_object_ids=lambda: list(texts),
        )
    )
    yield texts
    documents.unregister("note")
