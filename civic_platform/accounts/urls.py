from django.urls import path

from civic_platform.accounts import views

app_name = "accounts"

# "account/", the person's own pages, beside allauth's "accounts/" (sign-in, emails, password).
urlpatterns = [
    path("account/", views.profile, name="profile"),
    path("account/data/", views.personal_data_download, name="personal_data"),
    path("account/delete/", views.account_delete_confirm, name="delete"),
    path("account/deleted/", views.account_deleted, name="deleted"),
]
