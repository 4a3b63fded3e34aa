"""The consultation's stored counters (DiscussionTally), moved by the services that write in the
same transaction as what they count, never recounted per request."""

from django.db.models import F

from consultations.models import DiscussionTally


def tally_add(*, consultation_id: int, **deltas: int) -> None:
    """Move the consultation's stored counters by `deltas`, creating its tally if needed.
    An UPDATE with F() expressions, so concurrent writers add up rather than overwrite."""
    DiscussionTally.objects.get_or_create(consultation_id=consultation_id)
    DiscussionTally.objects.filter(consultation_id=consultation_id).update(
        **{name: F(name) + delta for name, delta in deltas.items()}
    )
