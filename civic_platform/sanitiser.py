"""The one cleaner of markup written by users (comments, official answers, and any other app
that accepts user markup): paragraphs, emphasis, lists and links are kept, links get
rel="nofollow ugc noopener", everything else is escaped.

A minimal version written for the official answers; the comments' helper writes the full one
(length limits and the like), which replaces this at merge.
"""

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS

ALLOWED_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def sanitise_html(text: str) -> str:
    """`text` as safe HTML: allowed tags kept, others escaped, bare addresses made links."""
    cleaned = bleach.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=False,
    )
    return bleach.linkify(cleaned, callbacks=[*DEFAULT_CALLBACKS, _link_rel]).strip()
