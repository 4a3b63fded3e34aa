"""Admin hooks of the councils: each calls a service."""

from wagtail import hooks

from councils.models import MinutesPage
from councils.services import minutes_revision_saved


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def take_signed_pdf_text_of_the_new_revision(request, page):
    if isinstance(page, MinutesPage):
        minutes_revision_saved(minutes=page)
