import json
import re
from html import unescape

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from guidance.models import GuidanceIndexPage, GuidePage, WizardPage
from tests.accounts import editor_with_authenticator, log_in_with_second_factor

pytestmark = pytest.mark.django_db

REGISTERED_WITH_LOCAL_GRANT = "org_kind=registered&founders=citizens&online=no&grant=local_donor"


def test_editors_write_guides_and_configure_the_wizard_in_the_admin(client, demo_guidance):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    index = GuidanceIndexPage.objects.get(locale__language_code="az")
    guide = GuidePage.objects.get(slug="ngo-registration", locale__language_code="az")
    wizard = WizardPage.objects.get(locale__language_code="az")

    add_choices = client.get(f"/admin/pages/{index.pk}/add_subpage/").content.decode()
    assert "/admin/pages/add/guidance/guidepage/" in add_choices
    assert "/admin/pages/add/guidance/wizardpage/" in add_choices
    guide_form = client.get(f"/admin/pages/{guide.pk}/edit/")
    assert guide_form.status_code == 200
    assert 'name="needs_legal_review"' in guide_form.content.decode()
    wizard_form = client.get(f"/admin/pages/{wizard.pk}/edit/")
    assert wizard_form.status_code == 200
    assert 'id="questions"' in wizard_form.content.decode()
    assert 'id="rules"' in wizard_form.content.decode()


def test_a_published_change_to_the_rules_reaches_anonymous_visitors_at_once(
    client, settings, demo_guidance
):
    settings.PAGE_CACHE_SECONDS = 300
    address = f"/en/guidance/what-do-i-need/checklist/?{REGISTERED_WITH_LOCAL_GRANT}"
    assert "Keep the donor's letters" not in client.get(address).content.decode()
    assert client.get(address)["X-Page-Cache"] == "hit"

    wizard = WizardPage.objects.get(locale__language_code="en")
    item = {"title": "Keep the donor's letters", "description": "", "guide": None}
    conditions = [{"question": "grant", "answers": ["local_donor"]}]
    wizard.rules.append(("rule", {"conditions": conditions, "items": [item]}))
    wizard.save_revision().publish()

    html = client.get(address).content.decode()
    assert "Keep the donor&#x27;s letters" in html


def _stream_field_messages(html: str) -> list[str]:
    """The messages the admin's stream field editors show (their script reads them as JSON)."""
    messages = []
    for arguments in re.findall(r'data-w-block-arguments-value="([^"]*)"', html):
        errors = json.loads(unescape(arguments))[1]
        messages.extend((errors or {}).get("messages", []))
    return messages


def _list(items) -> dict:
    """A ListBlock's form data, as the admin's editor posts it."""
    data = {"count": str(len(items))}
    for number, value in enumerate(items):
        data[str(number)] = {"value": value, "deleted": "", "order": str(number), "id": ""}
    return data


def _new_wizard_form(condition_question: str) -> dict:
    options = [{"value": "yes", "label": "Bəli"}, {"value": "no", "label": "Xeyr"}]
    question = {
        "key": "grant",
        "question": "Qrant alırsınız?",
        "help_text": "",
        "options": _list(options),
    }
    item = {
        "title": "Qrant müqaviləsinin qeydiyyatı",
        "description": rich_text(""),
        "guide": "",
        "step_number": "",
        "documents": _list([]),
        "fee": "",
    }
    condition = {"question": condition_question, "answers": _list(["yes"])}
    rule = {"conditions": _list([condition]), "items": _list([item])}
    return nested_form_data(
        {
            "title": "Qrant üçün nə lazımdır?",
            "slug": "grant-wizard",
            "intro": rich_text(""),
            "needs_legal_review": "on",
            "questions": streamfield([("question", question)]),
            "rules": streamfield([("rule", rule)]),
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def test_an_editor_adds_a_wizard_and_is_told_when_a_rule_names_no_question(client, demo_guidance):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    index = GuidanceIndexPage.objects.get(locale__language_code="az")
    add_url = f"/admin/pages/add/guidance/wizardpage/{index.pk}/"

    refused = client.post(add_url, _new_wizard_form("donor"))
    assert refused.status_code == 200
    # The editor works in the admin's default language, Azerbaijani.
    assert _stream_field_messages(refused.content.decode()) == ["“donor” adlı sual yoxdur."]
    assert not WizardPage.objects.filter(slug="grant-wizard").exists()

    published = client.post(add_url, _new_wizard_form("grant"))
    assert published.status_code == 302, published.content.decode()[-3000:]
    client.logout()
    html = client.get("/az/guidance/grant-wizard/checklist/?grant=yes").content.decode()
    assert "Qrant müqaviləsinin qeydiyyatı" in html
