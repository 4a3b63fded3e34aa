"""What the plan's pages tell a visitor beyond the data: order, language, status, reports."""

import re

import pytest
from django.utils.html import escape

from civic_platform.collation import collation_key
from tests.factories import ProgressUpdateFactory
from themes.models import Measure

pytestmark = pytest.mark.django_db


def _body_names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)


def _body_options(html: str) -> list[str]:
    select = re.search(r'<select id="filter-body" name="body">(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_the_bodies_list_is_in_the_alphabetical_order_of_the_language_shown(client, lang):
    names = [
        name.replace("&quot;", '"').replace("&#x27;", "'")
        for name in _body_names(client.get(f"/{lang}/plan/bodies/").content.decode())
    ]
    assert len(names) > 20
    assert names == sorted(names, key=lambda name: collation_key(name, lang))


def test_english_and_russian_bodies_lists_are_sorted_by_their_translated_names(client):
    english = _body_names(client.get("/en/plan/bodies/").content.decode())
    russian = _body_names(client.get("/ru/plan/bodies/").content.decode())
    assert english[0][0] in "AB"  # not the Azerbaijani order, where "Azərbaycan ..." leads
    assert russian[0][0] in "АБ"
    finance, justice = (
        f"Ministry of {name} of the Republic of Azerbaijan" for name in ("Finance", "Justice")
    )
    assert english.index(finance) < english.index(justice)


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_the_body_filter_lists_bodies_in_the_order_of_the_language_shown(client, lang):
    options = _body_options(client.get(f"/{lang}/plan/").content.decode())
    assert len(options) > 20
    assert options == sorted(options, key=lambda name: collation_key(name, lang))


def test_the_language_switcher_keeps_the_plans_filters(client):
    html = client.get("/en/plan/", {"theme": "5", "status": "overdue"}).content.decode()
    assert 'hreflang="ru" href="/ru/plan/?theme=5&amp;status=overdue"' in html
    assert "next=/ru/plan/%3Ftheme%3D5%26status%3Doverdue" in html


def test_the_language_switcher_keeps_a_body_page(client):
    html = client.get("/en/plan/bodies/ministry-of-justice/").content.decode()
    assert 'hreflang="ru" href="/ru/plan/bodies/ministry-of-justice/"' in html
    assert 'hreflang="az" href="/az/plan/bodies/ministry-of-justice/"' in html
    response = client.get(
        "/language/ru/", {"next": "/ru/plan/bodies/ministry-of-justice/?x=1"}, follow=False
    )
    assert response["Location"] == "/ru/plan/bodies/ministry-of-justice/?x=1"


def test_the_main_menu_marks_only_the_section_a_measure_page_is_in(client):
    html = client.get("/en/plan/5/5-5/").content.decode()
    menu = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert menu.count("aria-current") == 1
    assert re.search(r'<a href="/en/plan/" aria-current="true">', menu)


def test_a_measure_page_explains_what_overdue_means_for_a_plan_that_ended_in_2022(client):
    html = client.get("/en/plan/5/5-5/").content.decode()
    assert "status--overdue" in html
    assert "The plan's period ended in 2022." in html
    assert "no report of this measure" in html


def test_a_completed_measure_says_a_published_report_shows_it(client):
    ProgressUpdateFactory(measure=Measure.objects.get(code="5.5"), completes_measure=True)
    html = client.get("/en/plan/5/5-5/").content.decode()
    assert "status--completed" in html
    assert "A published progress report shows this measure completed." in html


def test_the_dashboard_explains_every_status(client):
    html = client.get("/en/plan/").content.decode()
    assert "What the statuses mean" in html
    for explanation in (
        "The deadline has passed without a published report",
        "A published progress report shows the measure completed.",
        "none reports completion yet",
        "No progress report is published yet",
    ):
        assert escape(explanation) in html


def test_the_dashboard_shows_which_measures_have_progress_reports(client):
    measure = Measure.objects.get(code="1.2")
    ProgressUpdateFactory(measure=measure)
    ProgressUpdateFactory(measure=measure)
    html = client.get("/en/plan/", {"theme": "1"}).content.decode()
    items = re.findall(r'<li class="measure-list__item">.*?</li>', html, re.S)
    with_reports = [item for item in items if "progress reports" in item]
    assert len(with_reports) == 1
    assert 'href="/en/plan/1/1-2/"' in with_reports[0]
    assert "2 progress reports" in with_reports[0]
    assert all("no progress report yet" in item for item in items if item not in with_reports)
