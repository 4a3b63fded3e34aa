from django.urls import path
from rest_framework.routers import SimpleRouter

from consultations import api_outcome
from consultations.api import ConsultationViewSet
from consultations.api_comments import (
    CommentDetailView,
    CommentEndorsementView,
    CommentListView,
    CommentWithdrawView,
)

# --- The discussion (comments) ---------------------------------------------------------------
comment_urlpatterns = [
    path(
        "consultations/<int:consultation_id>/comments/",
        CommentListView.as_view(),
        name="consultation-comments",
    ),
    path(
        "consultations/<int:consultation_id>/comments/<int:comment_id>/",
        CommentDetailView.as_view(),
        name="consultation-comment",
    ),
    path(
        "consultations/<int:consultation_id>/comments/<int:comment_id>/withdraw/",
        CommentWithdrawView.as_view(),
        name="consultation-comment-withdraw",
    ),
    path(
        "consultations/<int:consultation_id>/comments/<int:comment_id>/endorsement/",
        CommentEndorsementView.as_view(),
        name="consultation-comment-endorsement",
    ),
]

# --- Consultations ---------------------------------------------------------------------------
router = SimpleRouter()
router.register("consultations", ConsultationViewSet, basename="consultation")

outcome_urlpatterns = [
    path(
        "consultations/<int:consultation_id>/outcome/comments/",
        api_outcome.PublicOutcomeCommentsView.as_view(),
        name="consultation-outcome-comments",
    ),
    path(
        "consultations/<int:consultation_id>/outcome/comments/full/",
        api_outcome.FullOutcomeCommentsView.as_view(),
        name="consultation-outcome-comments-full",
    ),
    path(
        "comments/<int:comment_id>/report/",
        api_outcome.CommentReportView.as_view(),
        name="comment-report",
    ),
]

urlpatterns = [*router.urls, *comment_urlpatterns, *outcome_urlpatterns]
