import pytest

from guidance.demo_content import demo_content_ensure
from guidance.models import GuidePage, WizardPage

pytestmark = pytest.mark.django_db


def test_the_demo_guides_and_wizard_exist_in_three_languages_marked_as_sample_text(
    client, demo_guidance
):
    for lang, title in [
        ("az", "QHT-nin dövlət qeydiyyatı"),
        ("en", "Registering an NGO"),
        ("ru", "Государственная регистрация НПО"),
    ]:
        assert title in client.get(f"/{lang}/guidance/").content.decode()
        guide = client.get(f"/{lang}/guidance/ngo-registration/").content.decode()
        assert title in guide
        assert 'class="notice notice--review"' in guide
        wizard = client.get(f"/{lang}/guidance/what-do-i-need/").content.decode()
        assert 'class="notice notice--review"' in wizard
    english = client.get("/en/guidance/grant-agreement-registration/").content.decode()
    assert "Sample text for editors to verify." in english
    assert "Register the agreement with the Ministry of Justice" in english
    assert GuidePage.objects.filter(needs_legal_review=False).count() == 0


def test_loading_the_demo_content_again_keeps_what_editors_changed(demo_guidance):
    guide = GuidePage.objects.get(slug="ngo-registration", locale__language_code="ru")
    guide.title = "Регистрация НПО: проверено юристом"
    guide.needs_legal_review = False
    guide.save_revision().publish()
    wizard = WizardPage.objects.get(locale__language_code="az")
    wizard.delete()
    pages_before = GuidePage.objects.count()

    demo_content_ensure()

    guide.refresh_from_db()
    assert guide.title == "Регистрация НПО: проверено юристом"
    assert guide.needs_legal_review is False
    assert GuidePage.objects.count() == pages_before
    # What was missing is created again, and only that.
    assert WizardPage.objects.filter(locale__language_code="az").count() == 1
