"""The project's one sanitiser of user markup (comments, official answers and any other text a
person writes that is shown as HTML). Every app that accepts markup from users calls
`sanitise_user_html`; nothing else decides which HTML a user may write.

Allowed: paragraphs and line breaks, emphasis and strong, lists and links. A link keeps only
its address (http, https, mailto) and gets rel="nofollow ugc noopener"; a bare address in the
text becomes such a link. Anything else is escaped, so a `<script>` shows as text and never
runs. Text without paragraph or list markup is plain text: a blank line starts a paragraph, a
single newline breaks the line.
"""

import re
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

ALLOWED_TAGS = frozenset({"p", "br", "em", "i", "strong", "b", "ul", "ol", "li", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
# The default length limit of what a person writes, counted on the text as typed.
DEFAULT_MAX_CHARACTERS = 5000

_BLOCK_MARKUP = re.compile(r"<\s*(p|ul|ol)\b", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def _link_attributes(attrs, new=False):
    """Every link, written or found in the text, is marked as user content nobody vouches
    for, and opens no handle on this page."""
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_attributes], parse_email=False)],
)


def _paragraphs(text: str) -> str:
    paragraphs = [part.strip() for part in _BLANK_LINE.split(text.strip()) if part.strip()]
    return "".join(
        "<p>{}</p>".format(paragraph.replace("\n", "<br>\n")) for paragraph in paragraphs
    )


def sanitise_user_html(text: str, *, max_characters: int = DEFAULT_MAX_CHARACTERS) -> str:
    """The safe HTML of what a person wrote. Raises ValidationError (a message to show them)
    when the text is empty or longer than `max_characters`."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > max_characters:
        raise ValidationError(
            ngettext(
                "Keep the text within %(limit)d character (it has %(count)d).",
                "Keep the text within %(limit)d characters (it has %(count)d).",
                max_characters,
            )
            % {"limit": max_characters, "count": len(text)},
            code="too_long",
        )
    if not _BLOCK_MARKUP.search(text):
        text = _paragraphs(text)
    html = _cleaner.clean(text).strip()
    if not strip_tags(html).strip():
        raise ValidationError(_("Write some text."), code="empty")
    return html
