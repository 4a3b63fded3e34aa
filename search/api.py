"""Search as open data.

    GET /api/v1/search/?q=&type=&area=&measure=&body=&council=&municipality=&year=&status=&page=
    GET /api/v1/search/suggest/?q=     titles beginning as typed, for a search box

The same search as the search page (`search.selectors.search`), on Elasticsearch or the
database backend, public records only. A facet parameter may be repeated: values of one facet
are alternatives, facets narrow each other.
"""

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from civic_platform.api_schema import ERROR_SCHEMA
from civic_platform.api_tools import LANGUAGE_CODES
from search.registry import documents as document_types
from search.selectors import (
    FACETS,
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    RESULTS_PER_PAGE,
    TYPE,
    completions,
    search,
    visibilities_for,
)

NO_NUL = RegexValidator(r"^[^\x00]*$", _("A NUL character is not allowed."))
NO_NUL_PATTERN = "^[^\\x00]*$"
MAX_FACET_VALUE = 200
MAX_VALUES_PER_FACET = 20
FACET_DESCRIPTIONS = {
    TYPE: "Type of document; repeat for several.",
    "area": "Thematic area of the plan by number (`5`); repeat for several.",
    "measure": "Plan measure by code (`5.5`); repeat for several.",
    "body": "State body by slug (`ministry-of-justice`); repeat for several.",
    "council": "Public council by slug; repeat for several.",
    "municipality": "Municipality by slug; repeat for several.",
    "year": "Year (`2021`); repeat for several.",
    "status": "Status (`overdue`, `open`, …); repeat for several.",
}


def _facet_field(name: str) -> serializers.ListField:
    if name == TYPE:
        child = serializers.ChoiceField(choices=document_types.keys())
    else:
        child = serializers.CharField(
            min_length=1, max_length=MAX_FACET_VALUE, validators=[NO_NUL], trim_whitespace=False
        )
    return serializers.ListField(child=child, required=False, max_length=MAX_VALUES_PER_FACET)


class StrictIntegerField(serializers.IntegerField):
    """Digits only: DRF's own field also takes "1.0" and " 1", which the schema does not."""

    def to_internal_value(self, data):
        if not re.fullmatch(r"[0-9]{1,9}", str(data)):
            self.fail("invalid")
        return super().to_internal_value(data)


class LanguageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=LANGUAGE_CODES, default=settings.LANGUAGE_CODE, **kwargs)


class SearchParametersSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[NO_NUL],
        trim_whitespace=False,
    )
    lang = LanguageField()
    page = StrictIntegerField(min_value=1, max_value=MAX_PAGE, default=1)

    def get_fields(self):
        fields = super().get_fields()
        for name in FACETS:
            fields[name] = _facet_field(name)
        return fields


class SuggestParametersSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH, min_length=1, validators=[NO_NUL], trim_whitespace=False
    )
    lang = LanguageField()


def _parameters(*, with_facets: bool) -> list[OpenApiParameter]:
    q_schema = {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": NO_NUL_PATTERN}
    parameters = [
        OpenApiParameter(
            "q",
            {**q_schema, "minLength": 0 if with_facets else 1},
            required=not with_facets,
            description=(
                'The words to find; "quoted words" must stand side by side, in that order.'
                if with_facets
                else "What has been typed so far; the last word may be unfinished."
            ),
        ),
        OpenApiParameter(
            "lang",
            OpenApiTypes.STR,
            enum=LANGUAGE_CODES,
            description="Language of the documents searched: az (default), en or ru.",
        ),
    ]
    if not with_facets:
        return parameters
    parameters.append(
        OpenApiParameter(
            "page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            description=f"Page of {RESULTS_PER_PAGE} results.",
        )
    )
    for name in FACETS:
        item = (
            {"type": "string", "enum": sorted(document_types.keys())}
            if name == TYPE
            else {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_FACET_VALUE,
                "pattern": NO_NUL_PATTERN,
            }
        )
        parameters.append(
            OpenApiParameter(
                name,
                {"type": "array", "items": item, "maxItems": MAX_VALUES_PER_FACET},
                explode=True,
                style="form",
                description=FACET_DESCRIPTIONS[name],
            )
        )
    return parameters


class SearchResultSerializer(serializers.Serializer):
    type = serializers.CharField(source="doc_type")
    type_label = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField()
    snippet = serializers.CharField(
        help_text="A passage of the text, HTML-escaped, the matching words in <mark> elements."
    )
    date = serializers.DateField(allow_null=True)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What the facet's parameter takes.")
    label = serializers.CharField()
    count = serializers.IntegerField(
        help_text="Results with this value, under every other facet's selection."
    )
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=FACETS, help_text="The facet's parameter.")
    title = serializers.CharField()
    values = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    total = serializers.IntegerField(
        help_text="How many results match; at most `per_page` × the last page that can be "
        "asked for (500), see `total_is_lower_bound`."
    )
    total_is_lower_bound = serializers.BooleanField(
        help_text="True when more results match than were counted: `total` is then a lower "
        'bound ("more than total"), and only the first `pages` pages can be read.'
    )
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    per_page = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchResultSerializer(many=True)
    facets = FacetSerializer(many=True)
    suggestion = serializers.CharField(
        allow_blank=True, help_text="When nothing matched: a query that finds something, or ''."
    )
    fallback = serializers.BooleanField(
        help_text="True when Elasticsearch did not answer and the database search did."
    )


class CompletionSerializer(serializers.Serializer):
    type = serializers.CharField(source="doc_type")
    type_label = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField()


class SuggestResponseSerializer(serializers.Serializer):
    results = CompletionSerializer(many=True)


BAD_PARAMETERS = OpenApiResponse(
    response=ERROR_SCHEMA, description="A parameter is not acceptable; it is named as a key."
)


class SearchApiMixin:
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    def parameters(self, serializer_class) -> dict:
        query = self.request.query_params
        # DRF would take an empty value for the default; the schema says it is no value.
        errors = {
            name: [str(_("Give a value, or leave the parameter out."))]
            for name in ("lang", "page")
            if query.get(name) == ""
        }
        serializer = serializer_class(data=query)
        if not serializer.is_valid():
            errors.update({name: _messages(error) for name, error in serializer.errors.items()})
        if errors:
            raise ValidationError(errors)
        return serializer.validated_data


def _messages(error) -> list[str]:
    """DRF's errors of a list parameter are keyed by position; one flat list per parameter."""
    if isinstance(error, dict):
        return [message for item in error.values() for message in _messages(item)]
    if isinstance(error, list):
        return [message for item in error for message in _messages(item)]
    return [str(error)]


class SearchView(SearchApiMixin, APIView):
    @extend_schema(
        summary="Search every public document",
        parameters=_parameters(with_facets=True),
        responses={200: SearchResponseSerializer, 400: BAD_PARAMETERS},
    )
    def get(self, request):
        parameters = self.parameters(SearchParametersSerializer)
        language = parameters["lang"]
        with translation.override(language):
            results = search(
                query=parameters["q"],
                language=language,
                doc_types=parameters.get(TYPE) or None,
                selections={name: parameters.get(name) for name in FACETS if name != TYPE},
                visibilities=visibilities_for(request.user),
                page=parameters["page"],
                facets=True,
                suggest=True,
            )
            data = {
                "total": results.total,
                "total_is_lower_bound": results.total_is_lower_bound,
                "page": results.page,
                "pages": results.pages,
                "per_page": results.per_page,
                "next": self._page_url(results.page + 1) if results.has_next else None,
                "previous": self._page_url(results.page - 1) if results.has_previous else None,
                "results": [
                    {
                        "doc_type": hit.doc_type,
                        "type_label": hit.type_label,
                        "title": hit.title,
                        "url": request.build_absolute_uri(hit.url),
                        "snippet": str(hit.snippet),
                        "date": hit.date,
                    }
                    for hit in results.hits
                ],
                "facets": [
                    {
                        "name": facet.name,
                        "title": facet.title,
                        "values": [vars(value) for value in facet.values],
                    }
                    for facet in results.facets
                ],
                "suggestion": results.suggestion,
                "fallback": results.fallback,
            }
        response = Response(SearchResponseSerializer(data).data)
        if results.fallback:
            # Not kept by the page cache: the next request asks Elasticsearch again.
            patch_cache_control(response, no_cache=True)
        return response

    def _page_url(self, page: int) -> str:
        query = self.request.GET.copy()
        query["page"] = str(page)
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")


class SearchSuggestView(SearchApiMixin, APIView):
    @extend_schema(
        summary="Titles beginning as typed, for a search box",
        parameters=_parameters(with_facets=False),
        responses={200: SuggestResponseSerializer, 400: BAD_PARAMETERS},
    )
    def get(self, request):
        parameters = self.parameters(SuggestParametersSerializer)
        with translation.override(parameters["lang"]):
            found = completions(
                prefix=parameters["q"],
                language=parameters["lang"],
                visibilities=visibilities_for(request.user),
            )
            data = {
                "results": [
                    {
                        "doc_type": item.doc_type,
                        "type_label": item.type_label,
                        "title": item.title,
                        "url": request.build_absolute_uri(item.url),
                    }
                    for item in found
                ]
            }
        return Response(SuggestResponseSerializer(data).data)
