"""How content shows its author, including an author whose account was deleted.

Content a person publishes keeps its author as a nullable foreign key with
on_delete=SET_NULL (see `author_field`), so deleting the account keeps the content and only
detaches it; wherever the author is shown, `author_name` (or the `author_name` template filter
of `accounts_tags`) says "Removed account" for such content.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

REMOVED_ACCOUNT = _("Removed account")
UNNAMED_PARTICIPANT = _("Participant")


def author_field(**kwargs) -> models.ForeignKey:
    """The author of published content: kept as None when the author's account is deleted."""
    options = {
        "null": True,
        "blank": True,
        "on_delete": models.SET_NULL,
        "related_name": "+",
        "verbose_name": _("author"),
        **kwargs,
    }
    return models.ForeignKey(settings.AUTH_USER_MODEL, **options)


def author_removed(user) -> bool:
    return user is None


def author_name(user) -> str:
    """The name shown publicly for an author: never the email address, which stays private.

    Reads `user.profile`: a list of authored content should `select_related("author__profile")`
    to keep its query count flat.
    """
    if author_removed(user):
        return str(REMOVED_ACCOUNT)
    try:
        display_name = user.profile.display_name
    except models.ObjectDoesNotExist:
        display_name = ""
    return display_name or str(UNNAMED_PARTICIPANT)
