from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.utils.translation import check_for_language


def root_redirect(request):
    """`/` opens the site in Azerbaijani unless the visitor chose another language before.

    The browser's Accept-Language is deliberately not consulted: Azerbaijani is the default.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


def server_error(request):
    # Rendered without the request's context processors: the database or cache they read may
    # be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html"))
