"""The text of the signed minutes PDF is stored whenever the PDF changes (a new revision naming
another PDF, the document's file replaced, the minutes published), so search finds words that
stand only in the PDF; a PDF that cannot be read leaves the text empty and the minutes
published."""

import io
import logging

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from wagtail.documents import get_document_model

from councils.models import MinutesPage
from tests.accounts import log_in_with_second_factor
from tests.councils.helpers import make_council, make_meeting, make_minutes, minutes_form
from tests.factories import UserFactory
from tests.search.conftest import refresh, search_index  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def pdf_with_text(text: str, *, password: str | None = None) -> bytes:
    """A one-page PDF that says `text` in Helvetica, as a scanner's OCR layer would."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def signed_pdf(content: bytes):
    return get_document_model().objects.create(
        title="İmzalanmış protokol",
        file=SimpleUploadedFile("protokol.pdf", content, "application/pdf"),
    )


@pytest.fixture
def draft_minutes(site_structure):
    council = make_council("Su Ehtiyatları Şurası", slug="su-surasi")
    return make_minutes(make_meeting(council, slug="iyul-iclasi", days_ago=4), publish=False)


def publish_with(minutes, document) -> MinutesPage:
    minutes.signed_pdf = document
    minutes.save_revision().publish()
    return MinutesPage.objects.get(pk=minutes.pk)


# An index of its own: one kept from an earlier run could hold these minutes under this id.
@pytest.mark.usefixtures("search_index")
def test_search_finds_published_minutes_by_a_word_that_stands_only_in_the_signed_pdf(
    client, draft_minutes, django_capture_on_commit_callbacks
):
    before = client.get("/az/search/?q=Meliorasiyaplani").content.decode()
    assert "Protokol iyul-iclasi" not in before

    # The index is brought up to date after the commit, as for every write.
    with django_capture_on_commit_callbacks(execute=True):
        published = publish_with(
            draft_minutes, signed_pdf(pdf_with_text("Meliorasiyaplani tesdiq"))
        )
    refresh()

    assert "Meliorasiyaplani tesdiq" in published.signed_pdf_text
    results = client.get("/az/search/?q=Meliorasiyaplani").content.decode()
    assert "Protokol iyul-iclasi" in results


def test_an_encrypted_pdf_leaves_the_text_empty_with_a_warning_and_the_minutes_published(
    client, draft_minutes, caplog
):
    document = signed_pdf(pdf_with_text("Gizli", password="parol"))
    with caplog.at_level(logging.WARNING, logger="councils.services"):
        published = publish_with(draft_minutes, document)

    assert published.live and published.signed_pdf_text == ""
    assert "encrypted" in caplog.text
    assert client.get("/az/councils/su-surasi/iyul-iclasi/minutes/").status_code == 200


def test_a_broken_pdf_leaves_the_text_empty_with_a_warning_and_the_minutes_published(
    client, draft_minutes, caplog
):
    document = signed_pdf(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF")
    with caplog.at_level(logging.WARNING, logger="councils.services"):
        published = publish_with(draft_minutes, document)

    assert published.live and published.signed_pdf_text == ""
    assert "could not be read" in caplog.text
    assert client.get("/az/councils/su-surasi/iyul-iclasi/minutes/").status_code == 200


def test_replacing_the_signed_pdf_replaces_the_stored_text(draft_minutes):
    publish_with(draft_minutes, signed_pdf(pdf_with_text("Birinci variant")))
    minutes = MinutesPage.objects.get(pk=draft_minutes.pk)

    republished = publish_with(minutes, signed_pdf(pdf_with_text("Son variant")))

    assert "Son variant" in republished.signed_pdf_text
    assert "Birinci" not in republished.signed_pdf_text


def _admin_client():
    user = UserFactory(is_superuser=True, is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    log_in_with_second_factor(client, user, secret)
    return client


def test_a_draft_that_changes_the_pdf_carries_the_new_pdfs_text_while_the_public_keeps_the_old(
    draft_minutes,
):
    published = publish_with(draft_minutes, signed_pdf(pdf_with_text("Birinci variant")))
    client = _admin_client()

    client.post(
        reverse("wagtailadmin_pages:edit", args=(published.pk,)),
        minutes_form(published, signed_pdf=signed_pdf(pdf_with_text("Yeni variant"))),
    )

    draft = MinutesPage.objects.get(pk=published.pk).get_latest_revision_as_object()
    assert "Yeni variant" in draft.signed_pdf_text
    assert "Birinci variant" in MinutesPage.objects.get(pk=published.pk).signed_pdf_text
    draft.save_revision().publish()
    assert "Yeni variant" in MinutesPage.objects.get(pk=published.pk).signed_pdf_text


def test_replacing_the_file_of_the_signed_pdf_document_replaces_the_text_search_finds(
    client, draft_minutes, django_capture_on_commit_callbacks
):
    document = signed_pdf(pdf_with_text("Kohne metn"))
    with django_capture_on_commit_callbacks(execute=True):
        publish_with(draft_minutes, document)
    admin = _admin_client()

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("wagtaildocs:edit", args=(document.pk,)),
            {
                "title": document.title,
                "collection": document.collection_id,
                "file": SimpleUploadedFile(
                    "protokol-2.pdf", pdf_with_text("Suvarmaqrafiki yeni"), "application/pdf"
                ),
            },
        )

    refresh()
    stored = MinutesPage.objects.get(pk=draft_minutes.pk).signed_pdf_text
    assert "Suvarmaqrafiki yeni" in stored and "Kohne" not in stored
    results = client.get("/az/search/?q=Suvarmaqrafiki").content.decode()
    assert "Protokol iyul-iclasi" in results
