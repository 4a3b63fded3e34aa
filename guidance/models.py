"""Guidance for NGOs (plan measures 5.2 and 5.3): guides written as steps, and the
"what do I need?" wizard whose questions and rules editors configure.

Each page class holds its whole CMS contract: fields, panels, search fields, parent and
subpage types, and its routes.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from civic_platform.models import SectionIndexPage
from guidance.blocks import GuideStreamBlock, WizardQuestionBlock, WizardRuleBlock
from guidance.wizard import AnswersForm, checklist_items, matching_items, wizard_questions
from themes.models import ServesMeasuresMixin
from themes.models.pages import PlanPageQuerySet

GUIDES_PER_PAGE = 20

LEGAL_REVIEW_HELP = _(
    "While ticked, visitors see a notice that this is sample text not yet checked against the "
    "current law. Untick it once a lawyer has checked the page."
)


class GuidanceQuerySet(PlanPageQuerySet):
    """Live pages no view restriction hides (`visible()`), in one query."""

    def translations_by_key(self, *, translation_keys, locale_id) -> dict[str, Page]:
        pages = self.visible().filter(translation_key__in=translation_keys, locale_id=locale_id)
        return {str(page.translation_key): page for page in pages}


GuidanceManager = PageManager.from_queryset(GuidanceQuerySet)


class GuidanceIndexPage(ServesMeasuresMixin, SectionIndexPage):
    """Guidance: the list of guides and the wizard that says which of their steps one needs."""

    # Simpler registration of NGOs (5.2) and of grant agreements (5.3).
    served_measure_codes = ("5.2", "5.3")

    subpage_types = ["guidance.GuidePage", "guidance.WizardPage"]

    class Meta:
        verbose_name = _("guidance index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = GuidePage.objects.child_of(self).visible().order_by("path")
        context["guides"] = Paginator(guides, GUIDES_PER_PAGE).get_page(request.GET.get("page"))
        context["wizards"] = list(WizardPage.objects.child_of(self).visible().order_by("path"))
        return context


class GuidePage(Page):
    """A guide: what to do, step by step, with where, documents, fees, time limits and law."""

    summary = models.CharField(
        _("summary"),
        max_length=255,
        blank=True,
        help_text=_("One sentence shown in the list of guides."),
    )
    needs_legal_review = models.BooleanField(
        _("needs legal review"), default=True, help_text=LEGAL_REVIEW_HELP
    )
    body = StreamField(GuideStreamBlock(), verbose_name=_("steps"), blank=True)

    objects = GuidanceManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("needs_legal_review"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("needs_legal_review"),
    ]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Steps are numbered across the guide (the wizard's checklist links to `#step-3`).
        numbered, number = [], 0
        for block in self.body:
            if block.block_type == "step":
                number += 1
                numbered.append((block, number))
            else:
                numbered.append((block, None))
        context["numbered_blocks"] = numbered
        return context


class WizardPage(RoutablePageMixin, Page):
    """The "what do I need?" wizard: questions, then a checklist built by the editors' rules.

    The questions are a GET form, so the checklist's address holds the answers: it can be
    shared and printed, and works without JavaScript.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    needs_legal_review = models.BooleanField(
        _("needs legal review"), default=True, help_text=LEGAL_REVIEW_HELP
    )
    questions = StreamField(
        [("question", WizardQuestionBlock())], verbose_name=_("questions"), blank=True
    )
    rules = StreamField([("rule", WizardRuleBlock())], verbose_name=_("rules"), blank=True)

    objects = GuidanceManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("needs_legal_review"),
        FieldPanel("questions"),
        HelpPanel(
            content=_(
                "A rule adds its checklist items when all its conditions hold. A condition "
                "names a question and the answers that satisfy it, by their names in the "
                "address as given above."
            )
        ),
        FieldPanel("rules"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("questions"),
        index.SearchField("rules"),
    ]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("wizard")
        verbose_name_plural = _("wizards")

    def clean(self):
        super().clean()
        options: dict[str, set[str]] = {}
        for question in wizard_questions(self.questions):
            if question.key in options:
                raise ValidationError(
                    {
                        "questions": _("Two questions have the name “%(key)s”.")
                        % {"key": question.key}
                    }
                )
            options[question.key] = {value for value, _label in question.options}
        for rule in self.rules:
            for condition in rule.value["conditions"]:
                key = condition["question"]
                if key not in options:
                    raise ValidationError(
                        {"rules": _("No question has the name “%(key)s”.") % {"key": key}}
                    )
                unknown = sorted(set(condition["answers"]) - options[key])
                if unknown:
                    raise ValidationError(
                        {
                            "rules": _("The question “%(key)s” has no answer “%(value)s”.")
                            % {"key": key, "value": unknown[0]}
                        }
                    )

    @path("", name="questions")
    def questions_view(self, request):
        # Coming back from a checklist to change an answer, the others stay chosen.
        form = AnswersForm(initial=request.GET.dict(), questions=wizard_questions(self.questions))
        return self.render(request, context_overrides={"form": form})

    @path("checklist/", name="checklist")
    def checklist_view(self, request):
        form = AnswersForm(request.GET, questions=wizard_questions(self.questions))
        if not form.is_valid():
            # A mistyped or outdated shared address: say what is wrong and ask again.
            response = self.render(request, context_overrides={"form": form})
            response.status_code = 400
            return response
        items = matching_items(self.rules, form.cleaned_data)
        keys = {str(item["guide"].translation_key) for item in items if item["guide"]}
        guides = GuidePage.objects.translations_by_key(
            translation_keys=keys, locale_id=self.locale_id
        )
        return self.render(
            request,
            template="guidance/wizard_checklist.html",
            context_overrides={
                "form": form,
                "answers": _answer_labels(form),
                "items": checklist_items(items, guides),
            },
        )


def _answer_labels(form) -> list[tuple[str, str]]:
    """(question, chosen answer) as the visitor read them."""
    return [
        (field.label, dict(field.choices)[form.cleaned_data[name]])
        for name, field in form.fields.items()
    ]
