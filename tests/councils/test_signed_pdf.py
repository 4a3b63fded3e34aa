"""The text of the signed minutes PDF is stored when the minutes are published, so search finds
words that stand only in the PDF; a PDF that cannot be read leaves the text empty and the
minutes published."""

import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from wagtail.documents import get_document_model

from councils.models import MinutesPage
from tests.councils.helpers import make_council, make_meeting, make_minutes

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


def test_search_finds_published_minutes_by_a_word_that_stands_only_in_the_signed_pdf(
    client, draft_minutes
):
    before = client.get("/az/search/?q=Meliorasiyaplani").content.decode()
    assert "Protokol iyul-iclasi" not in before

    published = publish_with(draft_minutes, signed_pdf(pdf_with_text("Meliorasiyaplani tesdiq")))

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
