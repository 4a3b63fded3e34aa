"""The wizard's questions as a form, and its rules turned into a checklist.

The answers travel in the address (`?org_kind=public_union&grant=foreign_donor`), so a
checklist can be shared, bookmarked and cached like any other page; nothing is stored.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help_text: str
    options: tuple[tuple[str, str], ...]


@dataclass
class ChecklistItem:
    title: str
    description: object  # rich text
    guide: object | None  # the guide page in the visitor's language
    step_number: int | None
    documents: list = field(default_factory=list)
    fee: str = ""

    @property
    def anchor(self) -> str:
        return f"#step-{self.step_number}" if self.step_number else ""


def wizard_questions(stream) -> list[Question]:
    return [
        Question(
            key=block.value["key"],
            text=block.value["question"],
            help_text=block.value["help_text"],
            options=tuple((option["value"], option["label"]) for option in block.value["options"]),
        )
        for block in stream
    ]


class AnswersForm(forms.Form):
    """One radio group per question; every question needs one of its own answers."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=question.options,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose one of the answers to this question."),
                    "invalid_choice": _(
                        "“%(value)s” is not one of the answers to this question; choose one "
                        "of those below."
                    ),
                },
            )


def matching_items(rules, answers: dict[str, str]) -> list[dict]:
    """The items of every rule whose conditions all hold, in the editors' order, once each."""
    items = []
    for rule in rules:
        if all(
            answers.get(condition["question"]) in list(condition["answers"])
            for condition in rule.value["conditions"]
        ):
            items.extend(rule.value["items"])
    return items


def checklist_items(
    items: list[dict], guides_in_language: dict[str, object]
) -> list[ChecklistItem]:
    """The checklist as shown: each linked guide replaced by its page in the visitor's
    language (`guides_in_language` by translation key), or dropped when it has none."""
    shown = []
    for item in items:
        guide = item["guide"]
        shown.append(
            ChecklistItem(
                title=item["title"],
                description=item["description"],
                guide=guides_in_language.get(str(guide.translation_key)) if guide else None,
                step_number=item["step_number"],
                documents=list(item["documents"]),
                fee=item["fee"],
            )
        )
    return shown
