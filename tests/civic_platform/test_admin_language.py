import datetime
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image as PillowImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Site, Task, Workflow
from wagtail.users.models import UserProfile

from tests.accounts import editor_with_authenticator, log_in_with_second_factor
from tests.factories import DEFAULT_PASSWORD, ProgressUpdateFactory, UserFactory, source_locale
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
    # Images, documents and collections.
    "Add an image",
    "Add a document",
    "Add a collection",
    "Add collection",
    "Upload",
    "Drag and drop",
    "Or choose from your computer",
    "Maximum filesize",
    "Supported formats",
    "Sort by",
    "Newest",
    "Grid layout",
    "List layout",
    "Usage count",
    "Popular tags",
    "Filter by up to ten most popular tags",
    "Tags",
    "Collection",
    "All collections",
    "Add to collection",
    "Change image file",
    "Change document",
    "Focal point",
    "Remove focal area",
    "Max dimensions",
    "Filesize",
    "Description",
    "Delete image",
    "Delete images",
    "Delete document",
    "Delete documents",
    "Delete collection",
    "Choose an image",
    "Choose a format",
    "Insert image",
    "Alt text",
    "Image is decorative",
    "Latest images",
    "Latest documents",
    "Privacy",
    "shared password",
    "It contains",
    # Users, groups, sites and locales.
    "Add a user",
    "Add user",
    "Add a group",
    "Add group",
    "Add a site",
    "Add site",
    "Access level",
    "Last login",
    "Active",
    "Inactive",
    "Assign role",
    "Set active state",
    "Roles",
    "Delete user",
    "Delete group",
    "Delete site",
    "Delete locale",
    "Page permissions",
    "Image permissions",
    "Document permissions",
    "Collection management permissions",
    "Custom permissions",
    "Other permissions",
    "Toggle all",
    "Edit any page",
    "Publish any page",
    "View users in this group",
    "Choose a root page",
    "Human-readable name",
    "hostname",
    "others",
    # Redirects.
    "Add redirect",
    "Import redirects",
    "File to import",
    "Permanent",
    "Temporary",
    "permanent",
    "From site",
    "All sites",
    "redirect to a page",
    # Workflows, tasks and reports.
    "New workflow",
    "Editing workflow",
    "Give your workflow a name",
    "Add tasks to your workflow",
    "Assign your workflow to pages",
    "Choose a task",
    "Disable",
    "Disable workflow",
    "Disable task",
    "Existing",
    "Locked",
    "Locking status",
    "View draft",
    "Last edit",
    "Last edited page",
    "App",
    "draft",
    # Messages of several screens.
    "Are you sure",
    "Yes, add",
    "Yes, assign",
    "Yes, disable",
    "Sorry",
    "Why not",
    "There are no results",
    "match",
    "matches",
    "image",
    "images",
    "document",
    "documents",
    "collection",
    "site",
    "redirect",
    "redirects",
)
ENGLISH_WORDS = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")


class VisibleText(HTMLParser):
    """The text a person reads, with the labels of fields, images, tooltips and input buttons.

    No tags, scripts, styles or templates; an input button's value only where it is seen
    (Wagtail hides a few with `w-sr-only`, with values written in English in its templates).
    """

    hidden = {"script", "style", "template", "noscript"}
    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    read_attributes = {"aria-label", "placeholder", "title", "alt", "data-w-tooltip-content-value"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.open_tags = []  # (tag, hidden from sight)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in self.void:
            self.open_tags.append((tag, "w-sr-only" in (attributes.get("class") or "").split()))
        if tag in self.hidden:
            self.depth += 1
        if self.depth:
            return
        seen = not any(sr_only for _, sr_only in self.open_tags)
        for name, value in attrs:
            read = name in self.read_attributes or (
                tag == "input"
                and name == "value"
                and attributes.get("type") in {"submit", "button"}
                and seen
            )
            if read and value and value.strip():
                self.parts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in self.hidden and self.depth:
            self.depth -= 1
        for index in range(len(self.open_tags) - 1, -1, -1):
            if self.open_tags[index][0] == tag:
                del self.open_tags[index:]
                break

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(response) -> str:
    html = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        # Choosers answer with the dialog's HTML inside JSON.
        html = json.loads(html)["html"]
    parser = VisibleText()
    parser.feed(html)
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


def _image(title, collection):
    picture = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "teal").save(picture, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(picture, name="sekil.png"), collection=collection
    )


def _document(title, collection):
    return get_document_model().objects.create(
        title=title,
        file=SimpleUploadedFile("hesabat.pdf", b"%PDF-1.4 hesabat", "application/pdf"),
        collection=collection,
    )


def _english_on(client, screens, content_words=()):
    left = {path: english_left(client, path, content_words) for path in screens}
    return {path: words for path, words in left.items() if words}


def test_the_image_document_and_collection_screens_read_in_azerbaijani(editor_client):
    client, _ = editor_client
    empty = [
        "/admin/images/",
        "/admin/images/?q=heçnə",
        "/admin/images/add/",
        "/admin/images/multiple/add/",
        "/admin/images/chooser/",
        "/admin/documents/",
        "/admin/documents/?q=heçnə",
        "/admin/documents/add/",
        "/admin/documents/multiple/add/",
        "/admin/documents/chooser/",
    ]
    assert _english_on(client, empty) == {}

    reports = Collection.get_first_root_node().add_child(name="Hesabatlar")
    images = [_image("Büdcə qrafiki", reports), _image("Şura iclası", reports)]
    images[0].tags.add("büdcə")
    document = _document("İllik hesabat", reports)
    document.tags.add("büdcə")
    both_images = f"id={images[0].pk}&id={images[1].pk}"
    full = [
        "/admin/images/",
        f"/admin/images/?collection_id={reports.pk}",
        "/admin/images/?tag=büdcə",
        f"/admin/images/{images[0].pk}/",
        f"/admin/images/{images[0].pk}/delete/",
        f"/admin/images/usage/{images[0].pk}/",
        "/admin/images/chooser/",
        f"/admin/images/chooser/{images[0].pk}/select_format/",
        f"/admin/bulk/wagtailimages/image/delete/?{both_images}",
        f"/admin/bulk/wagtailimages/image/add_to_collection/?{both_images}",
        f"/admin/bulk/wagtailimages/image/add_tags/?{both_images}",
        "/admin/documents/",
        f"/admin/documents/?collection_id={reports.pk}",
        f"/admin/documents/edit/{document.pk}/",
        f"/admin/documents/delete/{document.pk}/",
        f"/admin/documents/usage/{document.pk}/",
        "/admin/documents/chooser/",
        f"/admin/bulk/wagtaildocs/document/delete/?id={document.pk}",
        f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={document.pk}",
        f"/admin/bulk/wagtaildocs/document/add_tags/?id={document.pk}",
        "/admin/collections/",
        "/admin/collections/add/",
        f"/admin/collections/{reports.pk}/",
        f"/admin/collections/{reports.pk}/delete/",
        f"/admin/collections/{reports.pk}/privacy/",
    ]
    assert _english_on(client, full) == {}


def test_the_user_group_site_and_locale_screens_read_in_azerbaijani(editor_client):
    client, _ = editor_client
    # More users than one page of the list holds, so the pagination is shown too.
    other = UserFactory.create_batch(25)[0]
    group = Group.objects.get(name="Moderators")
    site = Site.objects.get(is_default_site=True)
    english = Locale.objects.get(language_code="en")
    user_bulk = f"/admin/bulk/{other._meta.app_label}/{other._meta.model_name}"
    # Django stores permission names in the database in English ("Can add site"); Wagtail
    # shows them as they are, so no catalogue translates them.
    permission_names = sorted(Permission.objects.values_list("name", flat=True), key=len)[::-1]
    screens = [
        "/admin/users/",
        "/admin/users/?p=2",
        "/admin/users/?q=heçkim",
        "/admin/users/new/",
        f"/admin/users/edit/{other.pk}/",
        f"/admin/users/delete/{other.pk}/",
        f"{user_bulk}/delete/?id={other.pk}",
        f"{user_bulk}/assign_role/?id={other.pk}",
        f"{user_bulk}/set_active_state/?id={other.pk}",
        "/admin/groups/",
        "/admin/groups/new/",
        f"/admin/groups/edit/{group.pk}/",
        f"/admin/groups/delete/{group.pk}/",
        "/admin/sites/",
        "/admin/sites/new/",
        f"/admin/sites/edit/{site.pk}/",
        f"/admin/sites/delete/{site.pk}/",
        "/admin/locales/",
        f"/admin/locales/edit/{english.pk}/",
        f"/admin/locales/delete/{english.pk}/",
    ]
    assert _english_on(client, screens, permission_names) == {}


def test_the_redirect_workflow_and_report_screens_read_in_azerbaijani(editor_client):
    client, editor = editor_client
    empty = ["/admin/redirects/", "/admin/redirects/?q=heçnə", "/admin/reports/locked/"]
    assert _english_on(client, empty) == {}

    for number in range(25):
        Redirect.objects.create(
            old_path=f"/kohne-{number}",
            redirect_link=f"https://example.org/yeni-{number}",
            is_permanent=bool(number % 2),
        )
    redirect = Redirect.objects.first()
    page = MeasurePage.objects.get(measure__code="4.10", locale__language_code="az")
    page.save_revision(user=editor)
    page.locked, page.locked_by = True, editor
    page.save()
    workflow = Workflow.objects.get(name="Moderators approval")
    task = Task.objects.get(name="Moderators approval")
    screens = [
        "/admin/redirects/",
        "/admin/redirects/?p=2",
        "/admin/redirects/?is_permanent=true",
        "/admin/redirects/add/",
        f"/admin/redirects/{redirect.pk}/",
        f"/admin/redirects/{redirect.pk}/delete/",
        "/admin/redirects/import/",
        "/admin/workflows/list/?show_disabled=true",
        "/admin/workflows/add/",
        f"/admin/workflows/edit/{workflow.pk}/",
        f"/admin/workflows/disable/{workflow.pk}/",
        f"/admin/workflows/usage/{workflow.pk}/",
        "/admin/workflows/tasks/index/",
        "/admin/workflows/tasks/add/wagtailcore/groupapprovaltask/",
        f"/admin/workflows/tasks/edit/{task.pk}/",
        f"/admin/workflows/tasks/disable/{task.pk}/",
        "/admin/workflows/task_chooser/",
        "/admin/reports/locked/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
    ]
    assert _english_on(client, screens) == {}


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
