"""The moderators' queue of comments: those hidden pending review and those reported, each with
the reasons given; hide with a public reason, show again (dismissing the reports), or block the
author. Every decision is in Wagtail's audit log and pushed live to open pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
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

# The budget import's screen registers its own hooks on import.
from consultations import (
    admin_views,  # noqa: F401
    rules,
    selectors,
)
from consultations.moderation_forms import BLOCK, HIDE, ModerationDecisionForm
from consultations.services import answers, moderation

QUEUE_PAGE_SIZE = 25


class ModeratorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not rules.is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerationQueueView(ModeratorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/moderation_queue.html"
    page_title = gettext_lazy("Comment moderation")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(selectors.comments_for_moderation(), QUEUE_PAGE_SIZE)
        context["page_obj"] = paginator.get_page(self.request.GET.get("p"))
        return context


class ModerationReviewView(ModeratorsOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "consultations/admin/moderation_review.html"
    form_class = ModerationDecisionForm
    header_icon = "warning"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.comment = selectors.comment_for_moderation(kwargs["pk"])
        if self.comment is None:
            raise Http404

    def get_page_title(self):
        return _("Comment #%(number)s") % {"number": self.comment.pk}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("comment_moderation:index"), "label": _("Comment moderation")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "comment": self.comment}

    def form_valid(self, form):
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        user = self.request.user
        try:
            if decision == HIDE:
                moderation.comment_hide(comment=self.comment, moderator=user, reason=reason)
                done = _("The comment is hidden.")
            elif decision == BLOCK:
                moderation.author_block(comment=self.comment, moderator=user, reason=reason)
                done = _("The author is blocked and the comment hidden.")
            else:
                moderation.comment_restore(comment=self.comment, moderator=user)
                done = _("The comment is shown.")
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect("comment_moderation:index")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.is_moderator(request.user)


class CommentModerationViewSet(ViewSet):
    name = "comment_moderation"
    url_prefix = "consultations/moderation"
    icon = "warning"
    menu_icon = "warning"
    menu_label = gettext_lazy("Comment moderation")
    add_to_admin_menu = True
    menu_item_class = ModeratorsMenuItem

    def get_urlpatterns(self):
        return [
            path("", ModerationQueueView.as_view(), name="index"),
            path("<int:pk>/", ModerationReviewView.as_view(), name="review"),
        ]


@hooks.register("register_admin_viewset")
def register_comment_moderation_viewset():
    return CommentModerationViewSet()


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    for action, label, message in (
        (
            moderation.LOG_AUTO_HIDDEN,
            gettext_lazy("Hide a reported comment pending review"),
            gettext_lazy("Comment hidden pending review after reports"),
        ),
        (
            moderation.LOG_HIDDEN,
            gettext_lazy("Hide a comment"),
            gettext_lazy("Comment hidden by a moderator"),
        ),
        (
            moderation.LOG_RESTORED,
            gettext_lazy("Restore a comment"),
            gettext_lazy("Comment shown again; its reports dismissed"),
        ),
        (
            moderation.LOG_AUTHOR_BLOCKED,
            gettext_lazy("Block an author"),
            gettext_lazy("Author blocked from commenting"),
        ),
        (
            answers.LOG_ANSWER_GIVEN,
            gettext_lazy("Answer a comment"),
            gettext_lazy("Official answer given"),
        ),
        (
            answers.LOG_ANSWER_CHANGED,
            gettext_lazy("Change an answer"),
            gettext_lazy("Official answer changed"),
        ),
    ):
        actions.register_action(action, label, message)
