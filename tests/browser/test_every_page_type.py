"""Every public page type, in each language, on a phone and to assistive technology.

The pages are only read, so one committed site serves the whole module: the function-scoped
`live_server` empties the database after every test, and building the plan again for each of
these ~100 checks would take half an hour instead of seconds.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer
from wagtail.models import Page

from councils.models import CouncilRoleGroup

# Each test runs in a transaction of its own, rolled back, and writes nothing; the server
# thread reads what the module's fixture committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LANGUAGES = ["az", "en", "ru"]
SEARCH_WORDS = {"az": "büdcə", "en": "budget", "ru": "бюджет"}
PAGE_TYPES = {
    "home": "/{lang}/",
    "plan dashboard": "/{lang}/plan/",
    "area": "/{lang}/plan/5/",
    "measure": "/{lang}/plan/5/5-5/",
    "bodies list": "/{lang}/plan/bodies/",
    "body": "/{lang}/plan/bodies/ministry-of-justice/",
    "search results": "/{lang}/search/?q={word}",
    "councils index": "/{lang}/councils/",
    "council": "/{lang}/councils/edliyye-nazirliyi-ictimai-surasi/",
    "meeting": "/{lang}/councils/edliyye-nazirliyi-ictimai-surasi/iclas-2021-1/",
    "minutes": "/{lang}/councils/edliyye-nazirliyi-ictimai-surasi/iclas-2021-1/minutes/",
    "consultations index": "/{lang}/consultations/",
    "municipalities index": "/{lang}/municipalities/",
    "about page": "/{lang}/about/",
    "login": "/{lang}/accounts/login/",
    "signup": "/{lang}/accounts/signup/",
    "not found": "/{lang}/no-such-page/",
}
EVERY_PAGE = [
    pytest.param(kind, lang, id=f"{kind}-{lang}") for kind in PAGE_TYPES for lang in LANGUAGES
]
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def _path(kind: str, lang: str) -> str:
    return PAGE_TYPES[kind].format(lang=lang, word=SEARCH_WORDS[lang])


@pytest.fixture(scope="module")
def site_url(django_db_setup, django_db_blocker):
    """A live site with the structure, the whole plan and the demo content, shared by the
    module.

    The test database starts with the structure and the plan (tests/conftest.py); the demo
    pages (and the councils' role groups) added here are removed afterwards, so the tests
    after these find it as it was.
    """
    with django_db_blocker.unblock():
        call_command("ensure_site_structure", verbosity=0)
        call_command("import_action_plan", verbosity=0)
        existing_pages = set(Page.objects.values_list("pk", flat=True))
        existing_groups = set(CouncilRoleGroup.objects.values_list("pk", flat=True))
        call_command("load_demo_content", verbosity=0)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            # Top-down: deleting a page takes its subtree with it.
            for page in Page.objects.exclude(pk__in=existing_pages).order_by("depth"):
                if Page.objects.filter(pk=page.pk).exists():
                    page.delete()
            for link in CouncilRoleGroup.objects.exclude(pk__in=existing_groups):
                link.group.delete()


@pytest.fixture
def open_page(browser, site_url):
    """Opens a path in a fresh browser context of the given size; closes them all afterwards."""
    contexts = []

    def open_page(path, viewport=DESKTOP, expected_status=200):
        context = browser.new_context(base_url=site_url, viewport=viewport, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        response = page.goto(path)
        assert response.status == expected_status, path
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize(("kind", "lang"), EVERY_PAGE)
def test_every_page_type_fits_a_phone_screen_without_sideways_scrolling(open_page, kind, lang):
    status = 404 if kind == "not found" else 200
    page = open_page(_path(kind, lang), viewport=PHONE, expected_status=status)
    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, window: window.innerWidth})"
    )
    assert widths["page"] <= widths["window"], widths


def _serious_violations(axe, page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("kind", "lang"), EVERY_PAGE)
def test_every_page_type_has_no_serious_or_critical_accessibility_violation(
    open_page, axe, kind, lang
):
    status = 404 if kind == "not found" else 200
    page = open_page(_path(kind, lang), expected_status=status)
    assert _serious_violations(axe, page) == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_on_a_phone_with_its_menu_open_has_no_serious_accessibility_violation(
    open_page, axe, kind
):
    """The phone layout has its own header: a menu button, and the menu with the language and
    account links unfolded below it. The layout is the same in every language."""
    status = 404 if kind == "not found" else 200
    page = open_page(_path(kind, "az"), viewport=PHONE, expected_status=status)
    menu_button = page.get_by_role("button", name="Menyu")
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    assert _serious_violations(axe, page) == []


def test_on_a_phone_the_menu_folds_behind_a_button_and_the_heading_is_on_the_first_screen(
    open_page,
):
    page = open_page("/en/plan/5/5-5/", viewport=PHONE)
    menu_button = page.get_by_role("button", name="Menu")
    main_menu = page.get_by_role("navigation", name="Main")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(main_menu).to_be_hidden()
    expect(page.get_by_role("link", name="Русский")).to_be_hidden()
    assert page.get_by_role("heading", level=1).bounding_box()["y"] < PHONE["height"]

    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(main_menu.get_by_role("link", name="Action Plan")).to_be_visible()
    expect(page.get_by_role("link", name="Русский")).to_be_visible()
    page.keyboard.press("Escape")
    expect(main_menu).to_be_hidden()
    expect(menu_button).to_be_focused()


def test_on_a_wide_screen_the_menu_is_always_open_and_has_no_button(open_page):
    page = open_page("/en/plan/5/5-5/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_on_a_phone_the_plan_shows_its_table_in_place_of_the_chart(open_page):
    page = open_page("/en/plan/", viewport=PHONE)
    chart = page.get_by_role("img", name=re.compile("Measures in each thematic area"))
    expect(chart).to_be_hidden()
    expect(page.get_by_role("table", name="Measures by thematic area and status")).to_be_visible()


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/en/plan/", "Action Plan"),
        ("/en/plan/5/5-5/", "Action Plan"),
        ("/en/plan/bodies/ministry-of-justice/", "Action Plan"),
        ("/en/councils/", "Public councils"),
        ("/en/search/?q=budget", "Search"),
    ],
)
def test_the_main_menu_marks_only_the_section_the_page_is_in(open_page, path, section):
    page = open_page(path)
    marked = page.get_by_role("navigation", name="Main").locator("[aria-current]")
    expect(marked).to_have_count(1)
    expect(marked).to_have_text(section)


def test_the_main_menu_marks_nothing_on_a_page_outside_its_sections(open_page):
    page = open_page("/en/about/")
    expect(page.get_by_role("navigation", name="Main").locator("[aria-current]")).to_have_count(0)


def test_switching_language_keeps_the_body_page_and_the_plans_filters(open_page):
    page = open_page("/en/plan/?theme=5&status=overdue")
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/plan/\?theme=5&status=overdue$"))
    expect(page.get_by_label("Направление", exact=True)).to_have_value("5")

    page.goto("/en/plan/bodies/ministry-of-justice/")
    page.get_by_role("link", name="Azərbaycanca").click()
    expect(page).to_have_url(re.compile(r"/az/plan/bodies/ministry-of-justice/$"))
    expect(page.locator("html")).to_have_attribute("lang", "az")


def test_the_api_reference_is_served_from_the_site_under_its_policy(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport=DESKTOP)
    try:
        page = context.new_page()
        problems = []
        page.on(
            "console",
            lambda message: problems.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        # What the page asks of other origins, and why the browser refused it ("csp": the
        # page's policy forbade it, so it never left the browser).
        outside = {}
        page.on(
            "requestfailed",
            lambda request: outside.update({request.url: request.failure}),
        )
        page.on(
            "requestfinished",
            lambda request: outside.update({request.url: "loaded"}),
        )
        page.goto("/api/v1/docs/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_text("Open Government Platform API").first).to_be_visible()
        expect(page.get_by_text("/api/v1/measures/").first).to_be_attached()
        expect(page.get_by_role("heading", name="Thematic areas of the plan")).to_be_visible()
        # The policy refuses Redoc's logo from its maker's server; Redoc then drops the image.
        assert [problem for problem in problems if REDOC_LOGO not in problem] == []
        expect(page.locator(f'img[src="{REDOC_LOGO}"]')).to_have_count(0)
        # Script, styles and fonts are the site's own; the only outside request never leaves.
        assert {
            url: outcome
            for url, outcome in outside.items()
            if not url.startswith((site_url, "blob:", "data:"))
        } == {REDOC_LOGO: "csp"}
    finally:
        context.close()
