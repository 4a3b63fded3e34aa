"""A consultation's page and its comments API with 10 and with 1,000 comments, against a trivial
Django view served by the same daphne process in one run (bench.pages' server and yardstick).

Two draft state budgets with budget lines are built as an editor publishes them; a few comments
on each go through the services (a comment on a budget line, a reply, an endorsement, an official
answer) and the rest are bulk inserts whose stored counters, tallies and live event log are set
as the services would have left them. Printed per target and size: the database queries of one
anonymous request (counted in this process with CaptureQueriesContext), the p95 latency of
sequential requests to daphne, and that p95 divided by the trivial view's p95 measured just
before it, round by round. The anonymous page cache is off (PAGE_CACHE_SECONDS=0 for daphne
and for the counting), so the render itself is measured.

Timings are printed, never asserted. The database is the bench's own (bench.pages).
"""

import datetime
import http.client
import os
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from bench.live import POSTING_LIMITS, _percentile
from bench.pages import TRIVIAL, _get_status, bench_database_url, prepare_database, start_server
from civic_platform.accounts.services import profile_update
from civic_platform.organisations.models import Kind, Organisation, Region
from civic_platform.organisations.services import organisation_create
from consultations.choices import (
    AnswerOutcome,
    ConsultationKind,
    LiveEventType,
    RespondentType,
    SectionKind,
    Stance,
)
from consultations.models import (
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationSection,
    DiscussionTally,
    LiveEvent,
    SectionTally,
)
from consultations.services.answers import answer_give
from consultations.services.comments import comment_create, endorsement_add

SIZES = [10, 1000]
BUDGET_LINES = 12
PARTICIPANTS = 5
ROUNDS = 3
REQUESTS_PER_MEASUREMENT = 25
WARM_UP_REQUESTS = 3
AIMS = [
    "aim: the same number of queries for 10 and for 1,000 comments",
    "aim: p95 at most 15x the trivial view's",
]
REPRESENTATIVE = "bench-consultations-representative"
OWNER = "Bench Maliyyə Nazirliyi"
SLUG_PREFIX = "bench-budget-"
# Posted through the services by _through_services; the rest are bulk inserts.
SERVICE_COMMENTS = 3


def _progress(line: str) -> None:
    print(f"  {line}", flush=True)


# --- Data ------------------------------------------------------------------------------------


def _participants() -> list:
    """People allowed to comment: verified email addresses and display names."""
    people = []
    for number in range(PARTICIPANTS):
        email = f"bench.participant.{number}@example.org"
        user, created = get_user_model().objects.get_or_create(
            username=f"bench-participant-{number}", defaults={"email": email}
        )
        if created:
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            profile_update(user=user, display_name=f"İştirakçı {number}", preferred_language="az")
        people.append(user)
    return people


def _owner_and_representative():
    representative, created = get_user_model().objects.get_or_create(
        username=REPRESENTATIVE, defaults={"email": "bench.representative@example.org"}
    )
    if created:
        representative.set_unusable_password()
        representative.save()
    owner = Organisation.objects.filter(name=OWNER).first()
    if owner is None:
        owner = organisation_create(
            user=representative, name=OWNER, kind=Kind.STATE_BODY, region=Region.BAKU
        )
        # The bench stands in for a moderator's verification, as the demo content does.
        Organisation.objects.filter(pk=owner.pk).update(verified_at=timezone.now())
    return owner, representative


def _budget(size: int, owner: Organisation) -> ConsultationPage:
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    index = ConsultationIndexPage.objects.get(locale=locale)
    now = timezone.now()
    page = ConsultationPage(
        title=f"Bench: dövlət büdcəsinin layihəsi, {size} şərh",
        slug=f"{SLUG_PREFIX}{size}-{uuid.uuid4().hex[:8]}",
        locale=locale,
        kind=ConsultationKind.DRAFT_STATE_BUDGET,
        owner_organisation=owner,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=14),
        summary="Gələn ilin dövlət büdcəsinin layihəsi: xərc maddələri üzrə rəyinizi bildirin.",
        fiscal_year=now.year + 1,
    )
    page.sections = [
        ConsultationSection(
            locale=locale,
            kind=SectionKind.BUDGET_LINE,
            number=f"{line + 1:02d}.1",
            title=f"Xərc maddəsi {line + 1}",
            amount=Decimal(1_000_000 + 1000 * line),
            previous_amount=Decimal(950_000 + 1000 * line),
            sort_order=line,
        )
        for line in range(BUDGET_LINES)
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def _through_services(page, people, representative, section_keys) -> list[Comment]:
    """A few comments as participants post them: the services keep every counter. Each page's
    texts differ: the same text twice within ten minutes is refused."""
    with override_settings(**POSTING_LIMITS):
        first = comment_create(
            consultation=page,
            author=people[0],
            body=f"<p>Təhsil xərcləri <em>artırılmalıdır</em> ({page.title}).</p>",
            stance=Stance.CHANGE,
        )
        on_line = comment_create(
            consultation=page,
            author=people[1],
            body=f"<p>Bu maddə üzrə izahat verin.</p><ul><li>{page.title}</li></ul>",
            section_key=section_keys[0],
            stance=Stance.QUESTION,
        )
        reply = comment_create(
            consultation=page,
            author=people[2],
            body=f"<p>Razıyam: {page.title}.</p>",
            parent=first,
            stance=Stance.SUPPORT,
        )
    endorsement_add(comment=first, user=people[3])
    answer_give(
        comment=on_line,
        user=representative,
        outcome=AnswerOutcome.NOTED,
        reason="<p>İzahat layihənin əlavəsində veriləcək.</p>",
    )
    return [first, on_line, reply]


@transaction.atomic
def _bulk(page, people, section_keys, count: int) -> None:
    """`count` earlier comments in a few statements, a tenth of them replies and a fifth of the
    rest on a budget line, with the live event log, the comments' event ids, the reply counts
    and the consultation's and sections' tallies as comment_create leaves them."""
    now = timezone.now()
    replies = count // 10
    tops = Comment.objects.bulk_create(
        Comment(
            consultation=page,
            author=people[n % PARTICIPANTS],
            body=f"<p>Fikir {n}: bu xərc maddəsi barədə təklifim var.</p>",
            section_key=section_keys[n % BUDGET_LINES] if n % 5 == 0 else None,
            stance=Stance.values[n % len(Stance.values)],
            respondent_type=RespondentType.CITIZEN,
            created_at=now - datetime.timedelta(minutes=count - n + 5),
        )
        for n in range(count - replies)
    )
    answered = Comment.objects.bulk_create(
        Comment(
            consultation=page,
            author=people[(n + 1) % PARTICIPANTS],
            body=f"<p>Cavab {n}</p>",
            section_key=tops[n].section_key,
            parent=tops[n],
            stance=Stance.SUPPORT,
            created_at=tops[n].created_at + datetime.timedelta(minutes=1),
        )
        for n in range(replies)
    )
    comments = [*tops, *answered]
    events = LiveEvent.objects.bulk_create(
        LiveEvent(consultation=page, type=LiveEventType.COMMENT_CREATED, comment=comment)
        for comment in comments
    )
    for comment, event in zip(comments, events, strict=True):
        comment.event_id = event.pk
    for top in tops[:replies]:
        top.reply_count = 1
    Comment.objects.bulk_update(comments, ["event_id", "reply_count"], batch_size=500)
    DiscussionTally.objects.get_or_create(consultation=page)
    DiscussionTally.objects.filter(consultation=page).update(
        comment_count=F("comment_count") + count,
        top_level_count=F("top_level_count") + len(tops),
        last_event_id=max(event.pk for event in events),
    )
    by_section: dict = {}
    for comment in comments:
        if comment.section_key is not None:
            by_section[comment.section_key] = by_section.get(comment.section_key, 0) + 1
    for key, added in by_section.items():
        SectionTally.objects.get_or_create(consultation=page, section_key=key)
        SectionTally.objects.filter(consultation=page, section_key=key).update(
            comment_count=F("comment_count") + added
        )


def build_discussions() -> dict[int, ConsultationPage]:
    # Built afresh each run (open now, posted minutes ago); an earlier run's pages go first so
    # the bench database does not grow run by run.
    for earlier in ConsultationPage.objects.filter(slug__startswith=SLUG_PREFIX):
        earlier.delete()
    owner, representative = _owner_and_representative()
    people = _participants()
    pages = {}
    for size in SIZES:
        started = time.perf_counter()
        page = _budget(size, owner)
        section_keys = [section.translation_key for section in page.sections.all()]
        # The earlier comments first, then the latest few through the services: ids and times
        # agree, and the newest, shown first, include a reply, an endorsement and an answer.
        _bulk(page, people, section_keys, size - SERVICE_COMMENTS)
        _through_services(page, people, representative, section_keys)
        tally = DiscussionTally.objects.get(consultation=page)
        _progress(
            f"{page.url_path.rstrip('/').rsplit('/', 1)[-1]}: {tally.comment_count} comments "
            f"({Comment.objects.filter(consultation=page).count()} rows), "
            f"{time.perf_counter() - started:.1f} s"
        )
        pages[size] = page
    return pages


def targets(pages: dict[int, ConsultationPage]) -> list[tuple[str, int, str]]:
    rows = []
    for name in ("page", "comments API"):
        for size, page in pages.items():
            path = page.url if name == "page" else f"/api/v1/consultations/{page.pk}/comments/"
            rows.append((name, size, path))
    return rows


# --- Measuring -------------------------------------------------------------------------------


def count_queries(path: str) -> int:
    """Queries of one anonymous request after a first one (warm caches, as served)."""
    client = Client(SERVER_NAME="localhost")
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"bench.consultations stopped: {path} answered {response.status_code}")
    return len(queries)


def _latencies_ms(port: int, path: str) -> list[float]:
    """Sequential GETs on one kept-alive connection: each request's time on its own."""
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    try:
        for _ in range(REQUESTS_PER_MEASUREMENT):
            started = time.perf_counter()
            connection_.request("GET", path)
            response = connection_.getresponse()
            response.read()
            timings.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise SystemExit(f"bench.consultations stopped: {path} answered {response.status}")
    finally:
        connection_.close()
    return timings


def measure_latencies(port: int, rows) -> dict[tuple[str, int], tuple[float, float]]:
    """Per target: (its p95, the p95 of the trivial view measured just before it each round)."""
    for path in [TRIVIAL, *(path for _, _, path in rows)]:
        for _ in range(WARM_UP_REQUESTS):
            status = _get_status(port, path)
            if status != 200:
                raise SystemExit(f"bench.consultations stopped: {path} answered {status}")
    samples = {(name, size): ([], []) for name, size, _ in rows}
    for round_number in range(1, ROUNDS + 1):
        for name, size, path in rows:
            trivial, target = samples[(name, size)]
            trivial.extend(_latencies_ms(port, TRIVIAL))
            target.extend(_latencies_ms(port, path))
        _progress(f"round {round_number}/{ROUNDS} measured")
    return {
        key: (_percentile(target, 0.95), _percentile(trivial, 0.95))
        for key, (trivial, target) in samples.items()
    }


# --- The benchmark ---------------------------------------------------------------------------


def run() -> None:
    started = time.perf_counter()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civic_platform.settings.test",
        "DATABASE_URL": bench_database_url(os.environ["DATABASE_URL"]),
    }
    print(f"bench database: {urlsplit(env['DATABASE_URL']).path.lstrip('/')}", flush=True)
    prepare_database(env)
    pages = build_discussions()
    rows = targets(pages)
    queries = {(name, size): count_queries(path) for name, size, path in rows}

    server_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PAGE_CACHE_SECONDS": "0",
        "CACHE_KEY_PREFIX": f"civic-bench-{uuid.uuid4().hex[:12]}",
    }
    print("daphne with PAGE_CACHE_SECONDS=0 (the render is measured)", flush=True)
    with tempfile.TemporaryDirectory(prefix="civic-bench-") as log_dir:
        server = start_server(server_env, Path(log_dir), "consultations")
        try:
            latencies = measure_latencies(server.port, rows)
        finally:
            server.stop()

    print(
        f"anonymous GETs, queries of one request; p95 of {ROUNDS} x {REQUESTS_PER_MEASUREMENT} "
        f"sequential requests on one daphne process; ratio = p95 / trivial view's p95 "
        f"({TRIVIAL}, measured just before, same server):"
    )
    print(f"  {'target':<14}{'size':>6}{'queries':>9}{'p95 ms':>9}{'trivial ms':>12}{'ratio':>8}")
    for name, size, _ in rows:
        p95, trivial_p95 = latencies[(name, size)]
        print(
            f"  {name:<14}{size:>6}{queries[(name, size)]:>9}{p95:>9.1f}"
            f"{trivial_p95:>12.1f}{p95 / trivial_p95:>7.1f}x"
        )
    for name in ("page", "comments API"):
        counts = [queries[(name, size)] for size in SIZES]
        same = "same" if len(set(counts)) == 1 else "DIFFERENT"
        print(f"  {name}: queries {' vs '.join(map(str, counts))} ({same})")
    for aim in AIMS:
        print(f"  {aim}")
    print(f"  whole bench {time.perf_counter() - started:.0f} s")
