"""The live discussion in real browsers against a real ASGI server (daphne, Redis channel
layer): a comment posted in one page appears in another without reload, markup in it never
runs, and a page that loses its connection catches up with no gap and no duplicate."""

import re
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from civic_platform.organisations.models import Kind, Membership, Role
from consultations.models import Comment, ConsultationSection
from consultations.services.comments import comment_create, comment_edit
from tests.consultations.comments_helpers import consultation, member_of, organisation
from tests.factories import UserFactory
from tests.processes import ROOT, child_env

ATTACK = (
    "Diqqət <script>window.__pwned = 'script'</script>"
    "<img src=x onerror=\"window.__pwned = 'img'\"> sonu"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db):
    """daphne serving the project from the test database, as `make run` would."""
    db = connection.settings_dict
    port = _free_port()
    env = child_env(
        DJANGO_SETTINGS_MODULE="civic_platform.settings.test",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "civic_platform.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(server.stderr.read().decode()[-3000:]) from None
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        # daphne gives open sockets' consumers time to close; on a busy machine that can run
        # past the wait. The test is over: the server only has to be gone.
        server.kill()
        server.wait()


def _context(browser, base_url, user=None):
    context = browser.new_context(base_url=base_url, locale="en-GB")
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
        )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return context, page


def _open_live(page, address):
    page.goto(address)
    page.wait_for_selector("#discussion[data-live]")


def test_a_comment_posted_in_one_page_appears_in_another_and_its_markup_never_runs(
    browser, asgi_server
):
    budget = consultation()
    address = f"/en/consultations/{budget.slug}/"
    writer_context, writer = _context(browser, asgi_server, UserFactory())
    reader_context, reader = _context(browser, asgi_server)
    try:
        _open_live(reader, address)
        reader.evaluate("window.__sameDocument = true")
        writer.goto(address)
        writer.fill("#comment-body", ATTACK)
        writer.click("text=Publish comment")
        writer.wait_for_selector("text=Your comment is published.")

        # The reader's page did not reload: the comment arrived over the socket.
        pushed = reader.locator(".comment__body", has_text="Diqqət")
        pushed.wait_for(timeout=5_000)
        rendered = writer.locator(".comment__body", has_text="Diqqət")
        for page, body in ((reader, pushed), (writer, rendered)):
            assert "<script>window.__pwned = 'script'</script>" in body.inner_text()
            assert body.locator("img, script").count() == 0
            assert page.evaluate("window.__pwned") is None
            assert page.dialogs == []
        assert reader.evaluate("window.__sameDocument") is True
    finally:
        writer_context.close()
        reader_context.close()


def test_a_comment_that_arrives_live_offers_its_viewer_the_controls_a_reload_would_show(
    browser, asgi_server
):
    budget = consultation()
    address = f"/en/consultations/{budget.slug}/"
    author = member_of(organisation(Kind.NGO, name="Şəffaf Büdcə"))
    author_context, writing_tab = _context(browser, asgi_server, author)
    listening_tab = author_context.new_page()
    listening_tab.set_default_timeout(15_000)
    other_context, other = _context(browser, asgi_server, UserFactory())
    other_tab = other_context.new_page()
    other_tab.set_default_timeout(15_000)
    try:
        for page in (listening_tab, other, other_tab):
            _open_live(page, address)
            page.evaluate("window.__sameDocument = true")
        writing_tab.goto(address)
        writing_tab.fill("#comment-body", "Canlı gələn fikir")
        writing_tab.click("text=Publish comment")
        writing_tab.wait_for_selector("text=Your comment is published.")
        comment = Comment.objects.get(body__contains="Canlı gələn fikir")

        # The author's other tab: their own comment, to edit or withdraw, not to endorse.
        own = listening_tab.locator(f"#comment-{comment.pk}")
        own.wait_for(timeout=5_000)
        assert listening_tab.evaluate("window.__sameDocument") is True
        own_actions = own.locator(".comment__actions")
        assert own_actions.get_by_role("link", name="Edit").count() == 1
        assert own_actions.get_by_role("button", name="Withdraw").count() == 1
        assert own_actions.get_by_role("button", name="Endorse").count() == 0
        # Replying, the author may speak for their organisation, as in the main form.
        main_choices = listening_tab.locator("#comment-respondent option").all_text_contents()
        assert any("Şəffaf Büdcə" in choice for choice in main_choices)
        reply_choices = own.locator(f"#reply-respondent-{comment.pk} option").all_text_contents()
        assert reply_choices == main_choices

        # Anyone else: endorse, and nothing of the author's.
        theirs = other.locator(f"#comment-{comment.pk}")
        theirs.wait_for(timeout=5_000)
        assert other.evaluate("window.__sameDocument") is True
        their_actions = theirs.locator(".comment__actions")
        assert their_actions.get_by_role("link", name="Edit").count() == 0
        assert their_actions.get_by_role("button", name="Withdraw").count() == 0
        assert other.locator("#comment-respondent").count() == 0
        assert theirs.locator("select").count() == 0

        # The controls built live work as the rendered ones do.
        their_actions.get_by_role("button", name="Endorse").click()
        other.locator(f"#comment-{comment.pk}").get_by_role(
            "button", name="Take back endorsement"
        ).wait_for()
        assert Comment.objects.get(pk=comment.pk).endorsement_count == 1
        # The endorser's other tab, which did not reload, shows it too.
        other_tab.locator(f"#comment-{comment.pk}").get_by_role(
            "button", name="Take back endorsement"
        ).wait_for(timeout=5_000)
        assert other_tab.evaluate("window.__sameDocument") is True
        own_actions.get_by_role("link", name="Edit").click()
        listening_tab.locator(f"#edit-{comment.pk}").wait_for()
    finally:
        author_context.close()
        other_context.close()


def test_a_body_representative_answers_a_comment_that_arrived_live_from_its_controls(
    browser, asgi_server
):
    budget = consultation()
    address = f"/en/consultations/{budget.slug}/"
    representative = UserFactory()
    Membership.objects.create(
        organisation=budget.owner_organisation, user=representative, role=Role.REPRESENTATIVE
    )
    context, page = _context(browser, asgi_server, representative)
    citizen_context, citizen = _context(browser, asgi_server, UserFactory())
    try:
        _open_live(page, address)
        page.evaluate("window.__sameDocument = true")
        # Posted in the citizen's browser (the test's own thread runs Playwright's event loop,
        # so it cannot broadcast itself).
        citizen.goto(address)
        citizen.fill("#comment-body", "Məktəblərə nə qədər ayrılır?")
        citizen.click("text=Publish comment")
        citizen.wait_for_selector("text=Your comment is published.")
        question = Comment.objects.get(body__contains="Məktəblərə nə qədər ayrılır?")

        # Arrived over the socket, with the controls a reload would render for a representative.
        pushed = page.locator(f"#comment-{question.pk}")
        pushed.wait_for(timeout=5_000)
        assert page.evaluate("window.__sameDocument") is True
        controls = pushed.locator(".comment-controls")
        assert controls.get_by_role("link", name="Report").count() == 1
        assert controls.get_by_role("button", name="Pin").count() == 0  # not a dialogue session
        assert controls.get_by_role("link", name="Hide").count() == 0  # not a moderator
        controls.get_by_role("link", name="Answer").click()

        page.get_by_label("Accepted", exact=True).check()
        page.get_by_label("Reason").fill("Təhsil xərcləri artırılır.")
        page.get_by_role("button", name="Publish the answer").click()
        answered = page.locator(f"#comment-{question.pk}")
        answered.locator(".comment__answer", has_text="Təhsil xərcləri artırılır.").wait_for()
        assert answered.get_by_role("link", name="Change the answer").count() == 1
        assert Comment.objects.get(pk=question.pk).answer.outcome == "accepted"
        # ...and the citizen's open page receives the answer live.
        citizen.locator(f"#comment-{question.pk} .comment__answer").filter(
            has_text="Təhsil xərcləri artırılır."
        ).wait_for(timeout=5_000)
    finally:
        context.close()
        citizen_context.close()


def test_a_page_that_lost_its_connection_catches_up_with_no_gap_and_no_duplicate(
    browser, asgi_server
):
    budget = consultation()
    author = UserFactory()
    first = comment_create(consultation=budget, author=author, body="Birinci fikir")
    context, reader = _context(browser, asgi_server)
    sockets = []

    def through(route):
        route.connect_to_server()
        sockets.append(route)

    reader.route_web_socket(re.compile(r"/ws/consultations/"), through)
    try:
        _open_live(reader, f"/en/consultations/{budget.slug}/")
        # The connection drops; meanwhile the discussion goes on.
        sockets[-1].close(code=1011)
        reader.wait_for_selector("#discussion:not([data-live])")
        comment_edit(comment=first, user=author, body="Birinci fikir, düzəldilmiş")
        missed = [
            comment_create(consultation=budget, author=UserFactory(), body=f"Qaçırılan {n}")
            for n in range(3)
        ]
        reader.wait_for_selector("#discussion[data-live]")
        for comment in missed:
            reader.locator(f"#comment-{comment.pk}").wait_for(timeout=5_000)
        reader.locator(".comment__body", has_text="düzəldilmiş").wait_for(timeout=5_000)
        ids = reader.eval_on_selector_all(
            "[data-comment-id]", "items => items.map(item => item.dataset.commentId)"
        )
        assert sorted(ids) == sorted(str(c.pk) for c in [first, *missed])
        assert len(sockets) >= 2
    finally:
        context.close()


def test_a_comment_arriving_live_on_a_line_the_draft_dropped_is_marked_as_a_reload_marks_it(
    browser, asgi_server
):
    budget = consultation()
    dropped = budget.sections.get(number="01.2")
    ConsultationSection.objects.filter(translation_key=dropped.translation_key).update(
        withdrawn=True
    )
    address = f"/en/consultations/{budget.slug}/"
    writer_context, writer = _context(browser, asgi_server, UserFactory())
    reader_context, reader = _context(browser, asgi_server)
    try:
        _open_live(reader, address)
        writer.goto(f"{address}?section={dropped.translation_key}")
        writer.fill("#comment-body", "Bu xətt niyə çıxarıldı?")
        writer.click("text=Publish comment")
        writer.wait_for_selector("text=Your comment is published.")

        arrived = reader.locator("article", has_text="Bu xətt niyə çıxarıldı?")
        arrived.wait_for(timeout=5_000)
        live_note = arrived.locator(".comment__section-note").inner_text()
        reader.reload()
        assert live_note == "(no longer in the draft)"
        reloaded = reader.locator("article", has_text="Bu xətt niyə çıxarıldı?")
        assert reloaded.locator(".comment__section-note").inner_text() == live_note
    finally:
        writer_context.close()
        reader_context.close()
