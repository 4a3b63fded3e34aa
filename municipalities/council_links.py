"""The way back from a municipal council's page to its municipality's page: the municipality
names its public council (Municipality.public_council), and councils import no other domain
app, so this app tells the council's page through `councils.registry.council_links`."""

from django.utils.translation import gettext

from councils.choices import CouncilKind
from councils.registry import CouncilLink
from municipalities.models import Municipality, MunicipalityIndexPage
from municipalities.selectors import _in_language


def municipality_of_council(council, *, locale) -> list[CouncilLink]:
    """The municipality whose public council this is, named and linked in the page's language.

    Only a council at a municipality is looked up, so the other councils' pages read nothing
    more; a municipal council's page reads the municipality and the municipalities page."""
    if council.kind != CouncilKind.MUNICIPALITY:
        return []
    municipality = (
        Municipality.objects.in_source_language()
        .filter(public_council__translation_key=council.translation_key)
        .annotate(shown_name=_in_language("name", locale_id=locale.pk))
        .order_by("pk")
        .first()
    )
    if municipality is None:
        return []
    index = MunicipalityIndexPage.objects.live().public().filter(locale=locale).first()
    if index is None:
        return []
    return [
        CouncilLink(
            label=gettext("Municipality"),
            title=municipality.shown_name,
            url=index.url + index.reverse_subpage("municipality", args=(municipality.slug,)),
        )
    ]
