"""Site-wide request policies: the Content-Security-Policy and two-factor admin access."""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from civic_platform.permissions import can_access_admin


def is_admin_path(path: str) -> bool:
    return path.startswith(settings.ADMIN_PATH_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict site policy everywhere; the admin adds only what Wagtail's editor needs."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            site_directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            update, replace = dict(parts.update or {}), dict(parts.replace or {})
            for directive, sources in settings.ADMIN_CONTENT_SECURITY_POLICY_UPDATE.items():
                # 'none' cannot be combined with sources; the admin's list takes its place.
                if site_directives.get(directive) == ["'none'"]:
                    replace[directive] = sources
                else:
                    update[directive] = [*update.get(directive, []), *sources]
            parts.update, parts.replace = update, replace
        return parts


class AdminRequiresMultiFactorMiddleware:
    """Staff and editors reach the admin only with TOTP set up and used in this session.

    A stolen password alone must not open the CMS, so a user without an authenticator is sent
    to set one up, and a session that signed in without the second factor is asked for it.
    """

    exempt_suffixes = ("login/", "logout/", "jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            is_admin_path(path)
            and not path.endswith(self.exempt_suffixes)
            and user is not None
            and user.is_authenticated
            and can_access_admin(user)
        ):
            query = urlencode({"next": request.get_full_path()})
            if not is_mfa_enabled(user, ["totp"]):
                messages.info(
                    request,
                    _("Set up two-factor authentication with an app to use the admin."),
                )
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            records = get_authentication_records(request, user)
            if not any(record.get("method") == "mfa" for record in records):
                messages.info(request, _("Confirm it is you with your authenticator code."))
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)
