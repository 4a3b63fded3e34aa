"""What other apps tell notifications about their events and objects, without being imported.

An app registers, in its AppConfig.ready():
- event kinds: what happened (a progress update published, a meeting scheduled), with a label
  and description for the preferences page, who hears of it (the followers of the object it
  concerns, or explicit recipients), and its line and link in a language;
- followable models: what a signed-in user may follow (a measure, an organisation).

Registering a kind is one call:

    notifications.register_kind(EventKind(key="...", label=_("..."), description=_("..."),
                                          describe=..., subject=lambda occurrence: ...))
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from civic_platform.registries import KeyedRegistry


class Delivery(TextChoices):
    OFF = "off", _("Off")
    SITE = "site", _("On this site only")
    EMAIL = "email", _("Email at once")
    DIGEST = "digest", _("Daily digest email")


@dataclass(frozen=True)
class EventText:
    summary: str  # one line, in the active language
    url: str  # the page it is about, in the active language: a path or an absolute URL


@dataclass(frozen=True)
class EventKind:
    key: str
    label: str  # lazily translated: named on the preferences page
    description: str  # lazily translated: one sentence under the label
    # describe(occurrence) -> EventText, called once per site language with it active
    describe: Callable[[Any], EventText]
    # subject(occurrence) -> the followed object it concerns; its followers hear of it
    subject: Callable[[Any], models.Model] | None = None
    # recipients(occurrence) -> users who hear of it whether or not they follow anything
    recipients: Callable[[Any], Iterable[Any]] | None = None
    default_delivery: str = Delivery.DIGEST

    def __post_init__(self):
        if self.subject is None and self.recipients is None:
            raise ValueError(f"Event kind {self.key!r} needs a subject or recipients.")
        if self.default_delivery not in Delivery.values:
            raise ValueError(f"Event kind {self.key!r}: unknown delivery.")


@dataclass(frozen=True)
class Followable:
    model: type[models.Model]
    label: str  # lazily translated, e.g. "measure"
    # title(obj) -> how the object is named in lists of what one follows
    title: Callable[[Any], str] = str
    # queryset() -> where the followed objects are read from, all kinds at once (annotate here
    # what `title` needs, so that naming them costs no query per object)
    queryset: Callable[[], models.QuerySet] | None = None

    def objects(self) -> models.QuerySet:
        return self.queryset() if self.queryset is not None else self.model._default_manager.all()

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


class KindRegistry(KeyedRegistry[EventKind]):
    entry_name = "event kind"

    def __getitem__(self, key: str) -> EventKind:
        return self._entries[key]


class FollowableRegistry(KeyedRegistry[Followable]):
    entry_name = "followable model"

    def for_model(self, model) -> Followable | None:
        return self.get(model._meta.label_lower)


kinds = KindRegistry()
followables = FollowableRegistry()


def register_kind(kind: EventKind) -> EventKind:
    return kinds.register(kind)


def register_followable(
    model,
    *,
    label: str,
    title: Callable[[Any], str] = str,
    queryset: Callable[[], models.QuerySet] | None = None,
) -> Followable:
    return followables.register(
        Followable(model=model, label=label, title=title, queryset=queryset)
    )
