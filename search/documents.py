"""The Elasticsearch side: one document mapping, versioned indices behind an alias.

Visitors' searches read the alias `<prefix>-documents`; a rebuild fills a new index
`<prefix>-documents-<version>` and moves the alias to it in one step, so searches never see a
half-built index. While a rebuild runs, its index also carries the alias
`<prefix>-documents-building`, and every drain writes to both, so an update made during the
rebuild reaches the new index too.

The mapping uses only what the core modules of Elasticsearch offer: the words arrive analysed
by `search.analysis`, separated by spaces, and the `whitespace` analyzer only splits them.
"""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from elasticsearch.helpers import streaming_bulk
from elasticsearch_dsl import Date, Document, Index, Keyword, Object, Text

from search import analysis
from search.backend import elasticsearch_client
from search.registry import SearchRecord

FACETS = ("area", "measure", "body", "council", "municipality", "year", "status")
PRE_ANALYSED = "whitespace"


class SearchDocument(Document):
    doc_type = Keyword()
    object_id = Keyword()
    language = Keyword()
    visibility = Keyword()
    # What the visitor reads; highlights are drawn on it in Python, from the token positions.
    title = Text(index=False)
    body = Text(index=False)
    url = Keyword(index=False, doc_values=False)
    date = Date()
    title_exact = Text(analyzer=PRE_ANALYSED)
    title_stem = Text(analyzer=PRE_ANALYSED)
    body_exact = Text(analyzer=PRE_ANALYSED)
    body_stem = Text(analyzer=PRE_ANALYSED)
    facets = Object(properties={name: Keyword() for name in FACETS})


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-documents"


def building_alias_name() -> str:
    return f"{alias_name()}-building"


def document_id(doc_type: str, object_id: str, language: str) -> str:
    return f"{doc_type}:{object_id}:{language}"


def _index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(SearchDocument)
    return index


def index_create() -> str:
    """A new, empty versioned index with the mapping; its name."""
    name = f"{alias_name()}-{timezone.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    body = _index(name).to_dict()
    # Unknown fields are refused rather than mapped by guess.
    body["mappings"]["dynamic"] = "strict"
    elasticsearch_client().indices.create(index=name, **body)
    return name


def indices_behind(alias: str) -> list[str]:
    client = elasticsearch_client()
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias))


def write_targets() -> tuple[list[str], bool]:
    """The indices a drain writes to: the live one, and the one a rebuild is filling; and
    whether a rebuild is running. The first drain of an installation creates the live one."""
    building = indices_behind(building_alias_name())
    targets = sorted(set(indices_behind(alias_name()) + building))
    if targets:
        return targets, bool(building)
    name = index_create()
    elasticsearch_client().indices.put_alias(index=name, name=alias_name())
    return [name], False


def alias_swap(new_index: str) -> list[str]:
    """Point the alias at the new index alone, in one step; delete the indices it left."""
    client = elasticsearch_client()
    old = [name for name in indices_behind(alias_name()) if name != new_index]
    actions = [{"remove": {"index": name, "alias": alias_name()}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias_name()}})
    if client.indices.exists_alias(name=building_alias_name(), index=new_index):
        actions.append({"remove": {"index": new_index, "alias": building_alias_name()}})
    client.indices.update_aliases(actions=actions)
    for name in old:
        client.indices.delete(index=name, ignore_unavailable=True)
    return old


def source_of(doc_type: str, record: SearchRecord) -> dict:
    language = record.language
    title_exact, title_stem = analysis.terms(record.title, language)
    body_exact, body_stem = analysis.terms(record.body, language)
    return {
        "doc_type": doc_type,
        "object_id": record.object_id,
        "language": language,
        "visibility": record.visibility,
        "title": record.title,
        "body": record.body,
        "url": record.url,
        "date": record.date.isoformat() if record.date else None,
        "title_exact": title_exact,
        "title_stem": title_stem,
        "body_exact": body_exact,
        "body_stem": body_stem,
        "facets": {name: list(values) for name, values in record.facets.items()},
    }


def bulk(actions: Iterable[dict]) -> int:
    """Send index and delete actions; a delete of what is not there is no error. Raises on
    anything the engine refused, so the outbox keeps its rows."""
    done = 0
    for ok, _item in streaming_bulk(
        elasticsearch_client(),
        actions,
        chunk_size=500,
        ignore_status=(404,),
        raise_on_error=True,
        raise_on_exception=True,
    ):
        done += 1 if ok else 0
    return done
