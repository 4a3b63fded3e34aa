"""The municipalities' admin screens: opening a consultation on a draft budget report."""

from wagtail import hooks

from municipalities.admin_consultation import consultation_admin_urls


@hooks.register("register_admin_urls")
def register_draft_consultation_url():
    return consultation_admin_urls()
