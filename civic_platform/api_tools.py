"""What every app's open data endpoints share: language choice, CSV, pagination."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from civic_platform.renderers import CSVRenderer

LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=LANGUAGE_CODES,
    description="Language of titles and texts: az (the original, default), en or ru.",
)


class OpenDataViewMixin:
    """JSON and CSV; `?lang=` picks the language of texts; CSV lists are not paginated."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    def requested_language(self) -> str:
        language = self.request.query_params.get("lang", settings.LANGUAGE_CODE)
        if language not in LANGUAGE_CODES:
            raise ValidationError(
                {"lang": f"Unknown language {language!r}; use one of {', '.join(LANGUAGE_CODES)}."}
            )
        return language

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = self.requested_language()
        translation.activate(self.language)

    def paginate_queryset(self, queryset):
        if (
            getattr(self.request, "accepted_renderer", None)
            and self.request.accepted_renderer.format == "csv"
        ):
            return None
        return super().paginate_queryset(queryset)
