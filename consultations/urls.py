from django.urls import path

from consultations import moderation_views

app_name = "consultations"
urlpatterns = [
    # --- Report, answer and pin without JavaScript (cmod) ---
    path(
        "consultations/comments/<int:comment_id>/report/",
        moderation_views.report,
        name="comment_report",
    ),
    path(
        "consultations/comments/<int:comment_id>/answer/",
        moderation_views.answer,
        name="comment_answer",
    ),
    path("consultations/comments/<int:comment_id>/pin/", moderation_views.pin, name="comment_pin"),
]
