"""The consultations' demonstration content for `make run` (load_demo_content); never loaded in
production: an open consultation on the draft state budget with its lines, a closed one on a
draft act with chapters, articles and paragraphs, and a scheduled dialogue session, in
Azerbaijani with their pages translated into English and Russian; then their discussion:
sample participants' comments, replies and endorsements, and the owning body's answers.

A consultation whose address exists is an editor's (or an earlier run's) and is kept as it is;
a discussion that has any comment is kept as it is too. Comments, endorsements and answers go
through the services, so the stored counters, the live events and the outcome report are right.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from civic_platform.accounts.services import profile_update
from civic_platform.organisations import demo_content as organisations_demo
from civic_platform.organisations.models import Kind, Membership, Organisation, Region, Role
from civic_platform.organisations.services import organisation_create
from civic_platform.services import StructureReport
from consultations.choices import RespondentType, SectionKind
from consultations.models import (
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationSection,
)
from consultations.services.answers import answer_give
from consultations.services.comments import comment_create, endorsement_add
from themes.models import Measure

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_consultations.yaml"
DISCUSSION_FILE = Path(__file__).resolve().parent / "data" / "demo_discussion.yaml"
DEMO_STATE_REPRESENTATIVE = "sample-state-representative"
# The sample dialogue session's moderator. To try pinning and answering live after `make run`,
# give it a password (`manage.py changepassword sample-session-moderator`) and sign in as it.
DEMO_SESSION_MODERATOR = "sample-session-moderator"


def _owners_ensure(definitions: list[dict]) -> dict[str, Organisation]:
    """The sample state bodies, verified, with one sample representative who answers."""
    representative, created = get_user_model().objects.get_or_create(
        username=DEMO_STATE_REPRESENTATIVE,
        defaults={"email": "sample.state.representative@example.org"},
    )
    if created:
        representative.set_unusable_password()
        representative.save()
    owners = {}
    for definition in definitions:
        organisation = Organisation.objects.filter(name=definition["name"]).first()
        if organisation is None:
            organisation = organisation_create(
                user=representative,
                name=definition["name"],
                kind=Kind.STATE_BODY,
                legal_form=definition["legal_form"],
                region=Region.BAKU,
                description=definition["description"],
            )
            # Sample data stands in for a moderator's decision.
            Organisation.objects.filter(pk=organisation.pk).update(verified_at=timezone.now())
        owners[definition["name"]] = organisation
    return owners


def _session_moderator_ensure():
    """The sample session moderator: clearly a sample (example.org address, "Nümunə" in the
    name), with a verified address so it may sign in once given a password."""
    email = "sample.session.moderator@example.org"
    moderator, created = get_user_model().objects.get_or_create(
        username=DEMO_SESSION_MODERATOR, defaults={"email": email}
    )
    if created:
        moderator.set_unusable_password()
        moderator.save()
        EmailAddress.objects.create(user=moderator, email=email, verified=True, primary=True)
        profile_update(
            user=moderator, display_name="Nümunə: sessiya moderatoru", preferred_language="az"
        )
    return moderator


def _sections(entry: dict, locale: Locale) -> list[ConsultationSection]:
    sections = [
        ConsultationSection(
            locale=locale,
            kind=section["kind"],
            number=section.get("number", ""),
            title=section["title"],
            text=section.get("text", "").strip(),
        )
        for section in entry.get("sections", [])
    ]
    sections += [
        ConsultationSection(
            locale=locale,
            kind=SectionKind.BUDGET_LINE,
            number=code,
            title=name,
            amount=Decimal(amount),
            previous_amount=Decimal(previous),
        )
        for code, name, amount, previous in entry.get("budget_lines", [])
    ]
    for position, section in enumerate(sections):
        section.sort_order = position
    return sections


def _translations_ensure(page: ConsultationPage, translations: dict) -> None:
    """The page in the other languages, as an editor's "Translate" action leaves it (sections as
    written in Azerbaijani, keeping their keys), with its title and summary translated."""
    for language, texts in translations.items():
        copy = page.copy_for_translation(Locale.objects.get(language_code=language))
        copy.title = texts["title"]
        copy.summary = texts["summary"].strip()
        copy.save()
        copy.save_revision().publish()


def _budget_year(entry: dict, now) -> int | None:
    if "budget_year_from_now" not in entry:
        return None
    return now.year + entry["budget_year_from_now"]


def demo_consultations_ensure(*, definition: dict | None = None) -> StructureReport:
    """Adds the demonstration consultations that are missing. Returns what was created and
    kept, by address (the pages' slugs)."""
    if definition is None:
        with DEMO_FILE.open(encoding="utf-8") as handle:
            definition = yaml.safe_load(handle)
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    index = ConsultationIndexPage.objects.filter(locale=locale).first()
    if index is None:
        raise ValueError(
            "There is no consultations page yet; run `manage.py ensure_site_structure`."
        )
    report = StructureReport()
    owners = _owners_ensure(definition["owners"])
    now = timezone.now()
    for entry in definition["consultations"]:
        if index.get_children().filter(slug=entry["slug"]).exists():
            report.kept.append(entry["slug"])
            continue
        page = ConsultationPage(
            title=entry["title"],
            slug=entry["slug"],
            locale=locale,
            kind=entry["kind"],
            owner_organisation=owners[entry["owner"]],
            opens_at=now + datetime.timedelta(days=entry["opens_in_days"]),
            closes_at=now + datetime.timedelta(days=entry["closes_in_days"]),
            summary=entry["summary"].strip(),
            session_link=entry.get("session_link", ""),
            fiscal_year=_budget_year(entry, now),
            moderator=_session_moderator_ensure() if entry.get("session_moderator") else None,
        )
        page.sections = _sections(entry, locale)
        index.add_child(instance=page)
        page.measures.set(Measure.objects.filter(code__in=entry.get("measures", [])))
        page.save_revision().publish()
        _translations_ensure(page, entry.get("translations", {}))
        report.created.append(entry["slug"])
    return report


def _participants_ensure(definitions: list[dict]) -> dict:
    """The sample participants: clearly samples (example.org addresses, "nümunə" in their
    names), with a verified address so they may comment, and no password to sign in with."""
    people = {}
    for definition in definitions:
        email = f"demo.participant.{definition['key']}@example.org"
        user, created = get_user_model().objects.get_or_create(
            username=f"demo-participant-{definition['key']}", defaults={"email": email}
        )
        if created:
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            profile_update(user=user, display_name=definition["name"], preferred_language="az")
        if definition.get("ngo"):
            organisation = Organisation.objects.get(name=definition["ngo"])
            # Sample data stands in for an accepted invitation.
            Membership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": Role.MEMBER}
            )
        people[definition["key"]] = user
    return people


def _section_keys(page: ConsultationPage) -> dict:
    return {section.number: section.translation_key for section in page.sections.all()}


def _comment_post(page, people, sections, entry, *, parent=None) -> Comment:
    comment = comment_create(
        consultation=page,
        author=people[entry["author"]],
        body=entry["body"],
        section_key=sections.get(entry.get("section")),
        parent=parent,
        stance=entry.get("stance", ""),
        respondent_type=entry.get("respondent", RespondentType.CITIZEN),
    )
    for key in entry.get("endorsed_by", []):
        endorsement_add(comment=comment, user=people[key])
    return comment


def demo_discussions_ensure(*, definition: dict | None = None) -> StructureReport:
    """Adds the sample discussion to each demonstration consultation that has no comment yet.
    Returns the consultations (by address) whose discussion was created or kept."""
    if definition is None:
        with DISCUSSION_FILE.open(encoding="utf-8") as handle:
            definition = yaml.safe_load(handle)
    report = StructureReport()
    organisations_demo.demo_content_ensure()  # the verified sample NGO its member speaks for
    people = _participants_ensure(definition["participants"])
    answerer = get_user_model().objects.get(username=DEMO_STATE_REPRESENTATIVE)
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    for slug, entries in definition["discussions"].items():
        page = (
            ConsultationPage.objects.filter(locale=locale, slug=slug)
            .select_related("owner_organisation")
            .first()
        )
        if (
            page is None
            or not page.owner_organisation.memberships.filter(
                user=answerer, role=Role.REPRESENTATIVE
            ).exists()
        ):
            continue  # not the sample consultation: an editor's page of that address
        if Comment.objects.filter(consultation=page).exists():
            report.kept.append(slug)
            continue
        if not page.is_open:
            # The sample stands in for the weeks the consultation was open: the services see it
            # open in memory only; the stored dates stay as they are.
            page.closes_at = timezone.now() + datetime.timedelta(minutes=1)
        sections = _section_keys(page)
        for entry in entries:
            comment = _comment_post(page, people, sections, entry)
            for reply in entry.get("replies", []):
                _comment_post(page, people, sections, reply, parent=comment)
            if entry.get("answer"):
                answer_give(
                    comment=comment,
                    user=answerer,
                    outcome=entry["answer"]["outcome"],
                    reason=entry["answer"]["reason"],
                )
        report.created.append(slug)
    return report


@transaction.atomic
def demo_content_ensure() -> StructureReport:
    report = demo_consultations_ensure()
    discussions = demo_discussions_ensure()
    report.created += [f"{slug} (discussion)" for slug in discussions.created]
    report.kept += [f"{slug} (discussion)" for slug in discussions.kept]
    return report
