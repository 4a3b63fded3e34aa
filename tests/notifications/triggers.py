"""How each registered kind of event happens for real, for the tests that deliver every kind.

Each later app adds its kinds here: trigger(recipient) makes `recipient` someone who should hear
of the event (following what it concerns, or being its explicit recipient), then does what
raises it the way the app does, and returns a piece of text the notification must show.
"""

from civic_platform.notifications import services
from tests.factories import ProgressUpdateFactory
from themes.models import Measure
from themes.notifications import PROGRESS_UPDATE_PUBLISHED


def publish_progress_update(recipient, *, code="5.5", words="Yeni hesabat dərc olundu") -> str:
    measure = Measure.objects.get(code=code)
    services.follow(user=recipient, obj=measure)
    update = ProgressUpdateFactory(measure=measure, live=False, summary=f"<p>{words}</p>")
    # The path every approval ends in: a revision published.
    update.save_revision().publish()
    return words


TRIGGERS = {
    PROGRESS_UPDATE_PUBLISHED: publish_progress_update,
}
