"""What goes with a person's account. Their comments stay, signed "Removed account" (the
author is set to None by the database); their endorsements, reports and a block on them go,
through the services that keep the stored counters and the live pages right."""

from django.db import transaction

from consultations.models import AuthorBlock, Comment, CommentReport, Endorsement
from consultations.services.comments import endorsement_remove


@transaction.atomic
def personal_data_delete(user) -> None:
    endorsed = Comment.objects.filter(
        pk__in=Endorsement.objects.filter(user=user).values("comment_id")
    )
    for comment in endorsed:
        endorsement_remove(comment=comment, user=user)
    reported = list(
        Comment.objects.select_for_update().filter(
            pk__in=CommentReport.objects.filter(reporter=user).values("comment_id")
        )
    )
    CommentReport.objects.filter(reporter=user).delete()
    for comment in reported:
        # The stored count is of open reports; a comment already hidden stays for review.
        comment.report_count = CommentReport.objects.filter(
            comment=comment, resolved_at__isnull=True
        ).count()
        comment.save(update_fields=["report_count"])
    AuthorBlock.objects.filter(user=user).delete()
