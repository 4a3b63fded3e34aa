import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from civic_platform.models import ContentPage

pytestmark = pytest.mark.usefixtures("site_structure")


def test_the_root_opens_the_azerbaijani_home_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/az/"
    html = response.content.decode()
    assert '<html lang="az">' in html
    assert "Açıq Hökumət Platforması" in html


def test_the_root_ignores_the_browsers_language_but_honours_a_choice(client, settings):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Location"] == "/az/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/")["Location"] == "/en/"


def test_choosing_a_language_never_redirects_to_another_site(client):
    response = client.get("/language/en/", {"next": "https://attacker.example/en/"})
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/en/", "en", "Open Government Platform"),
        ("/ru/", "ru", "Платформа открытого правительства"),
    ],
)
def test_the_home_page_is_translated(client, path, lang, title):
    html = client.get(path).content.decode()
    assert f'<html lang="{lang}">' in html
    assert title in html


def test_the_home_page_leads_to_every_section_and_to_search(client):
    html = client.get("/az/").content.decode()
    for href in ("/az/plan/", "/az/councils/", "/az/consultations/", "/az/municipalities/"):
        assert f'href="{href}"' in html
    assert 'href="/az/search/"' in html


def test_every_section_page_renders_in_every_language(client):
    for language in ("az", "en", "ru"):
        for slug in ("plan", "councils", "consultations", "municipalities"):
            response = client.get(f"/{language}/{slug}/")
            assert response.status_code == 200, (language, slug)
            assert f'<html lang="{language}">' in response.content.decode()


def test_the_page_has_landmarks_and_a_skip_link(client):
    html = client.get("/az/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert html.count("<h1") == 1


def test_an_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/az/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<main id="main"' in html
    assert "Səhifə tapılmadı" in html


def test_public_pages_carry_a_strict_content_security_policy_and_no_inline_script(client):
    response = client.get("/az/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
    assert inline_scripts == []


def test_choosing_a_language_keeps_the_visitor_on_the_same_page(client):
    response = client.get("/language/en/", {"next": "/en/councils/"})
    assert response["Location"] == "/en/councils/"
    assert client.get("/")["Location"] == "/en/"


def test_the_language_links_follow_a_translation_renamed_and_published(client):
    assert 'hreflang="ru" href="/ru/councils/"' in client.get("/az/councils/").content.decode()
    russian = Page.objects.get(slug="councils", locale__language_code="ru").specific
    russian.slug = "sovety"
    russian.save_revision().publish()
    html = client.get("/az/councils/").content.decode()
    assert 'hreflang="ru" href="/ru/sovety/"' in html
    assert 'href="/ru/councils/"' not in html


def test_search_finds_a_section_page_in_the_visitors_language(client):
    html = client.get("/en/search/", {"q": "councils"}).content.decode()
    assert 'href="/en/councils/"' in html
    assert 'href="/az/councils/"' not in html


def test_the_demo_content_is_added_once_and_never_overwrites_an_editors_page(client):
    call_command("load_demo_content", verbosity=0)
    about = ContentPage.objects.get(slug="about", locale__language_code="en")
    about.title = "About us, as the editors wrote it"
    about.save_revision().publish()
    before = Page.objects.count()
    call_command("ensure_site_structure", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    assert Page.objects.count() == before
    assert "About us, as the editors wrote it" in client.get("/en/about/").content.decode()


def test_search_finds_a_measure_by_the_words_of_the_plan(client):
    html = client.get("/az/search/", {"q": "ictimai şuraların"}).content.decode()
    assert 'href="/az/plan/5/5-5/"' in html


def test_the_server_error_page_renders_without_touching_the_database(rf, django_assert_num_queries):
    from civic_platform.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/az/"))
    assert response.status_code == 500
    assert "Xəta baş verdi" in response.content.decode()
