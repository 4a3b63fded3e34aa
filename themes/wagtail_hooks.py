from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, LocaleColumn, StatusFlagColumn, StatusTagColumn
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.models import WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from themes.forms import MeasureForm
from themes.models import Body, Measure, ProgressUpdate
from themes.selectors import bodies_in_use, plan_file_values
from themes.services import progress_update_changed, search_entries_refresh_after_edit

# --- Choosing a measure ----------------------------------------------------------------------


class MeasureSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("A code (5.5) or words of the measure")}
        ),
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.matching(query)
        return objects


class MeasureChooserWidget(BaseChooser):
    def get_instance(self, value):
        """The chosen measure with its title, so that the form shows "5.5. İctimai ..."."""
        instance = super().get_instance(value)
        if instance is None or getattr(instance, "page_title", ""):
            return instance
        return Measure.objects.with_page_title().filter(pk=instance.pk).first() or instance


class MeasureChooseViewMixin:
    filter_form_class = MeasureSearchForm

    def get_object_list(self):
        return Measure.objects.with_page_title()


class MeasureChooseView(MeasureChooseViewMixin, chooser_views.ChooseView):
    pass


class MeasureChooseResultsView(MeasureChooseViewMixin, chooser_views.ChooseResultsView):
    pass


class MeasureChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return Measure.objects.with_page_title().get(pk=pk)


class MeasureChooserViewSet(ChooserViewSet):
    """Every form that points at a measure chooses it by code and title, with search.

    The plan's measures are not snippets (the plan file and the measure pages own them); this
    is Wagtail's chooser machinery without the snippet views.
    """

    model = Measure
    icon = "tasks"
    base_widget_class = MeasureChooserWidget
    choose_view_class = MeasureChooseView
    choose_results_view_class = MeasureChooseResultsView
    chosen_view_class = MeasureChosenView
    choose_one_text = gettext_lazy("Choose a measure")
    choose_another_text = gettext_lazy("Choose another measure")
    per_page = 20


measure_chooser_viewset = MeasureChooserViewSet("themes_measure_chooser")


@hooks.register("register_admin_viewset")
def register_measure_chooser():
    return measure_chooser_viewset


# --- Progress updates ------------------------------------------------------------------------


def moderation_state(update) -> str:
    """Where the update stands, as an editor would say it (uses `workflow_status`)."""
    in_review = update.workflow_status == WorkflowState.STATUS_IN_PROGRESS
    changes_requested = update.workflow_status == WorkflowState.STATUS_NEEDS_CHANGES
    if update.live:
        if in_review:
            return _("Published; changes in moderation")
        if changes_requested and update.has_unpublished_changes:
            return _("Published; changes sent back")
        if update.has_unpublished_changes:
            return _("Published; unpublished changes")
        return _("Published")
    if in_review:
        return _("In moderation")
    if changes_requested:
        return _("Sent back for changes")
    return _("Draft")


class ProgressUpdateViewSet(SnippetViewSet):
    model = ProgressUpdate
    icon = "date"
    menu_label = gettext_lazy("Progress updates")
    list_display = [
        "measure",
        StatusTagColumn(
            "moderation_state",
            label=gettext_lazy("State"),
            accessor=moderation_state,
            primary=lambda update: update.live and not update.has_unpublished_changes,
            sort_key="live",
        ),
        # The day the work was done, as a date: "3 years ago" says little about a plan's progress.
        Column(
            "date",
            label=gettext_lazy("Date"),
            accessor=lambda update: date_format(update.date, "DATE_FORMAT"),
            sort_key="date",
        ),
        LocaleColumn(label=gettext_lazy("Language")),
        StatusFlagColumn(
            "completes_measure",
            label=gettext_lazy("Claims"),
            true_label=gettext_lazy("Measure complete"),
        ),
    ]
    list_filter = ["completes_measure", "live", "locale"]
    search_fields = ["summary"]
    ordering = ["-date"]

    def get_queryset(self, request):
        # The measure with its title in the editor's language, and the moderation state, for
        # every row at once rather than a query or two per row.
        return (
            ProgressUpdate.objects.with_workflow_status()
            .select_related("locale")
            .prefetch_related(Prefetch("measure", queryset=Measure.objects.with_page_title()))
        )


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


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def refresh_search_entries_naming_bodies(request, instance):
    search_entries_refresh_after_edit(instance=instance)
