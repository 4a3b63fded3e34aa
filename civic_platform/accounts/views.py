"""The signed-in person's own pages: profile, download of their data, deletion of the account."""

import json

from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civic_platform.accounts.forms import AccountDeleteForm, ProfileForm
from civic_platform.accounts.selectors import account_overview, is_last_superuser, personal_data_of
from civic_platform.accounts.services import account_delete, profile_update

PERSONAL_DATA_FILENAME = "personal-data.json"


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    overview = account_overview(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=overview["profile"])
        if form.is_valid():
            profile_update(
                user=request.user,
                display_name=form.cleaned_data["display_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
        status = 400
    else:
        form = ProfileForm(instance=overview["profile"])
        status = 200
    return render(request, "accounts/profile.html", {"form": form, **overview}, status=status)


@never_cache
@login_required
@require_POST
def personal_data_download(request):
    limited = consume_or_429(request, action="export_personal_data", user=request.user)
    if limited:
        return limited
    content = json.dumps(
        personal_data_of(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{PERSONAL_DATA_FILENAME}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete_confirm(request):
    user = request.user
    last_superuser = is_last_superuser(user)
    status = 200
    if request.method == "POST" and not last_superuser:
        limited = consume_or_429(request, action="delete_account", user=user)
        if limited:
            return limited
        form = AccountDeleteForm(request.POST, user=user)
        if form.is_valid():
            try:
                account_delete(user=user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # The session ends here; other sessions of the person end with the user row,
                # since they no longer lead to an account.
                logout(request)
                return redirect("accounts:deleted")
        status = 400
    else:
        form = AccountDeleteForm(user=user)
        if request.method == "POST":
            status = 403  # the last administrator: the page says why and what to do
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "last_superuser": last_superuser},
        status=status,
    )


@require_GET
def account_deleted(request):
    return render(request, "accounts/deleted.html")
