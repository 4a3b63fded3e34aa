"""The editorial team can run the plan in a new installation: Wagtail's "Editors" write progress
updates and keep measures and bodies up to date; its "Moderators" also publish and delete.
Administrators change these in Settings → Groups; a group that does not exist is left alone."""

from django.db import migrations

from civic_platform.migration_tools import grant_group_permissions

EDITORS = {
    "progressupdate": ["add", "change", "view"],
    "measure": ["change", "view"],
    "body": ["add", "change", "view"],
}
MODERATORS = {
    "progressupdate": ["add", "change", "delete", "publish", "lock", "view"],
    "measure": ["change", "view"],
    "body": ["add", "change", "delete", "view"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0005_editable_measures"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(
            *grant_group_permissions("themes", {"Editors": EDITORS, "Moderators": MODERATORS})
        )
    ]
