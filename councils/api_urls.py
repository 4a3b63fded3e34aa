from rest_framework.routers import SimpleRouter

from councils.api import CouncilViewSet, MeetingViewSet, MinutesViewSet

router = SimpleRouter()
router.register("councils", CouncilViewSet, basename="council")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("minutes", MinutesViewSet, basename="minutes")

urlpatterns = router.urls
