import re

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.accounts import editor_with_authenticator, log_in_with_second_factor
from themes.models import AreaPage, Body, Measure, MeasurePage, PlanPage
from themes.services import action_plan_import, load_action_plan

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


def _explorer_titles(client, page) -> list[str]:
    html = client.get(f"/admin/pages/{page.pk}/").content.decode()
    return re.findall(
        r'<span id="page_\d+_title">\s*(?:<svg.*?</svg>)?\s*([^<]+?)\s*</span>', html, re.S
    )


def test_the_page_tree_lists_areas_and_measures_in_the_plans_order(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    plan = PlanPage.objects.get(locale__language_code="az")
    areas = _explorer_titles(client, plan)
    assert [title.split(".")[0] for title in areas] == [str(n) for n in range(1, 10)]
    area_4 = AreaPage.objects.get(area__number=4, locale__language_code="az")
    codes = [title.split(". ")[0] for title in _explorer_titles(client, area_4)]
    assert codes == [f"4.{n}" for n in range(1, 13)]


def test_the_admin_search_finds_a_measure_by_a_word_its_title_leaves_out(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    page = max(MeasurePage.objects.filter(locale__language_code="en"), key=lambda p: len(p.text))
    word = next(
        w
        for w in reversed(re.findall(r"[A-Za-z]{8,}", page.text))
        if w.lower() not in page.title.lower()
    )
    html = client.get("/admin/pages/search/", {"q": word}).content.decode()
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
    assert "None" not in re.sub(r"<[^>]+>", " ", html)


def test_changing_the_wording_alone_carries_the_title_and_breadcrumb_along(client):
    page = MeasurePage.objects.get(measure__code="5.6", locale__language_code="en")
    page.text = "Holding regular public meetings of the Dialogue Platform"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "5.6. Holding regular public meetings of the Dialogue Platform"
    html = client.get("/en/plan/5/5-6/").content.decode()
    assert '<li aria-current="page">5.6. Holding regular public meetings' in html

    page.title = "5.6. The Dialogue Platform"
    page.text = "Another wording"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "5.6. The Dialogue Platform"  # an editor's own title is kept


def _measure_form(measure, *, roles, **changes):
    data = {
        "deadline": measure.deadline,
        "deadline_start": measure.deadline_start,
        "deadline_end": measure.deadline_end,
        "body_roles": inline_formset(roles, initial=measure.body_roles.count()),
    }
    data.update(changes)
    return nested_form_data(data)


def _role_rows(measure):
    return [
        {
            "id": role.pk,
            "body": role.body_id,
            "role": role.role,
            "written_as": role.written_as,
            "position": role.position,
        }
        for role in measure.body_roles.all()
    ]


def test_an_editor_changes_a_measures_deadline_and_bodies_and_the_import_keeps_them(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    measure = Measure.objects.get(code="4.10")
    url = f"/admin/snippets/themes/measure/edit/{measure.pk}/"
    edit = client.get(url).content.decode()
    assert "These values came from the plan file" in edit or "plan faylından" in edit
    finance = Body.objects.get(slug="ministry-of-finance", locale__language_code="az")
    assert not measure.body_roles.filter(body=finance, role="recommended").exists()
    roles = [
        *_role_rows(measure),
        {
            "body": finance.pk,
            "role": "recommended",
            "written_as": "Maliyyə Nazirliyi",
            "position": 9,
        },
    ]
    response = client.post(
        url,
        _measure_form(measure, roles=roles, deadline="2020–2023", deadline_end=2023),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    html = client.get("/en/plan/4/4-10/").content.decode()
    assert "2020–2023" in html
    assert 'href="/en/plan/bodies/ministry-of-finance/"' in html

    report = action_plan_import(data=load_action_plan())
    measure.refresh_from_db()
    assert (measure.deadline, measure.deadline_end) == ("2020–2023", 2023)
    assert measure.body_roles.filter(body=finance, role="recommended").exists()
    assert {"4.10 deadline", "4.10 deadline_end", "4.10 bodies"} <= set(report.kept)
    assert "changed in the admin since the import" in client.get(url).content.decode() or (
        "idxaldan sonra" in client.get(url).content.decode()
    )


def test_measures_can_be_edited_but_neither_added_nor_deleted_in_the_admin(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    measure = Measure.objects.get(code="1.1")
    assert client.get("/admin/snippets/themes/measure/add/").status_code in (302, 403)
    client.post(f"/admin/snippets/themes/measure/delete/{measure.pk}/")
    assert Measure.objects.filter(pk=measure.pk).exists()
    bad = client.post(
        f"/admin/snippets/themes/measure/edit/{measure.pk}/",
        _measure_form(measure, roles=_role_rows(measure), deadline_start=2023, deadline_end=2020),
    )
    assert bad.status_code == 200  # the form again, with the error
    measure.refresh_from_db()
    assert measure.deadline_end == 2020

    rows = _role_rows(measure)
    twice = client.post(
        f"/admin/snippets/themes/measure/edit/{measure.pk}/",
        _measure_form(measure, roles=[*rows, {**rows[0], "id": ""}]),
    )
    assert twice.status_code == 200
    assert measure.body_roles.count() == len(rows)


def test_a_new_installations_editors_and_moderators_can_run_the_plan():
    editors = Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    moderators = Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True)
    assert {"add_progressupdate", "change_progressupdate", "change_measure"} <= set(editors)
    assert "publish_progressupdate" not in editors
    assert {"publish_progressupdate", "delete_progressupdate", "change_body"} <= set(moderators)


def test_the_admin_search_finds_a_measure_by_the_name_of_a_body_acting_on_it(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    measure = Measure.objects.get(code="4.10")
    body = Body.objects.create(
        name="Qarabağ Dirçəliş Fondu", slug="qarabag-dircelis-fondu", kind="other"
    )
    response = client.post(
        f"/admin/snippets/themes/measure/edit/{measure.pk}/",
        _measure_form(
            measure,
            roles=[
                *_role_rows(measure),
                {"body": body.pk, "role": "executor", "written_as": body.name, "position": 9},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = MeasurePage.objects.get(measure=measure, locale__language_code="en")
    html = client.get("/admin/pages/search/", {"q": "Dirçəliş"}).content.decode()
    assert f'href="/admin/pages/{page.pk}/edit/"' in html

    body.name = "Qarabağ Bərpa Fondu"
    response = client.post(
        f"/admin/snippets/themes/body/edit/{body.pk}/", {"name": body.name, "kind": "other"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get("/admin/pages/search/", {"q": "Bərpa"}).content.decode()
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
