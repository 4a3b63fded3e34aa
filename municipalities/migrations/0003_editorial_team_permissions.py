"""Wagtail's "Editors" and "Moderators" keep the municipal registry and upload and publish the
budget reports of every municipality in a new installation; a municipality's own editors get
the same for their municipality alone through its editor group (municipalities/rules.py).
Administrators change this in Settings → Groups; a group that does not exist is left alone."""

from django.db import migrations

from civic_platform.migration_tools import grant_group_permissions

SITE_WIDE = {
    "municipality": ["add", "change", "view"],
    "budgetreport": ["add", "change", "view", "publish"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0002_registry_budget_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(
            *grant_group_permissions(
                "municipalities", {"Editors": SITE_WIDE, "Moderators": SITE_WIDE}
            )
        )
    ]
