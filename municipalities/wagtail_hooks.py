"""The municipalities' admin: the registry as a translatable snippet (site-wide editors, and each
municipality's editors for their own) and the
budget reports' screens (admin_views.py), each a menu item of its own; opening a consultation
on a draft budget report (admin_consultation.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from municipalities.admin_consultation import consultation_admin_urls
from municipalities.admin_views import BudgetReportViewSet
from municipalities.models import Municipality
from municipalities.rules import MunicipalityPermissionPolicy
from municipalities.services.registry import (
    municipality_editors_ensure,
    municipality_translations_sync,
)

MUNICIPALITY_POLICY = MunicipalityPermissionPolicy(Municipality)
register_permission_policy(Municipality, MUNICIPALITY_POLICY)


class MunicipalityEditView(EditView):
    """Wagtail's edit view asks only whether the user may change some municipality; this one
    asks about the municipality at hand, for the page and for every POST to it."""

    def get_object(self, queryset=None):
        municipality = super().get_object(queryset)
        if not MUNICIPALITY_POLICY.user_has_permission_for_instance(
            self.request.user, "change", municipality
        ):
            raise PermissionDenied
        return municipality


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    edit_view_class = MunicipalityEditView
    icon = "site"
    menu_label = gettext_lazy("Municipalities")
    add_to_admin_menu = True
    list_display = ["name", "region", "kind", "locale"]
    list_filter = ["kind", "locale", "is_demo"]
    ordering = ["name"]

    def get_queryset(self, request):
        # A municipality's editors list only their own.
        return MUNICIPALITY_POLICY.instances_user_has_permission_for(request.user, "change")


register_snippet(MunicipalityViewSet)


@hooks.register("register_admin_viewset")
def register_budget_report_viewset():
    return BudgetReportViewSet()


@hooks.register("after_create_snippet")
def give_a_new_municipality_its_editors(request, instance):
    # Its editor group and documents collection, shared with the translations made later.
    if isinstance(instance, Municipality):
        municipality_editors_ensure(municipality=instance)


@hooks.register("after_edit_snippet")
def give_the_translations_what_the_municipality_says_of_itself(request, instance):
    # The translations' forms have no shared fields: they follow the Azerbaijani entry.
    if isinstance(instance, Municipality):
        municipality_translations_sync(municipality=instance)


@hooks.register("register_admin_urls")
def register_draft_consultation_url():
    return consultation_admin_urls()
