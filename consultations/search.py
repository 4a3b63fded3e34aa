"""The consultations' searchable documents, registered with `search` in
ConsultationsConfig.ready():

- `consultation`: a consultation page in one language with its sections and budget lines;
- `comment`: a visible comment of a published consultation;
- `answer`: the owning body's official answer to a visible comment.

Comments and answers belong to the consultation's source page (the discussion is one for
every language, and every translation of the page shows it): each is one document in every
language the consultation is published in, linking to the comment's permanent address in that
language, which opens the discussion at it. Their text is their own words
only: the consultation's title would make every comment match a search for it (the
consultation's measures, owner and year are their facets instead). A comment hidden, pending review
or withdrawn, and everything of a consultation not published or closed to the public, has no
record, so it leaves the index when its change is drained. Records are built a batch at a time
in a fixed number of queries.
"""

from html import unescape

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from civic_platform.organisations.models import Kind as OrganisationKind
from civic_platform.organisations.models import Organisation
from consultations.choices import AnswerOutcome, CommentStatus, ConsultationStatus
from consultations.models import Comment, ConsultationPage, ConsultationSection, OfficialAnswer
from search.pages import view_restriction_dependency
from search.registry import Dependency, DocumentType, SearchRecord, documents, facet_labels
from search.services import search_objects_changed

CONSULTATION = "consultation"
COMMENT = "comment"
ANSWER = "answer"
# A comment has no title of its own: its first words stand for it in a list of results.
TITLE_WORDS = 14


def _int_ids(object_ids) -> list[int]:
    return [int(object_id) for object_id in object_ids if str(object_id).isdigit()]


def _joined(*parts) -> str:
    return "\n".join(part for part in parts if part)


def _plain(markup: str) -> str:
    """The words of stored HTML as a reader sees them: no tags, entities as their characters."""
    return unescape(strip_tags(markup or ""))


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def _owner_facets(organisation) -> dict[str, tuple[str, ...]]:
    """The body or municipality that owns the consultation, as a facet."""
    if organisation is None:
        return {}
    name = "municipality" if organisation.kind == OrganisationKind.MUNICIPALITY else "body"
    return {name: (organisation.slug,)}


def _measure_codes(pages) -> dict[int, list[str]]:
    codes: dict[int, list[str]] = {}
    rows = ConsultationPage.measures.through.objects.filter(consultationpage__in=pages).values_list(
        "consultationpage_id", "measure__code"
    )
    for page_id, code in rows:
        codes.setdefault(page_id, []).append(code)
    return codes


def _consultation_facets(page, codes: dict[int, list[str]]) -> dict[str, tuple[str, ...]]:
    year = page.fiscal_year or (_local_date(page.opens_at).year if page.opens_at else None)
    return {
        **_owner_facets(page.owner_organisation),
        "measure": tuple(sorted(codes.get(page.pk, []))),
        "year": (str(year),) if year else (),
    }


# --- Consultations ----------------------------------------------------------------------------


def consultation_records(object_ids):
    pages = list(
        ConsultationPage.objects.live()
        .public()
        .filter(pk__in=_int_ids(object_ids))
        .select_related("locale", "owner_organisation")
    )
    sections: dict[int, list[str]] = {}
    for page_id, number, title, text in ConsultationSection.objects.filter(
        page__in=pages
    ).values_list("page_id", "number", "title", "text"):
        sections.setdefault(page_id, []).append(_joined(f"{number} {title}".strip(), text))
    codes = _measure_codes(pages)
    now = timezone.now()
    for page in pages:
        yield SearchRecord(
            object_id=str(page.pk),
            language=page.locale.language_code,
            title=page.title,
            body=_joined(
                page.owner_organisation.name,
                _plain(page.summary),
                *sections.get(page.pk, []),
            ),
            url=page.get_url() or "",
            date=_local_date(page.opens_at),
            facets={**_consultation_facets(page, codes), "status": (page.status_at(now),)},
        )


# --- Comments and answers ---------------------------------------------------------------------


def _visible_comments(comment_filter: dict):
    """Visible comments of published consultations a visitor may open, with their page."""
    public_pages = ConsultationPage.objects.live().public().values("pk")
    return (
        Comment.objects.filter(
            status=CommentStatus.VISIBLE, consultation__in=public_pages, **comment_filter
        )
        .select_related("consultation__locale", "consultation__owner_organisation")
        .defer("consultation__summary")
    )


def _translations(comments) -> dict[str, list[ConsultationPage]]:
    """The published translations (the source page included) of the comments' consultations,
    by translation key: the discussion is one, shown on the consultation in every language."""
    keys = {comment.consultation.translation_key for comment in comments}
    pages: dict[str, list[ConsultationPage]] = {}
    for page in (
        ConsultationPage.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .select_related("locale")
        .only("pk", "translation_key", "locale")
    ):
        pages.setdefault(page.translation_key, []).append(page)
    return pages


def comment_url(comment: Comment, language: str) -> str:
    """The comment's permanent address in one language: it opens the consultation page in that
    language at the page of the thread that holds the comment."""
    with translation.override(language):
        return reverse("consultations:comment_permalink", args=[comment.pk])


def _comment_title(text: str) -> str:
    return Truncator(text).words(TITLE_WORDS)


def comment_records(object_ids):
    comments = list(_visible_comments({"pk__in": _int_ids(object_ids)}))
    codes = _measure_codes({comment.consultation_id for comment in comments})
    translations = _translations(comments)
    for comment in comments:
        page = comment.consultation
        text = _plain(comment.body)
        for translated in translations.get(page.translation_key, []):
            language = translated.locale.language_code
            yield SearchRecord(
                object_id=str(comment.pk),
                language=language,
                title=_comment_title(text),
                body=text,
                url=comment_url(comment, language),
                date=_local_date(comment.created_at),
                facets=_consultation_facets(page, codes),
            )


def answer_records(object_ids):
    answers = {
        answer.comment_id: answer
        for answer in OfficialAnswer.objects.filter(pk__in=_int_ids(object_ids)).select_related(
            "organisation"
        )
    }
    comments = list(_visible_comments({"pk__in": list(answers)}))
    codes = _measure_codes({comment.consultation_id for comment in comments})
    translations = _translations(comments)
    for comment in comments:
        answer = answers[comment.pk]
        page = comment.consultation
        for translated in translations.get(page.translation_key, []):
            language = translated.locale.language_code
            yield SearchRecord(
                object_id=str(answer.pk),
                language=language,
                title=f"{answer.organisation.name}: {_comment_title(_plain(comment.body))}",
                body=_plain(answer.reason),
                url=comment_url(comment, language),
                date=_local_date(answer.updated_at or answer.answered_at),
                facets={**_consultation_facets(page, codes), "status": (answer.outcome,)},
            )


# --- What changes what ------------------------------------------------------------------------


# A translation published, unpublished or restricted changes where the source page's comments
# can be found: pages are matched by translation key.


def _comments_of_pages(pages):
    keys = [page.translation_key for page in pages]
    return Comment.objects.filter(consultation__translation_key__in=keys).values_list(
        "pk", flat=True
    )


def _answers_of_pages(pages):
    keys = [page.translation_key for page in pages]
    return OfficialAnswer.objects.filter(
        comment__consultation__translation_key__in=keys
    ).values_list("pk", flat=True)


def _translation_keys(page_ids):
    return ConsultationPage.objects.filter(pk__in=list(page_ids)).values("translation_key")


def _answers_of_comments(comments):
    return OfficialAnswer.objects.filter(
        comment__in=[comment.pk for comment in comments]
    ).values_list("pk", flat=True)


def _consultations_owned_by(organisations):
    return ConsultationPage.objects.filter(
        owner_organisation__in=[organisation.pk for organisation in organisations]
    ).values_list("pk", flat=True)


def _answers_given_by(organisations):
    return OfficialAnswer.objects.filter(
        organisation__in=[organisation.pk for organisation in organisations]
    ).values_list("pk", flat=True)


def _comments_below_restrictions():
    pages = view_restriction_dependency(ConsultationPage)
    return Dependency(
        pages.model,
        lambda restrictions: Comment.objects.filter(
            consultation__translation_key__in=_translation_keys(pages.object_ids(restrictions))
        ).values_list("pk", flat=True),
    )


def _answers_below_restrictions():
    pages = view_restriction_dependency(ConsultationPage)
    return Dependency(
        pages.model,
        lambda restrictions: OfficialAnswer.objects.filter(
            comment__consultation__translation_key__in=_translation_keys(
                pages.object_ids(restrictions)
            )
        ).values_list("pk", flat=True),
    )


def register_search_documents() -> None:
    facet_labels.register(
        "status", {**dict(ConsultationStatus.choices), **dict(AnswerOutcome.choices)}
    )
    documents.register(
        DocumentType(
            key=CONSULTATION,
            label=_("Consultation"),
            model=ConsultationPage,
            records=consultation_records,
            all_object_ids=lambda: ConsultationPage.objects.values_list("pk", flat=True),
            dependencies=(
                # The owner's name is part of the text: a renamed organisation, once its
                # write is recorded, reindexes what it owns and answered.
                Dependency(Organisation, _consultations_owned_by),
                view_restriction_dependency(ConsultationPage),
            ),
            page_models=(ConsultationPage,),
        )
    )
    documents.register(
        DocumentType(
            key=COMMENT,
            label=_("Comment"),
            model=Comment,
            records=comment_records,
            all_object_ids=lambda: Comment.objects.values_list("pk", flat=True),
            dependencies=(
                Dependency(ConsultationPage, _comments_of_pages),
                _comments_below_restrictions(),
            ),
        )
    )
    documents.register(
        DocumentType(
            key=ANSWER,
            label=_("Official answer"),
            model=OfficialAnswer,
            records=answer_records,
            all_object_ids=lambda: OfficialAnswer.objects.values_list("pk", flat=True),
            dependencies=(
                Dependency(Comment, _answers_of_comments),
                Dependency(Organisation, _answers_given_by),
                Dependency(ConsultationPage, _answers_of_pages),
                _answers_below_restrictions(),
            ),
        )
    )


def consultations_status_changed(pages) -> None:
    """Consultations opened or closed by the clock: their documents in every language carry
    the status as a facet."""
    keys = {page.translation_key for page in pages}
    if keys:
        search_objects_changed(
            doc_type=CONSULTATION,
            object_ids=ConsultationPage.objects.filter(translation_key__in=keys).values_list(
                "pk", flat=True
            ),
        )
