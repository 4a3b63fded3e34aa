"""Writes of the councils app: role groups that follow the member lists, what publishing a
council's page sets off (its followers' events, the signed minutes' text, the plan's
indicators), and demo content."""

import datetime
import logging
from collections.abc import Iterable
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale

from civic_platform.notifications.services import event_record
from civic_platform.worker import next_time_of_day_after
from councils.choices import MeetingStatus
from councils.models import (
    ActionItem,
    ActionItemUpdate,
    AgendaItem,
    CouncilCollection,
    CouncilIndexPage,
    CouncilMember,
    CouncilPage,
    CouncilRoleGroup,
    Decision,
    MeetingPage,
    MinutesPage,
)
from councils.notifications import MEETING_SCHEDULED, MINUTES_PUBLISHED
from councils.rules import (
    ROLE_DOCUMENT_PERMISSIONS,
    ROLE_GLOBAL_PERMISSIONS,
    ROLE_PAGE_PERMISSIONS,
    current_members,
)
from search.services import search_changed
from themes.models import Body, Measure
from themes.services import indicator_snapshots_refresh

logger = logging.getLogger(__name__)

# The plan measures whose indicators are computed from councils (see councils/indicators.py).
COUNCIL_MEASURE_CODES = ("5.4", "5.5")
# Enough for the longest minutes; a stray scanned book stops here rather than filling the index.
SIGNED_PDF_TEXT_LIMIT = 200_000

DEMO_COUNCILS_FILE = Path(__file__).resolve().parent / "data" / "demo_councils.yaml"


def _permission(name: str) -> Permission:
    app_label, _, codename = name.rpartition(".")
    queryset = Permission.objects.filter(codename=codename)
    if app_label:
        queryset = queryset.filter(content_type__app_label=app_label)
    return queryset.get()


def _role_group(council: CouncilPage, role: str) -> CouncilRoleGroup:
    link = (
        CouncilRoleGroup.objects.select_related("group")
        .filter(council_key=council.translation_key, role=role)
        .first()
    )
    if link is not None:
        return link
    # Group names are unique; the page id keeps two councils of the same name apart.
    name = f"{council.title[:100]} #{council.pk}: {role}"
    group = Group.objects.create(name=name)
    return CouncilRoleGroup.objects.create(
        council_key=council.translation_key, role=role, group=group
    )


def council_collection_ensure(*, council: CouncilPage) -> Collection | None:
    """The council's own documents collection (one for all its languages), created under the
    root collection the first time, named as the council is."""
    link = (
        CouncilCollection.objects.select_related("collection")
        .filter(council_key=council.translation_key)
        .first()
    )
    if link is not None:
        return link.collection
    root = Collection.get_first_root_node()
    if root is None:  # a database without Wagtail's root collection has no documents
        return None
    collection = root.add_child(name=council.title[:255])
    CouncilCollection.objects.create(council_key=council.translation_key, collection=collection)
    return collection


@transaction.atomic
def council_roles_sync(*, council: CouncilPage) -> None:
    """Give the council's current chairs and secretaries with an account their permissions on
    this council's pages in every language, and take them from whoever no longer holds the role.

    Runs when a council page is published: the published member list decides.
    """
    translations = list(CouncilPage.objects.filter(translation_key=council.translation_key))
    collection = council_collection_ensure(council=council)
    document_permissions = [
        _permission(f"wagtaildocs.{codename}") for codename in ROLE_DOCUMENT_PERMISSIONS
    ]
    links = []
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        link = _role_group(council, role)
        links.append(link)
        group = link.group
        for page in translations:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=_permission(f"wagtailcore.{codename}")
                )
        for name in ROLE_GLOBAL_PERMISSIONS:
            group.permissions.add(_permission(name))
        # Documents in the council's own collection only: the chooser shows a secretary no
        # other council's papers (and the page forms refuse them).
        GroupCollectionPermission.objects.filter(
            group=group, permission__in=document_permissions
        ).exclude(collection=collection).delete()
        for permission in document_permissions if collection else ():
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    # Who holds the role is decided where the daily refresh decides it.
    role_holders_sync(links=links)


# A few minutes into the day, so that the day has surely begun on the worker's clock too.
ROLE_HOLDERS_REFRESH_TIME = datetime.time(0, 5)


def next_role_holders_refresh_after(moment: datetime.datetime) -> datetime.datetime:
    """The next ROLE_HOLDERS_REFRESH_TIME, in the site's time zone, after `moment`."""
    return next_time_of_day_after(moment, ROLE_HOLDERS_REFRESH_TIME)


@transaction.atomic
def council_role_holders_refresh() -> int:
    """Make every council role group's members its council's current chairs or secretaries
    (terms begin and end with the date, not with a publication); return how many memberships
    changed. Runs daily."""
    changed = role_holders_sync(links=CouncilRoleGroup.objects.all())
    if changed:
        logger.info("Council role holders refreshed: %s memberships changed", changed)
    return changed


def role_holders_sync(*, links: Iterable[CouncilRoleGroup]) -> int:
    """Make each given role group's members exactly the current holders of its role in its
    council (every language, members with an account); return how many memberships changed.

    The one place that decides who holds a role: the daily refresh passes every group, a
    council's publication passes that council's. A fixed number of queries whatever the number
    of groups, and it writes only the memberships that differ."""
    links = list(links)
    if not links:
        return 0
    wanted: dict[int, set[int]] = {link.group_id: set() for link in links}
    group_of = {(link.council_key, link.role): link.group_id for link in links}
    for key, role, user_id in current_members(
        CouncilMember.objects.filter(
            user__isnull=False,
            role__in={link.role for link in links},
            council__translation_key__in={link.council_key for link in links},
        )
    ).values_list("council__translation_key", "role", "user_id"):
        if (key, role) in group_of:
            wanted[group_of[(key, role)]].add(user_id)
    membership = Group.user_set.through
    held: dict[int, set[int]] = {group_id: set() for group_id in wanted}
    for group_id, user_id in membership.objects.filter(group_id__in=wanted).values_list(
        "group_id", "user_id"
    ):
        held[group_id].add(user_id)
    added = [
        membership(group_id=group_id, user_id=user_id)
        for group_id, users in wanted.items()
        for user_id in users - held[group_id]
    ]
    removed = Q(pk__in=[])
    for group_id, users in held.items():
        if users - wanted[group_id]:
            removed |= Q(group_id=group_id, user_id__in=users - wanted[group_id])
    removed_count, _ = membership.objects.filter(removed).delete()
    membership.objects.bulk_create(added)
    return len(added) + removed_count


# --- After publishing ---------------------------------------------------------------------------


def council_indicators_refresh() -> None:
    """Recount the plan's indicators that councils feed, after a council's page changed."""
    indicator_snapshots_refresh(measures=Measure.objects.filter(code__in=COUNCIL_MEASURE_CODES))


def signed_pdf_text(document) -> str:
    """The text of a signed minutes PDF; empty, with a logged warning, when it cannot be read
    (encrypted, broken, not a PDF at all): a bad upload must not stop the minutes' publication.
    """
    try:
        with document.open_file() as handle:
            reader = PdfReader(handle)
            if reader.is_encrypted:
                logger.warning("Signed minutes PDF %s is encrypted; no text taken", document.pk)
                return ""
            parts, length = [], 0
            for page in reader.pages:
                text = (page.extract_text() or "").strip()
                parts.append(text)
                length += len(text)
                if length >= SIGNED_PDF_TEXT_LIMIT:
                    break
    # pypdf raises its own errors for most broken files, but a malformed one can surface as
    # nearly any exception from deep inside the parser; none of them may become a 500.
    except Exception:
        logger.warning("Signed minutes PDF %s could not be read", document.pk, exc_info=True)
        return ""
    return "\n".join(part for part in parts if part)[:SIGNED_PDF_TEXT_LIMIT]


def minutes_pdf_text_refresh(*, minutes: MinutesPage, text: str | None = None) -> None:
    """Store the text of the minutes' signed PDF (empty without one) so that search finds the
    words that stand only in the PDF; the minutes' search document is indexed again after the
    commit. `text`, when given, is the PDF's text already read."""
    if text is None:
        text = signed_pdf_text(minutes.signed_pdf) if minutes.signed_pdf_id else ""
    if text != minutes.signed_pdf_text:
        minutes.signed_pdf_text = text
        with transaction.atomic():
            minutes.save(update_fields=["signed_pdf_text"], clean=False)
            search_changed(instances=[minutes])


def _revision_pdf_text_refresh(revision, *, texts: dict) -> None:
    """The text stored in a revision matches the PDF that revision names (`texts` holds each
    document's text by id, so one PDF is read once)."""
    document_id = revision.content.get("signed_pdf")
    if document_id not in texts:
        document = get_document_model().objects.filter(pk=document_id).first()
        texts[document_id] = signed_pdf_text(document) if document else ""
    if revision.content.get("signed_pdf_text", "") != texts[document_id]:
        revision.content["signed_pdf_text"] = texts[document_id]
        revision.save(update_fields=["content"])


def minutes_revision_saved(*, minutes: MinutesPage) -> None:
    """A new revision of minutes was saved in the admin (a draft, a submission or a
    publication): the text stored with it is taken from the PDF it names, so the text a
    reviewer's draft carries, and the text published with it, are those of its own PDF."""
    revision = minutes.latest_revision
    if revision is not None:
        _revision_pdf_text_refresh(revision, texts={})


def signed_pdf_document_changed(*, document) -> None:
    """A document was saved (its file may have been replaced): every minutes page that has it
    as its signed PDF, as published or in its latest revision, takes the text of the file as
    it is now."""
    published = list(MinutesPage.objects.filter(signed_pdf=document))
    drafts = list(
        MinutesPage.objects.filter(latest_revision__content__signed_pdf=document.pk).select_related(
            "latest_revision"
        )
    )
    if not published and not drafts:
        return
    texts = {document.pk: signed_pdf_text(document)}
    for minutes in published:
        minutes_pdf_text_refresh(minutes=minutes, text=texts[document.pk])
    for minutes in drafts:
        _revision_pdf_text_refresh(minutes.latest_revision, texts=texts)


def translated_minutes_links_follow(*, source, copy) -> None:
    """Minutes copied into another language still point at the agenda items of the meeting
    they were copied from: point them at the items in the same places of the agenda of the
    meeting in the copy's language, so the translated minutes show and validate against it."""
    copy = getattr(copy, "specific", copy)
    if not isinstance(copy, MinutesPage):
        return
    meeting = MeetingPage.objects.parent_of(copy).first()
    if meeting is None:
        return
    own = list(AgendaItem.objects.filter(meeting=meeting).order_by("sort_order", "pk"))
    entries = [*copy.decisions.all(), *copy.action_items.all()]
    linked = AgendaItem.objects.filter(pk__in={entry.agenda_item_id for entry in entries})
    foreign_meetings = set(linked.exclude(meeting=meeting).values_list("meeting_id", flat=True))
    places = {}
    for other_meeting in foreign_meetings:
        agenda = AgendaItem.objects.filter(meeting_id=other_meeting).order_by("sort_order", "pk")
        places.update({item.pk: place for place, item in enumerate(agenda)})
    for entry in entries:
        if entry.agenda_item_id in places:
            place = places[entry.agenda_item_id]
            # The copy in hand is updated too: it may be saved as a revision next.
            entry.agenda_item_id = own[place].pk if place < len(own) else None
            type(entry).objects.filter(pk=entry.pk).update(agenda_item_id=entry.agenda_item_id)


def _first_publication(page) -> bool:
    return page.first_published_at is not None and page.first_published_at == (
        page.last_published_at
    )


def meeting_published(*, meeting: MeetingPage) -> None:
    """A meeting page was published: the council's followers hear of a newly scheduled
    meeting (once per meeting, whatever its translations), and the indicators are recounted."""
    if meeting.status == MeetingStatus.PLANNED and _first_publication(meeting):
        event_record(
            kind=MEETING_SCHEDULED,
            occurrence=meeting,
            dedupe_key=f"{MEETING_SCHEDULED}:{meeting.translation_key}",
        )
    council_indicators_refresh()


def minutes_published(*, minutes: MinutesPage) -> None:
    """Minutes were published (the chair approved them): their PDF's text is stored, the
    council's followers hear of them once, and the indicators are recounted."""
    minutes_pdf_text_refresh(minutes=minutes)
    event_record(
        kind=MINUTES_PUBLISHED,
        occurrence=minutes,
        dedupe_key=f"{MINUTES_PUBLISHED}:{minutes.translation_key}",
    )
    council_indicators_refresh()


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
    agenda = {item.title: item for item in meeting.agenda_items.all()}
    minutes.decisions = [
        Decision(agenda_item=agenda.get(decision.pop("agenda_item", None)), **decision)
        for decision in (dict(d) for d in entry.get("decisions", []))
    ]
    # Due dates and updates count in days from the meeting, which is itself dated from today:
    # a fixed date would fall before the meeting once the content is loaded later.
    meeting_day = timezone.localdate(meeting.starts_at)

    def after_meeting(days):
        return None if days is None else meeting_day + datetime.timedelta(days=days)

    action_items = []
    for item in (dict(i) for i in entry.get("action_items", [])):
        updates = [
            ActionItemUpdate(noted_on=after_meeting(update.pop("days_after_meeting")), **update)
            for update in (dict(u) for u in item.pop("updates", []))
        ]
        action_item = ActionItem(
            agenda_item=agenda.get(item.pop("agenda_item", None)),
            due_date=after_meeting(item.pop("due_days_after_meeting", None)),
            **item,
        )
        action_item.updates = updates
        action_items.append(action_item)
    minutes.action_items = action_items
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
    and minutes; a council that exists is an editor's and is kept as it is. Returns the slugs
    of those created. `definition` has the shape of the councils' file; other apps' demo
    content passes their own (the municipalities' councils)."""
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
            body=Body.objects.filter(locale=locale, slug=entry.get("body", "")).first(),
            municipality_name=entry.get("municipality_name", ""),
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
