"""Verification: a representative sends documents, a moderator decides in the admin, the
decision is kept with its reason and in the audit log; documents stay private."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from civic_platform.organisations import services
from civic_platform.organisations.models import (
    Organisation,
    VerificationDocument,
    VerificationRequest,
)
from tests.accounts import log_in_with_second_factor
from tests.factories import UserFactory
from tests.organisations.helpers import (
    add_member,
    moderator,
    organisation_with_representative,
    pdf,
    png,
)
from tests.themes.editorial_team import team_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The services' messages are read in English here (the pages' tests read them in each
    language); without a request, Django would speak the site's default, Azerbaijani."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _private_files(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


def request_verification(organisation, representative, *documents):
    return services.verification_request_create(
        organisation=organisation,
        user=representative,
        documents=documents or [pdf()],
        message="Dövlət qeydiyyatı şəhadətnaməsi əlavə olunur.",
    )


def test_a_representative_requests_verification_with_documents_kept_privately():
    organisation, representative = organisation_with_representative()
    verification_request = request_verification(organisation, representative, pdf(), png("s.png"))
    documents = list(verification_request.documents.all())
    assert [d.content_type for d in documents] == ["application/pdf", "image/png"]
    stored = Path(documents[0].file.path)
    assert stored.is_file()
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    with pytest.raises(NotImplementedError):
        documents[0].file.url  # noqa: B018


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: pdf(name="şəhadətnamə.exe"), "not a PDF, JPEG or PNG"),
        (lambda: pdf(name="forged.png"), "not a PDF, JPEG or PNG"),
        (lambda: pdf(size=11 * 1024 * 1024), "at most 10 MB"),
    ],
)
def test_a_document_of_the_wrong_type_or_size_is_refused_and_nothing_is_kept(upload, message):
    organisation, representative = organisation_with_representative()
    with pytest.raises(ValidationError, match=message):
        request_verification(organisation, representative, upload())
    assert not VerificationRequest.objects.exists()
    assert not VerificationDocument.objects.exists()


def test_a_second_request_waits_for_the_first_decision():
    organisation, representative = organisation_with_representative()
    request_verification(organisation, representative)
    with pytest.raises(ValidationError, match="already waiting"):
        request_verification(organisation, representative)


def test_a_member_who_is_not_a_representative_cannot_request_verification():
    organisation, _ = organisation_with_representative()
    member = add_member(organisation)
    with pytest.raises(Exception, match="may not"):
        request_verification(organisation, member)


def test_a_moderator_approves_and_the_organisation_is_verified_with_an_audit_entry():
    organisation, representative = organisation_with_representative()
    verification_request = request_verification(organisation, representative)
    user, _secret = moderator()

    services.verification_request_decide(
        verification_request=verification_request, moderator=user, approve=True
    )

    assert Organisation.objects.get(pk=organisation.pk).is_verified
    entry = ModelLogEntry.objects.get(action="organisations.verification_approved")
    assert entry.user == user
    assert entry.object_id == str(verification_request.pk)


def test_a_rejection_needs_a_reason_which_is_kept_and_logged_and_the_organisation_reapplies():
    organisation, representative = organisation_with_representative()
    verification_request = request_verification(organisation, representative)
    user, _secret = moderator()
    with pytest.raises(ValidationError, match="reason"):
        services.verification_request_decide(
            verification_request=verification_request, moderator=user, approve=False, reason=" "
        )
    assert VerificationRequest.objects.get().status == VerificationRequest.Status.PENDING

    services.verification_request_decide(
        verification_request=verification_request,
        moderator=user,
        approve=False,
        reason="Sənəddə VÖEN görünmür.",
    )

    rejected = VerificationRequest.objects.get()
    assert rejected.status == VerificationRequest.Status.REJECTED
    assert rejected.reason == "Sənəddə VÖEN görünmür."
    assert rejected.decided_by == user
    entry = ModelLogEntry.objects.get(action="organisations.verification_rejected")
    assert entry.data["reason"] == "Sənəddə VÖEN görünmür."
    assert not Organisation.objects.get(pk=organisation.pk).is_verified
    assert request_verification(organisation, representative).status == "pending"


def test_someone_who_is_not_a_moderator_cannot_decide():
    organisation, representative = organisation_with_representative()
    verification_request = request_verification(organisation, representative)
    with pytest.raises(Exception, match="may not"):
        services.verification_request_decide(
            verification_request=verification_request, moderator=representative, approve=True
        )


def test_a_moderator_decides_on_the_admin_screen_which_lists_the_request_and_its_documents(
    client,
):
    organisation, representative = organisation_with_representative("Şəffaf Büdcə")
    verification_request = request_verification(organisation, representative)
    document = verification_request.documents.get()
    user, secret = moderator()
    log_in_with_second_factor(client, user, secret)

    listing = client.get("/admin/organisations/verification/")
    assert listing.status_code == 200
    assert "Şəffaf Büdcə" in listing.content.decode()
    review = client.get(f"/admin/organisations/verification/{verification_request.pk}/")
    assert f"/organisations/documents/{document.pk}/" in review.content.decode()

    refused = client.post(
        f"/admin/organisations/verification/{verification_request.pk}/",
        {"decision": "reject", "reason": ""},
    )
    assert refused.status_code == 400
    assert VerificationRequest.objects.get().status == "pending"

    approved = client.post(
        f"/admin/organisations/verification/{verification_request.pk}/", {"decision": "approve"}
    )
    assert approved.status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).is_verified


def test_the_admin_screen_is_refused_to_an_editor_who_is_not_a_moderator(client):
    organisation, representative = organisation_with_representative("Şəffaf Büdcə")
    request_verification(organisation, representative)
    user, secret = team_member("Editors", ())
    log_in_with_second_factor(client, user, secret)
    # Wagtail answers a refusal inside the admin by sending the editor to its dashboard.
    response = client.get("/admin/organisations/verification/", follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "Şəffaf Büdcə" not in response.content.decode()


def test_documents_are_downloaded_by_moderators_only(client):
    organisation, representative = organisation_with_representative()
    document = request_verification(organisation, representative).documents.get()
    address = f"/az/organisations/documents/{document.pk}/"

    anonymous = client.get(address)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    for someone in (UserFactory(), representative, add_member(organisation)):
        client.force_login(someone)
        assert client.get(address).status_code == 403
    user, _secret = moderator()
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"].count("private")


def test_the_moderators_group_holds_the_permission_to_decide():
    group = Group.objects.get(name="Moderators")
    assert group.permissions.filter(codename="decide_verificationrequest").exists()
