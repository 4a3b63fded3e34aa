"""Reads of a consultation's discussion for the page, the API and the live catch-up.

A thread is read a page at a time: 20 top-level comments by id (newest or oldest first) after a
cursor, the replies of one comment on demand, each list in one query with what the payload and
the templates show selected along. Nothing is counted per request: counters are stored.
"""

from dataclasses import dataclass, field

from civic_platform.organisations.models import Membership, Organisation
from consultations.choices import RESPONDENT_ORGANISATION_KINDS, RespondentType
from consultations.models import Comment, DiscussionTally, Endorsement

THREAD_PAGE_SIZE = 20
# Replies come in larger pages: they are short and asked for one thread at a time.
REPLY_PAGE_SIZE = 50
CATCH_UP_PAGE_SIZE = 200
NEWEST = "newest"
OLDEST = "oldest"
ORDERS = (NEWEST, OLDEST)


@dataclass
class ThreadPage:
    comments: list[Comment]
    # The cursor of the next page (the last comment's id), None on the last page.
    next_cursor: int | None
    endorsed: set[int] = field(default_factory=set)


def _shown(queryset):
    return queryset.select_related("author__profile", "organisation", "answer__organisation")


def _page(queryset, *, order: str, cursor: int | None, size: int) -> ThreadPage:
    if order == OLDEST:
        if cursor is not None:
            queryset = queryset.filter(pk__gt=cursor)
        queryset = queryset.order_by("pk")
    else:
        if cursor is not None:
            queryset = queryset.filter(pk__lt=cursor)
        queryset = queryset.order_by("-pk")
    comments = list(_shown(queryset)[: size + 1])
    more = len(comments) > size
    comments = comments[:size]
    return ThreadPage(comments=comments, next_cursor=comments[-1].pk if more else None)


def thread_page(
    consultation_id: int,
    *,
    order: str = NEWEST,
    cursor: int | None = None,
    section_key=None,
    size: int = THREAD_PAGE_SIZE,
) -> ThreadPage:
    """One page of top-level comments (placeholders included for hidden and withdrawn ones)."""
    comments = Comment.objects.filter(consultation_id=consultation_id, parent__isnull=True)
    if section_key is not None:
        comments = comments.filter(section_key=section_key)
    return _page(comments, order=order, cursor=cursor, size=size)


def replies_page(
    consultation_id: int, parent_id: int, *, cursor: int | None = None, size: int = REPLY_PAGE_SIZE
) -> ThreadPage:
    """The replies of one comment, oldest first: a conversation reads from its start."""
    comments = Comment.objects.filter(consultation_id=consultation_id, parent_id=parent_id)
    return _page(comments, order=OLDEST, cursor=cursor, size=size)


def comments_changed_after(
    consultation_id: int, after: int, *, size: int | None = None
) -> ThreadPage:
    """Every comment whose newest live event came after event `after`, by event id: applied in
    this order by comment id, a page ends up as if it had received every event. The cursor of
    the next page is the last comment's event id."""
    size = size or CATCH_UP_PAGE_SIZE
    comments = list(
        _shown(
            Comment.objects.filter(consultation_id=consultation_id, event_id__gt=after)
        ).order_by("event_id")[: size + 1]
    )
    more = len(comments) > size
    comments = comments[:size]
    return ThreadPage(comments=comments, next_cursor=comments[-1].event_id if more else None)


def comment_in_discussion(consultation_id: int, comment_id: int) -> Comment | None:
    return (
        _shown(Comment.objects.filter(consultation_id=consultation_id, pk=comment_id))
        .select_related("consultation")
        .first()
    )


def last_event_id(consultation_id: int) -> int:
    return (
        DiscussionTally.objects.filter(consultation_id=consultation_id)
        .values_list("last_event_id", flat=True)
        .first()
        or 0
    )


def endorsed_by(user, comments) -> set[int]:
    """Which of `comments` `user` endorsed, in one query."""
    if not user.is_authenticated or not comments:
        return set()
    return set(
        Endorsement.objects.filter(user=user, comment__in=[c.pk for c in comments]).values_list(
            "comment_id", flat=True
        )
    )


def respondent_options(user) -> list[tuple[str, str, Organisation | None]]:
    """What `user` may comment as: (respondent type, label, organisation), citizen first, then
    one entry per verified organisation they are a member of whose kind speaks as a type."""
    options: list[tuple[str, str, Organisation | None]] = [
        (RespondentType.CITIZEN, str(RespondentType.CITIZEN.label), None)
    ]
    if not user.is_authenticated:
        return options
    type_of_kind = {kind: rtype for rtype, kind in RESPONDENT_ORGANISATION_KINDS.items()}
    organisations = Organisation.objects.verified().filter(
        kind__in=type_of_kind,
        pk__in=Membership.objects.filter(user=user).values("organisation_id"),
    )
    for organisation in organisations.order_by("name"):
        rtype = type_of_kind[organisation.kind]
        options.append((rtype, f"{rtype.label}: {organisation.name}", organisation))
    return options
