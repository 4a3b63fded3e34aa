"""Search reads, from Elasticsearch when it is configured and answers, from the database
backend otherwise; both match the same analysed keys (`search.analysis`) the same way:
every word of the query must match, by its exact key or its stem, in the title or the body,
and every quoted phrase by its exact keys, adjacent and in order; exact keys and titles weigh
more, so the spelling typed ranks first.

Facets combine: values of one facet are alternatives, facets narrow each other, and each
facet's counts take every other facet's selection into account (not its own, so its other
values stay offered with what choosing them would give).
"""

import difflib
import logging
import math
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from elasticsearch import NotFoundError
from elasticsearch_dsl import Q as EsQ
from elasticsearch_dsl import Search

from search import analysis, documents, highlight
from search.backend import elasticsearch_client, elasticsearch_enabled
from search.models import SearchEntry, SearchFacetValue, SearchTerm
from search.registry import PUBLIC, facet_labels
from search.registry import documents as document_types

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20
# Deeper pages are not offered: Elasticsearch answers at most 10,000 hits by paging.
MAX_PAGE = 500
MAX_QUERY_WORDS = 12
MAX_QUERY_LENGTH = 200
# Weight of a matching word by field; the exact spelling above its inflections, titles above
# bodies.
WEIGHTS = {"title_exact": 8, "body_exact": 4, "title_stem": 2, "body_stem": 1}
PHRASE_WEIGHTS = {"title_exact": 8, "body_exact": 4}
TYPE = "type"
# The facets in the order a visitor reads them: the document type, then what the records say.
FACETS = (TYPE, *documents.FACETS)
FACET_TITLES = {
    TYPE: _("Type"),
    "area": _("Plan area"),
    "measure": _("Measure"),
    "body": _("Body"),
    "council": _("Council"),
    "municipality": _("Municipality"),
    "year": _("Year"),
    "status": _("Status"),
}
# Values asked of Elasticsearch per facet, and shown per facet (the selected ones always).
FACET_BUCKETS = 100
FACET_VALUES_SHOWN = 10
SUGGESTIONS = 8
# How alike a vocabulary word must be to a mistyped one to be suggested (difflib's ratio).
SUGGESTION_LIKENESS = 0.7


def visibilities_for(user) -> tuple[str, ...]:
    """What a visitor may find. Every visitor finds public records; no registered type has
    records for a narrower audience yet, so this is the one place to widen it when one does."""
    return (PUBLIC,)


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[analysis.Token, ...]  # each matches by its exact key or a stem
    phrases: tuple[tuple[analysis.Token, ...], ...]  # each matches its exact keys adjacent

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases


def parse_query(query: str, language: str) -> ParsedQuery:
    """The words and "quoted phrases" of a visitor's query. An unclosed quote is a phrase to
    the end; a phrase of one word is a word; beyond MAX_QUERY_WORDS words the rest is left."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    phrases, words, seen, budget = [], [], set(), MAX_QUERY_WORDS
    for index, part in enumerate(query.split('"')):
        tokens = analysis.analyse(part, language)[:budget]
        budget -= len(tokens)
        if index % 2 == 1 and len(tokens) > 1:
            phrases.append(tuple(tokens))
            continue
        for token in tokens:
            if token.exact not in seen:
                seen.add(token.exact)
                words.append(token)
    return ParsedQuery(words=tuple(words), phrases=tuple(phrases))


def query_tokens(query: str, language: str) -> list[analysis.Token]:
    parsed = parse_query(query, language)
    return [*parsed.words, *(token for phrase in parsed.phrases for token in phrase)]


@dataclass(frozen=True)
class SearchHit:
    doc_type: str
    type_label: str
    object_id: str
    title: str
    body: str
    url: str
    date: date | None
    title_html: SafeString = SafeString("")
    snippet: SafeString = SafeString("")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    values: list[FacetValue]

    @property
    def title(self) -> str:
        return str(FACET_TITLES[self.name])


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    query_tokens: list[analysis.Token] = field(default_factory=list)
    # True when more matched than pagination can reach (`counted_at_most`): `total` is then
    # that many, and the visitor reads "more than" it.
    total_is_lower_bound: bool = False
    backend: str = "database"
    # True when Elasticsearch is configured but did not answer, and the database answered.
    fallback: bool = False
    facets: list[Facet] = field(default_factory=list)
    # A query that finds something, offered when this one found nothing.
    suggestion: str = ""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < min(self.pages, MAX_PAGE)


def counted_at_most(per_page: int) -> int:
    """How many hits a search counts: what its pages can show. Counting every hit of a common
    word would make the engine visit them all for a number nobody can page through."""
    return per_page * MAX_PAGE


def clean_selections(selections: dict | None) -> dict[str, tuple[str, ...]]:
    """Facet name -> the selected values, for the known facets that have any."""
    cleaned = {}
    for name in FACETS:
        values = tuple(dict.fromkeys(str(value) for value in (selections or {}).get(name) or ()))
        if values:
            cleaned[name] = values
    return cleaned


def search(
    *,
    query: str,
    language: str,
    doc_types: list[str] | None = None,
    selections: dict | None = None,
    visibilities: tuple[str, ...] = (PUBLIC,),
    page: int = 1,
    per_page: int = RESULTS_PER_PAGE,
    facets: bool = False,
    suggest: bool = False,
) -> SearchResults:
    """One page of what matches the query in one language, best first; with `facets`, the
    counts of each facet; with `suggest`, a query that finds something when this one found
    nothing."""
    parsed = parse_query(query, language)
    page = min(max(1, page), MAX_PAGE)
    selections = clean_selections(
        {**(selections or {}), **({TYPE: doc_types} if doc_types else {})}
    )
    if parsed.empty:
        return SearchResults(hits=[], total=0, page=page, per_page=per_page)
    arguments = {
        "parsed": parsed,
        "language": language,
        "selections": selections,
        "visibilities": visibilities,
        "page": page,
        "per_page": per_page,
        "with_facets": facets,
    }
    backend = _search_database
    fallback = False
    if elasticsearch_enabled():
        try:
            results = _search_elasticsearch(**arguments)
            backend = _search_elasticsearch
        except NotFoundError:
            # Elasticsearch answers but holds no index yet (nothing drained since it was set
            # up): the database, which every drain writes first, answers without a note.
            results = _search_database(**arguments)
        except Exception:  # noqa: BLE001 - any failure of the engine: the database answers
            logger.warning(
                "Elasticsearch did not answer a search; the database does", exc_info=True
            )
            results = _search_database(**arguments)
            fallback = True
    else:
        results = _search_database(**arguments)
    results.fallback = fallback
    results.query_tokens = query_tokens(query, language)
    results.hits = [_highlighted(hit, parsed, language) for hit in results.hits]
    if facets:
        results.facets = _labelled(results.facets, language, visibilities)
    if suggest and results.total == 0:
        results.suggestion = _suggestion(query, parsed, language, visibilities, selections, backend)
    return results


def _highlighted(hit: SearchHit, parsed: ParsedQuery, language: str) -> SearchHit:
    return SearchHit(
        doc_type=hit.doc_type,
        type_label=hit.type_label,
        object_id=hit.object_id,
        title=hit.title,
        body=hit.body,
        url=hit.url,
        date=hit.date,
        title_html=highlight.highlighted(hit.title, parsed, language),
        snippet=highlight.snippet(hit.body, parsed, language),
    )


def _label(doc_type: str) -> str:
    document_type = document_types.get(doc_type)
    return str(document_type.label) if document_type else doc_type


# --- Elasticsearch ----------------------------------------------------------------------------


def _keys(token: analysis.Token, field_name: str) -> list[str]:
    return [token.exact] if field_name.endswith("_exact") else list(token.stems)


def _es_selection(name: str, values) -> EsQ:
    if name == TYPE:
        return EsQ("terms", doc_type=list(values))
    return EsQ("terms", **{f"facets.{name}": list(values)})


def _es_query(parsed: ParsedQuery, language: str, visibilities) -> Search:
    search = (
        Search(using=elasticsearch_client(), index=documents.alias_name())
        .filter("term", language=language)
        .filter("terms", visibility=list(visibilities))
    )
    for token in parsed.words:
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
    for phrase in parsed.phrases:
        text = " ".join(token.exact for token in phrase)
        search = search.query(
            EsQ(
                "bool",
                should=[
                    EsQ("match_phrase", **{name: {"query": text, "boost": weight}})
                    for name, weight in PHRASE_WEIGHTS.items()
                ],
                minimum_should_match=1,
            )
        )
    return search


def _search_elasticsearch(
    *, parsed, language, selections, visibilities, page, per_page, with_facets
):
    search = (
        _es_query(parsed, language, visibilities)
        .source(["doc_type", "object_id", "title", "body", "url", "date"])
        .sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        .extra(track_total_hits=counted_at_most(per_page))
    )
    if selections:
        # Hits obey every selection; the facets' counts (below) each leave their own out.
        search = search.post_filter(
            EsQ("bool", filter=[_es_selection(n, v) for n, v in selections.items()])
        )
    if with_facets:
        for name in FACETS:
            others = [_es_selection(n, v) for n, v in selections.items() if n != name]
            terms_field = "doc_type" if name == TYPE else f"facets.{name}"
            search.aggs.bucket(name, "filter", filter=EsQ("bool", filter=others)).bucket(
                "values", "terms", field=terms_field, size=FACET_BUCKETS
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
    counts = {}
    if with_facets:
        for name in FACETS:
            counts[name] = {
                bucket.key: bucket.doc_count
                for bucket in response.aggregations[name]["values"].buckets
            }
    return SearchResults(
        hits=hits,
        total=response.hits.total.value,
        total_is_lower_bound=response.hits.total.relation == "gte",
        page=page,
        per_page=per_page,
        backend="elasticsearch",
        facets=_facets(counts, selections) if with_facets else [],
    )


def _es_count(parsed, language, visibilities, selections) -> int:
    search = _es_query(parsed, language, visibilities)
    for name, values in selections.items():
        search = search.filter(_es_selection(name, values))
    return search.count()


# --- Database ---------------------------------------------------------------------------------


def _contains(field_name: str, token: analysis.Token) -> Q:
    """The entry holds one of the token's keys in that field, as a whole word."""
    condition = Q()
    for key in _keys(token, field_name):
        condition |= Q(**{f"{field_name}__contains": f" {key} "})
    return condition


def _phrase(field_name: str, phrase) -> Q:
    return Q(**{f"{field_name}__contains": " " + " ".join(t.exact for t in phrase) + " "})


def _db_matching(parsed: ParsedQuery, language: str, visibilities):
    """The entries matching the query, and the score of each (an expression)."""
    entries = SearchEntry.objects.filter(language=language, visibility__in=visibilities)
    score = Value(0)
    conditions = []
    for token in parsed.words:
        conditions.append({name: _contains(name, token) for name in WEIGHTS})
    for phrase in parsed.phrases:
        conditions.append({name: _phrase(name, phrase) for name in PHRASE_WEIGHTS})
    for condition in conditions:
        either = Q()
        for part in condition.values():
            either |= part
        entries = entries.filter(either)
        for name, part in condition.items():
            score = score + Case(
                When(part, then=Value(WEIGHTS[name])), default=Value(0), output_field=IntegerField()
            )
    return entries, score


def _db_selected(entries, selections: dict, leave_out: str | None = None):
    for name, values in selections.items():
        if name == leave_out:
            continue
        if name == TYPE:
            entries = entries.filter(doc_type__in=values)
        else:
            entries = entries.filter(
                Exists(
                    SearchFacetValue.objects.filter(
                        entry=OuterRef("pk"), name=name, value__in=values
                    )
                )
            )
    return entries


def _db_counts(matching, selections: dict) -> dict[str, dict[str, int]]:
    """Each facet's counts: the facets without a selection share one query (every selection
    applies to them), each selected facet has its own (the others' selections apply)."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    groups: list[tuple[str | None, tuple[str, ...]]] = [
        (None, tuple(name for name in FACETS if name not in selections))
    ]
    groups += [(name, (name,)) for name in FACETS if name in selections]
    for leave_out, names in groups:
        entries = _db_selected(matching, selections, leave_out)
        if TYPE in names:
            for row in entries.values("doc_type").annotate(n=Count("pk")).order_by():
                counts[TYPE][row["doc_type"]] = row["n"]
        facet_names = [name for name in names if name != TYPE]
        if facet_names:
            rows = (
                SearchFacetValue.objects.filter(
                    entry__in=entries.values("pk"), name__in=facet_names
                )
                .values("name", "value")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for row in rows:
                counts[row["name"]][row["value"]] = row["n"]
    return counts


def _search_database(*, parsed, language, selections, visibilities, page, per_page, with_facets):
    matching, score = _db_matching(parsed, language, visibilities)
    entries = _db_selected(matching, selections)
    # Counted as far as Elasticsearch counts (one past, to know there are more).
    cap = counted_at_most(per_page)
    total = entries[: cap + 1].count()
    start = (page - 1) * per_page
    rows = (
        entries.annotate(score=score)
        .order_by("-score", F("date").desc(nulls_last=True), "pk")
        .values("doc_type", "object_id", "title", "body", "url", "date")[start : start + per_page]
    )
    hits = [SearchHit(type_label=_label(row["doc_type"]), **row) for row in rows]
    facets = _facets(_db_counts(matching, selections), selections) if with_facets else []
    return SearchResults(
        hits=hits,
        total=min(total, cap),
        total_is_lower_bound=total > cap,
        page=page,
        per_page=per_page,
        facets=facets,
    )


def _db_count(parsed, language, visibilities, selections) -> int:
    matching, _score = _db_matching(parsed, language, visibilities)
    return _db_selected(matching, selections).count()


# --- Facets -----------------------------------------------------------------------------------


def _natural(value: str):
    """Codes in their natural order: 2 before 10, 5.5 before 5.10."""
    return [
        (0, int(part), "") if part.isdecimal() else (1, 0, part)
        for part in re.split(r"[.\-]", value)
    ]


def _facets(counts: dict[str, dict[str, int]], selections: dict) -> list[Facet]:
    facets = []
    for name in FACETS:
        chosen = selections.get(name, ())
        values = dict(counts.get(name, {}))
        for value in chosen:
            values.setdefault(value, 0)
        if not values:
            continue
        ranked = sorted(values, key=lambda value: (value not in chosen, -values[value]))
        shown = set(ranked[:FACET_VALUES_SHOWN]) | set(chosen)
        order = sorted(shown, key=_natural)
        if name == "year":
            order.reverse()
        facets.append(
            Facet(
                name=name,
                values=[FacetValue(v, v, values[v], v in chosen) for v in order],
            )
        )
    return facets


def _labelled(facets: list[Facet], language: str, visibilities) -> list[Facet]:
    """Facet values by their names: a document type's label; a value with a document of its
    own (an area, a measure, a body, a council, a municipality) by that document's title; a
    value a registered app names (a status) by that name; any other as it is (a year; a code
    such as "in_progress" with spaces for its underscores)."""
    wanted = {
        (facet.name, value.value)
        for facet in facets
        if facet.name != TYPE
        for value in facet.values
    }
    titles = {}
    if wanted:
        rows = SearchFacetValue.objects.filter(
            entry__language=language,
            entry__visibility__in=visibilities,
            entry__doc_type=F("name"),
            name__in={name for name, _ in wanted},
            value__in={value for _, value in wanted},
        ).values_list("name", "value", "entry__title")
        titles = {(name, value): title for name, value, title in rows}
    labelled = []
    for facet in facets:
        names = facet_labels.get(facet.name)
        values = []
        for item in facet.values:
            if facet.name == TYPE:
                label = _label(item.value)
            else:
                label = (
                    titles.get((facet.name, item.value))
                    or names.get(item.value)
                    or item.value.replace("_", " ")
                )
            values.append(FacetValue(item.value, str(label), item.count, item.selected))
        labelled.append(Facet(name=facet.name, values=values))
    return labelled


# --- Did you mean -----------------------------------------------------------------------------


def _suggestion(query, parsed, language, visibilities, selections, backend) -> str:
    """The query with each word the vocabulary does not hold replaced by the most alike word it
    does, if that finds something; otherwise nothing."""
    tokens = [*parsed.words, *(token for phrase in parsed.phrases for token in phrase)]
    known = set(
        SearchTerm.objects.filter(
            language=language, term__in={token.exact for token in tokens}
        ).values_list("term", flat=True)
    )
    unknown = [token for token in tokens if token.exact not in known and token.exact.isalpha()]
    if not unknown:
        return ""
    candidates = Q()
    for token in unknown:
        candidates |= Q(length__gte=len(token.exact) - 2, length__lte=len(token.exact) + 2) & (
            Q(term__startswith=token.exact[:1]) | Q(term__endswith=token.exact[-2:])
        )
    vocabulary = dict(
        SearchTerm.objects.filter(candidates, language=language).values_list("term", "word")
    )
    replaced = query
    for token in sorted(unknown, key=lambda token: token.start, reverse=True):
        close = difflib.get_close_matches(token.exact, vocabulary, n=1, cutoff=SUGGESTION_LIKENESS)
        if not close:
            continue
        replaced = replaced[: token.start] + vocabulary[close[0]] + replaced[token.end :]
    if replaced == query:
        return ""
    suggested = parse_query(replaced, language)
    count = _es_count if backend is _search_elasticsearch else _db_count
    return replaced if count(suggested, language, visibilities, selections) else ""


# --- Autocomplete -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    doc_type: str
    type_label: str
    title: str
    url: str


def completions(
    *, prefix: str, language: str, visibilities: tuple[str, ...] = (PUBLIC,), limit=SUGGESTIONS
) -> list[Completion]:
    """Titles whose words start as typed: every word but the last whole (as in a search), the
    last one begun."""
    tokens = analysis.analyse((prefix or "")[:MAX_QUERY_LENGTH], language)[:MAX_QUERY_WORDS]
    if not tokens:
        return []
    *whole, begun = tokens
    if elasticsearch_enabled():
        try:
            return _completions_elasticsearch(whole, begun, language, visibilities, limit)
        except Exception:  # noqa: BLE001 - the database answers, as for a search
            logger.warning("Elasticsearch did not answer a completion", exc_info=True)
    entries = SearchEntry.objects.filter(
        language=language,
        visibility__in=visibilities,
        title_exact__contains=f" {begun.exact}",
    )
    for token in whole:
        entries = entries.filter(_contains("title_exact", token) | _contains("title_stem", token))
    rows = entries.order_by(F("date").desc(nulls_last=True), "pk").values(
        "doc_type", "title", "url"
    )[:limit]
    return [Completion(type_label=_label(row["doc_type"]), **row) for row in rows]


def _completions_elasticsearch(whole, begun, language, visibilities, limit):
    search = (
        Search(using=elasticsearch_client(), index=documents.alias_name())
        .filter("term", language=language)
        .filter("terms", visibility=list(visibilities))
        .query(EsQ("prefix", title_exact=begun.exact))
        .source(["doc_type", "title", "url"])
        .sort("_score", {"date": {"order": "desc", "missing": "_last"}})
    )
    for token in whole:
        search = search.query(
            EsQ(
                "bool",
                should=[
                    EsQ("term", title_exact=token.exact),
                    EsQ("terms", title_stem=list(token.stems)),
                ],
                minimum_should_match=1,
            )
        )
    return [
        Completion(
            doc_type=hit.doc_type, type_label=_label(hit.doc_type), title=hit.title, url=hit.url
        )
        for hit in search[:limit].execute()
    ]
