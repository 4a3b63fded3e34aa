"""Search at 100,000 documents: the app's indexing path against a raw `_bulk`, its searches
against Elasticsearch's own `took` and against the database backend, and how soon a committed
change is found.

The documents are generated from the vocabulary of the action plan (the bench database's
measure pages after `import_action_plan`), with Azerbaijani inflections added by vowel harmony,
from a fixed seed, so every run indexes the same text. Printed:

- indexing: docs/s of `search.documents.source_of` + `search.documents.bulk` (what a drain or a
  rebuild does) against a raw `_bulk` of the same documents already built and serialised, into
  two fresh indices with the app's mapping, chunk by chunk in turn so load falls on both alike;
- search: p50/p95 of `search.selectors.search` against the `took` Elasticsearch reports for
  the very same requests, then the same queries on the database backend;
- commit to searchable: a measure page published in a transaction (the outbox row written with
  it), the drain after the commit, until the selector finds the new title (the index's own
  refresh, every second, included), p50/p99.

Timings are printed, never asserted. `python -m bench search` indexes 100,000 documents;
`BENCH_SEARCH_DOCUMENTS=20000` fewer. The indices live under a prefix of the bench's own and are
deleted at the end, as are the database backend's entries of the generated documents.
"""

import json
import os
import random
import re
import time
import uuid
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.test import override_settings
from elasticsearch_dsl import Search

from bench.live import _percentile
from bench.pages import prepare_database
from search import analysis, documents
from search.backend import elasticsearch_client
from search.models import SearchEntry
from search.registry import PUBLIC, SearchRecord
from search.selectors import search
from search.services import entry_of
from themes.models import MeasurePage

DOCUMENTS = int(os.environ.get("BENCH_SEARCH_DOCUMENTS", "100000"))
SEED = 11
CHUNK = 500
QUERIES = 200
WARM_UP_QUERIES = 20
DATABASE_QUERIES = 40
COMMITS = 30
VISIBLE_WITHIN = 10.0  # seconds; a change not found by then counts as this long
AIMS = [
    "aim: app indexing >= 60 % of raw _bulk",
    "aim: app search p95 <= 50 ms and <= 3x took",
    "aim: commit to searchable p99 <= 2 s",
]
# Generated documents, by type, as often as the site will hold them.
TYPES = [
    ("comment", 50),
    ("measure", 5),
    ("minutes", 10),
    ("consultation", 10),
    ("budget", 15),
    ("page", 10),
]
GENERATED_TYPES = tuple(f"bench-{name}" for name, _ in TYPES)
WORD = re.compile(r"[^\W\d_]{3,}")
BACK_VOWELS, FRONT_VOWELS = "aıou", "əeiöü"
ROUNDED = "ouöü"


def _progress(line: str) -> None:
    print(f"  {line}", flush=True)


# --- Text -------------------------------------------------------------------------------------


def _plan_words() -> Counter:
    """The Azerbaijani words of the plan's measure pages, as often as they occur."""
    words: Counter = Counter()
    for text, indicator, title in MeasurePage.objects.filter(
        locale__language_code="az"
    ).values_list("text", "indicator", "title"):
        for part in (text, indicator, title):
            words.update(analysis.lower(word) for word in WORD.findall(part))
    if not words:
        raise SystemExit("bench.search: the bench database has no plan (import_action_plan).")
    return words


def _last_vowel(word: str) -> str:
    return next((char for char in reversed(word) if char in BACK_VOWELS + FRONT_VOWELS), "a")


def _inflect(word: str, rng: random.Random) -> str:
    """The word with a plural, possessive or case ending that harmonises with it."""
    vowel = _last_vowel(word)
    a = "a" if vowel in BACK_VOWELS else "ə"
    if vowel in ROUNDED:
        i = "u" if vowel in BACK_VOWELS else "ü"
    else:
        i = "ı" if vowel in BACK_VOWELS else "i"
    after_vowel = word[-1] in BACK_VOWELS + FRONT_VOWELS
    endings = [
        f"l{a}r",
        f"s{i}" if after_vowel else i,
        f"n{i}n" if after_vowel else f"{i}n",
        f"y{a}" if after_vowel else a,
        f"d{a}",
        f"d{a}n",
        f"l{a}r{i}n",
        f"l{a}rd{a}",
    ]
    return word + rng.choice(endings)


class TextMaker:
    """Sentences of plan words, drawn as often as the plan uses them, a fifth inflected anew."""

    def __init__(self, words: Counter, rng: random.Random):
        self.rng = rng
        self.words = list(words)
        self.weights = list(words.values())

    def words_(self, count: int) -> list[str]:
        chosen = self.rng.choices(self.words, weights=self.weights, k=count)
        return [_inflect(word, self.rng) if self.rng.random() < 0.2 else word for word in chosen]

    def sentence(self, low: int, high: int) -> str:
        words = self.words_(self.rng.randint(low, high))
        first = words[0]
        capital = "İ" if first[0] == "i" else ("I" if first[0] == "ı" else first[0].upper())
        return f"{capital}{first[1:]} {' '.join(words[1:])}."

    def text(self, sentences: int) -> str:
        return " ".join(self.sentence(6, 18) for _ in range(sentences))


def generate(count: int, maker: TextMaker, rng: random.Random) -> list[tuple[str, SearchRecord]]:
    kinds = [name for name, _ in TYPES]
    weights = [weight for _, weight in TYPES]
    start = date(2024, 1, 1)
    records = []
    for number in range(count):
        kind = rng.choices(kinds, weights=weights)[0]
        body_sentences = rng.randint(1, 4) if kind == "comment" else rng.randint(3, 10)
        day = start + timedelta(days=rng.randrange(4 * 365))
        records.append(
            (
                f"bench-{kind}",
                SearchRecord(
                    object_id=str(number),
                    language="az",
                    title=maker.sentence(4, 12).rstrip("."),
                    body=maker.text(body_sentences),
                    url=f"/az/bench/{kind}/{number}/",
                    date=day,
                    facets={
                        "area": (str(rng.randint(1, 8)),),
                        "year": (str(day.year),),
                        "status": (rng.choice(["planned", "ongoing", "done"]),),
                    },
                    visibility=PUBLIC if rng.random() < 0.95 else "staff",
                ),
            )
        )
    return records


def make_queries(words: Counter, rng: random.Random, count: int) -> list[str]:
    """One to three words a visitor might type: the plan's words of middling frequency, in
    another inflection or without Azerbaijani letters now and then."""
    ranked = [word for word, _ in words.most_common() if len(word) >= 4]
    pool = ranked[20:] or ranked
    queries = []
    for _ in range(count):
        chosen = [rng.choice(pool) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
        chosen = [_inflect(word, rng) if rng.random() < 0.3 else word for word in chosen]
        query = " ".join(chosen)
        queries.append(analysis.fold(query) if rng.random() < 0.4 else query)
    return queries


# --- Indexing ---------------------------------------------------------------------------------


def _app_index(chunk: list[tuple[str, SearchRecord]], index: str) -> None:
    documents.bulk(
        {
            "_op_type": "index",
            "_index": index,
            "_id": documents.document_id(doc_type, record.object_id, record.language),
            "_source": documents.source_of(doc_type, record),
        }
        for doc_type, record in chunk
    )


def _raw_body(chunk: list[tuple[str, SearchRecord]]) -> bytes:
    lines = []
    for doc_type, record in chunk:
        lines.append(
            json.dumps({"index": {"_id": documents.document_id(doc_type, record.object_id, "az")}})
        )
        lines.append(json.dumps(documents.source_of(doc_type, record), ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def bench_indexing(records) -> tuple[str, str]:
    client = elasticsearch_client()
    app_index, raw_index = documents.index_create(), documents.index_create()
    chunks = [records[start : start + CHUNK] for start in range(0, len(records), CHUNK)]
    _progress(f"serialising {len(records)} documents for the raw _bulk")
    raw_bodies = [_raw_body(chunk) for chunk in chunks]
    app_seconds = raw_seconds = 0.0
    for number, (chunk, body) in enumerate(zip(chunks, raw_bodies, strict=True)):
        started = time.perf_counter()
        response = client.bulk(index=raw_index, operations=body)
        raw_seconds += time.perf_counter() - started
        if response["errors"]:
            raise SystemExit("bench.search: Elasticsearch refused part of the raw _bulk")
        started = time.perf_counter()
        _app_index(chunk, app_index)
        app_seconds += time.perf_counter() - started
        if number % 40 == 39:
            _progress(f"indexed {min((number + 1) * CHUNK, len(records))}")
    client.indices.refresh(index=f"{app_index},{raw_index}")
    counts = [client.count(index=name)["count"] for name in (app_index, raw_index)]
    app_rate, raw_rate = len(records) / app_seconds, len(records) / raw_seconds
    print(
        f"  indexing {len(records)} documents: app {app_rate:,.0f} docs/s, raw _bulk "
        f"{raw_rate:,.0f} docs/s, app/raw {app_rate / raw_rate:.0%} (indexed: {counts[0]} "
        f"and {counts[1]})"
    )
    client.indices.put_alias(index=app_index, name=documents.alias_name())
    return app_index, raw_index


# --- Searching --------------------------------------------------------------------------------


class TookRecorder:
    """Keeps the `took` of every search elasticsearch-dsl executes meanwhile."""

    def __init__(self):
        self.took: list[float] = []
        self._execute = Search.execute

    def __enter__(self):
        recorder = self

        def execute(search_, *args, **kwargs):
            response = recorder._execute(search_, *args, **kwargs)
            recorder.took.append(response.took / 1000)
            return response

        Search.execute = execute
        return self

    def __exit__(self, *exc):
        Search.execute = self._execute


def _timed_searches(queries: list[str]) -> tuple[list[float], int]:
    seconds, found = [], 0
    for query in queries:
        started = time.perf_counter()
        results = search(query=query, language="az")
        seconds.append(time.perf_counter() - started)
        found += bool(results.total)
        if results.fallback:
            raise SystemExit("bench.search: Elasticsearch did not answer a search")
    return seconds, found


def _ms(values: list[float], share: float) -> str:
    return f"{_percentile(values, share) * 1000:.1f} ms"


def bench_searching(queries: list[str]) -> None:
    _timed_searches(queries[:WARM_UP_QUERIES])
    with TookRecorder() as recorder:
        seconds, found = _timed_searches(queries)
    took = recorder.took
    print(
        f"  search, {len(queries)} queries ({found} with results): app p50 {_ms(seconds, 0.5)}"
        f" p95 {_ms(seconds, 0.95)}; took p50 {_ms(took, 0.5)} p95 {_ms(took, 0.95)}; "
        f"app/took at p95 {_percentile(seconds, 0.95) / max(_percentile(took, 0.95), 1e-3):.1f}x"
    )


def bench_database_searching(queries: list[str], records) -> None:
    _progress(f"writing {len(records)} database backend entries")
    for start in range(0, len(records), 2000):
        SearchEntry.objects.bulk_create(
            entry_of(doc_type, record) for doc_type, record in records[start : start + 2000]
        )
    chosen = queries[:DATABASE_QUERIES]
    with override_settings(ELASTICSEARCH_URL=""):
        search(query=chosen[0], language="az")
        seconds, found = [], 0
        for query in chosen:
            started = time.perf_counter()
            found += bool(search(query=query, language="az").total)
            seconds.append(time.perf_counter() - started)
    print(
        f"  database backend, first {len(chosen)} of the queries ({found} with results): "
        f"p50 {_ms(seconds, 0.5)} p95 {_ms(seconds, 0.95)}"
    )


# --- Commit to searchable ---------------------------------------------------------------------


def bench_commit_to_searchable() -> None:
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="az")
    original = page.title
    delays = []
    try:
        for number in range(COMMITS):
            marker = f"yoxlama{uuid.uuid4().hex[:8]}"
            committed: list[float] = []
            with transaction.atomic():
                # Registered first, so it runs first after the commit, before the drain.
                transaction.on_commit(lambda stamps=committed: stamps.append(time.perf_counter()))
                page.title = f"5.5. İctimai şuraların {marker} hesabatı"
                page.save_revision().publish()
            while True:
                hits = search(query=marker, language="az", doc_types=["measure"]).hits
                waited = time.perf_counter() - committed[0]
                if hits or waited > VISIBLE_WITHIN:
                    break
                time.sleep(0.01)
            delays.append(waited)
            if number % 10 == 9:
                _progress(f"{number + 1} commits")
    finally:
        page.title = original
        page.save_revision().publish()
    print(
        f"  commit to searchable, {COMMITS} publications: p50 {_ms(delays, 0.5)}, "
        f"p99 {_ms(delays, 0.99)}"
    )


# --- The run ----------------------------------------------------------------------------------


def run() -> None:
    if not settings.ELASTICSEARCH_URL:
        raise SystemExit("bench.search needs ELASTICSEARCH_URL.")
    prepare_database(dict(os.environ))
    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-bench-{uuid.uuid4().hex[:6]}"
    rng = random.Random(SEED)  # noqa: S311 - reproducible text, not a secret
    words = _plan_words()
    _progress(f"vocabulary: {len(words)} words of the plan; generating {DOCUMENTS} documents")
    maker = TextMaker(words, rng)
    records = generate(DOCUMENTS, maker, rng)
    queries = make_queries(words, rng, QUERIES)
    with override_settings(ELASTICSEARCH_INDEX_PREFIX=prefix):
        client = elasticsearch_client()
        try:
            bench_indexing(records)
            bench_searching(queries)
            bench_commit_to_searchable()
            bench_database_searching(queries, records)
        finally:
            names = list(client.indices.get(index=f"{prefix}-*", allow_no_indices=True))
            if names:
                client.indices.delete(index=",".join(names))
            SearchEntry.objects.filter(doc_type__in=GENERATED_TYPES).delete()
            _progress(f"deleted {len(names)} indices")
    for aim in AIMS:
        print(f"  {aim}")
