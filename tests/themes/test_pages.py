import re

import pytest
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import PageViewRestriction

from themes.models import AreaPage, Measure, MeasureBody, MeasurePage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "lang", "expected"),
    [
        ("/az/plan/5/5-5/", "az", "İctimai şuraların əhəmiyyətinin artırılması"),
        ("/en/plan/5/5-5/", "en", "public councils"),
        ("/ru/plan/5/5-5/", "ru", "общественных советов"),
    ],
)
def test_a_measure_page_renders_in_each_language_at_a_readable_address(
    client, path, lang, expected
):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert expected in html


def test_a_measure_page_shows_indicator_deadline_status_and_bodies_linked_to_their_pages(client):
    html = client.get("/az/plan/2/2-2/").content.decode()
    assert "Dövlət büdcəsinin layihəsi ilə bağlı keçirilən müzakirələr" in html
    assert "2020–2022" in html
    assert "status--overdue" in html
    assert 'href="/az/plan/bodies/ministry-of-finance/"' in html
    assert 'href="/az/plan/bodies/milli-majlis/"' in html


def test_a_measure_page_shows_its_computed_indicator_with_when_and_how(client):
    html = client.get("/en/plan/5/5-5/").content.decode()
    assert "Published evidence" in html
    assert "links and documents attached to the measure" in html
    assert "<time datetime=" in html


def test_an_area_page_lists_its_measures(client):
    html = client.get("/en/plan/7/").content.decode()
    for code in ("7-1", "7-2", "7-3", "7-4"):
        assert f'href="/en/plan/7/{code}/"' in html
    assert 'href="/en/plan/6/6-1/"' not in html


def test_a_bodys_page_lists_the_measures_it_carries_out_and_those_recommended_to_it(client):
    html = client.get("/en/plan/bodies/ministry-of-justice/").content.decode()
    assert "Ministry of Justice" in html
    assert 'href="/en/plan/5/5-2/"' in html
    assert 'href="/en/plan/7/7-2/"' in html
    html = client.get("/az/plan/bodies/prosecutor-general/").content.decode()
    assert escape("Baş Prokurorluq") in html  # the other spelling the plan uses
    assert 'href="/az/plan/1/1-1/"' in html


def test_an_unknown_body_is_a_404(client):
    assert client.get("/az/plan/bodies/no-such-body/").status_code == 404


def test_the_bodies_list_names_each_body_in_the_language_and_counts_measures_per_role(client):
    response = client.get("/ru/plan/bodies/")
    assert response.status_code == 200
    html = response.content.decode()
    finance = MeasureBody.objects.filter(body__slug="ministry-of-finance")
    executor, recommended = (
        finance.filter(role=role).count() for role in ("executor", "recommended")
    )
    row = re.search(
        r'<tr>\s*<th scope="row"><a href="/ru/plan/bodies/ministry-of-finance/">'
        r"([^<]+)</a></th>\s*<td>(\d+)</td>\s*<td>(\d+)</td>",
        html,
    )
    assert row is not None
    assert "финансов" in row.group(1).lower()
    assert (int(row.group(2)), int(row.group(3))) == (executor, recommended)
    assert executor > 0


def test_the_dashboard_shows_a_chart_with_a_table_alternative(client):
    html = client.get("/en/plan/").content.decode()
    assert '<svg class="chart__svg"' in html and 'role="img"' in html
    assert '<table class="status-table">' in html
    assert "<caption>Measures by thematic area and status</caption>" in html
    assert 'href="/en/plan/5/"' in html
    assert "64 measures" in html


def test_the_dashboard_filters_by_area_status_and_body(client):
    html = client.get("/en/plan/", {"theme": "7"}).content.decode()
    assert "4 measures" in html
    html = client.get("/en/plan/", {"body": "ministry-of-justice", "theme": "5"}).content.decode()
    assert 'href="/en/plan/5/5-2/"' in html and 'href="/en/plan/5/5-1/"' not in html
    html = client.get("/en/plan/", {"status": "completed"}).content.decode()
    assert "0 measures" in html
    assert "No measure matches these filters." in html


def test_the_dashboard_lists_what_is_overdue(client):
    html = client.get("/en/plan/").content.decode()
    overdue = Measure.objects.filter(deadline_end__lt=timezone.localdate().year).count()
    assert overdue == 64  # the plan ran to 2022 and nothing is published as completed
    assert f"{overdue} measures are past their deadline" in html
    assert "status=overdue" in html


def test_the_dashboard_ignores_nonsense_filters_instead_of_failing(client):
    response = client.get("/en/plan/", {"theme": "²", "status": "nope", "page": "99"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filter values in the address were not understood and are ignored." in html
    assert "64 measures" in html


def test_the_dashboard_paginates_the_measure_list(client):
    first = client.get("/en/plan/").content.decode()
    assert "Page 1 of 3" in first
    third = client.get("/en/plan/", {"page": 3}).content.decode()
    assert 'href="/en/plan/9/9-4/"' in third
    assert 'href="/en/plan/1/1-1/"' not in third


def test_measure_page_titles_fit_while_the_full_text_is_kept():
    longest = max(MeasurePage.objects.all(), key=lambda page: len(page.text))
    assert len(longest.text) > 255
    assert len(longest.title) <= 160
    assert longest.title.endswith("…")


def test_a_restricted_area_keeps_its_measures_out_of_every_public_list(client):
    area_page = AreaPage.objects.get(area__number=7, locale__language_code="en")
    PageViewRestriction.objects.create(
        page=area_page, restriction_type=PageViewRestriction.PASSWORD, password="şura"
    )
    dashboard = client.get("/en/plan/", {"theme": "7"}).content.decode()
    assert 'href="/en/plan/7/7-2/"' not in dashboard
    body = client.get("/en/plan/bodies/ministry-of-justice/").content.decode()
    assert 'href="/en/plan/7/7-2/"' not in body and 'href="/en/plan/5/5-2/"' in body
    assert 'href="/en/plan/7/"' not in client.get("/en/plan/").content.decode()
    assert "password" in client.get("/en/plan/7/7-2/").content.decode().lower()


def test_a_page_is_found_at_its_address_and_an_unknown_address_is_a_404(client):
    assert client.get("/en/plan/5/5-5/").status_code == 200
    assert client.get("/en/plan/5/9-9/").status_code == 404
    assert client.get("/en/plan/5/5-5/extra/").status_code == 404
    assert client.get("/en/nowhere/5-5/").status_code == 404
    MeasurePage.objects.get(measure__code="5.5", locale__language_code="en").unpublish()
    assert client.get("/en/plan/5/5-5/").status_code == 404
