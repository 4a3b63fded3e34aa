from django.urls import path

from consultations import moderation_views, views

app_name = "consultations"
# The discussion's forms without JavaScript, under the reader's language prefix.
urlpatterns = [
    path("discussion/<int:consultation_id>/comments/", views.comment_post, name="comment_post"),
    path(
        "discussion/<int:consultation_id>/comments/<int:comment_id>/edit/",
        views.comment_edit_view,
        name="comment_edit",
    ),
    path(
        "discussion/<int:consultation_id>/comments/<int:comment_id>/withdraw/",
        views.comment_withdraw_view,
        name="comment_withdraw",
    ),
    path(
        "discussion/<int:consultation_id>/comments/<int:comment_id>/endorse/",
        views.comment_endorse_view,
        name="comment_endorse",
    ),
    # A comment's permanent address: search results and shared links lead here.
    path(
        "discussion/comments/<int:comment_id>/",
        views.comment_permalink,
        name="comment_permalink",
    ),
    # --- Report, answer and pin without JavaScript  ---
    path(
        "discussion/comments/<int:comment_id>/report/",
        moderation_views.report,
        name="comment_report",
    ),
    path(
        "discussion/comments/<int:comment_id>/answer/",
        moderation_views.answer,
        name="comment_answer",
    ),
    path("discussion/comments/<int:comment_id>/pin/", moderation_views.pin, name="comment_pin"),
]
