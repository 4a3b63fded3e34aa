"""Reads of the site structure shared by templates, views and the API."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Site

from civic_platform.page_cache import cached_for_generation


def current_home_page(request):
    """The site's root page, in the active language when a translation exists."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    root = site.root_page
    translation = (
        root.get_translations(inclusive=True)
        .filter(locale__language_code=get_language())
        .specific()
        .first()
    )
    return translation or root.specific


def navigation_pages(request):
    """The header's sections in the visitor's language; the same on every page, so shared."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []

    def sections():
        home = current_home_page(request)
        return list(home.get_children().live().public().in_menu().specific())

    return cached_for_generation(f"navigation:{site.pk}:{get_language()}", sections)


def language_alternatives(request, page=None):
    """(code, name, url, is_current) per language, each pointing at the same content.

    A page links to its own translation (slugs may differ between languages), followed by the
    sub-route it is serving (a routable page's `bodies/<slug>/`) and the query (the plan's
    filters); any other view gets its URL resolved again in the other language.
    """
    translations = {}
    if page is not None:
        site = Site.find_for_request(request)

        def addresses():
            return {
                p.locale.language_code: p.get_url(request)
                for p in page.get_translations(inclusive=True).live().select_related("locale")
            }

        # Every page shows these links; they change only when something is published.
        translations = cached_for_generation(
            f"translations:{site.pk if site else 0}:{page.pk}", addresses
        )
    current = get_language()
    sub_route = _sub_route(request.path, translations.get(current))
    query = request.META.get("QUERY_STRING", "")
    alternatives = []
    for code, name in settings.LANGUAGES:
        if translations.get(code):
            url = translations[code] + sub_route + (f"?{query}" if query else "")
        else:
            url = translate_url(request.get_full_path(), code)
        alternatives.append((code, name, url, code == current))
    return alternatives


def _sub_route(path: str, page_url: str | None) -> str:
    """What of the address follows the page's own, e.g. `bodies/x/` below the plan page."""
    if page_url and page_url.endswith("/") and path.startswith(page_url):
        return path[len(page_url) :]
    return ""


def current_section(request, page, section) -> str:
    """The main menu's `aria-current` value for `section`: "page" on the section's own page,
    "true" anywhere below it (a sub-page or a sub-route such as the plan's bodies), "" elsewhere.

    Wagtail's tree paths make every ancestor's path a prefix of its descendants' paths.
    """
    if page is None or not page.path.startswith(section.path):
        return ""
    if page.path == section.path and request.path == section.get_url(request):
        return "page"
    return "true"


def page_trail(request, page) -> list:
    """The pages above this one, from the site's home page down: the breadcrumbs.

    Routing found them already when it found this page (HomePage.route); otherwise they are
    read from the tree.
    """
    found = getattr(request, "page_trail", None)
    if found is not None and found[0] == page.pk:
        return found[1]
    return list(page.get_ancestors())[1:]
