"""The OpenAPI description tells the truth about every open data endpoint.

Kept apart from api_tools: drf-spectacular's AutoSchema imports DRF's generic views, which
themselves load the pagination class from api_tools while being defined.
"""

from drf_spectacular.openapi import AutoSchema

from civic_platform.api_tools import FORMAT_PARAMETER, LANG_PARAMETER, OpenDataViewMixin
from civic_platform.renderers import CSVRenderer

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` says what went wrong; a refused parameter is named as a key.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERROR_RESPONSES = {
    "400": "A parameter or the request is not acceptable.",
    "404": "Nothing at this address.",
    "429": "Too many requests from this client; try again later.",
}


class OpenDataAutoSchema(AutoSchema):
    """The schema says what the views really do: every parameter's bounds, the formats and
    languages, CSV as text, and the error responses any operation can give."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if isinstance(self.view, OpenDataViewMixin):
            return [LANG_PARAMETER, FORMAT_PARAMETER, *parameters]
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        # OpenDataFilterBackend refuses a filter given with no value, and the middleware any
        # value holding a NUL character (civic_platform/middleware.py).
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and "enum" not in schema:
                schema["minLength"] = 1
                schema.setdefault("pattern", "^[^\\x00]*$")
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for response in responses.values():
            csv = response.get("content", {}).get(CSVRenderer.media_type)
            if csv is not None:
                csv["schema"] = {"type": "string", "description": "UTF-8 CSV with a header row."}
        for code, description in ERROR_RESPONSES.items():
            responses.setdefault(
                code,
                {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                },
            )
        return responses
