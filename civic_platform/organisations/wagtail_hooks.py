"""The moderators' screen: verification requests waiting for a decision, each with the
organisation and its documents; approve, or reject with a reason. Also the organisations left
without a representative (their last one deleted their account)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from civic_platform.organisations import rules, selectors, services
from civic_platform.organisations.forms import DecisionForm
from civic_platform.organisations.models import VerificationRequest


class ModeratorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not rules.is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class VerificationIndexView(ModeratorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "organisations/admin/verification_index.html"
    page_title = gettext_lazy("Verification requests")
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = selectors.verification_requests_for_moderators()
        context["without_representative"] = selectors.organisations_without_representative()
        return context


class VerificationReviewView(ModeratorsOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "organisations/admin/verification_review.html"
    form_class = DecisionForm
    header_icon = "tick"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.verification_request = selectors.verification_request_for_review(kwargs["pk"])
        if self.verification_request is None:
            raise Http404

    def get_page_title(self):
        return _("Verification of %(name)s") % {"name": self.verification_request.organisation.name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("organisation_verification:index"),
                "label": _("Verification requests"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verification_request"] = self.verification_request
        context["organisation"] = self.verification_request.organisation
        context["is_pending"] = (
            self.verification_request.status == VerificationRequest.Status.PENDING
        )
        return context

    def form_valid(self, form):
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.verification_request_decide(
                verification_request=self.verification_request,
                moderator=self.request.user,
                approve=approve,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        name = self.verification_request.organisation.name
        messages.success(
            self.request,
            _("%(name)s is verified.") % {"name": name}
            if approve
            else _("The request of %(name)s is rejected.") % {"name": name},
        )
        return redirect("organisation_verification:index")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.is_moderator(request.user)


class VerificationViewSet(ViewSet):
    name = "organisation_verification"
    url_prefix = "organisations/verification"
    icon = "tick"
    menu_icon = "tick"
    menu_label = gettext_lazy("Verification requests")
    add_to_admin_menu = True
    menu_item_class = ModeratorsMenuItem

    def get_urlpatterns(self):
        return [
            path("", VerificationIndexView.as_view(), name="index"),
            path("<int:pk>/", VerificationReviewView.as_view(), name="review"),
        ]


@hooks.register("register_admin_viewset")
def register_verification_viewset():
    return VerificationViewSet()


@hooks.register("register_log_actions")
def register_verification_log_actions(actions):
    actions.register_action(
        services.LOG_APPROVED,
        gettext_lazy("Approve verification"),
        gettext_lazy("Verification approved"),
    )
    actions.register_action(
        services.LOG_REJECTED,
        gettext_lazy("Reject verification"),
        gettext_lazy("Verification rejected"),
    )
