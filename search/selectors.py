"""Search reads. Until the search documents arrive, pages are searched through Wagtail."""

import re

from django.core.paginator import Paginator
from wagtail.models import Page

RESULTS_PER_PAGE = 20
# Upper-case words SQLite's full-text search reads as operators rather than as words.
FULL_TEXT_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def searchable_words(query: str) -> str:
    """The words of a visitor's query, without the quotes, brackets and operators that the
    database backends parse as syntax: an unbalanced quote is an SQLite syntax error."""
    words = re.findall(r"\w+", query)
    return " ".join(word.lower() if word in FULL_TEXT_OPERATORS else word for word in words)


def search_pages(*, query: str, locale, page_number: int | str | None = 1):
    pages = Page.objects.live().public().filter(depth__gt=1)
    if locale is not None:
        pages = pages.filter(locale=locale)
    words = searchable_words(query)
    results = pages.search(words) if words else pages.none()
    return Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
