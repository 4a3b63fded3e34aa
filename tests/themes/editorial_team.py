"""An editorial team as an installation has one: editors write progress updates, moderators
approve them. Wagtail's own "Editors" and "Moderators" groups; the "Moderators approval"
workflow names the second."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission

from tests.factories import UserFactory
from themes.models import MeasurePage

EDITOR_PERMISSIONS = (
    ("themes", "add_progressupdate"),
    ("themes", "change_progressupdate"),
    ("simple_translation", "submit_translation"),
)
MODERATOR_PERMISSIONS = (
    ("themes", "change_progressupdate"),
    ("themes", "publish_progressupdate"),
)


def team_member(group_name: str, permissions) -> tuple:
    """A staff member of the group with an authenticator; returns the user and its secret."""
    group = Group.objects.get(name=group_name)
    for app_label, codename in permissions:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def editor() -> tuple:
    return team_member("Editors", EDITOR_PERMISSIONS)


def moderator() -> tuple:
    return team_member("Moderators", MODERATOR_PERMISSIONS)


def measure_title(code, language="az"):
    """The measure page's title, without the code it may start with."""
    title = MeasurePage.objects.get(measure__code=code, locale__language_code=language).title
    return title.removeprefix(f"{code}. ")
