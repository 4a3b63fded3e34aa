"""Wagtail's "Moderators" work the comment moderation queue in a new installation (hide,
restore, block authors). Administrators change this in Settings → Groups; a group that does
not exist is left alone."""

from django.db import migrations

from civic_platform.migration_tools import grant_group_permissions

MODERATORS = {"comment": ["moderate"]}


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_discussion"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(*grant_group_permissions("consultations", {"Moderators": MODERATORS}))
    ]
