"""The parts editors build guides and the wizard from. Each block renders with its own template.

Answer keys and option values are part of the wizard's shareable addresses, so they are
identifiers (`org_kind=public_union`) that stay the same in every language; only the labels
are translated.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

IDENTIFIER = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Use lower-case Latin letters, digits and _ only, starting with a letter."),
)
KEEP_IN_TRANSLATIONS = _(
    "Keep it the same in every translation: shared checklist addresses contain it."
)
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


class LegalBasisBlock(blocks.StructBlock):
    law = blocks.CharBlock(label=_("law"), max_length=255)
    article = blocks.CharBlock(
        label=_("article"), max_length=100, required=False, help_text=_("For example: 12.3")
    )
    url = blocks.URLBlock(label=_("link to the text of the law"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("legal basis")
        template = "guidance/blocks/legal_basis.html"


class StepBlock(blocks.StructBlock):
    """One thing to do: where, with which documents, at what cost, how long it takes, and why."""

    title = blocks.CharBlock(label=_("what to do"), max_length=255)
    description = blocks.RichTextBlock(label=_("how"), features=RICH_TEXT_FEATURES, required=False)
    authority = blocks.CharBlock(label=_("where: authority"), max_length=255, required=False)
    address = blocks.TextBlock(label=_("where: address"), required=False)
    online_service = blocks.URLBlock(label=_("where: online service"), required=False)
    documents = blocks.ListBlock(
        blocks.CharBlock(max_length=255), label=_("required documents"), default=[]
    )
    fees = blocks.CharBlock(label=_("fees"), max_length=255, required=False)
    time_limit = blocks.CharBlock(label=_("time limits"), max_length=255, required=False)
    legal_basis = blocks.ListBlock(LegalBasisBlock(), label=_("legal basis"), default=[])
    templates = blocks.ListBlock(
        DocumentChooserBlock(), label=_("templates to download"), default=[]
    )

    class Meta:
        icon = "list-ol"
        label = _("step")
        template = "guidance/blocks/step.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=255)
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("question and answer")
        template = "guidance/blocks/question_answer.html"


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("heading"), max_length=255, required=False, help_text=_("Empty: “Questions”.")
    )
    questions = blocks.ListBlock(QuestionAnswerBlock(), label=_("questions"))

    class Meta:
        icon = "help"
        label = _("frequently asked questions")
        template = "guidance/blocks/faq.html"


class GuideStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("text"),
        features=["h2", "h3", *RICH_TEXT_FEATURES],
        template="guidance/blocks/text.html",
        icon="pilcrow",
    )
    step = StepBlock()
    faq = FaqBlock()


class AnswerOptionBlock(blocks.StructBlock):
    value = blocks.CharBlock(
        label=_("value in the address"), validators=[IDENTIFIER], help_text=KEEP_IN_TRANSLATIONS
    )
    label = blocks.CharBlock(label=_("answer"), max_length=255)

    class Meta:
        icon = "radio-full"
        label = _("answer option")


class WizardQuestionBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        label=_("name in the address"), validators=[IDENTIFIER], help_text=KEEP_IN_TRANSLATIONS
    )
    question = blocks.CharBlock(label=_("question"), max_length=255)
    help_text = blocks.CharBlock(label=_("explanation"), max_length=500, required=False)
    options = blocks.ListBlock(AnswerOptionBlock(), label=_("answer options"), min_num=2)

    class Meta:
        icon = "help"
        label = _("question")
        template = "guidance/blocks/wizard_question.html"


class ConditionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        label=_("question (its name in the address)"), validators=[IDENTIFIER]
    )
    answers = blocks.ListBlock(
        blocks.CharBlock(validators=[IDENTIFIER]),
        label=_("any of these answers (their values in the address)"),
        min_num=1,
    )

    class Meta:
        icon = "tick"
        label = _("condition")


class ChecklistItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("what to do or have"), max_length=255)
    description = blocks.RichTextBlock(
        label=_("details"), features=RICH_TEXT_FEATURES, required=False
    )
    guide = blocks.PageChooserBlock(
        label=_("guide"), page_type="guidance.GuidePage", required=False
    )
    step_number = blocks.IntegerBlock(
        label=_("step of the guide"),
        min_value=1,
        required=False,
        help_text=_("Links to this step of the chosen guide; empty links to the guide."),
    )
    documents = blocks.ListBlock(
        DocumentChooserBlock(), label=_("documents to download"), default=[]
    )
    fee = blocks.CharBlock(label=_("fee"), max_length=255, required=False)

    class Meta:
        icon = "tick-inverse"
        label = _("checklist item")
        template = "guidance/blocks/checklist_item.html"


class WizardRuleBlock(blocks.StructBlock):
    """If every condition holds (no condition: always), the checklist gets these items."""

    conditions = blocks.ListBlock(
        ConditionBlock(),
        label=_("conditions (all must hold; none: the items are always added)"),
        default=[],
    )
    items = blocks.ListBlock(ChecklistItemBlock(), label=_("checklist items"), min_num=1)

    class Meta:
        icon = "cogs"
        label = _("rule")
