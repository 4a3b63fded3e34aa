"""Search reads. Until the search documents arrive, pages are searched through Wagtail."""

from django.core.paginator import Paginator
from wagtail.models import Page

RESULTS_PER_PAGE = 20


def search_pages(*, query: str, locale, page_number: int | str | None = 1):
    pages = Page.objects.live().public().filter(depth__gt=1)
    if locale is not None:
        pages = pages.filter(locale=locale)
    results = pages.search(query) if query else pages.none()
    return Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
