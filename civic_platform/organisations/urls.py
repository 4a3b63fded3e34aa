from django.urls import path

from civic_platform.organisations import views

app_name = "organisations"
urlpatterns = [
    path("organisations/manage/", views.my_organisations, name="mine"),
    path("organisations/manage/new/", views.organisation_create, name="create"),
    path("organisations/manage/<slug:slug>/", views.organisation_manage, name="manage"),
    path("organisations/manage/<slug:slug>/members/", views.members, name="members"),
    path(
        "organisations/manage/<slug:slug>/members/invite/",
        views.member_invite,
        name="member_invite",
    ),
    path(
        "organisations/manage/<slug:slug>/members/<int:pk>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "organisations/manage/<slug:slug>/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("organisations/manage/<slug:slug>/leave/", views.member_leave, name="leave"),
    path(
        "organisations/manage/<slug:slug>/visibility/",
        views.member_visibility,
        name="visibility",
    ),
    path(
        "organisations/manage/<slug:slug>/invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "organisations/manage/<slug:slug>/verification/",
        views.verification,
        name="verification",
    ),
    path("organisations/invitations/<str:token>/", views.invitation, name="invitation"),
    path("organisations/documents/<int:pk>/", views.document_download, name="document_download"),
]
