"""The search page: one box, results with highlights, facets that combine, "did you mean".

Anonymous searches are cached like every public page, keyed on the whole address (query,
facets, page); a drain that indexed anything renews the search addresses' cache generation
(`search.services.search_drain`), and an answer the database gave while Elasticsearch was
down is not cached, so the next visitor asks Elasticsearch again.
"""

from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from search.selectors import (
    FACETS,
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    TYPE,
    search,
    visibilities_for,
)


def page_number(raw: str | None) -> int:
    """A page number from the address; anything else is the first page."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 4:
        return min(max(1, int(raw)), MAX_PAGE)
    return 1


def search_view(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    selections = {
        name: [value for value in request.GET.getlist(name) if value][:20] for name in FACETS
    }
    results = None
    if query:
        results = search(
            query=query,
            language=get_language(),
            doc_types=selections.pop(TYPE) or None,
            selections=selections,
            visibilities=visibilities_for(request.user),
            page=page_number(request.GET.get("page")),
            facets=True,
            suggest=True,
        )
    response = TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results": results},
    )
    if results is not None and results.fallback:
        patch_cache_control(response, no_cache=True)
    return response
