"""An editor's first sign-in: password once, an authenticator, recovery codes, then the admin.

allauth's own flow asks for the password again right after signing in, forgets where the
editor was going once the authenticator is set up and ends on the recovery codes with no way
on. The adapter, form and two views below keep allauth's checks and change only that.
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import get_next_redirect_url
from allauth.core.internal.httpkit import authenticated_user
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.views import ActivateTOTPView
from django import forms
from django.urls import reverse
from django.utils.http import urlencode

from civic_platform.middleware import is_admin_path

NEXT_FIELD = "next"


class AccountAdapter(DefaultAccountAdapter):
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A password given to sign in moments ago counts as given again.

        allauth counts only its "confirm your password" page, so an editor who has just signed
        in is asked for the password a second time before setting up an authenticator. Within
        the same timeout that page allows, a fresh sign-in proves the same thing.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        signed_in_at = max((record["at"] for record in records), default=0)
        return time.time() - signed_in_at >= account_settings.REAUTHENTICATION_TIMEOUT


class EditorActivateTOTPForm(ActivateTOTPForm):
    # allauth's form posts to the bare activation address, dropping ?next=; the destination
    # travels in the form instead.
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _with_next(url: str, destination: str | None) -> str:
    return f"{url}?{urlencode({NEXT_FIELD: destination})}" if destination else url


class EditorActivateTOTPView(ActivateTOTPView):
    def get_initial(self):
        return {**super().get_initial(), NEXT_FIELD: self.request.GET.get(NEXT_FIELD, "")}

    def form_valid(self, form):
        response = super().form_valid(form)
        # The code that activated the authenticator was given in this session: it is the second
        # factor, so the admin does not ask for another one straight away.
        record_authentication(
            self.request, authenticated_user(self.request), method="mfa", type="totp"
        )
        return response

    def get_success_url(self) -> str:
        destination = get_next_redirect_url(self.request, NEXT_FIELD)
        if self.did_generate_recovery_codes:
            return _with_next(reverse("mfa_view_recovery_codes"), destination)
        return destination or reverse("mfa_index")


class EditorRecoveryCodesView(ViewRecoveryCodesView):
    """The recovery codes, with a way on to where the editor was going."""

    # allauth's page extended, under a name of its own: civic_platform/templates is searched
    # both as the site's folder and as the app's, so an override of allauth's own name that
    # extends it would be found twice and its additions shown twice.
    template_name = "civic_platform/accounts/recovery_codes.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        destination = get_next_redirect_url(self.request, NEXT_FIELD)
        context["continue_url"] = destination
        context["continue_to_admin"] = bool(destination) and is_admin_path(destination)
        return context


activate_totp = EditorActivateTOTPView.as_view()
view_recovery_codes = EditorRecoveryCodesView.as_view()
