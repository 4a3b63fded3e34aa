"""The admin screen on which a municipality's editor opens a consultation on a draft budget
report: the opening and closing moments, then municipalities.services.consultations does the
rest. Anyone else gets a 403 before the form is shown; the service checks again. Linked from the
report's admin screen as "Open a consultation"; registered by wagtail_hooks.py."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from municipalities import rules
from municipalities.choices import Stage
from municipalities.models import BudgetReport
from municipalities.services.consultations import draft_budget_consultation_open

URL_NAME = "municipalities_draft_consultation"


class ConsultationPeriodForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Closes at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            raise ValidationError(_("The closing must come after the opening."))
        return cleaned


class DraftConsultationOpenView(WagtailAdminTemplateMixin, FormView):
    form_class = ConsultationPeriodForm
    template_name = "municipalities/admin/draft_consultation.html"
    page_title = gettext_lazy("Open a consultation on the draft budget")

    def dispatch(self, request, *args, **kwargs):
        self.report = (
            BudgetReport.objects.select_related("municipality")
            .filter(pk=kwargs["report_id"], stage=Stage.DRAFT)
            .first()
        )
        if self.report is None:
            raise Http404
        if not (
            rules.can(request.user, rules.EDIT, self.report)
            and rules.can(request.user, rules.PUBLISH, self.report)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {"opens_at": now, "closes_at": now + datetime.timedelta(days=30)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def form_valid(self, form):
        try:
            consultation = draft_budget_consultation_open(
                report=self.report,
                user=self.request.user,
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The consultation “%(title)s” is published.") % {"title": consultation.title},
        )
        return redirect("wagtailadmin_pages:edit", consultation.pk)


def consultation_admin_urls():
    return [
        path(
            "municipalities/reports/<int:report_id>/consultation/",
            DraftConsultationOpenView.as_view(),
            name=URL_NAME,
        )
    ]
