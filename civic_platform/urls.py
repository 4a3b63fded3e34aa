from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from civic_platform.accounts import first_sign_in
from civic_platform.discovery import project_app_modules
from civic_platform.views import choose_language, root_redirect

urlpatterns = [
    path("", root_redirect, name="root"),
    # Every sign-in goes through allauth so the second factor is always asked for.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("civic_platform.api_urls")),
    path("language/<str:language>/", choose_language, name="choose_language"),
]

urlpatterns += i18n_patterns(
    # allauth's own views at allauth's addresses, keeping where the editor was going.
    path("accounts/2fa/totp/activate/", first_sign_in.activate_totp, name="mfa_activate_totp"),
    path(
        "accounts/2fa/recovery-codes/",
        first_sign_in.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path("accounts/", include("allauth.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Each app's public views (urls.py) under the language prefix, before Wagtail's pages.
    *(path("", include(module)) for module in project_app_modules("urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "civic_platform.views.bad_request"
handler403 = "civic_platform.views.permission_denied"
handler404 = "civic_platform.views.page_not_found"
handler500 = "civic_platform.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
