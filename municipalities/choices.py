"""The fixed lists of values municipalities and budget reports use, shared by models, the
import, filters and the API. The values are what the command and the API take."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("City municipality")
    SETTLEMENT = "settlement", _("Settlement municipality")
    VILLAGE = "village", _("Village municipality")
    # Several villages or settlements that elect one municipality.
    JOINT = "joint", _("Joint municipality")


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft budget")
    APPROVED = "approved", _("Approved budget")
    Q1 = "q1", _("Execution, first quarter")
    Q2 = "q2", _("Execution, first half-year")
    Q3 = "q3", _("Execution, nine months")
    ANNUAL = "annual", _("Annual execution")


# A budget has no execution yet; an execution report carries what was executed.
PLAN_STAGES = (Stage.DRAFT, Stage.APPROVED)
EXECUTION_STAGES = (Stage.Q1, Stage.Q2, Stage.Q3, Stage.ANNUAL)


class LineKind(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    EXPENDITURE = "expenditure", _("Expenditure")


class Category(models.TextChoices):
    """Revenue by source, expenditure by function (the sections of the functional
    classification of Azerbaijan's budget). `other` is either kind's remainder."""

    LOCAL_TAXES = "local_taxes", _("Local taxes")
    LOCAL_PAYMENTS = "local_payments", _("Local payments")
    TRANSFERS = "transfers", _("Transfers from the state budget")
    GENERAL_SERVICES = "general_services", _("General public services")
    DEFENCE = "defence", _("Defence")
    PUBLIC_ORDER = "public_order", _("Courts, law enforcement and public order")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    SOCIAL_PROTECTION = "social_protection", _("Social protection and social security")
    CULTURE = "culture", _("Culture, sport, youth and information")
    HOUSING = "housing", _("Housing and communal services")
    ENERGY = "energy", _("Fuel and energy")
    AGRICULTURE = "agriculture", _("Agriculture and environmental protection")
    INDUSTRY = "industry", _("Industry and construction")
    TRANSPORT = "transport", _("Transport and communication")
    ECONOMIC_ACTIVITY = "economic_activity", _("Economic activity")
    OTHER = "other", _("Other")


REVENUE_CATEGORIES = (
    Category.LOCAL_TAXES,
    Category.LOCAL_PAYMENTS,
    Category.TRANSFERS,
    Category.OTHER,
)
# The first two digits of an expenditure line's code name its section of the functional
# classification; section 14 ("not attributed to the main sections") and any other are `other`.
FUNCTION_SECTIONS = {
    "01": Category.GENERAL_SERVICES,
    "02": Category.DEFENCE,
    "03": Category.PUBLIC_ORDER,
    "04": Category.EDUCATION,
    "05": Category.HEALTH,
    "06": Category.SOCIAL_PROTECTION,
    "07": Category.CULTURE,
    "08": Category.HOUSING,
    "09": Category.ENERGY,
    "10": Category.AGRICULTURE,
    "11": Category.INDUSTRY,
    "12": Category.TRANSPORT,
    "13": Category.ECONOMIC_ACTIVITY,
}
# The first digit of a revenue line's code names its source.
REVENUE_GROUPS = {
    "1": Category.LOCAL_TAXES,
    "2": Category.LOCAL_PAYMENTS,
    "3": Category.TRANSFERS,
}
EXPENDITURE_CATEGORIES = (*FUNCTION_SECTIONS.values(), Category.OTHER)
