"""The action plan as data.

What does not change with the language (codes, deadlines, which body does what) lives in plain
models that other apps link to. Words are translated the one way the platform translates:
Wagtail's `TranslatableMixin` — pages (areas, measures) and snippets (bodies, progress updates)
have one row per language sharing a `translation_key`; Azerbaijani is the source.
"""

import hashlib
import re

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.search import index

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
# The one spelling of a measure code ("5.5"): the model, the plan file and the API use it.
MEASURE_CODE_REGEX = r"[1-9]\d*\.[1-9]\d*"
MEASURE_CODE_PATTERN = re.compile(rf"^{MEASURE_CODE_REGEX}$")
measure_code_validator = RegexValidator(
    MEASURE_CODE_PATTERN.pattern, _("A measure code is an area and a number, such as 5.5.")
)


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    OVERDUE = "overdue", _("Overdue")


class ThematicArea(models.Model):
    """One of the plan's nine areas. Its title, in each language, is its area page's title."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    def __str__(self) -> str:
        return str(self.number)

    @property
    def code(self) -> str:
        return str(self.number)


class Body(TranslatableMixin, models.Model):
    """A state body, council, company, association or group of bodies named by the plan.

    The Azerbaijani row is the body: measures and aliases point at it. Its English and Russian
    rows are translations of the name (Wagtail's "Translate" action on the snippet).
    """

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

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "The body's address on the site; the plan file's key, the same in every language."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # A group of bodies the plan names ("central and local executive authorities") includes
    # bodies (and groups); a measure it names also concerns each of them.
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="categories",
        verbose_name=_("includes"),
        help_text=_(
            "For a group of bodies: the bodies and groups it includes. A measure that names the "
            "group is listed for each of them too."
        ),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug", read_only=True),
        FieldPanel("kind"),
        FieldPanel("members", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = pgettext_lazy("state body", "body")
        verbose_name_plural = pgettext_lazy("state bodies", "bodies")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="body_slug_unique_per_locale")
        ]

    def __str__(self) -> str:
        return self.name


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


class MeasureQuerySet(models.QuerySet):
    def with_page_title(self, language_code: str | None = None):
        """Each measure with `page_title`: its page's title in the language, else in Azerbaijani.

        The words of a measure live in its pages, one per language; the admin shows "5.5. title"
        wherever a measure is listed or chosen, with this one annotation instead of a query per row.
        """
        language_code = language_code or get_language() or settings.LANGUAGE_CODE

        def title_in(code):
            return Subquery(
                self.model.objects.filter(
                    pk=OuterRef("pk"), pages__locale__language_code=code
                ).values("pages__title")[:1]
            )

        return self.annotate(
            page_title=Coalesce(
                title_in(language_code), title_in(settings.LANGUAGE_CODE), Value("")
            )
        )

    def matching(self, text: str):
        """Measures whose code starts with the text, or whose pages hold every word of it."""
        text = text.strip()
        if not text:
            return self
        in_pages = self.model.objects.all()
        for word in text.split():
            in_pages = in_pages.filter(
                Q(pages__title__icontains=word)
                | Q(pages__text__icontains=word)
                | Q(pages__indicator__icontains=word)
            )
        return self.filter(Q(code__startswith=text) | Q(pk__in=in_pages.values("pk")))


class Measure(ClusterableModel):
    """One of the plan's 64 measures: what does not change with the language.

    Editors change its deadline and bodies in the admin; the plan file is where the import
    takes them from, and an editor's change is kept at the next import.
    """

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

    objects = MeasureQuerySet.as_manager()

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
        # "5.5. İctimai şuraların ..." where the title was annotated (Measure.objects
        # .with_page_title()); a bare measure is its code, so that str() never costs a query.
        title = getattr(self, "page_title", "")
        if not title or title.startswith(f"{self.code}. "):
            return title or self.code
        return f"{self.code}. {title}"


class MeasureBody(models.Model):
    class Role(models.TextChoices):
        EXECUTOR = "executor", _("Executor")
        RECOMMENDED = "recommended", _("Recommended to")

    measure = ParentalKey(Measure, on_delete=models.CASCADE, related_name="body_roles")
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="measure_roles",
        verbose_name=pgettext_lazy("state body", "body"),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order among the bodies of the same role.")
    )
    written_as = models.CharField(
        _("written in the plan as"),
        max_length=255,
        help_text=_("The words the plan uses for the body here, shown as they are."),
    )

    panels = [
        FieldPanel("body"),
        FieldPanel("role"),
        FieldPanel("written_as"),
        FieldPanel("position"),
    ]

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "body", "role"], name="measure_body_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} · {self.get_role_display()} · {self.body}"


class ProgressUpdateQuerySet(models.QuerySet):
    def with_workflow_status(self):
        """Each update with `workflow_status`: the status of its latest moderation, or None.

        Wagtail records moderation in WorkflowState rows keyed by content type and a text id; one
        subquery gives the admin's list the state of every row without a query per row.
        """
        latest = WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(self.model),
            object_id=Cast(OuterRef("pk"), models.CharField()),
        ).order_by("-created_at", "-pk")
        return self.annotate(workflow_status=Subquery(latest.values("status")[:1]))


class ProgressUpdate(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    ClusterableModel,
):
    """What was done for a measure, with evidence; written by editors, moderated, revisioned.

    Written in one language and translated like any other snippet; the measure's status counts
    the update once, whichever languages it has.
    """

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

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["-date", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        """What a reviewer needs to recognise the update in a list: the measure, what it
        claims and the beginning of what it says."""
        claim = _("completes the measure") if self.completes_measure else _("progress")
        summary = Truncator(strip_tags(self.summary).strip()).chars(80)
        return f"{self.measure.code} · {claim} · {self.date:%Y-%m-%d} · {summary}"

    def copy_for_translation(self, locale, *args, **kwargs):
        """A new translation is a draft that goes through moderation like any other change.

        The copy is taken from the source's latest revision, which may be a draft still under
        review, and its words are not checked yet; published as it is, it would skip both.
        """
        translation = super().copy_for_translation(locale, *args, **kwargs)
        translation.live = False
        translation.has_unpublished_changes = True
        translation.live_revision = None
        translation.first_published_at = translation.last_published_at = None
        translation.locked, translation.locked_at, translation.locked_by = False, None, None
        return translation

    def get_preview_template(self, request, mode_name):
        return "themes/progress_update_preview.html"

    def serve_preview(self, request, mode_name):
        """In the update's own language, as its measure page would show it."""
        with translation.override(self.locale.language_code if self.locale_id else None):
            return super().serve_preview(request, mode_name).render()

    def get_preview_context(self, request, mode_name):
        """What a moderator needs to judge the update: the measure named in full, beside what
        the update claims and shows."""
        context = super().get_preview_context(request, mode_name)
        context["measure"] = Measure.objects.with_page_title().filter(pk=self.measure_id).first()
        return context

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


class ImportedValue(models.Model):
    """What the plan import last wrote into one field, as a digest.

    A field whose value still has this digest is the import's to update; any other value is an
    editor's change, which the import keeps.
    """

    key = models.CharField(max_length=200, unique=True)
    digest = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def digest_of(value) -> str:
        return hashlib.sha256(str(value).encode("utf-8")).hexdigest()
