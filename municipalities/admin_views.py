"""The editors' "Budget reports" screens in the Wagtail admin: the reports they may edit, with
publish and withdraw; the upload of a CSV or XLSX file with a preview of its totals and first
rows before anything is saved (the file waits as a pending upload until confirmed); and the
template file. A municipality's editors see and upload for their municipality alone (the form's
choices, the services and `rules.can` all say so). Registered by wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.documents import get_document_model

from civic_platform.api_tools import CSV_CHUNK_SIZE
from civic_platform.renderers import csv_lines
from municipalities import rules, selectors
from municipalities.choices import Stage
from municipalities.datapackage import LINE_COLUMNS
from municipalities.models.registry import FIRST_YEAR, LAST_YEAR
from municipalities.services.budget_import import COLUMNS, BudgetFileError, budget_file_parse
from municipalities.services.reports import (
    budget_report_publish,
    budget_report_unpublish,
    budget_report_update,
    budget_upload_confirm,
    budget_upload_discard,
    budget_upload_stage,
)

# Far beyond a municipality's budget; refuses a wrong file before it is read.
MAX_FILE_BYTES = 5 * 1024 * 1024
PREVIEW_ROWS = 50
REPORTS_PER_PAGE = 25
TEMPLATE_ROWS = [
    COLUMNS,
    ["1.1.1", "Fiziki şəxslərdən torpaq vergisi", "revenue", "120000.00", "", ""],
    ["2.1", "Reklam yerləşdirilməsinə görə ödəniş", "revenue", "8 500,00", "", ""],
    ["3.1", "Dövlət büdcəsindən dotasiya", "revenue", "250000.00", "", ""],
    ["04.1", "Məktəbəqədər təhsil", "expenditure", "180000.00", "", ""],
    ["08.3", "Küçələrin işıqlandırılması", "expenditure", "45000,50", "", ""],
]


class BudgetUploadForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=selectors.Municipality.objects.none(), label=gettext_lazy("Municipality")
    )
    year = forms.IntegerField(
        label=gettext_lazy("Budget year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "The header row code,name,kind,planned,revised,executed; kind is revenue or "
            "expenditure; amounts such as 1234.56, 1 234,56 or 1234,56."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = rules.editable_municipalities(user)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class MunicipalityEditorsMixin:
    """Only people who may upload for some municipality reach these screens."""

    def dispatch(self, request, *args, **kwargs):
        if not rules.editable_municipalities(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportIndexView(MunicipalityEditorsMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "municipalities/admin/report_index.html"
    page_title = gettext_lazy("Budget reports")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reports = selectors.reports_for_editors(rules.editable_municipalities(self.request.user))
        context["page_obj"] = Paginator(reports, REPORTS_PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        return context


class UploadView(MunicipalityEditorsMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "municipalities/admin/upload.html"
    form_class = BudgetUploadForm
    page_title = gettext_lazy("Upload a budget report")
    header_icon = "upload"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("municipal_budgets:index"), "label": _("Budget reports")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "columns": ",".join(COLUMNS),
            "row_errors": [],
        }

    def form_valid(self, form):
        data = form.cleaned_data
        content = data["file"].read()
        try:
            staged = budget_upload_stage(
                municipality=data["municipality"],
                year=data["year"],
                stage=data["stage"],
                data=content,
                file_name=data["file"].name,
                user=self.request.user,
            )
        except BudgetFileError as error:
            context = self.get_context_data(form=form)
            context["row_errors"] = error.errors
            return self.render_to_response(context, status=400)
        return redirect("municipal_budgets:preview", staged.upload.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PreviewView(MunicipalityEditorsMixin, WagtailAdminTemplateMixin, TemplateView):
    """The pending upload read again (nothing written): totals and every row, a page at a time;
    its uploader confirms (saved as a new revision) or discards it."""

    template_name = "municipalities/admin/preview.html"
    page_title = gettext_lazy("Check the budget report before saving")
    header_icon = "upload"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.upload_id = kwargs["pk"]

    def pending_upload(self):
        upload = selectors.pending_upload_of(self.upload_id, user=self.request.user)
        if upload is None:
            raise Http404
        return upload

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("municipal_budgets:index"), "label": _("Budget reports")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        upload = self.pending_upload()
        parsed = budget_file_parse(
            bytes(upload.data), stage=upload.stage, file_name=upload.file_name
        )
        existing = selectors.report_of(
            upload.municipality, upload.year, upload.stage, published_only=False
        )
        totals = parsed.totals
        context.update(
            {
                "upload": upload,
                "stage_label": Stage(upload.stage).label,
                "line_count": len(parsed.lines),
                "page_obj": Paginator(parsed.lines, PREVIEW_ROWS).get_page(
                    self.request.GET.get("p")
                ),
                "totals": [
                    (
                        _("Revenue"),
                        totals["revenue_planned"],
                        totals["revenue_revised"],
                        totals["revenue_executed"],
                    ),
                    (
                        _("Expenditure"),
                        totals["expenditure_planned"],
                        totals["expenditure_revised"],
                        totals["expenditure_executed"],
                    ),
                ],
                "existing": existing,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        upload = self.pending_upload()
        if "discard" in request.POST:
            budget_upload_discard(upload=upload, user=request.user)
            messages.info(request, _("The upload is discarded; nothing was saved."))
            return redirect("municipal_budgets:upload")
        try:
            revision = budget_upload_confirm(upload=upload, user=request.user)
        except BudgetFileError as error:
            # The file was checked at upload; only a change of the rules since could get here.
            for row_error in error.errors[:10]:
                messages.error(request, str(row_error))
            return redirect("municipal_budgets:upload")
        if revision.report.is_published:
            done = _(
                "Saved as revision %(number)s of the report, with %(lines)s lines; it is public."
            )
        else:
            done = _(
                "Saved as revision %(number)s of the report, with %(lines)s lines. It is public "
                "once published."
            )
        messages.success(request, done % {"number": revision.number, "lines": revision.line_count})
        return redirect("municipal_budgets:index")


class ReportEditForm(forms.Form):
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, max_length=5000, widget=forms.Textarea
    )
    decision_document = forms.ModelChoiceField(
        label=gettext_lazy("Signed decision"),
        queryset=get_document_model().objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Upload the municipal council's signed decision to the municipality's collection "
            "under Documents, then choose it here."
        ),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        collection = report.municipality.collection
        documents = get_document_model().objects.order_by("-created_at")
        self.fields["decision_document"].queryset = (
            documents.filter(collection=collection) if collection else documents.none()
        )


class ReportEditView(MunicipalityEditorsMixin, WagtailAdminTemplateMixin, FormView):
    """The report's notes and signed decision (its figures change only by a new upload)."""

    template_name = "municipalities/admin/report_edit.html"
    form_class = ReportEditForm
    header_icon = "table"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.report = selectors.report_for_editing(kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if self.report is None:
            raise Http404
        if not rules.can(request.user, rules.EDIT, self.report):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.report)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("municipal_budgets:index"), "label": _("Budget reports")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report}

    def get_initial(self):
        return {"notes": self.report.notes, "decision_document": self.report.decision_document}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "report": self.report,
            "revisions": selectors.report_revisions(self.report),
            # Opening a consultation publishes the draft: offered to those who may publish it.
            "may_open_consultation": self.report.stage == Stage.DRAFT
            and rules.can(self.request.user, rules.PUBLISH, self.report),
        }

    def form_valid(self, form):
        budget_report_update(
            report=self.report,
            user=self.request.user,
            notes=form.cleaned_data["notes"],
            decision_document=form.cleaned_data["decision_document"],
        )
        messages.success(self.request, _("The report is saved."))
        return redirect("municipal_budgets:index")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PublishView(MunicipalityEditorsMixin, View):
    def post(self, request, pk: int):
        report = selectors.report_for_editing(pk)
        if report is None:
            raise Http404
        if not rules.can(request.user, rules.PUBLISH, report):
            raise PermissionDenied
        if "unpublish" in request.POST:
            budget_report_unpublish(report=report, user=request.user)
            messages.success(request, _("The report is withdrawn from the public."))
        else:
            budget_report_publish(report=report, user=request.user)
            messages.success(request, _("The report is published."))
        return redirect("municipal_budgets:index")


class TemplateDownloadView(MunicipalityEditorsMixin, View):
    def get(self, request):
        header, *rows = TEMPLATE_ROWS
        response = HttpResponse(
            csv_lines(header, (dict(zip(header, row, strict=True)) for row in rows)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="budget-report-template.csv"'
        return response


class RevisionDownloadView(MunicipalityEditorsMixin, View):
    """An earlier (or the current) revision's lines as CSV, for those who may edit the report:
    what was replaced stays readable."""

    def get(self, request, pk: int, number: int):
        report = selectors.report_for_editing(pk)
        if report is None:
            raise Http404
        if not rules.can(request.user, rules.EDIT, report):
            raise PermissionDenied
        lines = selectors.revision_lines(report, number)
        if lines is None:
            raise Http404
        rows = (
            {column: getattr(line, column) for column in LINE_COLUMNS}
            for line in lines.iterator(chunk_size=CSV_CHUNK_SIZE)
        )
        response = StreamingHttpResponse(
            csv_lines(list(LINE_COLUMNS), rows), content_type="text/csv; charset=utf-8"
        )
        name = f"budget-{report.municipality.slug}-{report.year}-{report.stage}-r{number}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class MunicipalityEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.editable_municipalities(request.user).exists()


class BudgetReportViewSet(ViewSet):
    name = "municipal_budgets"
    url_prefix = "municipalities/budgets"
    icon = "table"
    menu_icon = "table"
    menu_label = gettext_lazy("Budget reports")
    add_to_admin_menu = True
    menu_item_class = MunicipalityEditorsMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReportIndexView.as_view(), name="index"),
            path("upload/", UploadView.as_view(), name="upload"),
            path("upload/<int:pk>/", PreviewView.as_view(), name="preview"),
            path("template.csv", TemplateDownloadView.as_view(), name="template"),
            path("<int:pk>/", ReportEditView.as_view(), name="edit"),
            path("<int:pk>/publish/", PublishView.as_view(), name="publish"),
            path(
                "<int:pk>/revisions/<int:number>.csv",
                RevisionDownloadView.as_view(),
                name="revision_csv",
            ),
        ]
