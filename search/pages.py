"""Every published page that no app's document type stands for (home, sections, guides, and
the pages of apps that have not registered their own documents yet) is found by its title
and the text of its `search_fields`, so that the search misses no page Wagtail's own search
found."""

from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from search.registry import Dependency, DocumentType, SearchRecord, documents

PAGE = "page"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_text(item) for item in value)
    return strip_tags(str(value))


def page_text(page) -> str:
    """The words of a page's own search fields, beyond its title."""
    parts = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            try:
                parts.append(_text(field.get_value(page)))
            except Exception:  # noqa: BLE001, S112 - a field of another app must not stop the rest
                continue
    return "\n".join(part for part in parts if part.strip())


def page_records(object_ids):
    claimed = documents.claimed_page_models()
    ids = [int(object_id) for object_id in object_ids if str(object_id).isdigit()]
    pages = (
        Page.objects.live()
        .public()
        .filter(pk__in=ids, depth__gt=1)
        .select_related("locale")
        .specific()
    )
    for page in pages:
        if claimed and isinstance(page, claimed):
            continue
        moment = page.last_published_at or page.first_published_at
        yield SearchRecord(
            object_id=str(page.pk),
            language=page.locale.language_code,
            title=page.title,
            body=page_text(page),
            url=page.get_url() or "",
            date=moment.date() if moment else None,
        )


def _descendants(pages):
    """A page moved, renamed or withdrawn changes the address or the visibility of the pages
    below it."""
    return pages_below(pages)


def pages_below(pages, model=Page):
    """The primary keys of the `model` pages at or below these pages, in one query."""
    condition = None
    for page in pages:
        clause = Q(path__startswith=page.path)
        condition = clause if condition is None else condition | clause
    if condition is None:
        return []
    return model.objects.filter(condition).values_list("pk", flat=True)


def view_restriction_dependency(model=Page) -> Dependency:
    """A view restriction added to or taken from a page hides or shows it and every page below
    it: the documents of the `model` pages there are indexed again (a page a visitor may not
    open is never found)."""

    def restricted(restrictions):
        pages = Page.objects.filter(
            pk__in={restriction.page_id for restriction in restrictions}
        ).only("path")
        return pages_below(pages, model)

    return Dependency(PageViewRestriction, restricted)


def register_page_documents() -> None:
    documents.register(
        DocumentType(
            key=PAGE,
            label=_("Page"),
            model=Page,
            records=page_records,
            all_object_ids=lambda: Page.objects.filter(depth__gt=1).values_list("pk", flat=True),
            dependencies=(Dependency(Page, _descendants), view_restriction_dependency()),
        )
    )
