from django.contrib import messages
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, Panel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from themes.forms import MeasureForm
from themes.models import Body, Measure, ProgressUpdate
from themes.selectors import bodies_in_use, plan_file_values
from themes.services import progress_update_changed


class ProgressUpdateViewSet(SnippetViewSet):
    model = ProgressUpdate
    icon = "date"
    menu_label = gettext_lazy("Progress updates")
    list_display = ["measure", "date", "completes_measure", "live", "locale"]
    list_filter = ["completes_measure", "live", "locale"]
    search_fields = ["summary"]
    ordering = ["-date"]


class BodyViewSet(SnippetViewSet):
    model = Body
    icon = "group"
    menu_label = gettext_lazy("Bodies")
    list_display = ["name", "kind", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name"]


class PlanFileValuesPanel(Panel):
    """Says which of a measure's values came from the plan file, when, and which an editor has
    changed since (the import keeps those)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "themes/admin/plan_file_values.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            labels = {
                "deadline": Measure._meta.get_field("deadline").verbose_name,
                "deadline_start": Measure._meta.get_field("deadline_start").verbose_name,
                "deadline_end": Measure._meta.get_field("deadline_end").verbose_name,
                "bodies": _("executors and recommended bodies"),
            }
            values = plan_file_values(self.instance) if self.instance.pk else []
            for value in values:
                value.label = capfirst(labels[value.field])
            context["values"] = values
            return context


class MeasurePermissionPolicy(ModelPermissionPolicy):
    """The plan's 64 measures are edited, never added or deleted in the admin: the plan file
    decides which measures exist."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Measure, MeasurePermissionPolicy(Measure))


class MeasureViewSet(SnippetViewSet):
    model = Measure
    icon = "list-ol"
    menu_label = gettext_lazy("Measures")
    list_display = ["code", "deadline"]
    search_fields = ["code", "deadline"]
    ordering = ["area__number", "position"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("code", read_only=True), FieldPanel("area", read_only=True)],
                heading=gettext_lazy("Place in the plan"),
            ),
            MultiFieldPanel(
                [FieldPanel("deadline"), FieldPanel("deadline_start"), FieldPanel("deadline_end")],
                heading=gettext_lazy("Deadline"),
            ),
            InlinePanel("body_roles", heading=gettext_lazy("Executors and recommended bodies")),
            PlanFileValuesPanel(heading=gettext_lazy("From the plan file")),
        ],
        base_form_class=MeasureForm,
    )


class ActionPlanGroup(SnippetViewSetGroup):
    items = (MeasureViewSet, ProgressUpdateViewSet, BodyViewSet)
    menu_icon = "tasks"
    menu_label = gettext_lazy("Action plan")
    menu_name = "action_plan"


register_snippet(ActionPlanGroup)


def _refuse_deleting_bodies_in_use(request, objects):
    """A body the plan's measures name cannot go: the plan would lose who does what."""
    in_use = bodies_in_use([obj for obj in objects if isinstance(obj, Body)])
    if not in_use:
        return None
    messages.error(
        request,
        _(
            "%(names)s cannot be deleted: the plan's measures name it. Change the plan file "
            "and import it again first."
        )
        % {"names": ", ".join(body.name for body in in_use)},
    )
    return redirect("wagtailsnippets_themes_body:list")


@hooks.register("before_delete_snippet")
def refuse_deleting_a_body_in_use(request, instances):
    return _refuse_deleting_bodies_in_use(request, instances)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_bodies_in_use(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        return _refuse_deleting_bodies_in_use(request, objects)
    return None


@hooks.register("after_delete_snippet")
def recount_after_deleting_progress_updates(request, instances):
    for instance in instances:
        if isinstance(instance, ProgressUpdate):
            progress_update_changed(update=instance)
