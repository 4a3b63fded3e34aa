"""The discussion's forms without JavaScript: each posts here, calls the service and returns to
the consultation page with a message. A refused comment shows the page again with the text
kept and what to change (status 400), rather than losing what the person wrote."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from consultations.models import ConsultationPage
from consultations.selectors import (
    comment_in_thread_query,
    comment_to_link,
    consultation_in_active_language,
    public_consultations,
)
from consultations.services.comments import (
    CommentRateLimited,
    comment_create,
    comment_edit,
    comment_withdraw,
    endorsement_add,
    endorsement_remove,
)
from consultations.thread import comment_in_discussion


def _consultation(consultation_id: int) -> ConsultationPage:
    consultation = public_consultations().in_default_language().filter(pk=consultation_id).first()
    if consultation is None:
        raise Http404
    return consultation


def _page_in_language(consultation: ConsultationPage) -> ConsultationPage:
    """The consultation in the language the person reads, where it is translated."""
    translated = (
        consultation.get_translations(inclusive=True)
        .live()
        .filter(locale__language_code=get_language())
        .specific()
        .first()
    )
    return translated or consultation


def _back(request, consultation: ConsultationPage, anchor: str = "discussion"):
    """Where the form was, when it says so and it is on this site; else the page itself."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = _page_in_language(consultation).get_url(request)
    return HttpResponseRedirect(f"{target.split('#')[0]}#{anchor}")


def _refused(request, consultation, error) -> HttpResponseRedirect:
    messages.error(request, str(error) or _("You cannot do this."))
    return _back(request, consultation)


def _show_again(request, consultation, problems: list[str], *, status: int):
    """The page with the comment form as it was sent and what to change."""
    page = _page_in_language(consultation)
    request.discussion_submission = {
        "body": request.POST.get("body", ""),
        "stance": request.POST.get("stance", ""),
        "respondent": request.POST.get("respondent", ""),
        "parent": request.POST.get("parent", ""),
        "errors": problems,
    }
    return TemplateResponse(
        request, page.get_template(request), page.get_context(request), status=status
    )


@require_POST
def comment_post(request, consultation_id: int):
    consultation = _consultation(consultation_id)
    # The form sends who the person speaks as as one choice: "citizen" or "<type>:<org id>".
    respondent, _sep, organisation = request.POST.get("respondent", "citizen").partition(":")
    try:
        comment = comment_create(
            consultation=consultation,
            author=request.user,
            body=request.POST.get("body", ""),
            section_key=request.POST.get("section") or None,
            parent=request.POST.get("parent") or None,
            stance=request.POST.get("stance", ""),
            respondent_type=respondent,
            organisation=organisation or None,
        )
    except ValidationError as error:
        return _show_again(request, consultation, error.messages, status=400)
    except PermissionDenied as error:
        return _refused(request, consultation, error)
    except CommentRateLimited as error:
        response = _show_again(request, consultation, [error.message], status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    messages.success(request, _("Your comment is published."))
    return _back(request, consultation, f"comment-{comment.pk}")


def _comment_action(request, consultation_id: int, comment_id: int, action, done: str):
    consultation = _consultation(consultation_id)
    comment = comment_in_discussion(consultation.pk, comment_id)
    if comment is None:
        raise Http404
    try:
        action(comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You cannot do this."))
    else:
        messages.success(request, done)
    return _back(request, consultation, f"comment-{comment.pk}")


@require_POST
def comment_edit_view(request, consultation_id: int, comment_id: int):
    return _comment_action(
        request,
        consultation_id,
        comment_id,
        lambda comment: comment_edit(
            comment=comment, user=request.user, body=request.POST.get("body", "")
        ),
        _("Your comment is updated."),
    )


@require_POST
def comment_withdraw_view(request, consultation_id: int, comment_id: int):
    return _comment_action(
        request,
        consultation_id,
        comment_id,
        lambda comment: comment_withdraw(comment=comment, user=request.user),
        _("Your comment is withdrawn."),
    )


@require_POST
def comment_endorse_view(request, consultation_id: int, comment_id: int):
    if request.POST.get("endorse") == "0":
        return _comment_action(
            request,
            consultation_id,
            comment_id,
            lambda comment: endorsement_remove(comment=comment, user=request.user),
            _("Your endorsement is taken back."),
        )
    return _comment_action(
        request,
        consultation_id,
        comment_id,
        lambda comment: endorsement_add(comment=comment, user=request.user),
        _("You endorsed the comment."),
    )


@require_safe
def comment_permalink(request, comment_id: int):
    """A comment's permanent address (the one search results link to): the consultation page
    in the reader's language, opened at the page of the thread that holds the comment. Hidden,
    withdrawn and unknown comments are not found."""
    comment = comment_to_link(comment_id)
    if comment is None:
        raise Http404
    page = consultation_in_active_language(comment.consultation)
    page_url = page.get_url(request)
    if not page_url:
        raise Http404
    return HttpResponseRedirect(f"{page_url}{comment_in_thread_query(comment)}")
