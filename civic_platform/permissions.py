"""Permission predicates shared by every app, named once."""

ACCESS_ADMIN = "wagtailadmin.access_admin"


def can_access_admin(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm(ACCESS_ADMIN)))
