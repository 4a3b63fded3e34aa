from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from themes.models import Body, ProgressUpdate
from themes.selectors import bodies_in_use
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


class ActionPlanGroup(SnippetViewSetGroup):
    items = (ProgressUpdateViewSet, BodyViewSet)
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
