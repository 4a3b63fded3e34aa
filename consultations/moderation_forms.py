"""Forms of the moderators' queue and of the no-JavaScript controls (report, answer, pin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.choices import AnswerOutcome
from consultations.services.answers import ANSWER_MAX_CHARACTERS
from consultations.services.moderation import REASON_MAX_CHARACTERS

HIDE = "hide"
RESTORE = "restore"
BLOCK = "block"


class ModerationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (HIDE, _("Hide the comment")),
            (RESTORE, _("Show the comment (dismiss the reports)")),
            (BLOCK, _("Block the author and hide the comment")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=REASON_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to hide or block: shown to everyone in place of the comment."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in (HIDE, BLOCK) and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason: readers see it instead of the comment."))
        return cleaned


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should a moderator look at this comment?"),
        max_length=REASON_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AnswerOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=ANSWER_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Paragraphs, emphasis, lists and links are kept."),
    )
