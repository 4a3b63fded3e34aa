"""Writes of a consultation's draft: importing a draft budget's lines from CSV, or from
another app's data (municipalities' draft budget reports) as lines.

An import is all or nothing: every row is checked first, and any bad row gives the list of
errors by row with nothing saved. A good file becomes a new draft revision of the page, which
the editor sees in the page's history and publishes like any other change; the published page
stays as it was until then.

A line keeps its identity, and so its comments, while its code stays. A line the new lines no
longer have is kept, marked withdrawn, once participants could see it (it was published) or
comment on it: what they said stays next to what they said it about. A line dropped before
anybody saw it simply goes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Revision

from civic_platform.budget_rows import (
    RowError,
    RowErrorsFound,
    amount_error,
    csv_rows,
    line_identity_errors,
    parse_amount,
)
from consultations.choices import BudgetLineKind, SectionKind
from consultations.models import Comment, ConsultationPage, ConsultationSection

BUDGET_COLUMNS = ["code", "name", "amount", "previous_amount"]
CODE_MAX_LENGTH = ConsultationSection._meta.get_field("number").max_length
NAME_MAX_LENGTH = ConsultationSection._meta.get_field("title").max_length
GROUP_MAX_LENGTH = ConsultationSection._meta.get_field("group").max_length


@dataclass(frozen=True)
class BudgetLine:
    code: str
    name: str
    amount: Decimal
    previous_amount: Decimal | None
    # BudgetLineKind's value, or empty when the draft does not divide its lines.
    kind: str = ""
    # The heading the line is listed under, in the page's language.
    group: str = ""


class BudgetImportError(RowErrorsFound):
    """A draft budget's CSV refused, with every row's errors."""


def budget_lines_parse(data: bytes) -> tuple[list[BudgetLine], list[RowError]]:
    """The lines of a budget CSV (header `code,name,amount,previous_amount`; a comma or, as
    some spreadsheets export, a semicolon between columns) and every row's errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, _("the file is not UTF-8 text; save it as CSV UTF-8."))]
    rows = csv_rows(text)
    header = next(rows, None)
    if header is None or [cell.strip().lower() for cell in header] != BUDGET_COLUMNS:
        return [], [
            RowError(
                1,
                _("the first row must name the columns %(columns)s.")
                % {"columns": ",".join(BUDGET_COLUMNS)},
            )
        ]
    lines, errors = [], []
    first_row_of_code: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(BUDGET_COLUMNS):
            errors.append(
                RowError(
                    number,
                    _("it has %(found)s columns instead of %(expected)s.")
                    % {"found": len(cells), "expected": len(BUDGET_COLUMNS)},
                )
            )
            continue
        code, name, raw_amount, raw_previous = (cell.strip() for cell in cells)
        row_errors = line_identity_errors(
            number,
            code,
            name,
            first_row_of_code=first_row_of_code,
            code_max_length=CODE_MAX_LENGTH,
            name_max_length=NAME_MAX_LENGTH,
        )
        amount = parse_amount(raw_amount)
        if not raw_amount:
            row_errors.append(_("the amount is missing."))
        elif amount is None:
            row_errors.append(amount_error("amount", raw_amount))
        previous = parse_amount(raw_previous) if raw_previous else None
        if raw_previous and previous is None:
            row_errors.append(amount_error("previous_amount", raw_previous))
        if row_errors:
            errors.extend(RowError(number, message) for message in row_errors)
        else:
            lines.append(BudgetLine(code, name, amount, previous))
    if not lines and not errors:
        errors.append(RowError(2, _("the file has no budget lines under its header.")))
    return lines, errors


@transaction.atomic
def draft_budget_import(*, page: ConsultationPage, data: bytes, user) -> Revision:
    """Replaces the budget lines of the page's latest draft with those of the CSV, as a new
    draft revision by `user` (None for the site's operator running the management command)."""
    if user is not None and not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    if not page.is_budget:
        raise BudgetImportError(
            [RowError(1, _("this consultation is not on a draft budget; set its kind first."))]
        )
    lines, errors = budget_lines_parse(data)
    if errors:
        raise BudgetImportError(errors)
    return draft_budget_lines_save(page=page, lines=lines, user=user)


def _check_budget_lines(page: ConsultationPage, lines: list[BudgetLine], user) -> None:
    if user is not None and not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    if not page.is_budget:
        raise ValueError(f"Consultation {page.pk} is not on a draft budget.")
    invalid = [
        line.code
        for line in lines
        if line.kind not in ("", *BudgetLineKind.values)
        or len(line.code) > CODE_MAX_LENGTH
        or len(line.name) > NAME_MAX_LENGTH
        or len(line.group) > GROUP_MAX_LENGTH
    ]
    if invalid:
        raise ValueError(f"Budget lines the consultation cannot hold: {invalid}.")


def _with_budget_lines(
    page: ConsultationPage, version: ConsultationPage, lines: list[BudgetLine]
) -> ConsultationPage:
    """`version` (the page's draft or its live content) with `lines` as its budget lines, in
    their order; its other sections are kept, before the lines.

    A line keeps its identity (and so the comments on it) when its code stays: it is matched by
    code with the version's lines, then with the published lines of the page and of the
    default-language page, whose translation key a translated page shares. A line whose code is
    gone is kept as withdrawn when it was published or commented on (see the module's note);
    one that comes back is current again.
    """
    sections = list(version.sections.all())
    kept = [section for section in sections if section.kind != SectionKind.BUDGET_LINE]
    by_code = {
        section.number: section for section in sections if section.kind == SectionKind.BUDGET_LINE
    }
    source = ConsultationPage.objects.source_of(page)
    published = ConsultationSection.objects.filter(
        page__in={source.pk, page.pk}, kind=SectionKind.BUDGET_LINE
    )
    published_keys = dict(published.values_list("number", "translation_key"))
    seen_keys = set(published_keys.values()) | set(
        Comment.objects.filter(consultation=source, section_key__isnull=False).values_list(
            "section_key", flat=True
        )
    )
    imported = []
    for line in lines:
        section = by_code.pop(line.code, None) or ConsultationSection(
            kind=SectionKind.BUDGET_LINE, locale_id=version.locale_id
        )
        if section.pk is None and line.code in published_keys:
            section.translation_key = published_keys[line.code]
        section.number = line.code
        section.title = line.name
        section.amount = line.amount
        section.previous_amount = line.previous_amount
        section.budget_kind = line.kind
        section.group = line.group
        section.withdrawn = False
        imported.append(section)
    withdrawn = [section for section in by_code.values() if section.translation_key in seen_keys]
    for section in withdrawn:
        section.withdrawn = True
    ordered = kept + imported + withdrawn
    for position, section in enumerate(ordered):
        section.sort_order = position
    version.sections = ordered
    return version


@transaction.atomic
def draft_budget_lines_save(*, page: ConsultationPage, lines: list[BudgetLine], user) -> Revision:
    """The page's latest draft with `lines` as its budget lines, as a new draft revision by
    `user` (None when the caller checked who may change it: the site's operator, or the
    municipality's editor whose draft budget report the consultation is on)."""
    _check_budget_lines(page, lines, user)
    draft = _with_budget_lines(page, page.get_latest_revision_as_object(), lines)
    return draft.save_revision(user=user, log_action=True, changed=True)


@transaction.atomic
def budget_lines_publish(
    *, page: ConsultationPage, lines: list[BudgetLine], user, permission_checked: bool = False
) -> Revision:
    """Publishes `lines` as the live page's budget lines at once (the draft the lines come
    from was corrected), by `user`, and returns the published revision. With
    `permission_checked` the caller has decided that `user` may (the municipality's editor
    whose draft budget report the consultation is on).

    Only the lines go live: the page's live content is what gets them. Changes an editor has
    not published yet stay unpublished, in a new latest draft that has the new lines too, so
    that publishing it later does not bring the old lines back."""
    _check_budget_lines(page, lines, None if permission_checked else user)
    pending = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
    live = _with_budget_lines(page, ConsultationPage.objects.get(pk=page.pk), lines)
    revision = live.save_revision(user=user, log_action=True, changed=True)
    revision.publish(user=user, skip_permission_checks=True)
    if pending is not None:
        _with_budget_lines(page, pending, lines).save_revision(
            user=user, log_action=True, changed=True
        )
    return revision
