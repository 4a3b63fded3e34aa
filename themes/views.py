from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from themes.models import Body, MeasureStatus
from themes.selectors import (
    bodies_with_measure_counts,
    body_measures,
    locale_for,
    measure_pages_by_measure,
    measure_pages_with_status,
    plan_dashboard,
)


def plan_dashboard_context(request, *, plan_page) -> dict:
    """The plan page's dashboard, filtered by what the visitor chose; bad values are ignored."""
    area = request.GET.get("area", "")
    status = request.GET.get("status", "")
    body = request.GET.get("body", "")
    if status not in MeasureStatus.values:
        status = ""
    if not area.isdigit():
        area = ""
    if body and not Body.objects.filter(slug=body).exists():
        body = ""
    return plan_dashboard(
        locale=plan_page.locale,
        area=area,
        body=body,
        status=status,
        page_number=request.GET.get("page"),
    )


def body_list(request, *, plan_page):
    return TemplateResponse(
        request,
        "themes/body_list.html",
        {"page": plan_page, "bodies": bodies_with_measure_counts().order_by("name")},
    )


def body_detail(request, *, plan_page, slug):
    body = Body.objects.filter(slug=slug).prefetch_related("aliases").first()
    if body is None:
        raise Http404
    measures = body_measures(body)
    pages = measure_pages_by_measure(
        [m.pk for role in measures.values() for m in role], locale_for(get_language())
    )
    as_pages = {
        role: measure_pages_with_status([pages[m.pk] for m in role_measures if m.pk in pages])
        for role, role_measures in measures.items()
    }
    return TemplateResponse(
        request,
        "themes/body_detail.html",
        {
            "page": plan_page,
            "body": body,
            "executor_pages": as_pages["executor"],
            "recommended_pages": as_pages["recommended"],
        },
    )
