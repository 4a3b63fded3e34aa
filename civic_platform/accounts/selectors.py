"""Reads of a person's account: the profile, their data for download, who may delete."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.utils import timezone

from civic_platform.accounts import registry
from civic_platform.accounts.models import Profile

# Bumped when the download's shape changes, so a reader can tell versions apart.
PERSONAL_DATA_FORMAT = 1


def profile_of(user) -> Profile:
    """The person's profile, or the defaults of one not yet saved (a GET writes nothing)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)


def email_language_of(user) -> str:
    """The language to write to the person in: their choice, Azerbaijani until they make one.

    For many recipients at once, `select_related("profile")` on the users keeps it one query.
    """
    return profile_of(user).preferred_language


def account_overview(user) -> dict:
    """What the profile page shows beside the form, in a fixed number of queries."""
    return {
        "profile": profile_of(user),
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ),
        "has_two_factor": Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists(),
    }


def _isoformat(moment) -> str | None:
    return moment.isoformat() if moment else None


def account_personal_data(user) -> dict:
    """The account app's own part of the download: sign-in data, email addresses, profile and
    second factors, these by type only (their secrets and recovery codes stay out)."""
    profile = profile_of(user)
    return {
        "user": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _isoformat(user.date_joined),
            # The only sign-in record kept: allauth keeps the rest in the session only.
            "last_login": _isoformat(user.last_login),
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "profile": {
            "display_name": profile.display_name,
            "preferred_language": profile.preferred_language,
        },
        "authenticators": [
            {
                "type": authenticator.type,
                "created_at": _isoformat(authenticator.created_at),
                "last_used_at": _isoformat(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }


def personal_data_of(user) -> dict:
    """Everything the platform holds about the person: each registered app's part under its key."""
    data = {
        "format": PERSONAL_DATA_FORMAT,
        "generated_at": timezone.now().isoformat(),
    }
    for provider in registry.personal_data:
        data[provider.key] = provider.collect(user)
    return data


def is_last_superuser(user) -> bool:
    """Without an active superuser nobody could manage editors or the site any more."""
    if not (user.is_superuser and user.is_active):
        return False
    others = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
    return not others.exists()
