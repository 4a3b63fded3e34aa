"""What every app's open data endpoints share: language and format choice, streamed CSV,
bounded pagination and JSON errors. Their OpenAPI description is in api_schema.py."""

import re

from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.settings import api_settings

from civic_platform.renderers import CSVRenderer, csv_lines

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# `?format=` takes these; the browsable API stays reachable through the Accept header.
FORMATS = ["json", "csv"]
MAX_PAGE_SIZE = 500
# Far beyond any list the platform holds, far below the database's 64-bit integers.
MAX_OFFSET = 1_000_000_000
CSV_CHUNK_SIZE = 500

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=LANGUAGE_CODES,
    description="Language of titles and texts: az (the original, default), en or ru.",
)
FORMAT_PARAMETER = OpenApiParameter(
    api_settings.URL_FORMAT_OVERRIDE,
    OpenApiTypes.STR,
    enum=FORMATS,
    description=(
        "json (default) or csv: a UTF-8 spreadsheet download of the whole list, not paginated."
    ),
)


def is_api_path(path: str) -> bool:
    return path.startswith(settings.API_PATH_PREFIXES)


def api_error_response(detail: str, *, status: int) -> JsonResponse:
    """An error in the shape DRF gives its own errors, for what happens outside DRF's views."""
    return JsonResponse({"detail": str(detail)}, status=status)


def _refuse(parameter: str, message: str) -> ValidationError:
    return ValidationError({parameter: [message]})


def requested_language(request) -> str:
    """The language `?lang=` asks for (the default one when absent); an unknown one is a 400."""
    language = request.query_params.get("lang", settings.LANGUAGE_CODE)
    if language not in LANGUAGE_CODES:
        raise _refuse(
            "lang",
            _("Unknown language %(language)r; use one of %(choices)s.")
            % {"language": language, "choices": ", ".join(LANGUAGE_CODES)},
        )
    return language


class OpenDataPagination(LimitOffsetPagination):
    """`?limit=` and `?offset=` within documented bounds; anything else is a 400, not a 500."""

    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request):
        return self._bounded_integer(
            request, self.limit_query_param, 1, self.max_limit, self.default_limit
        )

    def get_offset(self, request):
        return self._bounded_integer(request, self.offset_query_param, 0, MAX_OFFSET, 0)

    @staticmethod
    def _bounded_integer(request, name: str, minimum: int, maximum: int, default: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        # ASCII digits only: str.isdigit() also accepts '²', which int() then refuses.
        if not re.fullmatch(r"[0-9]{1,10}", raw) or not minimum <= int(raw) <= maximum:
            raise _refuse(
                name,
                _("Give a whole number from %(minimum)s to %(maximum)s.")
                % {"minimum": minimum, "maximum": maximum},
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"].update(
            {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit}
        )
        limit["description"] = f"Results per page, at most {self.max_limit}."
        offset["schema"].update({"minimum": 0, "maximum": MAX_OFFSET, "default": 0})
        return [limit, offset]


class OpenDataViewMixin:
    """JSON and CSV; `?lang=` picks the language of texts; CSV lists are whole and streamed."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    def requested_language(self) -> str:
        return requested_language(self.request)

    def perform_content_negotiation(self, request, force=False):
        requested = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        # DRF answers an unknown format with a bare 404; say what went wrong instead.
        if not force and requested is not None and requested not in FORMATS:
            raise _refuse(
                api_settings.URL_FORMAT_OVERRIDE,
                _("Unknown format %(format)r; use one of %(choices)s.")
                % {"format": requested, "choices": ", ".join(FORMATS)},
            )
        return super().perform_content_negotiation(request, force=force)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = self.requested_language()
        translation.activate(self.language)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # An error is a message to read, not a spreadsheet: always JSON.
        if self.csv_requested():
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def csv_requested(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == CSVRenderer.format

    def csv_filename(self) -> str:
        """From the address: /api/v1/measures/5.5/ downloads as measures-5.5.csv."""
        path = self.request.path_info.strip("/").split("/")[2:] or ["data"]
        return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(path)) + ".csv"

    def list(self, request, *args, **kwargs):
        if not self.csv_requested():
            return super().list(request, *args, **kwargs)
        if isinstance(self.paginator, OpenDataPagination):
            # The download is the whole list, but a malformed ?limit= or ?offset= is still a
            # mistake worth telling the caller about.
            self.paginator.get_limit(request)
            self.paginator.get_offset(request)
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()
        columns = list(serializer_class(context=context).fields)
        # Rows are serialised as the response is sent, so a large export is never all in memory.
        items = (
            queryset.iterator(chunk_size=CSV_CHUNK_SIZE)
            if hasattr(queryset, "iterator")
            else iter(queryset)
        )
        records = (serializer_class(item, context=context).data for item in items)
        response = StreamingHttpResponse(
            csv_lines(columns, records), content_type=f"{CSVRenderer.media_type}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.csv_filename()}"'
        return response
