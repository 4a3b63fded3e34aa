"""Admin actions that change what visitors see without a publish: the page cache is dropped."""

from wagtail import hooks

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
