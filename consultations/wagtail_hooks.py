"""The consultations' additions to the Wagtail admin, one module per screen, registered on
import."""

from consultations import admin_views  # noqa: F401  (registers the budget import's hooks)
