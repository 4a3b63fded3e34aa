"""A draft budget report's lines as the commentable lines of the consultation opened on it, and
keeping them current: a corrected draft (a new revision of the report) updates the open
consultation in the same transaction, in every language it is published in.

Each line carries its side (revenue or expenditure) and, as the heading it is listed under, its
category's name in the page's language (a source of revenue, a function of expenditure). Lines
match by code, so a line that stays keeps its comments; one the corrected draft dropped stays
on the consultation marked as no longer in the draft, with its comments
(consultations.services.drafts).
"""

from django.utils.translation import override
from wagtail.models import Revision

from consultations.choices import ConsultationStatus
from consultations.models import ConsultationPage
from consultations.services.drafts import (
    BudgetLine,
    budget_lines_publish,
    draft_budget_lines_save,
)
from municipalities.choices import Category
from municipalities.selectors import report_lines


def consultation_lines(report, language: str) -> list[BudgetLine]:
    """The current revision's lines in the consultations' terms, with their groups' names in
    `language`; the amount is the planned one."""
    with override(language):
        group_names = {value: str(label) for value, label in Category.choices}
    return [
        BudgetLine(
            code=code,
            name=name,
            amount=planned,
            previous_amount=None,
            kind=kind,
            group=group_names.get(category, ""),
        )
        for code, name, kind, category, planned in report_lines(report).values_list(
            "code", "name", "kind", "category", "planned"
        )
    ]


def consultation_lines_save(page: ConsultationPage, report) -> Revision:
    """The report's lines as a new draft revision of `page` (one language of the consultation).
    The caller has checked who may change the report; the consultations tree's page
    permissions are the site-wide editors', which a municipality's editor does not hold."""
    return draft_budget_lines_save(
        page=page, lines=consultation_lines(report, page.locale.language_code), user=None
    )


def consultation_lines_update(report, *, user) -> ConsultationPage | None:
    """Publishes the report's current lines on the consultation opened on it, the
    default-language page first (a translation takes a new line's key from it), while the
    consultation still takes comments; None when there is none to update. Changes an editor
    has not published on the consultation stay unpublished; a closed consultation keeps the
    lines it was discussed on, and a page an editor unpublished stays unpublished. Runs in the
    caller's transaction; the caller has checked that `user` may change the report."""
    if report.consultation_id is None:
        return None
    source = (
        ConsultationPage.objects.live()
        .filter(pk=report.consultation_id)
        .select_related("locale")
        .first()
    )
    if source is None or source.status == ConsultationStatus.CLOSED:
        return None
    translations = (
        ConsultationPage.objects.live()
        .filter(translation_key=source.translation_key)
        .exclude(pk=source.pk)
        .select_related("locale")
        .order_by("pk")
    )
    for page in [source, *translations]:
        budget_lines_publish(
            page=page,
            lines=consultation_lines(report, page.locale.language_code),
            user=user,
            permission_checked=True,
        )
    return source
