from django.urls import path

from consultations import api_outcome

urlpatterns = [
    # --- Outcome exports and reports (cmod) ---
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
