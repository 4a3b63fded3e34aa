"""Admin forms of the plan's data."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm


class MeasureForm(WagtailAdminModelForm):
    """A measure with its bodies: each body once per role, said clearly rather than refused by
    the database."""

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        seen = set()
        for form in self.formsets["body_roles"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            pair = (data.get("body"), data.get("role"))
            if pair in seen:
                form.add_error("body", _("This body is already named in this role."))
                valid = False
            seen.add(pair)
        return valid
