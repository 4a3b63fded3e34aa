"""Every public page type, in each language, on a phone and to assistive technology.

The pages are only read, so one committed site serves the whole module: the function-scoped
`live_server` empties the database after every test, and building the plan again for each of
these ~100 checks would take half an hour instead of seconds.
"""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from civic_platform.notifications import services as notification_services
from civic_platform.notifications.models import Event, Notification
from civic_platform.notifications.tokens import unsubscribe_token
from municipalities.deadlines import last_complete_year
from tests.database_state import database_state_restore
from tests.factories import UserFactory
from themes.models import Measure
from themes.notifications import PROGRESS_UPDATE_PUBLISHED

# Each test runs in a transaction of its own, rolled back, and writes nothing; the server
# thread reads what the module's fixture committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LANGUAGES = ["az", "en", "ru"]
# The latest year the demo municipalities report an annual execution for.
DEMO_BUDGET_YEAR = last_complete_year(datetime.date.today())
SEARCH_WORDS = {"az": "büdcə", "en": "budget", "ru": "бюджет"}
PAGE_TYPES = {
    "home": "/{lang}/",
    "plan dashboard": "/{lang}/plan/",
    "area": "/{lang}/plan/5/",
    "measure": "/{lang}/plan/5/5-5/",
    "bodies list": "/{lang}/plan/bodies/",
    "body": "/{lang}/plan/bodies/ministry-of-justice/",
    "search results": "/{lang}/search/?q={word}",
    "search results, narrowed": "/{lang}/search/?q={word}&type=measure&type=consultation",
    "councils index": "/{lang}/councils/",
    "council": "/{lang}/councils/edliyye-nazirliyi-ictimai-surasi/",
    "meeting": "/{lang}/councils/edliyye-nazirliyi-ictimai-surasi/birinci-iclas/",
    "minutes": "/{lang}/councils/edliyye-nazirliyi-ictimai-surasi/birinci-iclas/minutes/",
    "consultations index": "/{lang}/consultations/",
    "consultations index, filtered": "/{lang}/consultations/?kind=draft-state-budget&status=open",
    "consultation on a budget": "/{lang}/consultations/dovlet-budcesi-layihesi/",
    "consultation on a draft act": "/{lang}/consultations/"
    "informasiya-elde-etmek-haqqinda-qanuna-deyisiklikler/",
    "consultation outcome report": "/{lang}/consultations/"
    "informasiya-elde-etmek-haqqinda-qanuna-deyisiklikler/outcome/",
    "dialogue session": "/{lang}/consultations/hokumet-vetendas-cemiyyeti-dialoq-sessiyasi/",
    "municipalities index": "/{lang}/municipalities/",
    "municipalities index, filtered": "/{lang}/municipalities/?kind=village",
    "municipality": "/{lang}/municipalities/numune-yasil-vadi/",
    "budget report": "/{lang}/municipalities/numune-yasil-vadi/budgets/"
    + f"{DEMO_BUDGET_YEAR}/annual/",
    # Its draft budget's lines in a table per side (revenue, expenditure), each by group.
    "consultation on a municipal draft budget": "/{lang}/consultations/numune-yasil-vadi-budget-"
    + f"{DEMO_BUDGET_YEAR + 2}/",
    "budget comparison": "/{lang}/municipalities/compare/?sort=per_resident&order=desc",
    "budget reports scoreboard": "/{lang}/municipalities/scoreboard/",
    "guidance index": "/{lang}/guidance/",
    "guide": "/{lang}/guidance/ngo-registration/",
    "wizard questions": "/{lang}/guidance/what-do-i-need/",
    "wizard checklist": "/{lang}/guidance/what-do-i-need/checklist/"
    "?org_kind=foreign_branch&founders=with_legal_entity&online=yes&grant=foreign_donor",
    "wizard with a wrong answer": "/{lang}/guidance/what-do-i-need/checklist/?org_kind=charity",
    "about page": "/{lang}/about/",
    "organisations list": "/{lang}/organisations/",
    "organisation": "/{lang}/organisations/numune-sheffaf-budce-ictimai-birliyi/",
    "login": "/{lang}/accounts/login/",
    "signup": "/{lang}/accounts/signup/",
    "account": "/{lang}/account/",
    "account deletion": "/{lang}/account/delete/",
    "account deleted": "/{lang}/account/deleted/",
    "notifications": "/{lang}/notifications/",
    "notification preferences": "/{lang}/notifications/preferences/",
    "measure, signed in": "/{lang}/plan/5/5-5/",
    # Opened from an email, signed in or not.
    "unsubscribe": "/{lang}/notifications/unsubscribe/{token}/",
    "not found": "/{lang}/no-such-page/",
}
# A person's own pages, opened signed in as a member who follows a measure and has an unread
# notification.
SIGNED_IN = {
    "account",
    "account deletion",
    "notifications",
    "notification preferences",
    "measure, signed in",
}
EXPECTED_STATUS = {"not found": 404, "wizard with a wrong answer": 400}
EVERY_PAGE = [
    pytest.param(kind, lang, id=f"{kind}-{lang}") for kind in PAGE_TYPES for lang in LANGUAGES
]
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def site_url(django_db_setup, django_db_blocker):
    """A live site with the structure, the whole plan and the demo content, shared by the
    module.

    The test database starts with the structure and the plan (tests/conftest.py); it is put
    back as it was afterwards, so the tests after these find it so.
    """
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            database_state_restore(django_db_setup)


@pytest.fixture
def open_page(browser, site_url, member):
    """Opens a path in a fresh browser context of the given size; closes them all afterwards."""
    contexts = []

    def open_page(path, viewport=DESKTOP, expected_status=200, signed_in=False):
        context = browser.new_context(base_url=site_url, viewport=viewport, locale="en-GB")
        if signed_in:
            context.add_cookies([member["cookie"]])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        response = page.goto(path)
        assert response.status == expected_status, path
        if signed_in:  # a redirect to the login page would end in a 200 too
            assert "/accounts/login/" not in page.url, page.url
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def open_page_type(open_page, member):
    """Opens a page type in a language, signed in where it is a person's own page."""

    def open_page_type(kind, lang, viewport=DESKTOP):
        path = PAGE_TYPES[kind].format(lang=lang, word=SEARCH_WORDS[lang], token=member["token"])
        status = EXPECTED_STATUS.get(kind, 200)
        return open_page(path, viewport, expected_status=status, signed_in=kind in SIGNED_IN)

    return open_page_type


@pytest.fixture(scope="module")
def member(site_url, django_db_blocker):
    """A signed-in member who follows a measure and has an unread notification (committed, so
    the server thread sees them; removed afterwards). Returns the session cookie and the
    member's unsubscribe token."""
    with django_db_blocker.unblock():
        user = UserFactory()
        notification_services.follow(user=user, obj=Measure.objects.get(code="5.5"))
        event = Event.objects.create(
            kind=PROGRESS_UPDATE_PUBLISHED,
            summary=dict.fromkeys(LANGUAGES, "5.5 · İctimai şuralar yaradıldı"),
            url={lang: f"/{lang}/plan/5/5-5/" for lang in LANGUAGES},
        )
        Notification.objects.create(event=event, user=user, delivery="site")
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        try:
            yield {
                "cookie": {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site_url},
                "token": unsubscribe_token(user_id=user.pk, kind=PROGRESS_UPDATE_PUBLISHED),
            }
        finally:
            event.delete()
            user.delete()


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize(("kind", "lang"), EVERY_PAGE)
def test_every_page_type_fits_a_phone_screen_without_sideways_scrolling(open_page_type, kind, lang):
    page = open_page_type(kind, lang, viewport=PHONE)
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
    open_page_type, axe, kind, lang
):
    page = open_page_type(kind, lang)
    assert _serious_violations(axe, page) == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_on_a_phone_with_its_menu_open_has_no_serious_accessibility_violation(
    open_page_type, axe, kind
):
    """The phone layout has its own header: a menu button, and the menu with the language and
    account links unfolded below it. The layout is the same in every language."""
    page = open_page_type(kind, "az", viewport=PHONE)
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


def test_the_search_box_offers_titles_as_one_types_and_the_facets_narrow_the_results(open_page):
    page = open_page("/en/search/?q=budget")
    results = page.get_by_role("heading", level=2, name=re.compile("results for"))
    total = int(results.inner_text().split()[0])
    page.get_by_role("group", name="Type").get_by_label(re.compile("^Measure")).check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"type=measure"))
    narrowed = int(results.inner_text().split()[0])
    assert 0 < narrowed < total
    expect(page.locator(".result__type").first).to_have_text("Measure")

    box = page.get_by_label("Search measures, minutes, consultations and budgets")
    box.fill("")
    box.press_sequentially("public coun")
    options = page.locator("#search-suggestions option")
    expect(options.first).to_have_attribute("value", re.compile("public council", re.IGNORECASE))


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
