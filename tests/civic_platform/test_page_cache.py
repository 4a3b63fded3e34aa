"""Anonymous visitors get cached pages, and never a page older than the last publish."""

import datetime

import pytest
from django.core.management import call_command

from tests.accounts import editor_with_authenticator, log_in_with_second_factor
from tests.factories import ProgressUpdateFactory
from themes.models import Measure, MeasurePage

pytestmark = pytest.mark.django_db

PAGE = "/en/plan/5/5-5/"


def _get(client, path=PAGE):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_the_second_anonymous_view_is_served_from_the_cache_without_a_query(
    client, django_assert_num_queries
):
    assert _get(client)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = _get(client)
    assert response["X-Page-Cache"] == "hit"
    assert "public councils" in response.content.decode()


def test_publishing_a_page_shows_at_once_to_anonymous_visitors(client):
    _get(client)
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="en")
    page.indicator = "Freshly published indicator"
    page.save_revision().publish()
    response = _get(client)
    assert "Freshly published indicator" in response.content.decode()


def test_unpublishing_a_page_removes_it_at_once(client):
    _get(client)
    MeasurePage.objects.get(measure__code="5.5", locale__language_code="en").unpublish()
    assert client.get(PAGE).status_code == 404


def test_a_published_progress_update_shows_at_once_on_its_measure_page(client):
    _get(client)
    update = ProgressUpdateFactory(
        measure=Measure.objects.get(code="5.5"),
        date=datetime.date(2022, 3, 1),
        summary="<p>Şuraların hesabatı dərc edildi.</p>",
        live=False,
    )
    update.save_revision().publish()
    assert "Şuraların hesabatı dərc edildi." in _get(client).content.decode()


def test_an_import_drops_cached_pages(client):
    _get(client)
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="en")
    # Written behind Wagtail's back, as only an import would; the import then drops the cache.
    MeasurePage.objects.filter(pk=page.pk).update(indicator="Changed in the database")
    assert "Changed in the database" not in _get(client).content.decode()
    call_command("import_action_plan", verbosity=0)
    assert "Changed in the database" in _get(client).content.decode()


def test_signed_in_people_never_get_or_fill_the_shared_copy(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    first = _get(client)
    second = _get(client)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "Log out" in second.content.decode()


def test_a_bad_filter_value_is_not_cached_as_a_different_page(client):
    assert "64 measures" in _get(client, "/en/plan/").content.decode()
    assert "6 measures" in _get(client, "/en/plan/?theme=5").content.decode()
    assert _get(client, "/en/plan/?theme=5")["X-Page-Cache"] == "hit"
    assert "64 measures" in _get(client, "/en/plan/").content.decode()


def test_api_lists_are_cached_too_and_dropped_on_publish(client, django_assert_num_queries):
    assert client.get("/api/v1/measures/7.2/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get("/api/v1/measures/7.2/")["X-Page-Cache"] == "hit"
    update = ProgressUpdateFactory(
        measure=Measure.objects.get(code="7.2"),
        summary="<p>Bələdiyyə büdcəsi dərc edildi.</p>",
        live=False,
    )
    update.save_revision().publish()
    summaries = [
        u["summary"] for u in client.get("/api/v1/measures/7.2/").json()["progress_updates"]
    ]
    assert summaries == ["<p>Bələdiyyə büdcəsi dərc edildi.</p>"]


def test_json_and_the_browsable_api_are_cached_apart(client):
    assert client.get("/api/v1/themes/", HTTP_ACCEPT="application/json")["Content-Type"].startswith(
        "application/json"
    )
    html = client.get("/api/v1/themes/", HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    again = client.get("/api/v1/themes/", HTTP_ACCEPT="application/json")
    assert again["Content-Type"].startswith("application/json")
    assert again["X-Page-Cache"] == "hit"


def test_health_is_never_served_from_the_cache(client):
    client.get("/api/v1/health/")
    assert "X-Page-Cache" not in client.get("/api/v1/health/")
