"""The one place that names channel-layer groups, so producers and consumers agree."""


def consultation_group(consultation_id: int) -> str:
    return f"consultation.{int(consultation_id)}"
