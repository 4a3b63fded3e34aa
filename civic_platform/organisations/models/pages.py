"""The organisations section: a page that lists verified organisations and serves each one's
public page at `<slug>/`, so menu, breadcrumbs, translations and the page cache work as for
every other page."""

from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from civic_platform.filters import FilterControl, chosen_values, lenient_filter
from civic_platform.models import SectionIndexPage
from civic_platform.organisations.filters import OrganisationFilterSet
from civic_platform.organisations.models.organisation import Kind, Region
from civic_platform.organisations.selectors import (
    latest_verification_request,
    organisation_activity,
    organisation_for_page,
    organisations_page,
    shown_members,
    verified_organisations,
)


class OrganisationIndexPage(RoutablePageMixin, SectionIndexPage):
    subpage_types: list[str] = []
    template = "organisations/organisation_index_page.html"

    class Meta:
        verbose_name = _("organisations index page")

    @path("", name="list")
    def organisation_list(self, request):
        filterset, rejected = lenient_filter(
            OrganisationFilterSet, request.GET, verified_organisations()
        )
        page_obj = organisations_page(
            filterset.qs, language=get_language(), page_number=request.GET.get("page")
        )
        filters = chosen_values(filterset)
        return self.render(
            request,
            context_overrides={
                "organisations": page_obj,
                "page_obj": page_obj,
                "filters": filters,
                "rejected_filters": rejected,
                "filter_controls": [
                    FilterControl("kind", _("Kind"), _("All kinds"), Kind.choices, filters["kind"]),
                    FilterControl(
                        "region", _("Region"), _("All regions"), Region.choices, filters["region"]
                    ),
                ],
            },
        )

    @path("<slug:slug>/", name="organisation")
    def organisation_detail(self, request, slug):
        organisation = organisation_for_page(slug, request.user)
        if organisation is None:
            raise Http404
        verification = (
            None if organisation.is_verified else latest_verification_request(organisation)
        )
        return self.render(
            request,
            template="organisations/organisation_detail.html",
            context_overrides={
                "organisation": organisation,
                "verification": verification,
                "members": shown_members(organisation),
                # Loaded only if a registered provider asks for it.
                "activity": organisation_activity(
                    organisation, locale=SimpleLazyObject(lambda: self.locale)
                ),
            },
        )


def organisation_page_url(organisation, request=None) -> str:
    """The organisation's public page in the active language ("" without the section)."""
    index = (
        OrganisationIndexPage.objects.live().filter(locale__language_code=get_language()).first()
        or OrganisationIndexPage.objects.live().first()
    )
    if index is None:
        return ""
    return index.get_url(request) + index.reverse_subpage("organisation", args=[organisation.slug])
