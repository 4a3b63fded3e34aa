"""The editors' "Import budget lines" screen in the Wagtail admin: a CSV upload for a consultation
on a draft budget, reached from the page's header and its listing's "More" menu. Registered by
wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultations.models import ConsultationPage
from consultations.services.drafts import BUDGET_COLUMNS, BudgetImportError, draft_budget_import

# Far beyond a state budget's few thousand lines; refuses a wrong file before it is read.
MAX_FILE_BYTES = 5 * 1024 * 1024


class BudgetImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, with the header row code,name,amount,previous_amount. Amounts such as "
            "1234.56, 1 234,56 or 1234,56."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def _editable_budget_page(user, page_id: int) -> ConsultationPage:
    page = ConsultationPage.objects.filter(pk=page_id).first()
    if page is None or not page.is_budget:
        raise Http404
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    return page


class BudgetImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "consultations/admin/budget_import.html"
    form_class = BudgetImportForm
    header_icon = "table"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page_id = kwargs["page_id"]

    def dispatch(self, request, *args, **kwargs):
        self.page = _editable_budget_page(request.user, self.page_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import budget lines")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {"page": self.page, "columns": ",".join(BUDGET_COLUMNS), "row_errors": []},
        )
        return context

    def form_valid(self, form):
        try:
            draft_budget_import(
                page=self.page, data=form.cleaned_data["file"].read(), user=self.request.user
            )
        except BudgetImportError as error:
            context = self.get_context_data(form=form)
            context["row_errors"] = error.errors
            return self.render_to_response(context, status=400)
        messages.success(
            self.request,
            _(
                "The budget lines are saved as a new draft of the page; review it and publish "
                "it to show them."
            ),
        )
        return redirect("wagtailadmin_pages:history", self.page.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BudgetImportMenuItem(PageMenuItem):
    label = gettext_lazy("Import budget lines")
    icon_name = "table"
    url_name = "consultations_budget_import"

    def is_shown(self, user):
        page = self.page.specific_deferred
        return (
            isinstance(page, ConsultationPage)
            and page.is_budget
            and page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_admin_urls")
def register_budget_import_url():
    return [
        path(
            "consultations/<int:page_id>/import-budget/",
            BudgetImportView.as_view(),
            name="consultations_budget_import",
        )
    ]


@hooks.register("register_page_header_buttons")
def budget_import_header_button(page, user, view_name, next_url=None):
    if isinstance(page, ConsultationPage):
        yield BudgetImportMenuItem(page=page, priority=25)


@hooks.register("register_page_listing_more_buttons")
def budget_import_listing_button(page, user, next_url=None):
    if page.specific_class is ConsultationPage:
        yield BudgetImportMenuItem(page=page, priority=25)
