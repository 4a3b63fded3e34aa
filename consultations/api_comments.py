"""The discussion's API: /api/v1/consultations/<id>/comments/ and each comment's actions.

Reading is open to everyone (visible comments, and placeholders where a comment was hidden or
withdrawn); writing takes a signed-in session and its CSRF token, exactly as the page's forms.
Every answer about a comment is its one JSON shape (payloads.comment_payload), the same the
live messages carry. Writes go through services.comments, which decides who may do what.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from civic_platform.api_schema import ERROR_SCHEMA
from consultations.choices import (
    AnswerOutcome,
    CommentStatus,
    RespondentType,
    Stance,
)
from consultations.payloads import comment_payload
from consultations.selectors import public_consultations
from consultations.services.comments import (
    CommentRateLimited,
    comment_create,
    comment_edit,
    comment_withdraw,
    endorsement_add,
    endorsement_remove,
)
from consultations.thread import (
    NEWEST,
    ORDERS,
    comment_in_discussion,
    comments_changed_after,
    endorsed_by,
    last_event_id,
    replies_page,
    thread_page,
)

# Ids and event ids fit here; larger numbers are refused rather than sent to the database.
MAX_ID = 2**62

FORBIDDEN = OpenApiResponse(
    response=ERROR_SCHEMA,
    description="Not allowed: signed out, email not verified, consultation not open, not "
    "the author, past the 15 minutes to edit, or a missing CSRF token.",
)
TOO_MANY = OpenApiResponse(
    response=ERROR_SCHEMA,
    description="Over the limit of comments a minute or a day; `Retry-After` says when to "
    "try again.",
)
INVALID = OpenApiResponse(
    response=ERROR_SCHEMA,
    description="What to change, by field (`body`, `section`, `parent`, `stance`, "
    "`respondent_type`, `organisation`).",
)


class AnswerPayloadSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AnswerOutcome.choices)
    outcome_label = serializers.CharField()
    reason_html = serializers.CharField(help_text="Sanitised HTML.")
    organisation = serializers.CharField(help_text="The body that answered.")
    answered_at = serializers.DateTimeField()


class CommentPayloadSerializer(serializers.Serializer):
    """The one shape of a comment (also in the live messages, README "Live discussion")."""

    id = serializers.IntegerField()
    event_id = serializers.IntegerField(help_text="The id of the newest live event about it.")
    parent = serializers.IntegerField(allow_null=True, help_text="The top-level comment.")
    section = serializers.UUIDField(
        allow_null=True, help_text="The section's key; null for the whole consultation."
    )
    status = serializers.ChoiceField(choices=CommentStatus.choices)
    author = serializers.CharField(allow_null=True, help_text="Display name; null when hidden.")
    author_key = serializers.CharField(
        allow_null=True,
        help_text="The same for every comment of one author in this consultation, and nothing "
        "else about the person: a page compares it with its viewer's to show the author's "
        "controls. Null when hidden or when the account was removed.",
    )
    respondent_type = serializers.ChoiceField(choices=RespondentType.choices)
    organisation = serializers.CharField(
        allow_null=True, help_text="The verified organisation the author speaks for."
    )
    stance = serializers.ChoiceField(choices=Stance.choices, allow_null=True)
    body_html = serializers.CharField(
        allow_blank=True, help_text="Sanitised HTML; empty when hidden or withdrawn."
    )
    hidden_reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    pinned = serializers.BooleanField()
    replies = serializers.IntegerField(min_value=0)
    endorsements = serializers.IntegerField(min_value=0)
    answer = AnswerPayloadSerializer(allow_null=True)


class CommentListItemSerializer(CommentPayloadSerializer):
    """A comment in a list, with what concerns the one asking (not in the live messages,
    which serve every viewer alike)."""

    viewer_endorsed = serializers.BooleanField(
        allow_null=True,
        help_text="Whether you (the signed-in session asking) endorse this comment; null when "
        "signed out. A page catching up shows the right endorse control with it.",
    )


class CommentListSerializer(serializers.Serializer):
    results = CommentListItemSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page, null on the last.")
    last_event_id = serializers.IntegerField(
        help_text="The newest live event of the discussion: a page that has applied it is "
        "up to date."
    )


class CommentListQuerySerializer(serializers.Serializer):
    order = serializers.ChoiceField(
        choices=ORDERS, required=False, help_text="Top-level comments, newest first by default."
    )
    cursor = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="The id of the last comment of the previous page (given in `next`).",
    )
    parent = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="List the replies of this comment, oldest first (`order` and `section` are "
        "ignored).",
    )
    section = serializers.UUIDField(
        required=False, help_text="Only top-level comments on this section (its key)."
    )
    after = serializers.IntegerField(
        min_value=0,
        max_value=MAX_ID,
        required=False,
        help_text="Catch-up: every comment changed after this live event id (hidden ones as "
        "placeholders), by event id; upsert them by `id`. When given, the other parameters "
        "are ignored.",
    )


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(
        trim_whitespace=False,
        help_text="Text; paragraphs, emphasis, lists and links are kept, other markup escaped.",
    )
    section = serializers.UUIDField(required=False, allow_null=True)
    parent = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    stance = serializers.ChoiceField(choices=Stance.choices, required=False, allow_blank=True)
    respondent_type = serializers.ChoiceField(
        choices=RespondentType.choices, required=False, default=RespondentType.CITIZEN
    )
    organisation = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="The verified organisation you speak for (respondent types other than "
        "citizen); may be left out when you are a member of only one of that kind.",
    )


class CommentEditSerializer(serializers.Serializer):
    body = serializers.CharField(trim_whitespace=False)


def _field_errors(error: ValidationError) -> dict:
    if not hasattr(error, "error_dict"):
        return {"detail": " ".join(error.messages)}
    return {
        ("detail" if field == NON_FIELD_ERRORS else field): messages
        for field, messages in error.message_dict.items()
    }


class DiscussionView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    # JSON in: a form encoding cannot say null, which the fields allow.
    parser_classes = [JSONParser]

    def consultation(self):
        if self.kwargs["consultation_id"] > MAX_ID:
            raise Http404
        consultation = (
            public_consultations()
            .in_default_language()
            .filter(pk=self.kwargs["consultation_id"])
            .first()
        )
        if consultation is None:
            raise Http404
        return consultation

    def comment(self):
        if self.kwargs["comment_id"] > MAX_ID:
            raise Http404
        comment = comment_in_discussion(self.consultation().pk, self.kwargs["comment_id"])
        if comment is None:
            raise Http404
        return comment

    def write(self, action, *, created=False):
        """Run a service and answer with the comment, or with what refused it."""
        try:
            comment = action()
        except ValidationError as error:
            return Response(_field_errors(error), status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as error:
            return Response(
                {"detail": str(error) or _("You cannot do this.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        except CommentRateLimited as error:
            return Response(
                {"detail": error.message},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(error.retry_after)},
            )
        stored = comment_in_discussion(comment.consultation_id, comment.pk)
        return Response(
            comment_payload(stored),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class CommentListView(DiscussionView):
    @extend_schema(
        summary="Comments of a consultation, a page at a time, or changed since an event",
        operation_id="consultation_comments_list",
        parameters=[CommentListQuerySerializer],
        responses={200: CommentListSerializer},
    )
    def get(self, request, consultation_id):
        query = CommentListQuerySerializer(data=request.query_params)
        if not query.is_valid():
            raise ApiValidationError(query.errors)
        params = query.validated_data
        consultation = self.consultation()
        if "after" in params:
            found = comments_changed_after(consultation.pk, params["after"])
            next_params = {"after": found.next_cursor}
        elif "parent" in params:
            found = replies_page(consultation.pk, params["parent"], cursor=params.get("cursor"))
            next_params = {"parent": params["parent"], "cursor": found.next_cursor}
        else:
            order = params.get("order", NEWEST)
            found = thread_page(
                consultation.pk,
                order=order,
                cursor=params.get("cursor"),
                section_key=params.get("section"),
            )
            next_params = {"order": order, "cursor": found.next_cursor}
            if params.get("section"):
                next_params["section"] = params["section"]
        next_url = None
        if found.next_cursor is not None:
            query_string = "&".join(f"{key}={value}" for key, value in next_params.items())
            next_url = request.build_absolute_uri(f"{request.path}?{query_string}")
        # One query for the whole page, whatever its size (none when signed out).
        signed_in = request.user.is_authenticated
        endorsed = endorsed_by(request.user, found.comments) if signed_in else set()
        return Response(
            {
                "results": [
                    {
                        **comment_payload(comment),
                        "viewer_endorsed": (comment.pk in endorsed) if signed_in else None,
                    }
                    for comment in found.comments
                ],
                "next": next_url,
                "last_event_id": last_event_id(consultation.pk),
            }
        )

    @extend_schema(
        summary="Post a comment or a reply (signed-in session and CSRF token)",
        operation_id="consultation_comment_create",
        request=CommentCreateSerializer,
        responses={
            201: CommentPayloadSerializer,
            400: INVALID,
            403: FORBIDDEN,
            429: TOO_MANY,
        },
    )
    def post(self, request, consultation_id):
        consultation = self.consultation()
        data = CommentCreateSerializer(data=request.data)
        if not data.is_valid():
            raise ApiValidationError(data.errors)
        fields = data.validated_data
        return self.write(
            lambda: comment_create(
                consultation=consultation,
                author=request.user,
                body=fields["body"],
                section_key=fields.get("section"),
                parent=fields.get("parent"),
                stance=fields.get("stance", ""),
                respondent_type=fields.get("respondent_type", RespondentType.CITIZEN),
                organisation=fields.get("organisation"),
            ),
            created=True,
        )


class CommentDetailView(DiscussionView):
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        summary="One comment",
        operation_id="consultation_comment_retrieve",
        responses={200: CommentPayloadSerializer},
    )
    def get(self, request, consultation_id, comment_id):
        return Response(comment_payload(self.comment()))

    @extend_schema(
        summary="Edit your comment within 15 minutes of posting (history is kept)",
        operation_id="consultation_comment_edit",
        request=CommentEditSerializer,
        responses={200: CommentPayloadSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def patch(self, request, consultation_id, comment_id):
        comment = self.comment()
        data = CommentEditSerializer(data=request.data)
        if not data.is_valid():
            raise ApiValidationError(data.errors)
        return self.write(
            lambda: comment_edit(
                comment=comment, user=request.user, body=data.validated_data["body"]
            )
        )


class CommentWithdrawView(DiscussionView):
    @extend_schema(
        summary="Withdraw your comment (a placeholder stays in the thread)",
        operation_id="consultation_comment_withdraw",
        request=None,
        responses={200: CommentPayloadSerializer, 403: FORBIDDEN},
    )
    def post(self, request, consultation_id, comment_id):
        comment = self.comment()
        return self.write(lambda: comment_withdraw(comment=comment, user=request.user))


class CommentEndorsementView(DiscussionView):
    http_method_names = ["put", "delete", "options"]

    @extend_schema(
        summary="Endorse a comment (once per person; again changes nothing)",
        operation_id="consultation_comment_endorse",
        request=None,
        responses={200: CommentPayloadSerializer, 403: FORBIDDEN},
    )
    def put(self, request, consultation_id, comment_id):
        comment = self.comment()
        return self.write(lambda: endorsement_add(comment=comment, user=request.user))

    @extend_schema(
        summary="Take back your endorsement",
        operation_id="consultation_comment_unendorse",
        request=None,
        responses={200: CommentPayloadSerializer, 403: FORBIDDEN},
    )
    def delete(self, request, consultation_id, comment_id):
        comment = self.comment()
        return self.write(lambda: endorsement_remove(comment=comment, user=request.user))
