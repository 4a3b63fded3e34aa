from django.template.response import TemplateResponse
from wagtail.models import Locale

from search.selectors import search_pages

MAX_QUERY_LENGTH = 200


def search_view(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = search_pages(
        query=query, locale=Locale.get_active(), page_number=request.GET.get("page")
    )
    return TemplateResponse(request, "search/search.html", {"query": query, "results": results})
