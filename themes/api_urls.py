from rest_framework.routers import SimpleRouter

from themes.api import MeasureViewSet, ThemeViewSet

router = SimpleRouter()
router.register("themes", ThemeViewSet, basename="theme")
router.register("measures", MeasureViewSet, basename="measure")

urlpatterns = router.urls
