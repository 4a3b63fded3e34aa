"""Verified organisations' public profiles as searchable documents.

Organisations belong to the core, which imports no app, so `search` registers them itself (in
SearchConfig.ready(), as it does the core's pages) and hears of their writes by signal: saving
or deleting an organisation records its documents and those that name it (consultations it
owns, answers it gave) for indexing.

An organisation is one row in every language: its profile page is served under the section's
page in each language where that page is published, so each verified organisation gives one
record per such language. An unverified organisation has no public profile and so no record.
"""

from django.utils.translation import gettext_lazy as _

from civic_platform.organisations.models import Kind, Organisation, OrganisationIndexPage
from search.registry import Dependency, DocumentType, SearchRecord, documents

ORGANISATION = "organisation"


def _int_ids(object_ids) -> list[int]:
    return [int(object_id) for object_id in object_ids if str(object_id).isdigit()]


def _sections_by_language() -> dict[str, OrganisationIndexPage]:
    sections: dict[str, OrganisationIndexPage] = {}
    for page in OrganisationIndexPage.objects.live().public().select_related("locale"):
        sections.setdefault(page.locale.language_code, page)
    return sections


def organisation_records(object_ids):
    organisations = list(Organisation.objects.verified().filter(pk__in=_int_ids(object_ids)))
    if not organisations:
        return
    sections = _sections_by_language()
    kinds = dict(Kind.choices)
    for language, section in sections.items():
        section_url = section.get_url() or ""
        if not section_url:
            continue
        for organisation in organisations:
            yield SearchRecord(
                object_id=str(organisation.pk),
                language=language,
                title=organisation.name,
                body="\n".join(
                    part
                    for part in (
                        str(kinds.get(organisation.kind, "")),
                        organisation.description,
                        organisation.address,
                    )
                    if part
                ),
                url=section_url + section.reverse_subpage("organisation", args=[organisation.slug]),
                date=organisation.verified_at.date() if organisation.verified_at else None,
                facets={"year": (str(organisation.verified_at.year),)},
            )


def _every_verified_organisation(_sections):
    # The section published, unpublished or moved changes every profile's address.
    return Organisation.objects.verified().values_list("pk", flat=True)


def register_organisation_documents() -> None:
    documents.register(
        DocumentType(
            key=ORGANISATION,
            label=_("Organisation"),
            model=Organisation,
            records=organisation_records,
            all_object_ids=lambda: Organisation.objects.verified().values_list("pk", flat=True),
            dependencies=(Dependency(OrganisationIndexPage, _every_verified_organisation),),
        )
    )
