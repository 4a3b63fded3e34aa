"""Who may do what with municipalities and their budget reports, in one place.

    view     a municipality: everyone; a report: everyone once published, before that only
             those who may upload it
    edit     the municipality's data and its reports' notes and documents
    upload   a budget file, as a new report or a new revision of one
    publish  make a report public (or withdraw it)

Site-wide, Wagtail's "Editors" and "Moderators" hold the app's permissions (migration 0003) and
act for every municipality. A municipality's own editors are the members of its editor group
and act for it alone. Views, the API, the admin, services and commands ask
`can(user, ACTION, obj)`; obj is a Municipality or a BudgetReport.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from municipalities.models import BudgetReport, Municipality

VIEW = "municipalities.view"
EDIT = "municipalities.edit"
UPLOAD = "municipalities.upload"
PUBLISH = "municipalities.publish"
ACTIONS = (VIEW, EDIT, UPLOAD, PUBLISH)

# Django permissions held by the site-wide editorial groups.
SITE_WIDE_PERMISSION = "municipalities.change_budgetreport"
PUBLISH_PERMISSION = "municipalities.publish_budgetreport"


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def edits_site_wide(user) -> bool:
    return _active(user) and (user.is_superuser or user.has_perm(SITE_WIDE_PERMISSION))


def _group_ids(user) -> set[int]:
    cache = user.__dict__
    if "_municipality_group_ids" not in cache:
        cache["_municipality_group_ids"] = set(user.groups.values_list("pk", flat=True))
    return cache["_municipality_group_ids"]


def is_municipality_editor(user, municipality: Municipality) -> bool:
    """A member of the municipality's editor group (its translations share the group)."""
    return (
        _active(user)
        and municipality.editor_group_id is not None
        and municipality.editor_group_id in _group_ids(user)
    )


def editable_municipalities(user):
    """The municipalities (Azerbaijani rows) the user may upload for."""
    municipalities = Municipality.objects.in_source_language()
    if edits_site_wide(user):
        return municipalities
    if not _active(user):
        return municipalities.none()
    return municipalities.filter(editor_group__in=_group_ids(user))


def can(user, action: str, obj) -> bool:
    report = obj if isinstance(obj, BudgetReport) else None
    municipality = report.municipality if report is not None else obj
    may_upload = edits_site_wide(user) or is_municipality_editor(user, municipality)
    if action == VIEW:
        return may_upload if report is not None and not report.is_published else True
    if action in (EDIT, UPLOAD):
        return may_upload
    if action == PUBLISH:
        return (_active(user) and (user.is_superuser or user.has_perm(PUBLISH_PERMISSION))) or (
            is_municipality_editor(user, municipality)
        )
    raise ValueError(f"Unknown action {action!r}")


class MunicipalityPermissionPolicy(ModelPermissionPolicy):
    """The registry in the admin (the Municipality snippet): the site-wide editorial groups act
    by their Django permissions on every municipality; a municipality's own editors change and
    see there only their municipality, in every language, and never add or delete one."""

    OWN_ACTIONS = ("change", "view")

    def _site_wide(self, user, action) -> bool:
        return _active(user) and super().user_has_permission(user, action)

    def user_has_permission(self, user, action):
        if self._site_wide(user, action):
            return True
        return action in self.OWN_ACTIONS and bool(_active(user) and _editor_group_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if self._site_wide(user, action):
            return True
        return action in self.OWN_ACTIONS and is_municipality_editor(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self._site_wide(user, action) for action in actions):
            return Municipality.objects.all()
        if not set(actions) & set(self.OWN_ACTIONS) or not _active(user):
            return Municipality.objects.none()
        return Municipality.objects.filter(editor_group__in=_group_ids(user))


def _editor_group_ids(user) -> set[int]:
    """The user's groups that are a municipality's editor group."""
    groups = _group_ids(user)
    return set(
        Municipality.objects.filter(editor_group__in=groups).values_list("editor_group", flat=True)
    )
