"""The existing agenda documents, action item updates and decisions carried into the new shape
of 0006, and so are the page revisions (a draft is published from its revision, and a revision
in the old shape could not be read back)."""

import datetime

from django.db import migrations

def _key(text) -> str:
    return " ".join((text or "").split()).casefold()


def _revisions(apps, model):
    Revision = apps.get_model("wagtailcore", "Revision")
    return Revision.objects.filter(
        content_type__app_label="councils", content_type__model=model
    ).order_by("pk")


def _meeting_path(minutes_path: str) -> str:
    return minutes_path[:-4]  # Wagtail's tree paths take four characters a level


def _agendas(apps) -> dict[str, list]:
    """Each meeting's agenda items (pk, title, sort_order), by the meeting's tree path."""
    AgendaItem = apps.get_model("councils", "AgendaItem")
    agendas: dict[str, list] = {}
    items = AgendaItem.objects.select_related("meeting").order_by("sort_order", "pk")
    for item in items:
        agendas.setdefault(item.meeting.path, []).append(item)
    return agendas


def _agenda_item_for(agenda: list, text: str):
    wanted = _key(text)
    return next((item for item in agenda if wanted and _key(item.title) == wanted), None)


# --- Agenda documents ---------------------------------------------------------------------------


def agenda_documents_forward(apps, schema_editor):
    AgendaItem = apps.get_model("councils", "AgendaItem")
    AgendaItemDocument = apps.get_model("councils", "AgendaItemDocument")
    AgendaItemDocument.objects.bulk_create(
        AgendaItemDocument(agenda_item_id=item.pk, document_id=item.document_id, sort_order=0)
        for item in AgendaItem.objects.exclude(document=None)
    )
    for revision in _revisions(apps, "meetingpage"):
        items = revision.content.get("agenda_items") or []
        for item in items:
            document = item.pop("document", None)
            item["documents"] = (
                [{"pk": None, "agenda_item": item.get("pk"), "document": document, "sort_order": 0}]
                if document
                else []
            )
        if items:
            revision.save(update_fields=["content"])


def agenda_documents_backward(apps, schema_editor):
    AgendaItem = apps.get_model("councils", "AgendaItem")
    AgendaItemDocument = apps.get_model("councils", "AgendaItemDocument")
    for link in AgendaItemDocument.objects.order_by("-sort_order", "-pk"):
        # The first document of each item is written last, so it is the one kept.
        AgendaItem.objects.filter(pk=link.agenda_item_id).update(document_id=link.document_id)
    for revision in _revisions(apps, "meetingpage"):
        items = revision.content.get("agenda_items") or []
        for item in items:
            documents = item.pop("documents", None) or []
            item["document"] = documents[0]["document"] if documents else None
        if items:
            revision.save(update_fields=["content"])


# --- Action item updates ------------------------------------------------------------------------


def _fallback_date(minutes) -> str:
    moment = minutes.last_published_at or minutes.latest_revision_created_at
    return (moment.date() if moment else datetime.date.today()).isoformat()


def action_updates_forward(apps, schema_editor):
    ActionItem = apps.get_model("councils", "ActionItem")
    ActionItemUpdate = apps.get_model("councils", "ActionItemUpdate")
    with_progress = ActionItem.objects.select_related("minutes").exclude(
        progress_note="", progress_noted_on=None
    )
    ActionItemUpdate.objects.bulk_create(
        ActionItemUpdate(
            action_item_id=item.pk,
            noted_on=item.progress_noted_on or _fallback_date(item.minutes),
            status=item.status,
            note=item.progress_note,
            sort_order=0,
        )
        for item in with_progress
    )
    MinutesPage = apps.get_model("councils", "MinutesPage")
    for revision in _revisions(apps, "minutespage"):
        items = revision.content.get("action_items") or []
        minutes = MinutesPage.objects.filter(pk=revision.object_id).first()
        for item in items:
            note = item.pop("progress_note", "") or ""
            noted_on = item.pop("progress_noted_on", None)
            item["updates"] = (
                [
                    {
                        "pk": None,
                        "action_item": item.get("pk"),
                        "noted_on": noted_on
                        or (_fallback_date(minutes) if minutes else datetime.date.today()),
                        "status": item.get("status", "open"),
                        "note": note,
                        "sort_order": 0,
                    }
                ]
                if note or noted_on
                else []
            )
        if items:
            revision.save(update_fields=["content"])


def action_updates_backward(apps, schema_editor):
    ActionItem = apps.get_model("councils", "ActionItem")
    ActionItemUpdate = apps.get_model("councils", "ActionItemUpdate")
    # The latest update is written last, so it is the one kept as "latest update".
    for update in ActionItemUpdate.objects.order_by("noted_on", "sort_order", "pk"):
        ActionItem.objects.filter(pk=update.action_item_id).update(
            progress_note=update.note, progress_noted_on=update.noted_on
        )
    for revision in _revisions(apps, "minutespage"):
        items = revision.content.get("action_items") or []
        for item in items:
            updates = sorted(
                item.pop("updates", None) or [], key=lambda u: (u.get("noted_on") or "")
            )
            item["progress_note"] = updates[-1].get("note", "") if updates else ""
            item["progress_noted_on"] = updates[-1].get("noted_on") if updates else None
        if items:
            revision.save(update_fields=["content"])


# --- Links to agenda items ----------------------------------------------------------------------


def agenda_links_forward(apps, schema_editor):
    """A decision names its agenda item by the item's title: linked where the title matches one
    of the meeting's items, else kept as an "other matter". An action item is linked when its
    meeting had a single agenda item (nothing else says which one it belongs to)."""
    Decision = apps.get_model("councils", "Decision")
    ActionItem = apps.get_model("councils", "ActionItem")
    MinutesPage = apps.get_model("councils", "MinutesPage")
    agendas = _agendas(apps)
    for decision in Decision.objects.select_related("minutes"):
        item = _agenda_item_for(agendas.get(_meeting_path(decision.minutes.path), []), decision.topic)
        if item is not None:
            decision.agenda_item_id = item.pk
            decision.topic = ""
            decision.save(update_fields=["agenda_item", "topic"])
    for action_item in ActionItem.objects.select_related("minutes"):
        agenda = agendas.get(_meeting_path(action_item.minutes.path), [])
        if len(agenda) == 1:
            action_item.agenda_item_id = agenda[0].pk
            action_item.save(update_fields=["agenda_item"])
    for revision in _revisions(apps, "minutespage"):
        minutes = MinutesPage.objects.filter(pk=revision.object_id).first()
        agenda = agendas.get(_meeting_path(minutes.path), []) if minutes else []
        content = revision.content
        for decision in content.get("decisions") or []:
            text = decision.pop("agenda_item", "") or ""
            item = _agenda_item_for(agenda, text)
            decision["agenda_item"] = item.pk if item else None
            decision["topic"] = "" if item else text
        for action_item in content.get("action_items") or []:
            action_item["agenda_item"] = agenda[0].pk if len(agenda) == 1 else None
        revision.save(update_fields=["content"])


def agenda_links_backward(apps, schema_editor):
    Decision = apps.get_model("councils", "Decision")
    AgendaItem = apps.get_model("councils", "AgendaItem")
    titles = dict(AgendaItem.objects.values_list("pk", "title"))
    for decision in Decision.objects.exclude(agenda_item=None):
        decision.topic = decision.topic or titles.get(decision.agenda_item_id, "")
        decision.save(update_fields=["topic"])
    for revision in _revisions(apps, "minutespage"):
        content = revision.content
        for decision in content.get("decisions") or []:
            linked = decision.pop("agenda_item", None)
            topic = decision.pop("topic", "") or ""
            decision["agenda_item"] = topic or titles.get(linked, "")
        for action_item in content.get("action_items") or []:
            action_item.pop("agenda_item", None)
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("councils", "0006_agenda_documents_action_updates_links")]

    operations = [
        migrations.RunPython(agenda_documents_forward, agenda_documents_backward),
        migrations.RunPython(action_updates_forward, action_updates_backward),
        migrations.RunPython(agenda_links_forward, agenda_links_backward),
    ]
