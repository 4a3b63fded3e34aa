from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.fields import PasswordField
from allauth.mfa.base.forms import ReauthenticateForm as MultiFactorCodeForm
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.utils.translation import gettext_lazy as _

from civic_platform.accounts.models import Profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "preferred_language"]


class AccountDeleteForm(forms.Form):
    """The password, and with two-factor authentication on, a code as well: the same proof
    allauth asks before a sensitive change, given here in one step."""

    password = PasswordField(label=_("Password"), autocomplete="current-password")

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if is_mfa_enabled(user):
            self.fields["code"] = forms.CharField(
                label=_("Code from your authenticator app or a recovery code"),
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
            )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # allauth's check, with its limit on failed attempts.
        if not get_account_adapter().reauthenticate(self.user, password):
            raise get_account_adapter().validation_error("incorrect_password")
        return password

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if "password" not in self.cleaned_data:
            # A code checked after a wrong password would be used up for nothing.
            return code
        second_factor = MultiFactorCodeForm(data={"code": code}, user=self.user)
        if not second_factor.is_valid():
            raise forms.ValidationError(second_factor.errors["code"])
        return code
