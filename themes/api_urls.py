from rest_framework.routers import SimpleRouter

from themes.api import BodyViewSet, MeasureViewSet, ThemeViewSet

router = SimpleRouter()
router.register("themes", ThemeViewSet, basename="theme")
router.register("measures", MeasureViewSet, basename="measure")
router.register("bodies", BodyViewSet, basename="body")

urlpatterns = router.urls
