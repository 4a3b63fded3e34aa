"""Signed unsubscribe links: they work without signing in, for as long as the email is kept."""

from django.core import signing

_SALT = "civic_platform.notifications.unsubscribe"
ALL_KINDS = "*"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(user id, kind or ALL_KINDS), or None for a token this site did not sign."""
    try:
        user_id, kind = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind
