"""Admin hooks: actions that change what visitors see drop the page cache; page search."""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet

from civic_platform.page_cache import page_cache_invalidate


def _drop_cached_pages(request, *args, **kwargs):
    page_cache_invalidate()


for hook_name in (
    "after_create_snippet",
    "after_edit_snippet",
    "after_delete_snippet",
    "after_delete_page",
    "after_move_page",
):
    hooks.register(hook_name, _drop_cached_pages)


class PageSearchView(SearchView):
    """Wagtail's page search, naming what it counts ("1-8 of 8 pages", where Wagtail's own
    search view leaves the name empty and prints "None")."""

    verbose_name = gettext_lazy("page")
    verbose_name_plural = gettext_lazy("pages")


class SitePageViewSet(PageViewSet):
    search_view_class = PageSearchView


# After Wagtail's own registration of the base page viewset, so this one takes its place.
@hooks.register("register_admin_viewset", order=1)
def register_site_page_viewset():
    return SitePageViewSet()
