"""The plan's data (plan.py) and its pages (pages.py)."""

from themes.models.pages import (
    AreaPage,
    MeasurePage,
    PlanPage,
    ServesMeasuresMixin,
    measure_short_title,
)
from themes.models.plan import (
    MEASURE_CODE_PATTERN,
    MEASURE_CODE_REGEX,
    Body,
    BodyAlias,
    ImportedValue,
    IndicatorSnapshot,
    Measure,
    MeasureBody,
    MeasureStatus,
    ProgressEvidenceDocument,
    ProgressEvidenceLink,
    ProgressUpdate,
    ThematicArea,
)

__all__ = [
    "MEASURE_CODE_PATTERN",
    "MEASURE_CODE_REGEX",
    "AreaPage",
    "Body",
    "BodyAlias",
    "ImportedValue",
    "IndicatorSnapshot",
    "Measure",
    "MeasureBody",
    "MeasurePage",
    "MeasureStatus",
    "PlanPage",
    "ProgressEvidenceDocument",
    "ProgressEvidenceLink",
    "ProgressUpdate",
    "ServesMeasuresMixin",
    "ThematicArea",
    "measure_short_title",
]
