from rest_framework.routers import SimpleRouter

from civic_platform.organisations.api import OrganisationViewSet

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
