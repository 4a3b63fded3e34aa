"""Helpers for data migrations.

Migrations run from an empty database and keep running for as long as the project does, so
this module must stay stable: it touches models only through `apps.get_model` (the historical
models of the migration calling it) and imports nothing of the project.
"""

GroupGrants = dict[str, dict[str, list[str]]]


def _existing_groups(Group, grants: GroupGrants):
    """The groups named in `grants` that exist, each with its grants. A group that does not
    exist is left alone: an installation may have renamed or removed it."""
    for group_name, models in grants.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            yield group, models


def grant_group_permissions(app_label: str, grants: GroupGrants):
    """A pair of RunPython functions, (forward, backward), that give Wagtail's groups
    permissions on an app's models and take them back.

    `grants` maps a group's name to {model name: [action, ...]}, e.g.
    {"Moderators": {"organisation": ["view"]}} for `organisations.view_organisation`. The
    permissions and content types are created here when missing, since Django creates them only
    after all migrations have run.
    """

    def grant(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        ContentType = apps.get_model("contenttypes", "ContentType")
        for group, models in _existing_groups(Group, grants):
            for model, actions in models.items():
                content_type, _ = ContentType.objects.get_or_create(
                    app_label=app_label, model=model
                )
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
        for group, models in _existing_groups(Group, grants):
            for model, actions in models.items():
                group.permissions.remove(
                    *Permission.objects.filter(
                        content_type__app_label=app_label,
                        codename__in=[f"{action}_{model}" for action in actions],
                    )
                )

    return grant, revoke
