from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views import defaults

from civic_platform.api_tools import api_error_response, is_api_path


def root_redirect(request):
    """`/` opens the site in Azerbaijani unless the visitor chose another language before.

    The browser's Accept-Language is deliberately not consulted: Azerbaijani is the default.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


def choose_language(request, language):
    """Remember the visitor's language and open the page they were on in it.

    A plain link rather than a form, so that cached pages carry no per-visitor token; it stores
    only the visitor's own cookie.
    """
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith(f"/{language}/"):
        target = f"/{language}/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=True,
    )
    return response


# Error pages: API clients get JSON in the shape of DRF's own errors, people get HTML.


def bad_request(request, exception):
    if is_api_path(request.path_info):
        return api_error_response(_("The request is not acceptable."), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_path(request.path_info):
        return api_error_response(_("You are not allowed to do this."), status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api_path(request.path_info):
        return api_error_response(_("Nothing at this address."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_path(request.path_info):
        return api_error_response(_("Server error; it has been recorded."), status=500)
    # Rendered without the request's context processors: the database or cache they read may
    # be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html"))
