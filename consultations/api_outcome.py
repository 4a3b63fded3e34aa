"""The outcome of a consultation as open data, and readers' reports of comments.

    GET  /api/v1/consultations/<id>/outcome/comments/        every visible comment and its answer
    GET  /api/v1/consultations/<id>/outcome/comments/full/   every comment with its moderation
                                                             state (moderators, owning body)
    POST /api/v1/comments/<id>/report/                       report a comment to the moderators

Both lists are JSON (paginated) or `?format=csv` (the whole list). `<id>` is the consultation's
source page id, as everywhere in the discussion.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from civic_platform.accounts.authorship import author_name
from civic_platform.api_schema import ERROR_SCHEMA
from civic_platform.api_tools import OpenDataViewMixin
from consultations import rules
from consultations.choices import AnswerOutcome, CommentStatus, RespondentType, Stance
from consultations.models import Comment, OfficialAnswer
from consultations.outcome import exported_comments
from consultations.selectors import MAX_ID, comment_to_report, consultation_for_discussion
from consultations.services.moderation import REASON_MAX_CHARACTERS, comment_report

CONSULTATION_ID = OpenApiParameter(
    "consultation_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The consultation's id (its page in Azerbaijani, the discussion's source).",
)
COMMENT_ID = OpenApiParameter(
    "comment_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The comment's id."
)
REFUSED = OpenApiResponse(
    response=ERROR_SCHEMA, description="Not signed in, or not allowed to do this."
)


def _text(html: str) -> str:
    """Stored HTML as plain text for a spreadsheet cell."""
    return strip_tags(html).strip()


def _answer(comment: Comment) -> OfficialAnswer | None:
    try:
        return comment.answer
    except OfficialAnswer.DoesNotExist:
        return None


class ExportedCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    section = serializers.UUIDField(source="section_key", allow_null=True)
    created_at = serializers.DateTimeField()
    author = serializers.SerializerMethodField()
    respondent_type = serializers.ChoiceField(choices=RespondentType.choices)
    organisation = serializers.SerializerMethodField()
    stance = serializers.ChoiceField(choices=Stance.choices, allow_blank=True)
    text = serializers.SerializerMethodField()
    answer_outcome = serializers.SerializerMethodField()
    answer_reason = serializers.SerializerMethodField()
    answered_for = serializers.SerializerMethodField()
    answered_at = serializers.SerializerMethodField()

    def get_author(self, comment) -> str:
        return str(author_name(comment.author))

    def get_organisation(self, comment) -> str:
        return comment.organisation.name if comment.organisation else ""

    def get_text(self, comment) -> str:
        return _text(comment.body)

    def get_answer_outcome(self, comment) -> str:
        """One of accepted, partly-accepted, rejected, noted; empty while unanswered."""
        answer = _answer(comment)
        return answer.outcome if answer else ""

    def get_answer_reason(self, comment) -> str:
        answer = _answer(comment)
        return _text(answer.reason) if answer else ""

    def get_answered_for(self, comment) -> str:
        answer = _answer(comment)
        return answer.organisation.name if answer else ""

    def get_answered_at(self, comment) -> str | None:
        answer = _answer(comment)
        return answer.answered_at.isoformat() if answer else None


class FullExportedCommentSerializer(ExportedCommentSerializer):
    status = serializers.ChoiceField(choices=CommentStatus.choices)
    hidden_reason = serializers.CharField()
    open_reports = serializers.IntegerField(source="report_count")
    edited_at = serializers.DateTimeField(allow_null=True)


class OutcomeCommentsView(OpenDataViewMixin, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ExportedCommentSerializer
    filter_backends: list = []
    full = False

    def get_queryset(self):
        consultation_id = self.kwargs["consultation_id"]
        consultation = (
            consultation_for_discussion(consultation_id) if consultation_id <= MAX_ID else None
        )
        if consultation is None:
            raise NotFound(_("No published consultation has this id."))
        if self.full and not rules.can(self.request.user, rules.EXPORT_FULL, consultation):
            raise PermissionDenied(
                _("Only moderators and the owning body's representatives may export this.")
            )
        return exported_comments(consultation, full=self.full)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.full:
            # Hidden comments and reports: never kept by a shared cache.
            response["Cache-Control"] = "private, no-store"
        return response


@extend_schema(
    summary="Every visible comment of a consultation with its official answer",
    description=(
        "The data of the outcome report (“You said — we did”): each visible comment, oldest "
        "first, with its respondent type, stance and the owning body's answer. "
        f"`answer_outcome` is one of {', '.join(AnswerOutcome.values)}, or empty."
    ),
    parameters=[CONSULTATION_ID],
)
class PublicOutcomeCommentsView(OutcomeCommentsView):
    pass


@extend_schema(
    summary="Every comment of a consultation with its moderation state",
    description=(
        "Also the hidden and withdrawn comments, each with its status, public reason for "
        "hiding and open reports. For moderators and representatives of the owning body "
        "(signed in); 403 for anyone else."
    ),
    parameters=[CONSULTATION_ID],
    responses={200: FullExportedCommentSerializer(many=True), 403: REFUSED},
)
class FullOutcomeCommentsView(OutcomeCommentsView):
    serializer_class = FullExportedCommentSerializer
    full = True


class Refused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST


class ReportRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX_CHARACTERS)


class ReportResultSerializer(serializers.Serializer):
    comment = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=CommentStatus.choices,
        help_text="pending-review once enough people have reported the comment.",
    )


@extend_schema(
    summary="Report a comment to the moderators",
    description=(
        "Signed in (session and CSRF token), with a verified email address; once per person "
        "and comment, never one's own. After three open reports the comment is hidden pending "
        "a moderator's review."
    ),
    parameters=[COMMENT_ID],
    request=ReportRequestSerializer,
    responses={201: ReportResultSerializer, 403: REFUSED},
)
class CommentReportView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, comment_id: int):
        comment = comment_to_report(comment_id)
        if comment is None:
            raise NotFound(_("No comment has this id."))
        serializer = ReportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            comment_report(
                comment=comment, reporter=request.user, reason=serializer.validated_data["reason"]
            )
        except DjangoPermissionDenied as refusal:
            raise PermissionDenied(str(refusal)) from None
        except DjangoValidationError as error:
            raise Refused(" ".join(error.messages)) from None
        comment.refresh_from_db(fields=["status"])
        return Response(
            {"comment": comment.pk, "status": comment.status}, status=status.HTTP_201_CREATED
        )
