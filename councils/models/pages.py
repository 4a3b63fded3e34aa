"""The councils' pages. Each class holds its whole CMS contract: fields, panels, search fields,
parent and subpage types; page lookups are these classes' querysets.

    CouncilIndexPage /az/councils/            the registry, filtered and paginated
      CouncilPage    /az/councils/<council>/  one council: mandate, members, its meetings
        MeetingPage  .../<meeting>/           date, place, agenda
          MinutesPage .../<meeting>/minutes/  attendance, decisions, action items, signed PDF

A council's pages in every language are translations of the Azerbaijani ones (Wagtail's
"Translate" action), so members, meetings and minutes follow the project's one way.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Left, Length
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    Orderable,
    Page,
    PageManager,
    PageViewRestriction,
    Workflow,
)
from wagtail.query import PageQuerySet
from wagtail.search import index

from civic_platform.collation import collation_key
from civic_platform.filters import FilterControl, chosen_values, lenient_filter
from civic_platform.models import SectionIndexPage
from councils.choices import (
    ActionStatus,
    CouncilKind,
    CouncilStatus,
    MeetingStatus,
    MemberRole,
)
from councils.feeds import MinutesFeed, meetings_calendar_response
from councils.filters import CouncilFilterSet
from councils.models.roles import CouncilCollection
from councils.registry import council_links
from themes.models import Body, Measure, MeasurePage, ServesMeasuresMixin
from themes.selectors import translated_body_name

COUNCILS_PER_PAGE = 20
MEETINGS_PER_PAGE = 20
# The newest entries a feed carries: readers poll, they do not page back.
FEED_ITEMS = 50
CALENDAR_EVENTS = 200
# A held meeting's minutes are due this long after it; later they are flagged overdue.
MINUTES_DUE_AFTER = datetime.timedelta(days=14)
VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstained")


def council_approval_workflow() -> Workflow | None:
    """The active workflow whose step is the council chair's approval (created by a migration
    as "Council minutes approval"); found by its task's type, so renaming it changes nothing."""
    return (
        Workflow.objects.filter(
            active=True,
            workflow_tasks__task__active=True,
            workflow_tasks__task__content_type__app_label="councils",
            workflow_tasks__task__content_type__model="councilchairapprovaltask",
        )
        .order_by("pk")
        .first()
    )


def chooses_documents_site_wide(user) -> bool:
    """Whether the user may choose documents from every collection (Wagtail's editors and
    moderators, through the root collection), rather than only from their council's."""
    return user.is_superuser or (
        GroupCollectionPermission.objects.filter(
            group__user=user,
            collection__depth=1,
            permission__content_type__app_label="wagtaildocs",
            permission__codename="choose_document",
        ).exists()
    )


def council_collection_of(page) -> Collection | None:
    """The documents collection of the council a council, meeting or minutes page belongs to."""
    council = CouncilPage.objects.ancestor_of(page, inclusive=True).first() if page else None
    if council is None:
        return None
    link = (
        CouncilCollection.objects.select_related("collection")
        .filter(council_key=council.translation_key)
        .first()
    )
    return link.collection if link else None


def _chosen_documents(form):
    """(form, field name, document) for every document a page form and its inline forms (at
    any depth) refer to, leaving out inline forms marked for deletion."""
    data = getattr(form, "cleaned_data", None) or {}
    if data.get("DELETE"):
        return
    for name, value in data.items():
        if isinstance(value, AbstractDocument):
            yield form, name, value
    for formset in getattr(form, "formsets", {}).values():
        if formset.is_valid():
            for child in formset.forms:
                yield from _chosen_documents(child)


class CouncilPageForm(WagtailAdminPageForm):
    """A council's own secretary or chair attaches only documents from their council's
    collection (the document chooser shows them no other); checked here too, because a form
    can be posted by hand."""

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or chooses_documents_site_wide(user):
            return cleaned_data
        collection = council_collection_of(self.instance if self.instance.pk else self.parent_page)
        for form, name, document in list(_chosen_documents(self)):
            if collection is not None and document.collection.path.startswith(collection.path):
                continue
            message = _(
                "The document “%(document)s” is not in this council's collection; choose one "
                "from the council's collection or upload it there."
            ) % {"document": document.title}
            if form is self:
                self.add_error(name, message)
            else:
                self.add_error(None, message)
        return cleaned_data


class CouncilFeedsMixin(RoutablePageMixin):
    """The feeds of everything under the page (a council, or the index: every council), served
    as the page's own routes, so they are in the page's language and cached like it."""

    def minutes_feed_title(self) -> str:
        raise NotImplementedError

    def meetings_calendar_name(self) -> str:
        raise NotImplementedError

    @path("feeds/minutes/", name="minutes_feed")
    def minutes_feed(self, request):
        entries = list(MinutesPage.objects.for_feed(self))
        meetings = MeetingPage.objects.by_path(entry.path[: -self.steplen] for entry in entries)
        councils = CouncilPage.objects.by_path(entry.path[: -2 * self.steplen] for entry in entries)
        feed = MinutesFeed(
            scope=self,
            title=self.minutes_feed_title(),
            entries=entries,
            request=request,
            councils=councils,
            meetings=meetings,
        )
        return feed(request)

    @path("feeds/meetings/", name="meetings_calendar")
    def meetings_calendar(self, request):
        meetings = list(MeetingPage.objects.for_calendar(self))
        councils = CouncilPage.objects.by_path(
            meeting.path[: -self.steplen] for meeting in meetings
        )
        return meetings_calendar_response(
            name=self.meetings_calendar_name(),
            meetings=meetings,
            councils=councils,
            request=request,
        )


class RoutesBelowOnlyWhenLiveMixin:
    """Wagtail routes on to a live page below a withdrawn one (it checks only the page asked
    for): a withdrawn council takes its meetings and minutes (and its feeds) with it."""

    def route(self, request, path_components):
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)


class CouncilWorkflowMixin:
    """A council's own pages (the council, its meetings and minutes) always go through the
    council's approval, whichever workflow an administrator gave the rest of the site: the
    chair of that council approves, not a site-wide group."""

    def get_workflow(self):
        return council_approval_workflow() or super().get_workflow()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None


# --- The registry ------------------------------------------------------------------------------


def _ancestor_path(levels: int):
    """The tree path of the outer query's page's ancestor this many levels up."""
    return Left(OuterRef("path"), Length(OuterRef("path")) - levels * Page.steplen)


class CouncilContentQuerySet(PageQuerySet):
    """A council's pages: the council, its meetings below it and their minutes below those.
    Withdrawing a council leaves its children live in Wagtail, so "live" alone is not
    "published"."""

    # How many levels below its council a page of this type sits.
    levels_below_council = 0

    def published(self):
        """The pages the public may see: live, with their council (and meeting) live, and no
        view restriction on them or any ancestor. All in SQL (EXISTS on the indexed path), so
        it costs no query of its own, unlike Wagtail's public(), and can sit in a subquery."""
        ancestors_live = [
            Exists(Page.objects.filter(path=_ancestor_path(levels), live=True))
            for levels in range(1, self.levels_below_council + 1)
        ]
        restricted = PageViewRestriction.objects.filter(
            page__path=Left(OuterRef("path"), Length("page__path"))
        )
        return self.live().filter(*ancestors_live).exclude(Exists(restricted))


class CouncilPageQuerySet(CouncilContentQuerySet):
    def in_source_language(self):
        """The councils as written in Azerbaijani: what a follow points at, so that one follow
        covers a council in every language."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)

    def listed(self, *, locale_id):
        """Published councils in one language, each with the name of its body in it."""
        return (
            self.published()
            .filter(locale_id=locale_id)
            .select_related("body")
            .annotate(body_name=translated_body_name(locale_id=locale_id, path="body__"))
        )

    def by_path(self, paths) -> dict[str, "CouncilPage"]:
        """The councils at these tree paths, by path: the council of every feed entry in one
        query."""
        return {council.path: council for council in self.filter(path__in=set(paths))}


class CouncilIndexPage(CouncilFeedsMixin, ServesMeasuresMixin, SectionIndexPage):
    # The plan measures it serves: public councils at state bodies (5.5) and the municipal
    # public council (7.1).
    served_measure_codes = ("5.5", "7.1")

    subpage_types = ["councils.CouncilPage"]

    class Meta:
        verbose_name = _("council index page")

    def minutes_feed_title(self) -> str:
        return gettext("Minutes of the public councils")

    def meetings_calendar_name(self) -> str:
        return gettext("Meetings of the public councils")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset, rejected = lenient_filter(
            CouncilFilterSet, request.GET, CouncilPage.objects.listed(locale_id=self.locale_id)
        )
        language = get_language()
        councils = sorted(filterset.qs, key=lambda c: collation_key(c.title, language))
        filters = chosen_values(filterset)
        # Each select offers what the live councils in this language name, read in one query.
        listed = list(CouncilPage.objects.listed(locale_id=self.locale_id))
        body_choices = sorted(
            {(c.body.slug, c.body_name) for c in listed if c.body is not None},
            key=lambda choice: collation_key(choice[1], language),
        )
        municipality_choices = sorted(
            {(c.municipality_name, c.municipality_name) for c in listed if c.municipality_name},
            key=lambda choice: collation_key(choice[1], language),
        )
        context.update(
            {
                "councils": Paginator(councils, COUNCILS_PER_PAGE).get_page(
                    request.GET.get("page")
                ),
                "filters": filters,
                "rejected_filters": rejected,
                "filter_controls": [
                    FilterControl(
                        "body", _("State body"), _("Any body"), body_choices, filters["body"]
                    ),
                    FilterControl(
                        "municipality",
                        _("Municipality"),
                        _("Any municipality"),
                        municipality_choices,
                        filters["municipality"],
                    ),
                    FilterControl(
                        "kind", _("Kind"), _("Any kind"), CouncilKind.choices, filters["kind"]
                    ),
                    FilterControl(
                        "status",
                        _("Status"),
                        _("Any status"),
                        CouncilStatus.choices,
                        filters["status"],
                    ),
                ],
            }
        )
        return context


class CouncilPage(RoutesBelowOnlyWhenLiveMixin, CouncilFeedsMixin, CouncilWorkflowMixin, Page):
    kind = models.CharField(
        _("kind"), max_length=30, choices=CouncilKind.choices, default=CouncilKind.STATE_BODY
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("state body"),
        help_text=_("The state body the council sits at (for a council at a state body)."),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    # A name, not a link: the municipalities app links its municipality to this page
    # (Municipality.public_council), and councils import no other domain app, so the council
    # keeps the name as written for its own page, filters and API.
    municipality_name = models.CharField(
        _("municipality"),
        max_length=255,
        blank=True,
        help_text=_("The municipality the council sits at (for a council at a municipality)."),
    )
    mandate = RichTextField(
        _("mandate"), features=["bold", "italic", "link", "ol", "ul"], blank=True
    )
    founding_act_document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("founding act"),
    )
    founding_act_date = models.DateField(_("date of the founding act"), null=True, blank=True)
    founding_act_number = models.CharField(
        _("number of the founding act"), max_length=100, blank=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CouncilStatus.choices, default=CouncilStatus.ACTIVE
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    measures = ParentalManyToManyField(
        Measure,
        blank=True,
        related_name="councils",
        verbose_name=_("plan measures served"),
    )

    objects = PageManager.from_queryset(CouncilPageQuerySet)()

    base_form_class = CouncilPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("body"),
                FieldPanel("municipality_name"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("dissolved_on")]),
            ],
            heading=_("Where the council sits"),
        ),
        FieldPanel("mandate"),
        MultiFieldPanel(
            [
                FieldPanel("founding_act_document"),
                FieldRowPanel([FieldPanel("founding_act_date"), FieldPanel("founding_act_number")]),
            ],
            heading=_("Founding act"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("email"), FieldPanel("phone")])],
            heading=_("Contacts"),
        ),
        FieldPanel("measures", widget=forms.CheckboxSelectMultiple),
        InlinePanel("members", heading=_("Members"), label=_("Member")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("mandate"),
        index.SearchField("municipality_name"),
        index.AutocompleteField("municipality_name"),
        index.FilterField("status"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["councils.CouncilIndexPage"]
    subpage_types = ["councils.MeetingPage"]

    class Meta:
        verbose_name = _("council page")

    def minutes_feed_title(self) -> str:
        return gettext("Minutes of %(council)s") % {"council": self.title}

    def meetings_calendar_name(self) -> str:
        return gettext("Meetings of %(council)s") % {"council": self.title}

    def clean(self):
        super().clean()
        if self.kind == CouncilKind.STATE_BODY and not self.body_id:
            raise ValidationError({"body": _("Choose the state body the council sits at.")})
        if self.kind == CouncilKind.MUNICIPALITY and not self.municipality_name.strip():
            raise ValidationError(
                {"municipality_name": _("Name the municipality the council sits at.")}
            )
        if self.status == CouncilStatus.DISSOLVED and not self.dissolved_on:
            raise ValidationError({"dissolved_on": _("Give the date the council was dissolved.")})

    @property
    def seat_name(self) -> str:
        """Where the council sits, in the page's language (with `body_name` annotated)."""
        if self.kind == CouncilKind.STATE_BODY and self.body_id:
            return getattr(self, "body_name", None) or self.body.name
        if self.kind == CouncilKind.MUNICIPALITY:
            return self.municipality_name
        return str(CouncilKind(self.kind).label)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        meetings = MeetingPage.objects.of_council(self).with_minutes_state()
        # How many meetings there are and how many have overdue minutes, in one query; the
        # paginator need not count again.
        counts = meetings.aggregate(
            total=models.Count("pk"),
            overdue=models.Count("pk", filter=Q(minutes_overdue=True)),
        )
        paginator = Paginator(meetings, MEETINGS_PER_PAGE)
        paginator.__dict__["count"] = counts["total"]
        # Every member in one query; those whose term has ended are listed apart, latest first,
        # as the open data API lists them too.
        members, former_members = [], []
        for member in self.members.select_related("affiliation"):
            ended = member.term_end is not None and member.term_end < today
            (former_members if ended else members).append(member)
        former_members.sort(key=lambda member: member.term_end, reverse=True)
        context.update(
            {
                "seat": CouncilPage.objects.listed(locale_id=self.locale_id)
                .filter(pk=self.pk)
                .first()
                or self,
                # What other apps link to this council (its municipality's page).
                "council_links": council_links.links_for(self, locale=self.locale),
                "members": members,
                "former_members": former_members,
                "meetings": paginator.get_page(request.GET.get("page")),
                "overdue_count": counts["overdue"],
                "council_to_follow": CouncilPage.objects.in_source_language()
                .filter(translation_key=self.translation_key)
                .first()
                or self,
                "served_measure_pages": MeasurePage.objects.in_plan_order(
                    locale_id=self.locale_id,
                    measure_ids=Measure.objects.filter(councils=self).values("pk"),
                ),
            }
        )
        return context


class CouncilMember(Orderable):
    council = ParentalKey(CouncilPage, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(
        _("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    affiliation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_seats",
        limit_choices_to={"verified_at__isnull": False},
        verbose_name=_("affiliation"),
        help_text=_(
            "The verified organisation the member represents on the council, if any; the "
            "seat is then listed on the organisation's page."
        ),
    )
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name=_("user account"),
        help_text=_(
            "The member's account on this site, if any. A chair or secretary with an account "
            "edits this council's meetings and minutes in the admin once the page is published."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
        FieldPanel("affiliation"),
        FieldPanel("user"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("council member")
        verbose_name_plural = _("council members")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})


# --- Meetings ------------------------------------------------------------------------------------


class MeetingPageQuerySet(CouncilContentQuerySet):
    levels_below_council = 1

    def of_council(self, council):
        return self.live().public().child_of(council).order_by("-starts_at", "pk")

    def for_calendar(self, scope, *, limit: int = CALENDAR_EVENTS):
        """The latest published meetings of a council, or of every council under the index,
        with their agenda items."""
        return (
            self.published()
            .descendant_of(scope)
            .order_by("-starts_at", "-pk")
            .prefetch_related("agenda_items")[:limit]
        )

    def for_api(self, *, locale_id):
        """Published meetings in one language, newest first, each with its council's slug and
        title, its published minutes' id and slug, and whether they are overdue."""
        council = Page.objects.filter(
            path=Left(OuterRef("path"), Length(OuterRef("path")) - Page.steplen)
        )
        minutes = MinutesPage.objects.published().filter(
            path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
        )
        return (
            self.published()
            .filter(locale_id=locale_id)
            .with_minutes_state()
            .annotate(
                council_slug=Subquery(council.values("slug")[:1]),
                council_title=Subquery(council.values("title")[:1]),
                published_minutes_id=Subquery(minutes.values("pk")[:1]),
                published_minutes_slug=Subquery(minutes.values("slug")[:1]),
            )
            .order_by("-starts_at", "-pk")
        )

    def by_path(self, paths) -> dict[str, "MeetingPage"]:
        return {meeting.path: meeting for meeting in self.filter(path__in=set(paths))}

    def with_minutes_state(self, *, now=None):
        """Whether each meeting's minutes are published, and whether they are overdue (held
        more than MINUTES_DUE_AFTER ago, no published minutes): from stored dates, in the
        same query."""
        cutoff = (now or timezone.now()) - MINUTES_DUE_AFTER
        published = MinutesPage.objects.published().filter(
            path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
        )
        return self.annotate(
            minutes_published=Exists(published),
            minutes_overdue=models.ExpressionWrapper(
                Q(status=MeetingStatus.HELD, starts_at__lt=cutoff) & ~Exists(published),
                output_field=models.BooleanField(),
            ),
        )


class MeetingPage(RoutesBelowOnlyWhenLiveMixin, CouncilWorkflowMixin, Page):
    starts_at = models.DateTimeField(
        _("date and time"), help_text=_("Baku time."), default=timezone.now
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )

    objects = PageManager.from_queryset(MeetingPageQuerySet)()

    base_form_class = CouncilPageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("online_link")]),
        InlinePanel("agenda_items", heading=_("Agenda"), label=_("Agenda item")),
    ]
    search_fields = [*Page.search_fields, index.FilterField("status")]
    parent_page_types = ["councils.CouncilPage"]
    subpage_types = ["councils.MinutesPage"]

    class Meta:
        verbose_name = _("meeting page")

    def clean(self):
        super().clean()
        if not self.place.strip() and not self.online_link:
            raise ValidationError(_("Give the meeting's place or its online link (or both)."))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["agenda_items"] = self.agenda_items.prefetch_related("documents__document")
        context["minutes"] = MinutesPage.objects.published().child_of(self).first()
        return context


class AgendaItem(Orderable, ClusterableModel):
    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("title"), max_length=255)
    presenter = models.CharField(_("presenter"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("presenter"),
        FieldPanel("description"),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class AgendaItemDocument(Orderable):
    """One of the papers of an agenda item (a draft law, a report, a presentation)."""

    agenda_item = ParentalKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item document")
        verbose_name_plural = _("agenda item documents")


# --- Minutes -------------------------------------------------------------------------------------


class MinutesPageQuerySet(CouncilContentQuerySet):
    levels_below_council = 2

    def for_feed(self, scope, *, limit: int = FEED_ITEMS):
        """The latest published minutes of a council, or of every council under the index,
        newest publication first, with their decisions."""
        return (
            self.published()
            .descendant_of(scope)
            .order_by("-first_published_at", "-pk")
            .prefetch_related(
                models.Prefetch("decisions", Decision.objects.select_related("agenda_item"))
            )[:limit]
        )


class MinutesForm(CouncilPageForm):
    """Votes on an item cannot outnumber the members present: a typo there would publish an
    impossible result. Decisions and action items name an item of this meeting's agenda."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance.get_parent() if self.instance.pk else self.parent_page
        agenda = AgendaItem.objects.filter(meeting_id=meeting.pk if meeting else None)
        for name in ("decisions", "action_items"):
            formset = self.formsets.get(name)
            if formset is not None:
                # Set before the formset builds its forms (and the empty one a click adds).
                formset.form = _with_agenda_choices(formset.form, agenda)

    def clean(self):
        cleaned_data = super().clean()
        present = cleaned_data.get("members_present")
        decisions = self.formsets.get("decisions")
        if present is None or decisions is None or not decisions.is_valid():
            return cleaned_data
        for position, form in enumerate(decisions.forms, start=1):
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE"):
                continue
            votes = sum(data.get(name) or 0 for name in VOTE_FIELDS)
            if votes > present:
                self.add_error(
                    "members_present",
                    _(
                        "Decision %(position)s has %(votes)s votes, more than the "
                        "%(present)s members present."
                    )
                    % {"position": position, "votes": votes, "present": present},
                )
        return cleaned_data


def _with_agenda_choices(form_class, agenda):
    class AgendaItemChoiceForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["agenda_item"].queryset = agenda

    return AgendaItemChoiceForm


class MinutesPage(CouncilWorkflowMixin, Page):
    members_present = models.PositiveIntegerField(_("members present"))
    guests = models.PositiveIntegerField(_("guests"), default=0)
    ngo_representatives = models.PositiveIntegerField(
        _("NGO representatives"),
        default=0,
        help_text=_("Representatives of non-governmental organisations, counted apart."),
    )
    summary = RichTextField(
        _("summary"), features=["bold", "italic", "link", "ol", "ul"], blank=True
    )
    signed_pdf = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed minutes (PDF)"),
    )
    # Taken from the signed PDF when the minutes are published (councils.services), so that
    # search finds words that stand only in the PDF; not edited by hand.
    signed_pdf_text = models.TextField(_("text of the signed minutes"), blank=True, editable=False)

    objects = PageManager.from_queryset(MinutesPageQuerySet)()

    base_form_class = MinutesForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("members_present"),
                        FieldPanel("guests"),
                        FieldPanel("ngo_representatives"),
                    ]
                )
            ],
            heading=_("Attendance"),
        ),
        FieldPanel("summary"),
        InlinePanel("decisions", heading=_("Agenda items discussed"), label=_("Item")),
        InlinePanel("action_items", heading=_("Action items"), label=_("Action item")),
        FieldPanel("signed_pdf"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.RelatedFields(
            "decisions",
            [
                index.SearchField("agenda_item"),
                index.SearchField("discussion"),
                index.SearchField("decision"),
            ],
        ),
        index.SearchField("signed_pdf_text"),
    ]
    parent_page_types = ["councils.MeetingPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("minutes page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meeting = MeetingPage.objects.parent_of(self).first()
        context["agenda"] = agenda_with_outcomes(
            meeting=meeting,
            decisions=self.decisions.all(),
            action_items=self.action_items.prefetch_related(
                models.Prefetch("updates", queryset=ActionItemUpdate.objects.in_order())
            ),
        )
        context["signed_pdf"] = self.signed_pdf
        return context


class Decision(Orderable):
    minutes = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    topic = models.CharField(
        _("other matter"),
        max_length=255,
        blank=True,
        help_text=_("For a matter that was not on the agenda."),
    )
    discussion = models.TextField(_("discussion summary"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstained = models.PositiveIntegerField(_("abstained"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("agenda_item"), FieldPanel("topic")]),
        FieldPanel("discussion"),
        FieldPanel("decision"),
        FieldRowPanel(
            [FieldPanel("votes_for"), FieldPanel("votes_against"), FieldPanel("votes_abstained")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def clean(self):
        super().clean()
        if self.agenda_item_id is None and not self.topic.strip():
            raise ValidationError(
                {"topic": _("Choose the agenda item, or name the matter if it was not on it.")}
            )

    @property
    def heading(self) -> str:
        """What was decided on: the agenda item's title, or the matter named."""
        return self.agenda_item.title if self.agenda_item_id else self.topic

    @property
    def has_vote(self) -> bool:
        return any(getattr(self, name) is not None for name in VOTE_FIELDS)


class ActionItem(Orderable, ClusterableModel):
    minutes = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("agenda item"),
    )
    description = models.TextField(_("what is to be done"))
    owner = models.CharField(_("owner"), max_length=255)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status at the meeting"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
    )

    panels = [
        FieldPanel("agenda_item"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date"), FieldPanel("status")]),
        InlinePanel("updates", heading=_("Later updates"), label=_("Update")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def current_status(self) -> str:
        """The status of the latest update (updates prefetched in order), else the meeting's."""
        updates = list(self.updates.all())
        return updates[-1].status if updates else self.status

    def get_current_status_display(self) -> str:
        return str(ActionStatus(self.current_status()).label)


class ActionItemUpdateQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("noted_on", "sort_order", "pk")


class ActionItemUpdate(Orderable):
    """What happened to an action item after the meeting; every update is kept."""

    action_item = ParentalKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    noted_on = models.DateField(_("date"), default=datetime.date.today)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.IN_PROGRESS
    )
    note = models.TextField(_("what happened"), blank=True)

    objects = ActionItemUpdateQuerySet.as_manager()

    panels = [FieldRowPanel([FieldPanel("noted_on"), FieldPanel("status")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("action item update")
        verbose_name_plural = _("action item updates")


@dataclass
class AgendaOutcome:
    """One agenda item of a meeting with what its minutes record under it; `item` is None for
    matters that were not on the agenda."""

    item: AgendaItem | None
    decisions: list
    action_items: list


def agenda_with_outcomes(*, meeting, decisions, action_items) -> list[AgendaOutcome]:
    """The meeting's agenda in order, each item with its decisions and action items, then the
    matters not on the agenda (if any)."""
    items = list(meeting.agenda_items.all()) if meeting is not None else []
    by_id = {item.pk: AgendaOutcome(item, [], []) for item in items}
    other = AgendaOutcome(None, [], [])
    for decision in decisions:
        by_id.get(decision.agenda_item_id, other).decisions.append(decision)
    for action_item in action_items:
        by_id.get(action_item.agenda_item_id, other).action_items.append(action_item)
    outcomes = list(by_id.values())
    if other.decisions or other.action_items:
        outcomes.append(other)
    return outcomes
