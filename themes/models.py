"""The action plan as data.

The language-independent facts of the plan (codes, deadlines, bodies) live in plain models that
other apps can link to; the words (titles, indicators) live in Wagtail pages, one per language,
so editors translate them like any other page and every change keeps a revision.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, route
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from civic_platform.models import SectionIndexPage

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
measure_code_validator = RegexValidator(
    r"^[1-9]\d*\.[1-9]\d*$", _("A measure code is an area and a number, such as 5.5.")
)


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    OVERDUE = "overdue", _("Overdue")


class LocalisedNameMixin(models.Model):
    """A name in Azerbaijani (the original) with English and Russian renderings."""

    name = models.CharField(_("name (Azerbaijani)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.localised_name()

    def localised_name(self, language: str | None = None) -> str:
        language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"name_{language}", "") or self.name


class ThematicArea(LocalisedNameMixin):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("name_ru"),
    ]

    class Meta:
        ordering = ["number"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    @property
    def code(self) -> str:
        return str(self.number)


class Body(LocalisedNameMixin):
    """A state body, council, company, association or group of bodies named by the plan."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency or service")
        COMMITTEE = "committee", _("State committee")
        COMMISSION = "commission", _("Commission")
        COUNCIL = "council", _("Council")
        COURT = "court", _("Court")
        PARLIAMENT = "parliament", _("Parliament")
        OMBUDSMAN = "ombudsman", _("Ombudsman")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        CATEGORY = "category", _("Group of bodies")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("name_ru"),
        FieldPanel("slug"),
        FieldPanel("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("state body", "body")
        verbose_name_plural = pgettext_lazy("state bodies", "bodies")


class BodyAlias(models.Model):
    """One way the plan writes a body's name; `normalised` is what names are matched on."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("text"), max_length=255)
    normalised = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        ordering = ["text"]
        verbose_name = _("body alias")
        verbose_name_plural = _("body aliases")

    def __str__(self) -> str:
        return self.text


class Measure(models.Model):
    """One of the plan's 64 measures: what does not change with the language."""

    code = models.CharField(
        _("code"), max_length=10, unique=True, validators=[measure_code_validator]
    )
    area = models.ForeignKey(
        ThematicArea, on_delete=models.PROTECT, related_name="measures", verbose_name=_("area")
    )
    position = models.PositiveSmallIntegerField(_("position in the area"))
    deadline = models.CharField(_("deadline as written"), max_length=40)
    deadline_start = models.PositiveSmallIntegerField(
        _("deadline start year"), validators=YEAR_VALIDATORS
    )
    deadline_end = models.PositiveSmallIntegerField(
        _("deadline end year"), validators=YEAR_VALIDATORS
    )
    bodies = models.ManyToManyField(Body, through="MeasureBody", related_name="measures")

    class Meta:
        ordering = ["area__number", "position"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline_end__gte=models.F("deadline_start")),
                name="measure_deadline_end_not_before_start",
            ),
            models.UniqueConstraint(fields=["area", "position"], name="measure_unique_position"),
        ]

    def __str__(self) -> str:
        return self.code


class MeasureBody(models.Model):
    class Role(models.TextChoices):
        EXECUTOR = "executor", _("Executor")
        RECOMMENDED = "recommended", _("Recommended to")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="body_roles")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="measure_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)
    written_as = models.CharField(_("written in the plan as"), max_length=255)

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "body", "role"], name="measure_body_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} · {self.get_role_display()} · {self.body}"


class ProgressUpdate(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel
):
    """What was done for a measure, with evidence; written by editors, moderated, revisioned."""

    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("measure"),
    )
    date = models.DateField(_("date"))
    summary = RichTextField(_("what was done"), features=["bold", "italic", "link", "ol", "ul"])
    completes_measure = models.BooleanField(
        _("the measure is complete"),
        default=False,
        help_text=_("Tick only when this update shows the measure fully carried out."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="progress_update")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="progress_update",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("measure"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("completes_measure"),
        MultiFieldPanel(
            [InlinePanel("evidence_links", label=_("Link"))], heading=_("Evidence links")
        ),
        MultiFieldPanel(
            [InlinePanel("evidence_documents", label=_("Document"))],
            heading=_("Evidence documents"),
        ),
    ]
    search_fields = [index.SearchField("summary"), index.FilterField("measure")]

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.measure.code} · {self.date:%Y-%m-%d}"

    @property
    def revisions(self):
        return self._revisions


class ProgressEvidenceLink(Orderable):
    update = ParentalKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence_links")
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("what it shows"), max_length=255)

    panels = [FieldPanel("url"), FieldPanel("title")]


class ProgressEvidenceDocument(Orderable):
    update = ParentalKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="evidence_documents"
    )
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("document")]


class IndicatorSnapshot(models.Model):
    """The last computed value of a registered indicator for a measure."""

    indicator_key = models.CharField(max_length=100)
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="indicator_snapshots"
    )
    value = models.DecimalField(max_digits=14, decimal_places=2)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_key", "measure"], name="indicator_snapshot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_key} · {self.measure}: {self.value}"


# --- Pages -----------------------------------------------------------------------------------


def _one_page_per_language(page, **subject):
    """An area or measure has one page per language; a second would split its links."""
    others = type(page).objects.filter(locale_id=page.locale_id, **subject).exclude(pk=page.pk)
    if page.locale_id and others.exists():
        raise ValidationError(_("This already has a page in this language."))


class PlanPage(RoutablePageMixin, SectionIndexPage):
    """The plan: its dashboard, its areas below it, and the registry of bodies."""

    subpage_types = ["themes.AreaPage"]

    class Meta:
        verbose_name = _("plan page")

    def get_context(self, request, *args, **kwargs):
        from themes.views import plan_dashboard_context  # views import models

        context = super().get_context(request, *args, **kwargs)
        context.update(plan_dashboard_context(request, plan_page=self))
        return context

    @route(r"^bodies/$", name="bodies")
    def bodies_view(self, request):
        from themes.views import body_list

        return body_list(request, plan_page=self)

    @route(r"^bodies/(?P<slug>[-\w]+)/$", name="body")
    def body_view(self, request, slug):
        from themes.views import body_detail

        return body_detail(request, plan_page=self, slug=slug)


class AreaPage(Page):
    area = models.ForeignKey(
        ThematicArea, on_delete=models.PROTECT, related_name="pages", verbose_name=_("area")
    )

    content_panels = [*Page.content_panels, FieldPanel("area")]
    search_fields = [*Page.search_fields]
    api_fields = ["area"]
    parent_page_types = ["themes.PlanPage"]
    subpage_types = ["themes.MeasurePage"]

    class Meta:
        verbose_name = _("thematic area page")

    def clean(self):
        super().clean()
        _one_page_per_language(self, area=self.area_id)

    def get_context(self, request, *args, **kwargs):
        from themes.selectors import measure_pages_with_status

        context = super().get_context(request, *args, **kwargs)
        context["measure_pages"] = measure_pages_with_status(
            self.get_children().live().public().specific()
        )
        return context


class MeasurePage(Page):
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="pages", verbose_name=_("measure")
    )
    text = models.TextField(
        _("text of the measure"),
        help_text=_("As the plan words it. The page title is a shortened form for listings."),
    )
    indicator = models.TextField(_("evaluation indicator"))
    body = RichTextField(
        _("explanation"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        help_text=_("Optional context for readers; the plan's own text is the title."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("measure"),
        FieldPanel("text"),
        FieldPanel("indicator"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("text"),
        index.SearchField("indicator"),
        index.SearchField("body"),
        index.FilterField("measure"),
    ]
    api_fields = ["measure", "text", "indicator", "body"]
    parent_page_types = ["themes.AreaPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("measure page")

    def clean(self):
        super().clean()
        _one_page_per_language(self, measure=self.measure_id)

    def get_context(self, request, *args, **kwargs):
        from themes.selectors import measure_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(measure_detail(self.measure, request=request))
        context["plan_page"] = self.get_ancestors().type(PlanPage).last().specific
        return context
