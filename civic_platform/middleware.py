"""Site-wide request policies: Content-Security-Policy, two-factor admin access, JSON errors
under /api/ and refusal of NUL characters."""

from itertools import chain
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from civic_platform.api_tools import api_error_response, is_api_path
from civic_platform.permissions import can_access_admin

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_admin_path(path: str) -> bool:
    return path.startswith(settings.ADMIN_PATH_PREFIXES)


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that the API is never redirected to a language.

    Django answers a 404 outside the language prefixes with a redirect to /az/<path> whenever
    that path exists; Wagtail's catch-all makes nearly every path exist, so an unknown API
    address became a 302 to an HTML page. API clients get the API's JSON 404 instead.

    The admin has no language prefix; it speaks the site's default language, not the
    browser's, and addresses it builds (the sign-in page, two-factor set-up) are the
    Azerbaijani ones. Wagtail then switches to the language an editor chose in their account.
    """

    def process_request(self, request):
        if is_admin_path(request.path_info):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return None
        return super().process_request(request)

    def process_response(self, request, response):
        if is_api_path(request.path_info):
            return response
        return super().process_response(request, response)


class RejectNulCharactersMiddleware:
    """A NUL character in the address, the query or a form field is refused with 400.

    PostgreSQL text cannot hold NUL, so such a value would fail as a server error wherever it
    reaches a query (a slug, a filter, a search); no legitimate input contains one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            message = _(
                "The request contains a NUL character, which no address, query or form field "
                "may hold."
            )
            if is_api_path(request.path_info):
                return api_error_response(message, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        fields = [request.GET]
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            fields.append(request.POST)
        texts = chain(
            [request.path_info],
            *((key, *values) for query in fields for key, values in query.lists()),
        )
        return any("\x00" in text for text in texts)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict site policy everywhere; the admin adds only what Wagtail's editor needs, the
    API reference only what Redoc needs."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and getattr(request, "is_preview", False):
            # Wagtail renders a preview through the middleware as a request for the public
            # page, to show in the admin's preview panel: the admin may frame it, nobody else.
            replace = dict(parts.replace or {})
            replace["frame-ancestors"] = ["'self'"]
            parts.replace = replace
            return parts
        relaxed = None
        if is_admin_path(request.path_info):
            relaxed = settings.ADMIN_CONTENT_SECURITY_POLICY_UPDATE
        elif request.path_info == settings.API_DOCS_PATH:
            relaxed = settings.API_DOCS_CONTENT_SECURITY_POLICY_UPDATE
        if not report_only and relaxed:
            site_directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            update, replace = dict(parts.update or {}), dict(parts.replace or {})
            for directive, sources in relaxed.items():
                # 'none' cannot be combined with sources; the relaxed list takes its place.
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

    # Exactly these addresses: signing in and out must work before the second factor is given.
    exempt_paths = frozenset(
        f"{prefix}{page}"
        for prefix in settings.ADMIN_PATH_PREFIXES
        for page in ("login/", "logout/", "jsi18n/")
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            is_admin_path(path)
            and path not in self.exempt_paths
            and user is not None
            and user.is_authenticated
        ):
            if not can_access_admin(user):
                # Wagtail would send a signed-in user without access back to the login page,
                # which sends them on to the admin again: an endless loop.
                return permission_denied(
                    request, PermissionDenied(_("Your account has no access to the admin."))
                )
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
