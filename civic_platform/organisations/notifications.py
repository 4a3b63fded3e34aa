"""What organisations tell notifications: organisations can be followed; representatives hear
when the moderators decide on a verification request and when someone joins."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic_platform.accounts.authorship import author_name
from civic_platform.notifications.registry import (
    Delivery,
    EventKind,
    EventText,
    register_followable,
    register_kind,
)
from civic_platform.organisations.models import Organisation
from civic_platform.organisations.models.pages import organisation_page_url
from civic_platform.organisations.selectors import representatives_of, verified_organisations

VERIFICATION_DECIDED = "organisations.verification-decided"
MEMBER_JOINED = "organisations.member-joined"


def describe_verification_decision(verification_request) -> EventText:
    organisation = verification_request.organisation
    if verification_request.status == verification_request.Status.APPROVED:
        summary = _("%(name)s is verified and listed publicly with the badge.") % {
            "name": organisation.name
        }
    else:
        summary = _("The moderators rejected the verification of %(name)s: %(reason)s") % {
            "name": organisation.name,
            "reason": verification_request.reason,
        }
    return EventText(summary=summary, url=organisation_page_url(organisation))


def describe_member_joined(membership) -> EventText:
    return EventText(
        summary=_("%(person)s joined %(name)s as %(role)s.")
        % {
            "person": membership.public_name or author_name(membership.user),
            "name": membership.organisation.name,
            "role": membership.get_role_display(),
        },
        url=organisation_page_url(membership.organisation),
    )


def register_notifications() -> None:
    # Only verified organisations have public pages to follow.
    register_followable(
        Organisation, label=gettext_lazy("organisation"), queryset=verified_organisations
    )
    register_kind(
        EventKind(
            key=VERIFICATION_DECIDED,
            label=gettext_lazy("Verification of your organisation"),
            description=gettext_lazy(
                "The moderators approve or reject a verification request of an organisation "
                "you represent."
            ),
            describe=describe_verification_decision,
            recipients=lambda request: representatives_of(request.organisation),
            default_delivery=Delivery.EMAIL,
        )
    )
    register_kind(
        EventKind(
            key=MEMBER_JOINED,
            label=gettext_lazy("New members of your organisation"),
            description=gettext_lazy(
                "Someone accepts an invitation to an organisation you represent."
            ),
            describe=describe_member_joined,
            recipients=lambda membership: representatives_of(membership.organisation),
        )
    )
