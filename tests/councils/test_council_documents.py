"""Each council keeps its documents in its own collection: its secretary and chair choose and
upload there and nowhere else, and a form naming another council's document is refused; the
site's editors are not held to one council."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from councils.models import CouncilCollection, MeetingPage
from tests.accounts import log_in_with_second_factor
from tests.councils.helpers import (
    document,
    make_council,
    make_meeting,
    make_minutes,
    meeting_form,
    minutes_form,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(**fields):
    user = UserFactory(**fields)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    log_in_with_second_factor(client, user, secret)
    return user, client


@pytest.fixture
def two_councils(site_structure):
    secretaries, minutes, documents = {}, {}, {}
    for key in ("A", "B"):
        user = UserFactory()
        council = make_council(
            f"Şura {key}", slug=f"sura-{key.lower()}", members=[(f"Katib {key}", "secretary", user)]
        )
        secretaries[key] = user
        minutes[key] = make_minutes(make_meeting(council, slug="iclas"), publish=False)
        collection = CouncilCollection.objects.get(council_key=council.translation_key).collection
        documents[key] = document(f"Şura {key} protokolu", collection=collection)
    return secretaries, minutes, documents


def _secretary_client(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    log_in_with_second_factor(client, user, secret)
    return client


def test_publishing_a_council_gives_it_a_collection_named_after_it(two_councils):
    secretaries, _minutes, _documents = two_councils

    collection = secretaries["A"].groups.get().council_role
    link = CouncilCollection.objects.get(council_key=collection.council_key)

    assert link.collection.name == "Şura A"
    assert link.collection.get_parent().is_root()


def test_a_secretary_chooses_only_from_their_own_councils_documents(two_councils):
    secretaries, _minutes, _documents = two_councils
    client = _secretary_client(secretaries["A"])

    chooser = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]

    assert "Şura A protokolu" in chooser
    assert "Şura B protokolu" not in chooser


def test_a_secretary_cannot_attach_another_councils_document_by_posting_the_form(two_councils):
    secretaries, minutes, documents = two_councils
    client = _secretary_client(secretaries["A"])
    edit_url = reverse("wagtailadmin_pages:edit", args=(minutes["A"].pk,))
    revisions = minutes["A"].revisions.count()

    refused = client.post(edit_url, minutes_form(minutes["A"], signed_pdf=documents["B"]))

    with translation.override("az"):  # the admin speaks Azerbaijani to a new account
        message = gettext(
            "The document “%(document)s” is not in this council's collection; choose one "
            "from the council's collection or upload it there."
        ) % {"document": "Şura B protokolu"}
    assert escape(message) in refused.content.decode()
    assert minutes["A"].revisions.count() == revisions

    client.post(edit_url, minutes_form(minutes["A"], signed_pdf=documents["A"]))
    saved = minutes["A"].revisions.order_by("-pk").first().as_object()
    assert saved.signed_pdf_id == documents["A"].pk


def test_the_secretary_of_the_other_council_is_refused_the_first_councils_document(
    two_councils,
):
    secretaries, minutes, documents = two_councils
    client = _secretary_client(secretaries["B"])
    revisions = minutes["B"].revisions.count()

    client.post(
        reverse("wagtailadmin_pages:edit", args=(minutes["B"].pk,)),
        minutes_form(minutes["B"], signed_pdf=documents["A"]),
    )

    assert minutes["B"].revisions.count() == revisions


def test_an_editor_may_attach_any_councils_document(two_councils):
    _secretaries, minutes, documents = two_councils
    editor, client = _signed_in(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))

    client.post(
        reverse("wagtailadmin_pages:edit", args=(minutes["A"].pk,)),
        minutes_form(minutes["A"], signed_pdf=documents["B"]),
    )

    saved = minutes["A"].revisions.order_by("-pk").first().as_object()
    assert saved.signed_pdf_id == documents["B"].pk


def _meeting_form(documents):
    return meeting_form(title="Yeni iclas", slug="yeni-iclas", documents=documents)


def test_a_secretary_gives_an_agenda_item_several_of_their_councils_documents_and_no_other(
    two_councils,
):
    secretaries, minutes, documents = two_councils
    council = minutes["A"].get_parent().get_parent()
    second = document("Şura A arayışı", collection=documents["A"].collection)
    client = _secretary_client(secretaries["A"])
    add_url = reverse("wagtailadmin_pages:add", args=("councils", "meetingpage", council.pk))

    client.post(add_url, _meeting_form([documents["A"], documents["B"]]))
    assert not MeetingPage.objects.filter(slug="yeni-iclas").exists()

    client.post(add_url, _meeting_form([documents["A"], second]))
    meeting = MeetingPage.objects.get(slug="yeni-iclas").get_latest_revision_as_object()
    item = meeting.agenda_items.get()
    assert [link.document.title for link in item.documents.all()] == [
        "Şura A protokolu",
        "Şura A arayışı",
    ]
