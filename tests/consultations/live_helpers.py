"""Consultations, comments and servers as the live-layer tests (and bench.live) need them."""

import json
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from civic_platform.organisations.models import Kind, Organisation, Region
from consultations.choices import ConsultationKind, LiveEventType
from consultations.live import live_event_record
from consultations.models import (
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    DiscussionTally,
)

ROOT = Path(__file__).resolve().parents[2]
SAME_ORIGIN = "http://127.0.0.1"


def consultation(title="Dövlət büdcəsinin layihəsi", *, live=True) -> ConsultationPage:
    """A consultation open for comments under the Azerbaijani consultations page."""
    call_command("ensure_site_structure", verbosity=0)
    index = ConsultationIndexPage.objects.get(locale__language_code="az")
    owner, _ = Organisation.objects.get_or_create(
        slug="maliyye-nazirliyi",
        defaults={"name": "Maliyyə Nazirliyi", "kind": Kind.STATE_BODY, "region": Region.BAKU},
    )
    now = timezone.now()
    page = index.add_child(
        instance=ConsultationPage(
            title=title,
            slug=f"budce-{ConsultationPage.objects.count() + 1}",
            kind=ConsultationKind.DRAFT_STATE_BUDGET,
            fiscal_year=2027,
            owner_organisation=owner,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=14),
            live=live,
        )
    )
    DiscussionTally.objects.get_or_create(consultation=page)
    return page


def comment_posted(page: ConsultationPage, body="<p>Təhsilə daha çox vəsait.</p>") -> Comment:
    """Saves a comment and records its live event in one transaction, the broadcast following
    the commit, as every service does. The live layer's tests post many comments quickly and
    are about delivery, not the comment rules (author, limits, duplicates): those, and posting
    through comment_create over HTTP to a real worker, are covered in test_clive_servers and
    the test_ccomments_* files."""
    with transaction.atomic():
        comment = Comment.objects.create(consultation=page, body=body)
        live_event_record(
            consultation_id=page.pk, type=LiveEventType.COMMENT_CREATED, comment=comment
        )
    return comment


def events_only(frames: list[str]) -> list[dict]:
    """The comment events among received frames (viewer counts come and go in between)."""
    messages = [json.loads(frame) for frame in frames]
    return [message for message in messages if message["type"] not in ("viewers", "resync")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The database this test runs on, for a server process to share it."""
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )


@contextmanager
def running_daphne(env: dict[str, str], *, log: Path):
    """daphne serving the project, as in production; yields its port once it answers."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - daphne from this interpreter, fixed arguments
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
            + ["civic_platform.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log.read_text()[-3000:]) from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class OwnRedis:
    """A redis-server of the test's own on a free port, which the test may stop and start."""

    SERVER = "/usr/bin/redis-server"
    CLI = "/usr/bin/redis-cli"

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        result = subprocess.run(
            [self.CLI, "-p", str(self.port), "ping"],
            capture_output=True,
            text=True,
            check=False,
            timeout=5,
        )
        return result.stdout.strip() == "PONG"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def pause(self) -> None:
        """Alive but silent, as a Redis swapping or stuck: connections open, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
