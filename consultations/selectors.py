"""Reads of consultations, for pages, views, the API and consumers."""

from consultations.models import ConsultationPage


def public_consultations():
    """Published consultation pages a visitor may see, in every language."""
    return ConsultationPage.objects.live().public()


def consultation_source(page: ConsultationPage) -> ConsultationPage:
    """The page in the default language that the discussion of `page` belongs to."""
    return ConsultationPage.objects.source_of(page)


def consultation_for_discussion(consultation_id: int) -> ConsultationPage | None:
    """The published source page with this id, the one a discussion is addressed by."""
    return public_consultations().filter(pk=consultation_id).first()


def consultation_is_visible(*, consultation_id: int, user) -> bool:
    """Whether the consultation exists, is published and `user` may follow its discussion."""
    return public_consultations().filter(pk=consultation_id).exists()


def discussion_cache_paths(consultation: ConsultationPage) -> list[str]:
    """The addresses whose cached answers show the discussion of `consultation` (its source
    page): the page in every language and its API."""
    paths = [f"/api/v1/consultations/{consultation.pk}/"]
    for page in consultation.get_translations(inclusive=True).live().specific(defer=True):
        parts = page.get_url_parts()
        if parts is not None:
            paths.append(parts[2])
    return paths
