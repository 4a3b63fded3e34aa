"""Controls that work without JavaScript: report a comment, answer it (the owning body's
representatives, a session's moderator), pin it (a session's moderator). Each shows the comment
and a form; posting calls the service and returns to the comment on the consultation's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import rules
from consultations.moderation_forms import AnswerForm, ReportForm
from consultations.selectors import comment_to_report, consultation_in_active_language
from consultations.services.answers import answer_give
from consultations.services.dialogue import comment_pin
from consultations.services.moderation import comment_report

TEMPLATE = "consultations/comment_action.html"


def _comment_or_404(comment_id: int):
    comment = comment_to_report(comment_id)
    if comment is None:
        raise Http404
    return comment


def _back_to(comment):
    page = consultation_in_active_language(comment.consultation)
    return redirect(f"{page.url}#comment-{comment.pk}")


def _render(request, comment, form, *, title, submit, status=200):
    context = {"comment": comment, "form": form, "title": title, "submit": submit}
    return render(request, TEMPLATE, context, status=status)


def _apply(request, form, action) -> bool:
    """Run the service; a refusal or a bad value becomes an error on the form."""
    try:
        action()
    except (PermissionDenied, ValidationError) as error:
        messages_ = error.messages if isinstance(error, ValidationError) else [str(error)]
        for message in messages_:
            form.add_error(None, message)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def report(request, comment_id: int):
    comment = _comment_or_404(comment_id)
    form = ReportForm(request.POST or None)
    title, submit = _("Report a comment"), _("Send the report")
    if request.method == "POST":
        if form.is_valid() and _apply(
            request,
            form,
            lambda: comment_report(
                comment=comment, reporter=request.user, reason=form.cleaned_data["reason"]
            ),
        ):
            messages.success(request, _("Thank you: the moderators will look at this comment."))
            return _back_to(comment)
        return _render(request, comment, form, title=title, submit=submit, status=400)
    if not rules.can(request.user, rules.REPORT, comment):
        raise PermissionDenied
    return _render(request, comment, form, title=title, submit=submit)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, comment_id: int):
    comment = _comment_or_404(comment_id)
    if not rules.can(request.user, rules.ANSWER, comment.consultation):
        raise PermissionDenied
    title, submit = _("Answer a comment"), _("Publish the answer")
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid() and _apply(
            request,
            form,
            lambda: answer_give(
                comment=comment,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            ),
        ):
            messages.success(request, _("The answer is published under the comment."))
            return _back_to(comment)
        return _render(request, comment, form, title=title, submit=submit, status=400)
    return _render(request, comment, AnswerForm(), title=title, submit=submit)


@login_required
@require_POST
def pin(request, comment_id: int):
    comment = _comment_or_404(comment_id)
    pinned = request.POST.get("pinned", "1") != "0"
    try:
        comment_pin(comment=comment, user=request.user, pinned=pinned)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to(comment)
