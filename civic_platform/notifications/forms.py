from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from civic_platform.notifications.registry import Delivery, kinds


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of emails"), choices=settings.LANGUAGES)

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, delivery in preferences:
            self.fields[f"kind:{kind.key}"] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Delivery.choices,
                initial=delivery,
                widget=forms.RadioSelect,
            )

    def deliveries(self) -> dict[str, str]:
        return {
            name.removeprefix("kind:"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("kind:") and kinds.get(name.removeprefix("kind:"))
        }


class ReadForm(forms.Form):
    notification = forms.IntegerField(min_value=1, max_value=2**62)


class FollowForm(forms.Form):
    """What to follow: "<app_label>.<model>" and the object's id."""

    model = forms.CharField(max_length=100)
    object_id = forms.CharField(max_length=64)
