"""The signed-in side of organisations: create and edit a profile, members and invitations,
the verification request, and the moderators' download of its documents.

Reads through selectors, writes through services; a refused write answers 400 with the reason
and changes nothing. None of these answers is kept by the anonymous page cache (never_cache).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from civic_platform.organisations import rules, selectors, services
from civic_platform.organisations.forms import (
    InvitationForm,
    OrganisationForm,
    RoleForm,
    VerificationRequestForm,
    VisibilityForm,
)
from civic_platform.organisations.models import Membership, Role
from civic_platform.organisations.models.pages import organisation_page_url

BAD_REQUEST = 400


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _organisation(user, slug, action):
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    if not rules.can(user, action, organisation):
        raise PermissionDenied
    return organisation


def public_url(request, organisation) -> str | None:
    """The organisation's public page in the current language, if the section exists."""
    return organisation_page_url(organisation, request) or None


@never_cache
@login_required
def my_organisations(request):
    return render(
        request,
        "organisations/manage/my_organisations.html",
        {
            "memberships": selectors.memberships_with_organisations(request.user),
            "invitations": selectors.open_invitations_for(request.user),
        },
    )


def _save_profile(request, form, organisation=None):
    """The service's answer to a valid form: the organisation, or None with the form's errors."""
    fields = dict(form.cleaned_data)
    if fields.get("logo") is False:  # "clear" ticked beside the current logo
        fields["logo"] = ""
    try:
        if organisation is None:
            return services.organisation_create(user=request.user, **fields)
        return services.organisation_update(organisation=organisation, user=request.user, **fields)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        organisation = _save_profile(request, form) if form.is_valid() else None
        if organisation is not None:
            messages.success(
                request,
                _("%(name)s is registered and you are its representative.")
                % {"name": organisation.name},
            )
            return redirect("organisations:manage", slug=organisation.slug)
    status = BAD_REQUEST if form.errors else 200
    return render(
        request, "organisations/manage/organisation_form.html", {"form": form}, status=status
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def organisation_manage(request, slug):
    organisation = _organisation(request.user, slug, rules.CHANGE_PROFILE)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST":
        saved = _save_profile(request, form, organisation) if form.is_valid() else None
        if saved is not None:
            messages.success(request, _("The profile is saved."))
            return redirect("organisations:manage", slug=saved.slug)
        organisation.refresh_from_db()
    return render(
        request,
        "organisations/manage/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "public_url": public_url(request, organisation),
        },
        status=BAD_REQUEST if form.errors else 200,
    )


def _members_page(request, organisation, *, invite_form=None, errors=(), status=200):
    members = selectors.members_of(organisation)
    own = next((m for m in members if m.user_id == request.user.pk), None)
    return render(
        request,
        "organisations/manage/members.html",
        {
            "organisation": organisation,
            "members": members,
            "own_membership": own,
            "can_manage": rules.can(request.user, rules.MANAGE_MEMBERS, organisation),
            "invitations": selectors.open_invitations_of(organisation),
            "invite_form": invite_form or InvitationForm(),
            "visibility_form": VisibilityForm(instance=own) if own else None,
            "roles": Role.choices,
            "errors": errors,
        },
        status=status,
    )


@never_cache
@login_required
def members(request, slug):
    organisation = _organisation(request.user, slug, rules.LEAVE)
    return _members_page(request, organisation)


@never_cache
@login_required
@require_POST
def member_invite(request, slug):
    organisation = _organisation(request.user, slug, rules.INVITE_MEMBERS)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                organisation=organisation,
                invited_by=request.user,
                link_base=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % form.cleaned_data,
            )
            return redirect("organisations:members", slug=slug)
    return _members_page(request, organisation, invite_form=form, status=BAD_REQUEST)


def _member_action(request, slug, pk, act):
    """Runs `act(membership)`; back to the members page, or that page with the reason."""
    organisation = _organisation(request.user, slug, rules.LEAVE)
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    try:
        act(membership)
    except ValidationError as error:
        return _members_page(request, organisation, errors=_errors(error), status=BAD_REQUEST)
    return None


@never_cache
@login_required
@require_POST
def member_role(request, slug, pk):
    form = RoleForm(request.POST)
    if not form.is_valid():
        organisation = _organisation(request.user, slug, rules.MANAGE_MEMBERS)
        return _members_page(
            request, organisation, errors=[_("Choose a role from the list.")], status=BAD_REQUEST
        )
    refused = _member_action(
        request,
        slug,
        pk,
        lambda m: services.membership_role_change(
            membership=m, role=form.cleaned_data["role"], by=request.user
        ),
    )
    if refused:
        return refused
    messages.success(request, _("The role is changed."))
    return redirect("organisations:members", slug=slug)


@never_cache
@login_required
@require_POST
def member_remove(request, slug, pk):
    refused = _member_action(
        request, slug, pk, lambda m: services.membership_remove(membership=m, by=request.user)
    )
    if refused:
        return refused
    messages.success(request, _("The member is removed."))
    return redirect("organisations:members", slug=slug)


@never_cache
@login_required
@require_POST
def member_leave(request, slug):
    organisation = _organisation(request.user, slug, rules.LEAVE)
    membership = get_object_or_404(Membership, organisation=organisation, user=request.user)
    try:
        services.membership_leave(membership=membership)
    except ValidationError as error:
        return _members_page(request, organisation, errors=_errors(error), status=BAD_REQUEST)
    messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
    return redirect("organisations:mine")


@never_cache
@login_required
@require_POST
def member_visibility(request, slug):
    organisation = _organisation(request.user, slug, rules.LEAVE)
    membership = get_object_or_404(Membership, organisation=organisation, user=request.user)
    form = VisibilityForm(request.POST, instance=membership)
    if form.is_valid():
        try:
            services.membership_visibility_update(
                membership=membership,
                shown_publicly=form.cleaned_data["shown_publicly"],
                public_name=form.cleaned_data["public_name"],
            )
        except ValidationError as error:
            return _members_page(request, organisation, errors=_errors(error), status=BAD_REQUEST)
        messages.success(request, _("Your choice is saved."))
        return redirect("organisations:members", slug=slug)
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    return _members_page(request, organisation, errors=errors, status=BAD_REQUEST)


@never_cache
@login_required
@require_POST
def invitation_withdraw(request, slug, pk):
    organisation = _organisation(request.user, slug, rules.INVITE_MEMBERS)
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    services.invitation_withdraw(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("organisations:members", slug=slug)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The emailed link: shows the invitation; a signed-in invitee accepts or declines it."""
    found = selectors.invitation_from_token(token, max_age=services.INVITATION_LIFETIME)
    if found is None or not found.is_open:
        return render(request, "organisations/manage/invitation_gone.html", status=404)
    errors = []
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            return render(
                request,
                "organisations/manage/invitation.html",
                {"invitation": found, "errors": [_("Choose to accept or to decline.")]},
                status=BAD_REQUEST,
            )
        accept = answer == "accept"
        try:
            if accept:
                services.invitation_accept(invitation=found, user=request.user)
            else:
                services.invitation_decline(invitation=found, user=request.user)
        except ValidationError as error:
            errors = _errors(error)
        else:
            if accept:
                messages.success(
                    request, _("Welcome to %(name)s.") % {"name": found.organisation.name}
                )
                return redirect("organisations:members", slug=found.organisation.slug)
            messages.success(request, _("You declined the invitation."))
            return redirect("organisations:mine")
    return render(
        request,
        "organisations/manage/invitation.html",
        {"invitation": found, "errors": errors},
        status=BAD_REQUEST if errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verification(request, slug):
    organisation = _organisation(request.user, slug, rules.REQUEST_VERIFICATION)
    form = VerificationRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verification_request_create(
                organisation=organisation,
                user=request.user,
                documents=form.cleaned_data["documents"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request is with the moderators. We will let you know.")
            )
            return redirect("organisations:verification", slug=slug)
    return render(
        request,
        "organisations/manage/verification.html",
        {
            "organisation": organisation,
            "form": form,
            "latest": selectors.latest_verification_request(organisation),
            "pending": selectors.has_pending_verification(organisation),
        },
        status=BAD_REQUEST if form.errors else 200,
    )


@never_cache
@login_required
def document_download(request, pk):
    """A verification document, to moderators only; there is no other way to reach it."""
    document = selectors.document_by_pk(pk)
    if document is None:
        raise Http404
    if not rules.can(request.user, rules.DOWNLOAD_DOCUMENTS, document.request.organisation):
        raise PermissionDenied
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
