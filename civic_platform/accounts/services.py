"""Writes to a person's account: the profile and the deletion of the account."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civic_platform.accounts import registry
from civic_platform.accounts.models import Profile
from civic_platform.accounts.selectors import is_last_superuser

LAST_SUPERUSER = _(
    "You are the only administrator. Make another person an administrator before you delete "
    "your account."
)


@transaction.atomic
def profile_update(*, user, display_name: str, preferred_language: str) -> Profile:
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    profile.display_name = display_name.strip()
    profile.preferred_language = preferred_language
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def email_language_set(*, user, language: str, only_if_unchosen: bool = False) -> Profile:
    """The language the platform writes to the person in.

    With `only_if_unchosen`, a first guess (the language they were reading in when they first
    followed something) that never replaces a choice they made on their profile.
    """
    profile, created = Profile.objects.select_for_update().get_or_create(
        user=user, defaults={"preferred_language": language}
    )
    if not created and (only_if_unchosen or profile.preferred_language == language):
        return profile
    profile.preferred_language = language
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def account_delete(*, user) -> None:
    """Every registered app lets go of the person's data, then the user and what hangs on it
    (email addresses, authenticators, profile) go; content they published stays, its author
    shown as a removed account. All or nothing: a failing handler leaves the account whole."""
    # Locked, so two administrators deleting themselves at once cannot both be "not the last".
    superusers = get_user_model().objects.filter(is_superuser=True, is_active=True)
    list(superusers.select_for_update().values_list("pk", flat=True))
    if is_last_superuser(user):
        raise ValidationError(LAST_SUPERUSER, code="last_superuser")
    for handler in registry.deletion_handlers:
        handler.delete(user)
    user.delete()
