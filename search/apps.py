from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "civic_search"
    verbose_name = _("Search")

    def ready(self):
        from civic_platform.health import ComponentCheck, register_component_check
        from search.backend import backend_name, search_health

        register_component_check(
            ComponentCheck(name="search", health=search_health, backend=backend_name)
        )
