"""The editorial team can run the plan in a new installation: Wagtail's "Editors" write progress
updates and keep measures and bodies up to date; its "Moderators" also publish and delete.
Administrators change these in Settings → Groups; a group that does not exist is left alone."""

from django.db import migrations

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


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, grants in (("Editors", EDITORS), ("Moderators", MODERATORS)):
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in grants.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="themes", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in (("Editors", EDITORS), ("Moderators", MODERATORS)):
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in grants.items():
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="themes",
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0005_editable_measures"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
