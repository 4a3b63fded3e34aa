"""The API answers every mistake with JSON a client can read, never with HTML, a redirect
or a server error."""

import csv
import io

import pytest
from django.test import RequestFactory
from rest_framework.throttling import AnonRateThrottle

from civic_platform.renderers import csv_lines
from civic_platform.views import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here/", "/api/v1/bodies/no-such-body/", "/api/v1/themes/99/"]
)
def test_an_unknown_api_address_answers_a_json_404_not_a_redirect(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_method_the_api_does_not_take_answers_a_json_405(client):
    response = client.delete("/api/v1/health/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "DELETE" in response.json()["detail"]


def test_a_server_error_under_the_api_is_json():
    response = server_error(RequestFactory().get("/api/v1/measures/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.content.startswith(b'{"detail": ')


def test_a_forwarded_for_header_does_not_give_a_client_a_fresh_throttle(client, monkeypatch):
    # A lower rate than the configured one, to reach it in a few requests. Each address is
    # a different one, so each answer is built (the throttle guards building, not the cache).
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    statuses = [
        client.get(
            "/api/v1/themes/", {"limit": 10 + n}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/themes/", {"limit": 20}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "9223372036854775808"},
        {"limit": "501"},
        {"limit": "0"},
        {"limit": "-1"},
        {"limit": "²"},
        {"limit": "ten"},
        {"offset": "-5"},
        {"offset": "9223372036854775808"},
        {"offset": "1.5"},
    ],
)
def test_a_page_size_or_offset_out_of_bounds_is_refused_with_the_bounds(client, query):
    response = client.get("/api/v1/measures/", query)
    assert response.status_code == 400
    (parameter,) = query
    (message,) = response.json()[parameter]
    assert ("500" if parameter == "limit" else "1000000000") in message


def test_the_largest_documented_page_size_is_served(client):
    body = client.get("/api/v1/measures/", {"limit": 500, "offset": 60}).json()
    assert [measure["code"] for measure in body["results"]] == ["9.1", "9.2", "9.3", "9.4"]
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/measures/"]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == 500
    assert sorted(parameters["format"]["schema"]["enum"]) == ["csv", "json"]


def test_an_unknown_format_or_language_is_refused_in_json_even_when_csv_was_asked_for(client):
    response = client.get("/api/v1/measures/", {"format": "xml"})
    assert response.status_code == 400
    assert "format" in response.json()
    response = client.get("/api/v1/measures/", {"format": "csv", "lang": "xx"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "lang" in response.json()


def test_a_list_downloads_as_a_streamed_csv_attachment(client):
    response = client.get("/api/v1/measures/", {"format": "csv"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="measures.csv"'
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeffcode,theme,title")
    assert len(list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))) == 64
    single = client.get("/api/v1/measures/5.5/", {"format": "csv"})
    assert single["Content-Disposition"] == 'attachment; filename="measures-5.5.csv"'


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted():
    records = [
        {"title": '=HYPERLINK("http://attacker.example")', "count": -3},
        {"title": "+1", "count": 2},
        {"title": "-2+3", "count": 0},
        {"title": "@SUM(A1)", "count": 1},
        {"title": "\tindent", "count": 1},
        {"title": "\rreturn", "count": 1},
        {"title": ["=first", "second"], "count": 1},
        {"title": "İctimai şuralar", "count": 1},
    ]
    text = "".join(csv_lines(["title", "count"], records))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[0] == ["title", "count"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://attacker.example")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tindent",
        "'\rreturn",
        "'=first; second",
        "İctimai şuralar",
    ]
    # Numbers stay numbers, negative ones too.
    assert rows[1][1] == "-3"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/measures/?body=a%00b",
        "/az/search/?q=%00",
        "/az/plan/bodies/a%00b/",
        "/az/plan/?body=%00",
    ],
)
def test_a_nul_character_in_the_address_is_refused_with_a_message(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_character_in_a_form_field_is_refused_with_a_message(client):
    response = client.post("/az/accounts/login/", {"login": "a\x00@example.org", "password": "x"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
