"""The guides as searchable documents, registered with `search` in GuidanceConfig.ready(): a
guide in one language, found by its title, its summary and the words of its steps (what to do,
where, the documents, fees, time limits and law). The wizard and the section's index are found
by search's document of every other page."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from guidance.models import GuidePage
from search.pages import view_restriction_dependency
from search.registry import DocumentType, SearchRecord, documents

GUIDE = "guidance"


def _int_ids(object_ids) -> list[int]:
    return [int(object_id) for object_id in object_ids if str(object_id).isdigit()]


def guide_text(guide: GuidePage) -> str:
    """The words of the guide's steps, as their blocks give them for searching (no rendering)."""
    content = guide.body.stream_block.get_searchable_content(guide.body)
    return "\n".join(strip_tags(str(part)) for part in content if part)


def guide_records(object_ids):
    guides = (
        GuidePage.objects.visible().filter(pk__in=_int_ids(object_ids)).select_related("locale")
    )
    for guide in guides:
        moment = guide.last_published_at or guide.first_published_at
        yield SearchRecord(
            object_id=str(guide.pk),
            language=guide.locale.language_code,
            title=guide.title,
            body="\n".join(part for part in (guide.summary, guide_text(guide)) if part),
            url=guide.get_url() or "",
            date=moment.date() if moment else None,
        )


def register_search_documents() -> None:
    documents.register(
        DocumentType(
            key=GUIDE,
            label=_("Guide"),
            model=GuidePage,
            records=guide_records,
            all_object_ids=lambda: GuidePage.objects.values_list("pk", flat=True),
            dependencies=(view_restriction_dependency(GuidePage),),
            page_models=(GuidePage,),
        )
    )
