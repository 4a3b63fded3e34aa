"""Bad input gets a 4xx or is ignored, never a server error: a list of values that broke
things before (NUL, over-long integers, '²', unbalanced quotes, 10 KB strings, unknown
formats and languages, negative numbers) goes into every public URL's parameters, path
segments and form fields."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.django_db

FUZZ = [
    "\x00",
    "x\x00y",
    "9223372036854775808",
    "99999999999999999999999999",
    "-1",
    "²",
    '"x',
    "x'",
    "a" * 10_240,
    "xml",
    "xx",
]
THEMES_REWRITE = pytest.mark.xfail(strict=True, reason="themes rewrite")

BODY_SLUG = "anti-corruption-commission"
PLAN_PARAMETERS = ["theme", "area", "status", "body", "page"]
# Pages that document no parameter still get the ones a visitor or a crawler may try.
ANY_PAGE_PARAMETERS = ["page", "lang", "format"]
API_LIST_PARAMETERS = ["limit", "offset", "lang", "format"]

URL_PARAMETERS = {
    "/": ANY_PAGE_PARAMETERS,
    "/az/": ANY_PAGE_PARAMETERS,
    "/en/": ANY_PAGE_PARAMETERS,
    "/ru/": ANY_PAGE_PARAMETERS,
    "/az/plan/": PLAN_PARAMETERS,
    "/az/plan/5/": PLAN_PARAMETERS,
    "/az/plan/5/5-5/": ANY_PAGE_PARAMETERS,
    "/az/plan/bodies/": PLAN_PARAMETERS,
    f"/az/plan/bodies/{BODY_SLUG}/": PLAN_PARAMETERS,
    "/az/search/": ["q", "page", "type", "area", "year"],
    "/az/councils/": ANY_PAGE_PARAMETERS,
    "/az/consultations/": ANY_PAGE_PARAMETERS,
    "/az/municipalities/": ANY_PAGE_PARAMETERS,
    "/az/accounts/login/": ["next", "page"],
    "/az/accounts/signup/": ["next", "page"],
    "/az/accounts/password/reset/": ["next", "page"],
    "/api/v1/themes/": API_LIST_PARAMETERS,
    "/api/v1/themes/5/": ["lang", "format"],
    "/api/v1/measures/": ["theme", "status", "body", *API_LIST_PARAMETERS],
    "/api/v1/measures/5.5/": ["lang", "format"],
    "/api/v1/bodies/": API_LIST_PARAMETERS,
    f"/api/v1/bodies/{BODY_SLUG}/": ["lang", "format"],
    "/api/v1/municipalities/": ["kind", *API_LIST_PARAMETERS],
    "/api/v1/budgets/": ["municipality", "year", "stage", *API_LIST_PARAMETERS],
    "/api/v1/health/": ["format"],
    "/api/v1/search/": ["q", "type", "area", "year", "page", "lang"],
    "/api/v1/search/suggest/": ["q", "lang"],
}
# Parameters of the themes app's pages that still fail; the themes rewrite fixes them.
FAILING_UNTIL_THEMES_REWRITE: set[tuple[str, str]] = set()

PATH_TEMPLATES = [
    "/az/{}/",
    "/az/plan/{}/",
    "/az/plan/5/{}/",
    "/az/plan/bodies/{}/",
    "/api/v1/themes/{}/",
    "/api/v1/measures/{}/",
    "/api/v1/bodies/{}/",
    "/api/v1/municipalities/{}/",
    "/api/v1/budgets/{}/",
    "/api/v1/budgets/{}/datapackage.json",
]
FAILING_PATHS_UNTIL_THEMES_REWRITE: set[str] = set()

FORMS = {
    "/az/accounts/login/": ["login", "password"],
    "/az/accounts/signup/": ["email", "password1", "password2"],
    "/az/accounts/password/reset/": ["email"],
    "/az/search/": ["q"],
}


def _server_errors(responses) -> list[str]:
    return [f"{status} for {value[:40]!r}" for value, status in responses if status >= 500]


def _marked(cases, failing):
    return [
        pytest.param(*(case if isinstance(case, tuple) else (case,)), marks=THEMES_REWRITE)
        if case in failing
        else case
        for case in cases
    ]


@pytest.mark.parametrize(
    ("url", "parameter"),
    _marked(
        [
            (url, parameter)
            for url, parameters in URL_PARAMETERS.items()
            for parameter in parameters
        ],
        FAILING_UNTIL_THEMES_REWRITE,
    ),
)
def test_no_query_parameter_value_makes_a_server_error(client, site_structure, url, parameter):
    responses = [(value, client.get(url, {parameter: value}).status_code) for value in FUZZ]
    assert _server_errors(responses) == []


@pytest.mark.parametrize("template", _marked(PATH_TEMPLATES, FAILING_PATHS_UNTIL_THEMES_REWRITE))
def test_no_path_segment_makes_a_server_error(client, site_structure, template):
    responses = [
        (value, client.get(template.format(quote(value, safe=""))).status_code) for value in FUZZ
    ]
    assert _server_errors(responses) == []


@pytest.mark.parametrize(("url", "fields"), FORMS.items())
def test_no_form_field_value_makes_a_server_error(client, site_structure, url, fields):
    responses = [
        (value, client.post(url, dict.fromkeys(fields, value)).status_code) for value in FUZZ
    ]
    assert _server_errors(responses) == []


def test_a_nul_character_is_refused_with_a_4xx_everywhere(client, site_structure):
    for url, parameters in URL_PARAMETERS.items():
        for parameter in parameters:
            assert client.get(url, {parameter: "x\x00"}).status_code == 400, (url, parameter)
