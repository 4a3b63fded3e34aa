import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.accounts import editor_with_authenticator, log_in_with_second_factor
from themes.models import Body, MeasurePage

pytestmark = pytest.mark.django_db


def test_editing_a_measure_in_the_admin_publishes_a_new_revision_and_keeps_the_old(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="en")
    revisions_before = page.revisions.count()
    old_indicator = page.indicator
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "measure": page.measure_id,
                "text": page.text,
                "indicator": "Information on public councils, published by state bodies",
                "body": rich_text("<p>Editors' note.</p>"),
                "seo_title": "",
                "search_description": "",
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.indicator == "Information on public councils, published by state bodies"
    assert page.revisions.count() == revisions_before + 1
    assert page.revisions.order_by("created_at").first().as_object().indicator == old_indicator
    html = client.get("/en/plan/5/5-5/").content.decode()
    assert "Information on public councils, published by state bodies" in html


def test_deleting_a_body_the_measures_name_is_refused_with_a_message(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    body = Body.objects.get(slug="ministry-of-justice", locale__language_code="az")

    response = client.post(f"/admin/snippets/themes/body/delete/{body.pk}/", follow=True)

    assert response.status_code == 200
    assert Body.objects.filter(pk=body.pk).exists()
    assert "silinə bilməz: planın tədbirlərində adı çəkilir" in response.content.decode()


def test_a_body_translation_can_be_deleted(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    translation = Body.objects.get(slug="ministry-of-justice", locale__language_code="ru")
    response = client.post(f"/admin/snippets/themes/body/delete/{translation.pk}/")
    assert response.status_code == 302
    assert not Body.objects.filter(pk=translation.pk).exists()


def test_the_live_preview_may_be_framed_by_the_admin_and_public_pages_by_nobody(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    page = MeasurePage.objects.get(measure__code="5.5", locale__language_code="en")
    form = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "measure": page.measure_id,
            "text": page.text,
            "indicator": "Indicator seen in the preview",
            "body": rich_text(""),
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
        }
    )
    assert client.post(f"/admin/pages/{page.pk}/edit/preview/", form).json()["is_valid"]

    preview = client.get(f"/admin/pages/{page.pk}/edit/preview/", {"mode": ""})

    assert "Indicator seen in the preview" in preview.content.decode()
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert "unsafe-inline" not in preview["Content-Security-Policy"]
    public = client.get("/en/plan/5/5-5/")
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
