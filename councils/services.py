"""Writes of the councils app: role groups that follow the member lists, and demo content."""

import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale

from councils.choices import MeetingStatus
from councils.models import (
    ActionItem,
    AgendaItem,
    CouncilIndexPage,
    CouncilMember,
    CouncilPage,
    CouncilRoleGroup,
    Decision,
    MeetingPage,
    MinutesPage,
)
from councils.rules import (
    ROLE_DOCUMENT_PERMISSIONS,
    ROLE_GLOBAL_PERMISSIONS,
    ROLE_PAGE_PERMISSIONS,
    current_members,
)
from themes.models import Body, Measure

DEMO_COUNCILS_FILE = Path(__file__).resolve().parent / "data" / "demo_councils.yaml"


def _permission(name: str) -> Permission:
    app_label, _, codename = name.rpartition(".")
    queryset = Permission.objects.filter(codename=codename)
    if app_label:
        queryset = queryset.filter(content_type__app_label=app_label)
    return queryset.get()


def _role_group(council: CouncilPage, role: str) -> Group:
    link = (
        CouncilRoleGroup.objects.select_related("group")
        .filter(council_key=council.translation_key, role=role)
        .first()
    )
    if link is not None:
        return link.group
    # Group names are unique; the page id keeps two councils of the same name apart.
    name = f"{council.title[:100]} #{council.pk}: {role}"
    group = Group.objects.create(name=name)
    CouncilRoleGroup.objects.create(council_key=council.translation_key, role=role, group=group)
    return group


@transaction.atomic
def council_roles_sync(*, council: CouncilPage) -> None:
    """Give the council's current chairs and secretaries with an account their permissions on
    this council's pages in every language, and take them from whoever no longer holds the role.

    Runs when a council page is published: the published member list decides.
    """
    translations = list(CouncilPage.objects.filter(translation_key=council.translation_key))
    members = current_members(
        CouncilMember.objects.filter(council__in=translations, user__isnull=False)
    )
    root_collection = Collection.get_first_root_node()
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        group = _role_group(council, role)
        for page in translations:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=_permission(f"wagtailcore.{codename}")
                )
        for name in ROLE_GLOBAL_PERMISSIONS:
            group.permissions.add(_permission(name))
        # (A database without Wagtail's root collection has no documents to give.)
        for codename in ROLE_DOCUMENT_PERMISSIONS if root_collection else ():
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(f"wagtaildocs.{codename}"),
            )
        holders = {member.user_id for member in members if member.role == role}
        group.user_set.set(holders)


# --- Demonstration content (`make run` only) -----------------------------------------------------


def _publish(page) -> None:
    page.save_revision().publish()


def _demo_minutes(meeting: MeetingPage, entry: dict, *, publish: bool) -> None:
    minutes = MinutesPage(
        title=entry["title"],
        slug="minutes",
        locale=meeting.locale,
        members_present=entry["members_present"],
        guests=entry.get("guests", 0),
        ngo_representatives=entry.get("ngo_representatives", 0),
        summary=entry.get("summary", ""),
        live=publish,
    )
    minutes.decisions = [Decision(**decision) for decision in entry.get("decisions", [])]
    minutes.action_items = [ActionItem(**item) for item in entry.get("action_items", [])]
    meeting.add_child(instance=minutes)
    if publish:
        _publish(minutes)
    else:
        # A draft, as a secretary leaves it before submitting it for the chair's approval.
        minutes.save_revision()


def _demo_translations(council: CouncilPage, titles: dict[str, str]) -> None:
    """The council in the other languages, its meetings and minutes copied as written in
    Azerbaijani (as an editor's "Translate" action leaves them), the council's name translated;
    what was published in Azerbaijani is published there too."""
    for language, title in titles.items():
        locale = Locale.objects.get(language_code=language)
        for page in [council, *council.get_descendants().specific()]:
            copy = page.copy_for_translation(locale)
            if page.pk == council.pk:
                copy.title = title
                copy.save()
            if page.live:
                copy.save_revision().publish()


@transaction.atomic
def demo_councils_ensure(*, definition: dict | None = None) -> list[str]:
    """Add the demonstration councils that are missing (Azerbaijani), with members, meetings
    and minutes; a council that exists is an editor's and is kept as it is. Returns what was
    created."""
    if definition is None:
        with DEMO_COUNCILS_FILE.open(encoding="utf-8") as handle:
            definition = yaml.safe_load(handle)
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    index = CouncilIndexPage.objects.filter(locale=locale).first()
    if index is None:
        raise ValueError("There is no councils page yet; run `manage.py ensure_site_structure`.")
    created = []
    now = timezone.now()
    for entry in definition["councils"]:
        if index.get_children().filter(slug=entry["slug"]).exists():
            continue
        council = CouncilPage(
            title=entry["title"],
            slug=entry["slug"],
            locale=locale,
            kind=entry.get("kind", "state_body"),
            body=Body.objects.filter(locale=locale, slug=entry["body"]).first(),
            mandate=entry.get("mandate", ""),
            founding_act_date=entry.get("founding_act_date"),
            founding_act_number=entry.get("founding_act_number", ""),
            email=entry.get("email", ""),
            address=entry.get("address", ""),
        )
        council.members = [CouncilMember(**member) for member in entry["members"]]
        index.add_child(instance=council)
        council.measures.set(Measure.objects.filter(code__in=entry.get("measures", [])))
        _publish(council)
        for meeting_entry in entry.get("meetings", []):
            meeting = MeetingPage(
                title=meeting_entry["title"],
                slug=meeting_entry["slug"],
                locale=locale,
                starts_at=now + datetime.timedelta(days=meeting_entry["days_from_now"]),
                place=meeting_entry.get("place", ""),
                online_link=meeting_entry.get("online_link", ""),
                status=meeting_entry.get("status", MeetingStatus.PLANNED),
            )
            meeting.agenda_items = [AgendaItem(**item) for item in meeting_entry["agenda"]]
            council.add_child(instance=meeting)
            _publish(meeting)
            if "minutes" in meeting_entry:
                _demo_minutes(
                    meeting,
                    meeting_entry["minutes"],
                    publish=meeting_entry["minutes"].get("published", True),
                )
        _demo_translations(council, entry.get("translations", {}))
        council_roles_sync(council=council)
        created.append(entry["slug"])
    return created
