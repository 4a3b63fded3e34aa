"""Putting a municipality's draft budget to consultation: its editor opens a consultation (the
consultations app's page, of the kind "draft local budget") whose commentable budget lines are
the draft report's lines, each with its side and group (consultation_lines.py; a corrected draft
updates them, municipalities.services.reports.budget_report_import); the consultation's
summary links to the report, which is made public with it, and the report's page links to the
consultation (municipalities.selectors.consultation_on_draft).

The consultation's owner, who answers the comments, is the municipality's organisation on the
site (`Municipality.organisation`, set by the site's editors); the report names the consultation
(`BudgetReport.consultation`).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Locale

from consultations.choices import ConsultationKind
from consultations.models import ConsultationIndexPage, ConsultationPage
from municipalities import rules
from municipalities.choices import Stage
from municipalities.models import Municipality, MunicipalityIndexPage
from municipalities.selectors import consultation_on_draft
from municipalities.services.consultation_lines import consultation_lines_save
from municipalities.services.reports import budget_report_publish


@transaction.atomic
def draft_budget_consultation_open(*, report, user, opens_at, closes_at) -> ConsultationPage:
    """The published consultation on the draft report (the existing one when it was opened
    before). Only those who may edit and publish the municipality's reports may open it."""
    if user is not None and not (
        rules.can(user, rules.EDIT, report) and rules.can(user, rules.PUBLISH, report)
    ):
        raise PermissionDenied
    if report.stage != Stage.DRAFT:
        raise ValidationError(_("Only a draft budget is put to consultation."))
    municipality = report.municipality
    existing = consultation_on_draft(report, locale_id=None)
    if existing is not None:
        return existing
    owner = municipality.organisation
    if owner is None:
        raise ValidationError(
            _(
                "Link %(name)s to its organisation on the site first (Municipalities, in the "
                "admin): its representatives answer the comments."
            )
            % {"name": municipality.name}
        )
    consultations_index = ConsultationIndexPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).first()
    municipalities_index = MunicipalityIndexPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).first()
    if consultations_index is None or municipalities_index is None:
        raise ValidationError(_("The site has no consultations or municipalities page yet."))
    budget_report_publish(report=report, user=user)
    title, summary = _consultation_texts(report, municipalities_index, settings.LANGUAGE_CODE)
    page = ConsultationPage(
        title=title,
        slug=slugify(f"{municipality.slug}-budget-{report.year}"),
        locale=consultations_index.locale,
        kind=ConsultationKind.DRAFT_LOCAL_BUDGET,
        owner_organisation=owner,
        fiscal_year=report.year,
        opens_at=opens_at,
        closes_at=closes_at,
        summary=summary,
    )
    consultations_index.add_child(instance=page)
    # The permission to open it was checked above; the consultations tree's page permissions
    # are the site-wide editors', which a municipality's editor does not hold.
    consultation_lines_save(page, report).publish(user=user, skip_permission_checks=True)
    page = ConsultationPage.objects.get(pk=page.pk)
    report.consultation = page
    report.save(update_fields=["consultation"])
    _translations_publish(page, report, user)
    return page


def _consultation_texts(report, municipalities_index, language: str) -> tuple[str, str]:
    """The consultation's title and summary in `language`, naming the municipality as the
    registry names it there and linking to the report's page in that language."""
    municipality = (
        Municipality.objects.filter(
            translation_key=report.municipality.translation_key,
            locale=municipalities_index.locale,
        ).first()
        or report.municipality
    )
    report_url = municipalities_index.url + municipalities_index.reverse_subpage(
        "report", args=(municipality.slug, report.year, report.stage)
    )
    with override(language):
        title = _("%(municipality)s: draft budget for %(year)s") % {
            "municipality": municipality.name,
            "year": report.year,
        }
        summary = format_html(
            '<p>{} <a href="{}">{}</a></p>',
            _("Comment on each line of the municipality's draft budget."),
            report_url,
            _("The draft budget as data, with charts and a CSV download"),
        )
    return title, summary


def _translations_publish(page: ConsultationPage, report, user) -> None:
    """The consultation in the site's other languages, as an editor's "Translate" action
    leaves it (the budget lines' names as written, keeping their keys), its title and summary
    and the lines' group headings in each language: an English or Russian reader finds it in
    their own consultations list. The discussion stays one, on the Azerbaijani page."""
    for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        municipalities_index = MunicipalityIndexPage.objects.filter(
            locale__language_code=language
        ).first()
        locale = Locale.objects.filter(language_code=language).first()
        if municipalities_index is None or locale is None or page.has_translation(locale):
            continue
        copy = page.copy_for_translation(locale)
        copy.title, copy.summary = _consultation_texts(report, municipalities_index, language)
        copy.save()
        # The lines' revision starts from the latest one: it must carry the title and summary.
        copy.save_revision()
        consultation_lines_save(copy, report).publish(user=user, skip_permission_checks=True)
