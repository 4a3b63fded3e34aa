"""The councils' demonstration content, found by `load_demo_content` (make run only)."""

from civic_platform.services import StructureReport
from councils.services import demo_councils_ensure


def demo_content_ensure() -> StructureReport:
    return StructureReport(created=demo_councils_ensure())
