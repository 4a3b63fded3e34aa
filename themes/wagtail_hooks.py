from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from themes.models import Body, ProgressUpdate, ThematicArea


class ProgressUpdateViewSet(SnippetViewSet):
    model = ProgressUpdate
    icon = "date"
    menu_label = _("Progress updates")
    list_display = ["measure", "date", "completes_measure", "live"]
    list_filter = ["completes_measure", "live"]
    search_fields = ["summary"]
    ordering = ["-date"]


class BodyViewSet(SnippetViewSet):
    model = Body
    icon = "group"
    menu_label = _("Bodies")
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "name_ru"]


class ThematicAreaViewSet(SnippetViewSet):
    model = ThematicArea
    icon = "list-ul"
    menu_label = _("Thematic areas")
    list_display = ["number", "name"]


class ActionPlanGroup(SnippetViewSetGroup):
    items = (ProgressUpdateViewSet, BodyViewSet, ThematicAreaViewSet)
    menu_icon = "tasks"
    menu_label = _("Action plan")
    menu_name = "action_plan"


register_snippet(ActionPlanGroup)
