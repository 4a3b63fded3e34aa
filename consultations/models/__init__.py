from consultations.models.discussion import (
    AuthorBlock,
    Comment,
    CommentReport,
    CommentRevision,
    DiscussionTally,
    Endorsement,
    LiveEvent,
    OfficialAnswer,
    SectionTally,
)
from consultations.models.pages import (
    ConsultationAttachment,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationSection,
)

__all__ = [
    "AuthorBlock",
    "Comment",
    "CommentReport",
    "CommentRevision",
    "ConsultationAttachment",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationSection",
    "DiscussionTally",
    "Endorsement",
    "LiveEvent",
    "OfficialAnswer",
    "SectionTally",
]
