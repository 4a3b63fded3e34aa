"""The municipalities' admin: the registry as a translatable snippet (site-wide editors) and the
budget reports' screens (admin_views.py), each a menu item of its own; opening a consultation
on a draft budget report (admin_consultation.py)."""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from municipalities.admin_consultation import consultation_admin_urls
from municipalities.admin_views import BudgetReportViewSet
from municipalities.models import Municipality
from municipalities.services.registry import municipality_editors_ensure


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = gettext_lazy("Municipalities")
    add_to_admin_menu = True
    list_display = ["name", "region", "kind", "locale"]
    list_filter = ["kind", "locale", "is_demo"]
    ordering = ["name"]


register_snippet(MunicipalityViewSet)


@hooks.register("register_admin_viewset")
def register_budget_report_viewset():
    return BudgetReportViewSet()


@hooks.register("after_create_snippet")
def give_a_new_municipality_its_editors(request, instance):
    # Its editor group and documents collection, shared with the translations made later.
    if isinstance(instance, Municipality):
        municipality_editors_ensure(municipality=instance)


@hooks.register("register_admin_urls")
def register_draft_consultation_url():
    return consultation_admin_urls()
