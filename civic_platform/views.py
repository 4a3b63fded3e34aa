from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import check_for_language


def root_redirect(request):
    """`/` opens the site in Azerbaijani unless the visitor chose another language before.

    The browser's Accept-Language is deliberately not consulted: Azerbaijani is the default.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


def server_error(request):
    # A fresh response without the request context: whatever failed may fail again in it.
    return TemplateResponse(request, "500.html", status=500).render()
