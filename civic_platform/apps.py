from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicPlatformConfig(AppConfig):
    name = "civic_platform"
    verbose_name = _("Platform")

    def ready(self):
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        from civic_platform.page_cache import page_cache_invalidate

        # Whatever is published or withdrawn, by whichever path (editor, workflow, scheduled
        # publishing, import), anonymous visitors must not keep seeing the old page.
        def drop_cached_pages(**kwargs):
            page_cache_invalidate()

        for signal in (
            page_published,
            page_unpublished,
            page_slug_changed,
            post_page_move,
            published,
            unpublished,
        ):
            signal.connect(drop_cached_pages, weak=False, dispatch_uid=f"page-cache.{id(signal)}")
