"""Search reads, from Elasticsearch when it is configured and answers, from the database
backend otherwise; both match the same analysed keys (`search.analysis`) the same way:
every word of the query must match, by its exact key or its stem, in the title or the body;
exact keys and titles weigh more, so the spelling typed ranks first."""

import logging
import math
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from elasticsearch_dsl import Q as EsQ
from elasticsearch_dsl import Search
from wagtail.models import Page

from search import analysis, documents
from search.backend import elasticsearch_client, elasticsearch_enabled
from search.models import SearchEntry
from search.registry import PUBLIC
from search.registry import documents as document_types

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20
# Deeper pages are not offered: Elasticsearch answers at most 10,000 hits by paging.
MAX_PAGE = 500
MAX_QUERY_WORDS = 12
# Weight of a matching word by field; the exact spelling above its inflections, titles above
# bodies.
WEIGHTS = {"title_exact": 8, "body_exact": 4, "title_stem": 2, "body_stem": 1}
# Upper-case words SQLite's full-text search reads as operators rather than as words.
FULL_TEXT_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


@dataclass(frozen=True)
class SearchHit:
    doc_type: str
    type_label: str
    object_id: str
    title: str
    body: str
    url: str
    date: date | None


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    query_tokens: list[analysis.Token] = field(default_factory=list)
    backend: str = "database"
    # True when Elasticsearch is configured but did not answer, and the database answered.
    fallback: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def query_tokens(query: str, language: str) -> list[analysis.Token]:
    seen, tokens = set(), []
    for token in analysis.analyse(query, language):
        if token.exact not in seen:
            seen.add(token.exact)
            tokens.append(token)
    return tokens[:MAX_QUERY_WORDS]


def searchable_words(query: str) -> str:
    """The words of a visitor's query, without the quotes, brackets and operators that the
    database backends parse as syntax: an unbalanced quote is an SQLite syntax error."""
    words = re.findall(r"\w+", query)
    return " ".join(word.lower() if word in FULL_TEXT_OPERATORS else word for word in words)


def search(
    *,
    query: str,
    language: str,
    doc_types: list[str] | None = None,
    visibilities: tuple[str, ...] = (PUBLIC,),
    page: int = 1,
    per_page: int = RESULTS_PER_PAGE,
) -> SearchResults:
    """One page of what matches the query in one language, best first."""
    tokens = query_tokens(query, language)
    page = min(max(1, page), MAX_PAGE)
    if not tokens:
        return SearchResults(hits=[], total=0, page=page, per_page=per_page)
    arguments = {
        "tokens": tokens,
        "language": language,
        "doc_types": doc_types,
        "visibilities": visibilities,
        "page": page,
        "per_page": per_page,
    }
    if elasticsearch_enabled():
        try:
            return _search_elasticsearch(**arguments)
        except Exception:  # noqa: BLE001 - any failure of the engine: the database answers
            logger.warning(
                "Elasticsearch did not answer a search; the database does", exc_info=True
            )
            results = _search_database(**arguments)
            results.fallback = True
            return results
    return _search_database(**arguments)


def _label(doc_type: str) -> str:
    document_type = document_types.get(doc_type)
    return str(document_type.label) if document_type else doc_type


def _search_elasticsearch(*, tokens, language, doc_types, visibilities, page, per_page):
    search = (
        Search(using=elasticsearch_client(), index=documents.alias_name())
        .filter("term", language=language)
        .filter("terms", visibility=list(visibilities))
        .source(["doc_type", "object_id", "title", "body", "url", "date"])
        .sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        .extra(track_total_hits=True)
    )
    if doc_types:
        search = search.filter("terms", doc_type=list(doc_types))
    for token in tokens:
        search = search.query(
            EsQ(
                "bool",
                should=[
                    EsQ("terms", **{name: _keys(token, name), "boost": weight})
                    for name, weight in WEIGHTS.items()
                ],
                minimum_should_match=1,
            )
        )
    start = (page - 1) * per_page
    response = search[start : start + per_page].execute()
    hits = [
        SearchHit(
            doc_type=hit.doc_type,
            type_label=_label(hit.doc_type),
            object_id=hit.object_id,
            title=hit.title,
            body=hit.body or "",
            url=hit.url,
            date=date.fromisoformat(hit.date[:10]) if getattr(hit, "date", None) else None,
        )
        for hit in response
    ]
    return SearchResults(
        hits=hits,
        total=response.hits.total.value,
        page=page,
        per_page=per_page,
        query_tokens=tokens,
        backend="elasticsearch",
    )


def _keys(token: analysis.Token, field_name: str) -> list[str]:
    return [token.exact] if field_name.endswith("_exact") else list(token.stems)


def _contains(field_name: str, token: analysis.Token) -> Q:
    """The entry holds one of the token's keys in that field, as a whole word."""
    condition = Q()
    for key in _keys(token, field_name):
        condition |= Q(**{f"{field_name}__contains": f" {key} "})
    return condition


def _search_database(*, tokens, language, doc_types, visibilities, page, per_page):
    entries = SearchEntry.objects.filter(language=language, visibility__in=visibilities)
    if doc_types:
        entries = entries.filter(doc_type__in=doc_types)
    score = Value(0)
    for token in tokens:
        conditions = {name: _contains(name, token) for name in WEIGHTS}
        entries = entries.filter(
            conditions["title_exact"]
            | conditions["body_exact"]
            | conditions["title_stem"]
            | conditions["body_stem"]
        )
        for name, weight in WEIGHTS.items():
            score = score + Case(
                When(conditions[name], then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
    total = entries.count()
    start = (page - 1) * per_page
    rows = (
        entries.annotate(score=score)
        .order_by("-score", "-date", "pk")
        .values("doc_type", "object_id", "title", "body", "url", "date")[start : start + per_page]
    )
    hits = [SearchHit(type_label=_label(row["doc_type"]), **row) for row in rows]
    return SearchResults(hits=hits, total=total, page=page, per_page=per_page, query_tokens=tokens)


def search_pages(*, query: str, locale, page_number: int | str | None = 1):
    """Wagtail's database search over pages, which the search page still uses until it moves
    to `search()` (the next part of issue 11)."""
    pages = Page.objects.live().public().filter(depth__gt=1)
    if locale is not None:
        pages = pages.filter(locale=locale)
    words = searchable_words(query)
    results = pages.search(words) if words else pages.none()
    return Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
