"""Search writes: recording what changed, draining it into the engines, rebuilding.

The database is the one source of truth and the search index is derived from it. A write that
changes searchable content calls `search_changed()` in its own transaction; that records
outbox rows, and after the commit a drain indexes them. A drain that cannot reach
Elasticsearch leaves the rows, and the next drain (the worker runs one periodically) takes
them; indexing the same document twice gives the same result, so nothing is lost and nothing
is doubled. The database backend's entries are written by the same drain, first, so the
database search is current even while Elasticsearch is away.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from civic_platform.page_cache import page_cache_invalidate_paths
from search import analysis, documents
from search.backend import elasticsearch_enabled
from search.models import SearchEntry, SearchFacetValue, SearchOutbox, SearchTerm
from search.registry import PUBLIC, DocumentType, SearchRecord
from search.registry import documents as document_types

logger = logging.getLogger(__name__)

LANGUAGES = tuple(code for code, _ in settings.LANGUAGES)
DRAIN_BATCH = 500
REBUILD_CHUNK = 200
FACET_VALUE_MAX = 200
# Words shorter than this are rarely mistyped into something else; longer ones are not words.
VOCABULARY_LENGTHS = (3, 40)
# Outbox rows are stamped by the clock of the process that wrote them; a rebuild looks this
# far before its own start for changes to index again, so a few seconds between the web and
# worker machines' clocks lose nothing.
CLOCK_MARGIN = timedelta(minutes=1)


def search_addresses() -> list[str]:
    """The search page in each language and the search API: what a drain makes stale."""
    addresses = [reverse("search-api"), reverse("search-api-suggest")]
    for language in LANGUAGES:
        with translation.override(language):
            addresses.append(reverse("search:search"))
    return addresses


class SearchUnavailable(RuntimeError):
    """Elasticsearch could not take the documents; they stay in the outbox."""


# --- Recording changes ------------------------------------------------------------------------


def search_changed(*, instances: Iterable) -> int:
    """Record, in the current transaction, that these rows were written; every document built
    from them (by the registry's dependencies) is indexed again after the commit. Returns the
    number of documents recorded."""
    by_model: dict[type, list] = defaultdict(list)
    for instance in instances:
        # A page announced as a plain Page is looked at as its own class (no query when it
        # is one already).
        if hasattr(instance, "get_specific"):
            instance = instance.get_specific(deferred=True)
        by_model[type(instance)].append(instance)
    keys: set[tuple[str, str]] = set()
    for model, model_instances in by_model.items():
        for document_type in document_types.all():
            ids = document_type.object_ids_for(model, model_instances)
            keys.update((document_type.key, object_id) for object_id in ids)
    return _record(keys)


def search_objects_changed(*, doc_type: str, object_ids: Iterable) -> int:
    """Record that these rows of one document type changed (for writes made in bulk)."""
    return _record({(doc_type, str(object_id)) for object_id in object_ids})


def _record(keys: set[tuple[str, str]]) -> int:
    if not keys:
        return 0
    SearchOutbox.objects.bulk_create(
        SearchOutbox(doc_type=doc_type, object_id=object_id) for doc_type, object_id in keys
    )
    transaction.on_commit(search_drain_task.enqueue)
    return len(keys)


# --- Draining ---------------------------------------------------------------------------------


@dataclass
class DrainReport:
    documents: int = 0
    # False when Elasticsearch could not be reached: the rows are kept for the next drain.
    complete: bool = True
    error: str = ""


def search_drain(*, batch_size: int = DRAIN_BATCH) -> DrainReport:
    """Index what the outbox holds, in bulk, oldest first, until it is empty.

    A row is deleted only after its document reached every engine; rows recorded while a
    batch was being indexed stay for the next batch, so a change made meanwhile is not lost.
    """
    report = DrainReport()
    pending = SearchOutbox.objects.filter(indexed_at__isnull=True)
    while True:
        rows = list(pending.values_list("pk", "doc_type", "object_id")[:batch_size])
        if not rows:
            if report.documents:
                # Cached search answers were made of what the index held before.
                page_cache_invalidate_paths(search_addresses())
            return report
        keys = {(doc_type, object_id) for _, doc_type, object_id in rows}
        try:
            rebuilding = documents_index(keys)
        except SearchUnavailable as error:
            report.complete, report.error = False, str(error)
            return report
        done = SearchOutbox.objects.filter(pk__in=[pk for pk, _, _ in rows])
        if rebuilding:
            done.update(indexed_at=timezone.now())
        else:
            done.delete()
        report.documents += len(keys)


def search_drain_logged() -> DrainReport:
    """A drain that never raises for an absent engine: the rows wait for the next one."""
    report = search_drain()
    if not report.complete:
        logger.warning("Search drain stopped, the outbox keeps its rows: %s", report.error)
    return report


@task()
def search_drain_task() -> None:
    """The drain after a commit; it never fails the write that enqueued it."""
    search_drain_logged()


def documents_index(keys: set[tuple[str, str]], *, es_targets: list[str] | None = None) -> bool:
    """Index these documents (document type, object id) again, in every language, in the
    database backend's entries and in Elasticsearch; a document whose row has no record any
    more leaves both. Returns whether a rebuild is running (its index was written too)."""
    by_type: dict[str, set[str]] = defaultdict(set)
    for doc_type, object_id in keys:
        by_type[doc_type].add(object_id)
    actions: list[dict] = []
    for key, object_ids in by_type.items():
        document_type = document_types.get(key)
        records = _records(document_type, sorted(object_ids)) if document_type else []
        _entries_write(key, object_ids, records)
        actions.extend(_actions(key, object_ids, records))
    if elasticsearch_enabled():
        return _send(actions, es_targets)
    return False


def _records(document_type: DocumentType, object_ids: list[str]) -> list[SearchRecord]:
    return [
        record
        for record in document_type.records(object_ids)
        if record.language in LANGUAGES and str(record.object_id) in object_ids
    ]


def _entries_write(doc_type: str, object_ids: set[str], records: list[SearchRecord]) -> None:
    with transaction.atomic():
        SearchEntry.objects.filter(doc_type=doc_type, object_id__in=object_ids).delete()
        entries = SearchEntry.objects.bulk_create(entry_of(doc_type, record) for record in records)
        SearchFacetValue.objects.bulk_create(
            SearchFacetValue(entry=entry, name=name, value=str(value)[:FACET_VALUE_MAX])
            for entry in entries
            for name, values in entry.facets.items()
            for value in set(values)
        )
        _vocabulary_add(records)


def _vocabulary_add(records: list[SearchRecord]) -> None:
    """The words of public records join their language's vocabulary ("did you mean")."""
    shortest, longest = VOCABULARY_LENGTHS
    terms: dict[tuple[str, str], str] = {}
    for record in records:
        if record.visibility != PUBLIC:
            continue
        for text in (record.title, record.body):
            for token in analysis.analyse(text, record.language):
                if token.exact.isalpha() and shortest <= len(token.exact) <= longest:
                    word = analysis.lower(text[token.start : token.end], record.language)
                    terms.setdefault((record.language, token.exact), word)
    SearchTerm.objects.bulk_create(
        (
            SearchTerm(language=language, term=term, word=word, length=len(term))
            for (language, term), word in terms.items()
        ),
        ignore_conflicts=True,
        batch_size=1000,
    )


def _padded(terms: str) -> str:
    # Spaces at both ends, so that LIKE '% key %' finds the first and the last word too.
    return f" {terms} " if terms else ""


def entry_of(doc_type: str, record: SearchRecord) -> SearchEntry:
    language = record.language
    title_exact, title_stem = analysis.terms(record.title, language)
    body_exact, body_stem = analysis.terms(record.body, language)
    return SearchEntry(
        doc_type=doc_type,
        object_id=record.object_id,
        language=language,
        title=record.title,
        body=record.body,
        url=record.url,
        date=record.date,
        facets={name: list(values) for name, values in record.facets.items()},
        visibility=record.visibility,
        title_exact=_padded(title_exact),
        title_stem=_padded(title_stem),
        body_exact=_padded(body_exact),
        body_stem=_padded(body_stem),
    )


def _actions(doc_type: str, object_ids: set[str], records: list[SearchRecord]) -> list[dict]:
    actions = []
    present = set()
    for record in records:
        present.add((record.object_id, record.language))
        actions.append(
            {
                "_op_type": "index",
                "_id": documents.document_id(doc_type, record.object_id, record.language),
                "_source": documents.source_of(doc_type, record),
            }
        )
    for object_id in object_ids:
        for language in LANGUAGES:
            if (object_id, language) not in present:
                actions.append(
                    {
                        "_op_type": "delete",
                        "_id": documents.document_id(doc_type, object_id, language),
                    }
                )
    return actions


def _send(actions: list[dict], targets: list[str] | None) -> bool:
    rebuilding = False
    try:
        if targets is None:
            targets, rebuilding = documents.write_targets()
        if actions:
            documents.bulk({**action, "_index": target} for target in targets for action in actions)
    except Exception as error:  # noqa: BLE001 - any failure of the engine keeps the rows
        raise SearchUnavailable(f"{type(error).__name__}: {error}") from error
    return rebuilding


# --- Rebuilding -------------------------------------------------------------------------------


@dataclass
class RebuildReport:
    documents: int = 0
    index: str = ""
    replaced: tuple[str, ...] = ()


def _chunks(ids: list[str], size: int):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def search_rebuild(
    *, progress: Callable[[str, int, int], None] | None = None, chunk_size: int = REBUILD_CHUNK
) -> RebuildReport:
    """Index everything again from the database: the database backend's entries, and with
    Elasticsearch a fresh versioned index, which the alias is moved to once it is complete.

    Searches keep reading the old index until the swap. Drains during the rebuild write to
    both indices and keep their rows; once everything is read, the documents changed since
    the rebuild began are indexed once more, so a document read before a change never
    replaces the changed one.
    """
    progress = progress or (lambda label, done, total: None)
    report = RebuildReport()
    client_targets = None
    started = timezone.now() - CLOCK_MARGIN
    if elasticsearch_enabled():
        try:
            report.index = documents.index_create()
            documents.elasticsearch_client().indices.put_alias(
                index=report.index, name=documents.building_alias_name()
            )
        except Exception as error:  # noqa: BLE001
            raise SearchUnavailable(f"{type(error).__name__}: {error}") from error
        client_targets = [report.index]
    for document_type in document_types.all():
        ids = [str(pk) for pk in document_type.all_object_ids()]
        progress(str(document_type.label), 0, len(ids))
        for done, chunk in enumerate(_chunks(ids, chunk_size), start=1):
            documents_index(
                {(document_type.key, object_id) for object_id in chunk}, es_targets=client_targets
            )
            report.documents += len(chunk)
            progress(str(document_type.label), min(done * chunk_size, len(ids)), len(ids))
        SearchEntry.objects.filter(doc_type=document_type.key).exclude(object_id__in=ids).delete()
    SearchEntry.objects.exclude(doc_type__in=document_types.keys()).delete()
    if report.index:
        changed = set(
            SearchOutbox.objects.filter(created_at__gte=started).values_list(
                "doc_type", "object_id"
            )
        )
        documents_index(changed)
        drained = search_drain()
        if not drained.complete:
            raise SearchUnavailable(drained.error)
        try:
            documents.elasticsearch_client().indices.refresh(index=report.index)
            report.replaced = tuple(documents.alias_swap(report.index))
        except Exception as error:  # noqa: BLE001
            raise SearchUnavailable(f"{type(error).__name__}: {error}") from error
        # Drained while the rebuild ran, and indexed into the new index since.
        SearchOutbox.objects.filter(indexed_at__isnull=False).delete()
    return report
