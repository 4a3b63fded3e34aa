from django.urls import path
from rest_framework.routers import SimpleRouter

from municipalities.api import BudgetDataPackageView, BudgetReportViewSet, MunicipalityViewSet

router = SimpleRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("budgets", BudgetReportViewSet, basename="budget-report")

urlpatterns = [
    *router.urls,
    path(
        "budgets/<int:pk>/datapackage.json",
        BudgetDataPackageView.as_view(),
        name="budget-report-datapackage",
    ),
]
