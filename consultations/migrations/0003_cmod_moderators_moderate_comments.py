"""Wagtail's "Moderators" work the comment moderation queue in a new installation (hide,
restore, block authors). Administrators change this in Settings → Groups; a group that does
not exist is left alone."""

from django.db import migrations

MODERATORS = {"comment": ["moderate"]}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="Moderators").first()
    if group is None:
        return
    for model, actions in MODERATORS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="consultations", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}s"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Moderators").first()
    if group is None:
        return
    for model, actions in MODERATORS.items():
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="consultations",
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_discussion"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
