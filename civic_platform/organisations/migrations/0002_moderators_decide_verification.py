"""Wagtail's "Moderators" decide organisations' verification requests in a new installation.
Administrators change this in Settings → Groups; a group that does not exist is left alone."""

from django.db import migrations

from civic_platform.migration_tools import grant_group_permissions

MODERATORS = {
    "verificationrequest": ["view", "decide"],
    "organisation": ["view"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(*grant_group_permissions("organisations", {"Moderators": MODERATORS}))
    ]
