"""Site-wide pages: the home page and the section index every app's pages live under."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from civic_platform.selectors import navigation_pages


class HomePage(Page):
    lead = models.TextField(
        _("lead"),
        help_text=_("One or two sentences saying what the platform is for."),
    )
    body = RichTextField(
        _("body"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "themes.PlanPage",
        "councils.CouncilIndexPage",
        "consultations.ConsultationIndexPage",
        "municipalities.MunicipalityIndexPage",
        "guidance.GuidanceIndexPage",
        "organisations.OrganisationIndexPage",
        "civic_platform.ContentPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the deepest page on the path in one query, instead of one query (and one more
        for its specific type) per level of the tree; that page routes whatever remains (a
        routable page's sub-routes)."""
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            f"{self.url_path}{'/'.join(path_components[:depth])}/"
            for depth in range(1, len(path_components) + 1)
        ]
        on_path = list(Page.objects.filter(url_path__in=prefixes).order_by("depth"))
        if not on_path:
            raise Http404
        deepest = on_path[-1]
        # A page withdrawn above the deepest decides itself whether what lies below it is
        # still served (Wagtail's own routing would ask it): route from there, as Wagtail does.
        withdrawn = next((page for page in on_path[:-1] if not page.live), None)
        if withdrawn is not None:
            return withdrawn.specific.route(
                request, path_components[withdrawn.depth - self.depth :]
            )
        # The pages above it came with the same query: breadcrumbs need not ask again.
        request.page_trail = (deepest.pk, [self, *on_path[:-1]])
        return deepest.specific.route(request, path_components[deepest.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = navigation_pages(request)
        return context


class SectionIndexPage(Page):
    """A section of the site (plan, councils, ...): an introduction above what it lists."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    summary = models.CharField(
        _("summary"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the home page card leading to this section."),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("intro")]
    parent_page_types = ["civic_platform.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class ContentPage(Page):
    """Free-standing information: about the platform, accessibility statement, guidance."""

    summary = models.CharField(_("summary"), max_length=255, blank=True)
    body = RichTextField(
        _("body"),
        features=["h2", "h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"],
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["civic_platform.HomePage", "civic_platform.ContentPage"]
    subpage_types = ["civic_platform.ContentPage"]

    class Meta:
        verbose_name = _("content page")
