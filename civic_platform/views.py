from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language


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


def server_error(request):
    # Rendered without the request's context processors: the database or cache they read may
    # be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html"))
