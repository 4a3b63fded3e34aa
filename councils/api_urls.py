from django.urls import path
from rest_framework.routers import SimpleRouter

from councils.api import CouncilViewSet, MeetingViewSet, MinutesViewSet

router = SimpleRouter()
router.register("councils", CouncilViewSet, basename="council")
router.register("meetings", MeetingViewSet, basename="meeting")

urlpatterns = [
    *router.urls,
    # Minutes are reached from their meeting: one object, no list (the router would add one).
    path(
        "minutes/<int:pk>/",
        MinutesViewSet.as_view({"get": "retrieve"}),
        name="minutes-detail",
    ),
]
