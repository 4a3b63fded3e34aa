from django import forms
from django.utils.translation import gettext_lazy as _

from civic_platform.organisations.models.organisation import (
    FieldOfWork,
    Membership,
    Organisation,
    Role,
)
from civic_platform.organisations.services import PROFILE_FIELDS


class OrganisationForm(forms.ModelForm):
    fields_of_work = forms.MultipleChoiceField(
        label=_("Fields of work"),
        choices=FieldOfWork.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def _post_clean(self):
        # The service validates the whole model (and the slug it chooses); here only the
        # fields, so that a form error and the service's error are never reported twice.
        pass


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class VisibilityForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["shown_publicly", "public_name"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class VerificationRequestForm(forms.Form):
    documents = MultipleFileField(
        label=_("Documents"),
        help_text=_(
            "The state registration certificate or an extract from the register, and anything "
            "else that shows who you are: PDF, JPEG or PNG, up to 5 files of 10 MB each. Only "
            "the platform's moderators can open them."
        ),
    )
    message = forms.CharField(
        label=_("Message to the moderators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you reject: the organisation's representatives read it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for the rejection."))
        return cleaned
