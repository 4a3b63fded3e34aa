"""Profiles, members and invitations, as a representative and an invitee meet them."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from civic_platform.organisations import selectors, services
from civic_platform.organisations.models import Invitation, Membership, Organisation, Role
from tests.factories import UserFactory
from tests.organisations.helpers import (
    VALID_VOEN,
    add_member,
    organisation_with_representative,
    png,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The services' messages are read in English here (the pages' tests read them in each
    language); without a request, Django would speak the site's default, Azerbaijani."""
    with translation.override("en"):
        yield


LINK_BASE = "http://testserver/"


def invite(organisation, representative, email, role=Role.MEMBER, capture=None):
    if capture is not None:
        with capture(execute=True):
            return services.invitation_create(
                organisation=organisation,
                invited_by=representative,
                email=email,
                role=role,
                link_base=LINK_BASE,
            )
    return services.invitation_create(
        organisation=organisation,
        invited_by=representative,
        email=email,
        role=role,
        link_base=LINK_BASE,
    )


def emailed_link() -> str:
    return re.search(r"http://testserver/\S+", mail.outbox[-1].body).group(0)


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_whoever_creates_an_organisation_becomes_its_representative():
    organisation, representative = organisation_with_representative("Şəffaf Gələcək")
    membership = Membership.objects.get(organisation=organisation, user=representative)
    assert membership.role == Role.REPRESENTATIVE
    assert organisation.slug == "sheffaf-gelecek"
    assert not organisation.is_verified


def test_two_organisations_with_the_same_name_get_different_addresses():
    first, _ = organisation_with_representative("Yaşıl Dünya")
    second, _ = organisation_with_representative("Yaşıl Dünya")
    assert first.slug == "yashil-dunya"
    assert second.slug == "yashil-dunya-2"


def test_a_name_that_would_take_a_reserved_address_gets_another():
    organisation, _ = organisation_with_representative("Manage")
    assert organisation.slug == "manage-organisation"


def test_a_voen_with_a_wrong_check_digit_is_refused_and_nothing_is_created():
    with pytest.raises(ValidationError) as error:
        organisation_with_representative(registration_number="1401555081")
    assert "registration_number" in error.value.message_dict
    assert not Organisation.objects.filter(name="Açıq Büdcə Birliyi").exists()


def test_a_valid_voen_is_kept_and_cannot_be_registered_twice():
    organisation, _ = organisation_with_representative(registration_number=VALID_VOEN)
    assert organisation.registration_number == VALID_VOEN
    with pytest.raises(ValidationError):
        organisation_with_representative("Başqa", registration_number=VALID_VOEN)


def test_a_logo_that_is_not_an_image_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    fake = png()
    fake.file.seek(0)
    fake.file.write(b"not an image at all")
    fake.file.truncate()
    fake.size = 19
    with pytest.raises(ValidationError) as error:
        organisation_with_representative(logo=fake)
    assert "logo" in error.value.message_dict


def test_a_representative_edits_the_profile_and_a_member_cannot():
    organisation, representative = organisation_with_representative()
    services.organisation_update(
        organisation=organisation, user=representative, website="https://example.az"
    )
    assert Organisation.objects.get(pk=organisation.pk).website == "https://example.az"
    member = add_member(organisation)
    with pytest.raises(PermissionDenied):
        services.organisation_update(organisation=organisation, user=member, website="")


def test_an_invitee_accepts_with_the_invited_address_and_becomes_a_member(
    django_capture_on_commit_callbacks,
):
    organisation, representative = organisation_with_representative()
    invite(
        organisation, representative, "leyla@example.az", capture=django_capture_on_commit_callbacks
    )
    assert mail.outbox[-1].to == ["leyla@example.az"]
    assert organisation.name in mail.outbox[-1].subject
    invitation = selectors.invitation_from_token(
        token_of(emailed_link()), max_age=services.INVITATION_LIFETIME
    )
    leyla = UserFactory(email="leyla@example.az")

    membership = services.invitation_accept(invitation=invitation, user=leyla)

    assert membership.role == Role.MEMBER
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED
    # The link works once.
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=leyla)


def test_an_invitation_cannot_be_accepted_from_another_address():
    organisation, representative = organisation_with_representative()
    invitation = invite(organisation, representative, "leyla@example.az")
    someone_else = UserFactory(email="rashad@example.az")
    with pytest.raises(ValidationError, match="leyla@example.az"):
        services.invitation_accept(invitation=invitation, user=someone_else)
    assert not organisation.memberships.filter(user=someone_else).exists()


def test_an_unconfirmed_address_does_not_count_for_an_invitation():
    organisation, representative = organisation_with_representative()
    invitation = invite(organisation, representative, "leyla@example.az")
    leyla = UserFactory(email="leyla@example.az")
    EmailAddress.objects.filter(user=leyla).update(verified=False)
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=leyla)


def test_an_expired_invitation_link_no_longer_works(django_capture_on_commit_callbacks):
    organisation, representative = organisation_with_representative()
    invitation = invite(
        organisation, representative, "leyla@example.az", capture=django_capture_on_commit_callbacks
    )
    token = token_of(emailed_link())
    assert selectors.invitation_from_token(token, max_age=services.INVITATION_LIFETIME)
    assert selectors.invitation_from_token(token, max_age=datetime.timedelta(seconds=-1)) is None
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=invitation.created_at - datetime.timedelta(seconds=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(
            invitation=invitation, user=UserFactory(email="leyla@example.az")
        )


def test_a_forged_invitation_link_finds_nothing():
    organisation, representative = organisation_with_representative()
    invitation = invite(organisation, representative, "leyla@example.az")
    assert selectors.invitation_from_token(invitation.key, max_age=60) is None
    assert selectors.invitation_from_token("nonsense:abc", max_age=60) is None


def test_an_invitee_declines_and_does_not_become_a_member():
    organisation, representative = organisation_with_representative()
    invitation = invite(organisation, representative, "leyla@example.az")
    leyla = UserFactory(email="leyla@example.az")
    services.invitation_decline(invitation=invitation, user=leyla)
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.DECLINED
    assert not organisation.memberships.filter(user=leyla).exists()


def test_a_member_cannot_invite():
    organisation, _ = organisation_with_representative()
    member = add_member(organisation)
    with pytest.raises(PermissionDenied):
        invite(organisation, member, "leyla@example.az")


def test_the_last_representative_cannot_leave_be_removed_or_become_a_member():
    organisation, representative = organisation_with_representative()
    own = Membership.objects.get(user=representative)
    with pytest.raises(ValidationError, match="at least one representative"):
        services.membership_leave(membership=own)
    with pytest.raises(ValidationError):
        services.membership_role_change(membership=own, role=Role.MEMBER, by=representative)
    assert Membership.objects.get(pk=own.pk).role == Role.REPRESENTATIVE


def test_with_a_second_representative_the_first_may_leave():
    organisation, representative = organisation_with_representative()
    second = add_member(organisation, role=Role.REPRESENTATIVE)
    services.membership_leave(membership=Membership.objects.get(user=representative))
    assert list(organisation.memberships.values_list("user", flat=True)) == [second.pk]


def test_a_representative_changes_a_role_and_removes_a_member():
    organisation, representative = organisation_with_representative()
    member = add_member(organisation)
    membership = Membership.objects.get(user=member)
    services.membership_role_change(
        membership=membership, role=Role.REPRESENTATIVE, by=representative
    )
    assert Membership.objects.get(pk=membership.pk).role == Role.REPRESENTATIVE
    services.membership_remove(membership=membership, by=representative)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_cannot_remove_another_member():
    organisation, _ = organisation_with_representative()
    member = add_member(organisation)
    other = Membership.objects.get(user=add_member(organisation))
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=other, by=member)


def test_a_member_chooses_to_be_shown_only_with_a_name():
    organisation, _ = organisation_with_representative(verified=True)
    membership = Membership.objects.get(user=add_member(organisation))
    with pytest.raises(ValidationError):
        services.membership_visibility_update(
            membership=membership, shown_publicly=True, public_name=" "
        )
    services.membership_visibility_update(
        membership=membership, shown_publicly=True, public_name="Leyla Məmmədova"
    )
    assert [m.public_name for m in selectors.shown_members(organisation)] == ["Leyla Məmmədova"]


def test_memberships_of_a_person_are_plain_data_for_their_download():
    organisation, representative = organisation_with_representative()
    exported = selectors.memberships_of(representative)
    assert exported == [
        {
            "organisation": organisation.name,
            "organisation_slug": organisation.slug,
            "role": "representative",
            "joined_at": exported[0]["joined_at"],
            "shown_publicly": False,
            "public_name": "",
        }
    ]


def test_a_deleted_account_leaves_its_organisations_and_moderators_see_the_one_left_alone():
    lonely, representative = organisation_with_representative("Tək")
    shared, _ = organisation_with_representative("Ortaq")
    shared.memberships.create(user=representative, role=Role.REPRESENTATIVE)
    invite(shared, representative, "someone@example.az")

    orphaned = services.user_removed(user=representative)

    assert orphaned == [lonely]
    assert not Membership.objects.filter(user=representative).exists()
    assert list(selectors.organisations_without_representative()) == [lonely]
    assert Organisation.objects.filter(pk=lonely.pk).exists()
