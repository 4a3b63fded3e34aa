"""Reads of consultations, for views, the API and consumers."""


def consultation_is_visible(*, consultation_id: int, user) -> bool:
    """Whether the consultation exists and `user` may follow it.

    No consultation exists yet (the model comes with the consultations issue), so none is.
    """
    return False
