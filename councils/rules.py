"""Who may do what with a council's pages, in one place.

Site-wide, Wagtail's groups act as everywhere: "Editors" write and submit, "Moderators" also
approve and publish. Per council, the holders of a role get Wagtail page permissions on that
council's pages (in every language) through the council's role group (`council_roles_sync`):

    secretary: view drafts, edit, submit for approval, delete drafts
    chair:     the same, and approve and publish

The council approval task lets the chair of the page's own council approve (rules below).
Terms are dates: a periodic job (`council_role_holders_refresh`, just after midnight) gives
the roles to whoever's term begins that day and takes them from whoever's term has ended.
"""

from django.db.models import Q
from django.utils import timezone

from civic_platform.permissions import ACCESS_ADMIN
from councils.choices import MemberRole
from councils.models.pages import CouncilMember, CouncilPage

ADD_PAGE = "add_page"
CHANGE_PAGE = "change_page"
PUBLISH_PAGE = "publish_page"
ADD_DOCUMENT = "add_document"
CHOOSE_DOCUMENT = "choose_document"

ROLE_PAGE_PERMISSIONS = {
    MemberRole.SECRETARY: (ADD_PAGE, CHANGE_PAGE),
    MemberRole.CHAIR: (ADD_PAGE, CHANGE_PAGE, PUBLISH_PAGE),
}
# Agenda papers, founding acts and signed minutes are Wagtail documents.
ROLE_DOCUMENT_PERMISSIONS = (ADD_DOCUMENT, CHOOSE_DOCUMENT)
ROLE_GLOBAL_PERMISSIONS = (ACCESS_ADMIN,)
ROLES_WITH_PERMISSIONS = tuple(ROLE_PAGE_PERMISSIONS)


def council_of(page) -> CouncilPage | None:
    """The council a council, meeting or minutes page belongs to."""
    return CouncilPage.objects.ancestor_of(page, inclusive=True).first()


def current_members(queryset, *, today=None):
    """Members whose term has begun and not ended (terms are dates in the site's time zone)."""
    today = today or timezone.localdate()
    return queryset.filter(
        Q(term_start__isnull=True) | Q(term_start__lte=today),
        Q(term_end__isnull=True) | Q(term_end__gte=today),
    )


def is_council_chair(user, page) -> bool:
    """Whether the user chairs the council this page belongs to (in any of its languages)."""
    if not user.is_authenticated or not user.is_active:
        return False
    council = council_of(page)
    if council is None:
        return False
    return (
        current_members(CouncilMember.objects)
        .filter(
            council__translation_key=council.translation_key,
            role=MemberRole.CHAIR,
            user=user,
        )
        .exists()
    )


def chaired_council_paths(user) -> list[str]:
    """The tree paths of the councils (every language) the user chairs."""
    if not user.is_authenticated:
        return []
    keys = (
        current_members(CouncilMember.objects)
        .filter(role=MemberRole.CHAIR, user=user)
        .values("council__translation_key")
    )
    return list(CouncilPage.objects.filter(translation_key__in=keys).values_list("path", flat=True))
