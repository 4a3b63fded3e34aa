import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from tests.accounts import editor_with_authenticator, log_in_with_second_factor

pytestmark = pytest.mark.django_db


def _upload(client, name: str, size: int):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(f"{name}.pdf", b"%" * size, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_document_over_the_size_limit_is_refused_with_the_limit_named(client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 2048
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    documents = get_document_model().objects
    response = _upload(client, "budget-too-big", 4096)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(re.search(r"4[.,]0.*2[.,]0", error) for error in errors), errors
    assert not documents.filter(title="budget-too-big").exists()
    assert _upload(client, "budget-small", 1024).status_code == 302
    assert documents.filter(title="budget-small").exists()
