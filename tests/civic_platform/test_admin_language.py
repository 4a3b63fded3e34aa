import datetime
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.accounts import editor_with_authenticator, log_in_with_second_factor
from tests.factories import DEFAULT_PASSWORD, ProgressUpdateFactory, source_locale
from themes.models import Body, Measure, MeasurePage, ProgressUpdate

pytestmark = pytest.mark.django_db

PROJECT_APPS = (
    "civic_platform",
    "civic_platform.accounts",
    "themes",
    "councils",
    "consultations",
    "municipalities",
    "search",
)

# English that Wagtail and allauth show on these screens when nothing translates them.
ENGLISH = (
    "Add",
    "ago",
    "Dashboard",
    "Pages",
    "Edit",
    "Save draft",
    "Publish",
    "Search",
    "Snippets",
    "Settings",
    "Reports",
    "Help",
    "Updated",
    "Type",
    "History",
    "Preview",
    "Comments",
    "Awaiting your review",
    "Approve",
    "Request changes",
    "Page title",
    "More actions",
    "Preferred language",
    "Workflows",
    "Sort menu order",
    "Site summary",
    "Recovery Codes",
    "Two-Factor Authentication",
    "Sign In",
)
ENGLISH_WORDS = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")


class VisibleText(HTMLParser):
    """The text a person reads: no tags, attributes, scripts, styles or templates."""

    hidden = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.hidden:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.hidden and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return "\n".join(parser.parts)


def english_left(client, path, content_words=()):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200, path
    text = visible_text(response)
    # Titles and names written by people (a measure's own English words) are not the interface.
    for word in content_words:
        text = text.replace(word, "")
    return sorted(set(ENGLISH_WORDS.findall(text)))


@pytest.fixture
def editor_client(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    return client, editor


def test_the_main_admin_screens_read_in_azerbaijani_whatever_the_browser_asks(editor_client):
    client, editor = editor_client
    update = ProgressUpdateFactory()
    pending = ProgressUpdate(
        measure=Measure.objects.get(code="2.2"),
        date=datetime.date(2021, 11, 1),
        summary="<p>Müzakirə keçirildi.</p>",
        live=False,
        locale=source_locale(),
    )
    pending.save()
    pending.save_revision(user=editor)
    pending.get_workflow().start(pending, editor)
    measure_page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="az")
    area = measure_page.get_parent()
    plan = area.get_parent()
    screens = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{plan.pk}/",
        f"/admin/pages/{area.pk}/",
        f"/admin/pages/{measure_page.pk}/edit/",
        f"/admin/pages/{measure_page.pk}/history/",
        "/admin/snippets/themes/progressupdate/",
        "/admin/snippets/themes/progressupdate/add/",
        f"/admin/snippets/themes/progressupdate/edit/{update.pk}/",
        f"/admin/snippets/themes/progressupdate/edit/{pending.pk}/",
        "/admin/snippets/themes/body/",
        f"/admin/snippets/themes/body/edit/{Body.objects.filter(locale=source_locale())[0].pk}/",
        "/admin/workflows/list/",
        "/admin/reports/workflow/",
        "/admin/account/",
        "/az/accounts/2fa/",
        "/az/accounts/2fa/totp/deactivate/",
    ]
    left = {path: english_left(client, path) for path in screens}
    assert {path: words for path, words in left.items() if words} == {}


def test_the_sign_in_pages_read_in_azerbaijani(client):
    assert english_left(client, "/az/accounts/login/") == []
    editor, _ = editor_with_authenticator()
    client.post("/az/accounts/login/", {"login": editor.email, "password": DEFAULT_PASSWORD})
    assert english_left(client, "/az/accounts/2fa/authenticate/") == []


def test_a_new_editor_gets_the_admin_in_azerbaijani_not_in_the_browsers_language(editor_client):
    client, _ = editor_client
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="az"' in html
    assert "İdarə paneli" in html


def test_an_editor_chooses_the_admin_language_in_the_account_preferences(editor_client):
    client, editor = editor_client
    form = client.get("/admin/account/").content.decode()
    for code, own_name in (("az", "Azərbaycanca"), ("en", "English"), ("ru", "Русский")):
        assert f'<option value="{code}">{own_name}</option>' in form

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "ru"
    profile.save()
    assert '<html lang="ru"' in client.get("/admin/").content.decode()


def test_the_admin_sends_a_visitor_to_the_azerbaijani_sign_in_page(client):
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"].startswith("/az/accounts/login/")


def _labels(model):
    yield model._meta.verbose_name
    yield model._meta.verbose_name_plural
    for field in model._meta.get_fields():
        if hasattr(field, "verbose_name"):
            yield field.verbose_name


def _azerbaijani(label) -> str | None:
    """The label in Azerbaijani, or None where it is not translated (Wagtail's own relations)."""
    with translation.override("en"):
        english = str(label)
    with translation.override("az"):
        azerbaijani = str(label)
    return azerbaijani if azerbaijani != english else None


def test_labels_of_the_projects_models_start_with_a_turkic_capital_in_azerbaijani():
    # Django and Wagtail capitalise labels with str.upper, which turns "i" into "I"; an
    # Azerbaijani label starting with i must already carry its capital İ.
    labels = [
        (model.__name__, _azerbaijani(label))
        for app in apps.get_app_configs()
        if app.name in PROJECT_APPS
        for model in app.get_models()
        for label in _labels(model)
    ]
    assert ("MeasurePage", "İzah") in labels
    assert sorted(f"{model}: {label}" for model, label in labels if label and label[0] == "i") == []
