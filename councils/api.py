"""Open data of the public councils: /api/v1/councils/, /api/v1/meetings/ (JSON and CSV) and
/api/v1/minutes/<id>/; published content only, in the language of `?lang=`."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.reverse import reverse
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from civic_platform.api_schema import ERROR_SCHEMA
from civic_platform.api_tools import LANG_PARAMETER, OpenDataViewMixin
from councils.choices import ActionStatus, CouncilKind, CouncilStatus, MeetingStatus, MemberRole
from councils.filters import CouncilFilterSet, MeetingFilterSet
from councils.models import ActionItemUpdate, CouncilPage, MeetingPage, MinutesPage
from councils.models.pages import agenda_with_outcomes


def _absolute(request, url: str | None) -> str | None:
    if url is None:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def _page_url(serializer, page) -> str | None:
    request = serializer.context.get("request")
    return _absolute(request, page.get_url(request))


class FeedsSerializer(serializers.Serializer):
    atom = serializers.URLField(help_text="Atom feed of the council's published minutes.")
    icalendar = serializers.URLField(help_text="iCalendar feed of the council's meetings.")


class CouncilSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=CouncilKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    body = serializers.SerializerMethodField()
    seat = serializers.CharField(source="seat_name")
    municipality = serializers.CharField(source="municipality_name")
    status = serializers.ChoiceField(choices=CouncilStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    dissolved_on = serializers.DateField(allow_null=True)
    founding_act_date = serializers.DateField(allow_null=True)
    founding_act_number = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    measures = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    feeds = serializers.SerializerMethodField()

    def get_body(self, council) -> str | None:
        """Slug of the state body (as in /api/v1/bodies/)."""
        return council.body.slug if council.body_id else None

    def get_measures(self, council) -> list[str]:
        """Codes of the plan measures the council serves."""
        return [measure.code for measure in council.measures.all()]

    def get_url(self, council) -> str | None:
        return _page_url(self, council)

    @extend_schema_field(FeedsSerializer)
    def get_feeds(self, council) -> dict:
        page_url = _page_url(self, council)
        return {
            "atom": page_url + council.reverse_subpage("minutes_feed").lstrip("/"),
            "icalendar": page_url + council.reverse_subpage("meetings_calendar").lstrip("/"),
        }


class AffiliationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class MemberSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=MemberRole.choices)
    role_label = serializers.CharField(source="get_role_display")
    term_start = serializers.DateField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)
    affiliation = AffiliationSerializer(allow_null=True)


class CouncilDetailSerializer(CouncilSerializer):
    members = MemberSerializer(many=True, source="members.all")


class FeedColumnsMixin:
    """In a spreadsheet each feed is a column of its own, where `feeds` stood (a cell holds
    one address)."""

    def get_fields(self):
        fields = {}
        for name, field in super().get_fields().items():
            if name == "feeds":
                fields["feeds_atom"] = serializers.SerializerMethodField()
                fields["feeds_icalendar"] = serializers.SerializerMethodField()
            else:
                fields[name] = field
        return fields

    def get_feeds_atom(self, council) -> str:
        return self.get_feeds(council)["atom"]

    def get_feeds_icalendar(self, council) -> str:
        return self.get_feeds(council)["icalendar"]


class CouncilCSVSerializer(FeedColumnsMixin, CouncilSerializer):
    pass


class CouncilDetailCSVSerializer(FeedColumnsMixin, CouncilDetailSerializer):
    pass


class MinutesLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The minutes page.")
    api_url = serializers.URLField(help_text="The minutes as data (/api/v1/minutes/<id>/).")
    title = serializers.CharField(help_text="For spreadsheets: the page address.")


class DocumentSerializer(serializers.Serializer):
    title = serializers.CharField(source="document.title")
    url = serializers.SerializerMethodField()

    def get_url(self, link) -> str:
        return _absolute(self.context.get("request"), link.document.url)


class AgendaItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    presenter = serializers.CharField()
    documents = DocumentSerializer(many=True, source="documents.all")


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    council = serializers.CharField(source="council_slug", help_text="Slug of the council.")
    council_title = serializers.CharField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    online_link = serializers.CharField()
    status = serializers.ChoiceField(choices=MeetingStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    agenda = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    minutes_overdue = serializers.BooleanField(
        help_text="Held more than 14 days ago and its minutes are not published."
    )

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting) -> list[dict]:
        return AgendaItemSerializer(
            meeting.agenda_items.all(), many=True, context=self.context
        ).data

    def get_url(self, meeting) -> str | None:
        return _page_url(self, meeting)

    @extend_schema_field(MinutesLinkSerializer(allow_null=True))
    def get_minutes(self, meeting) -> dict | None:
        """The published minutes (null while there are none)."""
        if meeting.published_minutes_id is None:
            return None
        request = self.context.get("request")
        url = _page_url(self, meeting) + meeting.published_minutes_slug + "/"
        return {
            "id": meeting.published_minutes_id,
            "url": url,
            "api_url": reverse(
                "minutes-detail", args=[meeting.published_minutes_id], request=request
            ),
            # CSV cells show a link's title: the page address is what a spreadsheet needs.
            "title": url,
        }


class DecisionSerializer(serializers.Serializer):
    agenda_item = serializers.CharField(
        source="heading", help_text="The agenda item's title, or the matter not on the agenda."
    )
    discussion = serializers.CharField()
    decision = serializers.CharField()
    votes_for = serializers.IntegerField(allow_null=True)
    votes_against = serializers.IntegerField(allow_null=True)
    votes_abstained = serializers.IntegerField(allow_null=True)


class ActionItemUpdateSerializer(serializers.Serializer):
    date = serializers.DateField(source="noted_on")
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    text = serializers.CharField(source="note")


class ActionItemSerializer(serializers.Serializer):
    agenda_item = serializers.CharField(
        source="agenda_item.title", allow_null=True, default=None, help_text="Its agenda item."
    )
    description = serializers.CharField()
    owner = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(
        source="current_status",
        choices=ActionStatus.choices,
        help_text="As of the latest update (or as at the meeting, before any).",
    )
    status_label = serializers.CharField(source="get_current_status_display")
    status_at_meeting = serializers.ChoiceField(source="status", choices=ActionStatus.choices)
    updates = ActionItemUpdateSerializer(
        many=True, source="updates.all", help_text="Every later update, oldest first."
    )


class AgendaOutcomeSerializer(serializers.Serializer):
    agenda_item = serializers.CharField(
        source="item.title", allow_null=True, default=None, help_text="Null: not on the agenda."
    )
    presenter = serializers.CharField(source="item.presenter", allow_null=True, default=None)
    decisions = DecisionSerializer(many=True)
    action_items = ActionItemSerializer(many=True)


class AttendanceSerializer(serializers.Serializer):
    members_present = serializers.IntegerField()
    guests = serializers.IntegerField()
    ngo_representatives = serializers.IntegerField()


class MinutesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    council = serializers.CharField(source="council_page.slug")
    council_title = serializers.CharField(source="council_page.title")
    meeting = serializers.IntegerField(source="meeting_page.pk")
    meeting_title = serializers.CharField(source="meeting_page.title")
    meeting_starts_at = serializers.DateTimeField(source="meeting_page.starts_at")
    attendance = AttendanceSerializer(source="*")
    summary = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, source="decisions.all")
    action_items = ActionItemSerializer(many=True, source="action_items.all")
    signed_pdf = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField()
    last_published_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_summary(self, minutes) -> str:
        """HTML."""
        return expand_db_html(minutes.summary) if minutes.summary else ""

    @extend_schema_field(AgendaOutcomeSerializer(many=True))
    def get_agenda(self, minutes) -> list[dict]:
        """The meeting's agenda in order, each item with its decisions and action items (then
        the matters not on the agenda)."""
        outcomes = agenda_with_outcomes(
            meeting=minutes.meeting_page,
            decisions=minutes.decisions.all(),
            action_items=minutes.action_items.all(),
        )
        return AgendaOutcomeSerializer(outcomes, many=True, context=self.context).data

    def get_signed_pdf(self, minutes) -> str | None:
        if minutes.signed_pdf is None:
            return None
        return _absolute(self.context.get("request"), minutes.signed_pdf.url)

    def get_url(self, minutes) -> str | None:
        return _page_url(self, minutes)


class CouncilsViewSetMixin(OpenDataViewMixin):
    permission_classes = [AllowAny]

    def locale(self) -> Locale:
        language = getattr(self, "language", settings.LANGUAGE_CODE)
        return Locale.objects.filter(language_code=language).first() or Locale.get_default()


@extend_schema_view(
    list=extend_schema(summary="Public councils", parameters=[LANG_PARAMETER]),
    retrieve=extend_schema(
        summary="One public council with its members", parameters=[LANG_PARAMETER]
    ),
)
class CouncilViewSet(CouncilsViewSetMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = CouncilFilterSet
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema reads the model only
            return CouncilPage.objects.none()
        councils = (
            CouncilPage.objects.listed(locale_id=self.locale().pk)
            .prefetch_related("measures")
            # Slugs sort the same in every language; titles need each alphabet's collation.
            .order_by("slug", "pk")
        )
        if self.action == "retrieve":
            councils = councils.prefetch_related("members__affiliation")
        return councils

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CouncilDetailCSVSerializer if self.csv_requested() else CouncilDetailSerializer
        return CouncilCSVSerializer if self.csv_requested() else CouncilSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Meetings of the public councils",
        parameters=[LANG_PARAMETER],
        responses={
            200: MeetingSerializer(many=True),
            400: OpenApiResponse(
                response=ERROR_SCHEMA,
                description=(
                    "A filter is not acceptable: an unknown status, a date not in YYYY-MM-DD, "
                    "or `to` before `from` (the refused parameter is the key, with the message)."
                ),
            ),
        },
    ),
)
class MeetingViewSet(CouncilsViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MeetingPage.objects.none()
        return MeetingPage.objects.for_api(locale_id=self.locale().pk).prefetch_related(
            "agenda_items__documents__document"
        )


@extend_schema_view(
    retrieve=extend_schema(
        summary="Published minutes: attendance, decisions with votes, action items",
        parameters=[LANG_PARAMETER],
    ),
)
class MinutesViewSet(CouncilsViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MinutesSerializer

    def get_queryset(self):
        return (
            MinutesPage.objects.published()
            .select_related("signed_pdf")
            .prefetch_related(
                "decisions__agenda_item",
                "action_items__agenda_item",
                Prefetch("action_items__updates", queryset=ActionItemUpdate.objects.in_order()),
            )
        )

    def get_object(self):
        """The minutes with this id, in the language asked for when they are published in it."""
        minutes = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if minutes is None:
            raise Http404
        if "lang" in self.request.query_params and minutes.locale_id != self.locale().pk:
            translated = (
                self.get_queryset()
                .filter(translation_key=minutes.translation_key, locale=self.locale())
                .first()
            )
            minutes = translated or minutes
        # Published minutes have a live meeting and council (see `published()`).
        minutes.meeting_page = (
            MeetingPage.objects.parent_of(minutes).prefetch_related("agenda_items").get()
        )
        minutes.council_page = CouncilPage.objects.ancestor_of(minutes).get()
        return minutes
