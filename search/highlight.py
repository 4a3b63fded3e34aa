"""Highlights drawn on the text as its author wrote it: the analysis gives each word's place in
the original, so a match is marked there and the folded keys are never shown. Everything but
the <mark> tags is escaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import analysis

SNIPPET_CHARACTERS = 240
# How much text comes before the first match in a snippet, so the match has its context.
LEAD_CHARACTERS = 60
ELLIPSIS = "…"


def matching_spans(text: str, query, language: str) -> list[tuple[int, int]]:
    """Where the query's words (by exact key or stem) and its phrases (the exact keys adjacent,
    in order) stand in the text, merged and in order."""
    tokens = analysis.analyse(text, language)
    exact = {token.exact for token in query.words}
    stems = {stem for token in query.words for stem in token.stems}
    spans = [
        (token.start, token.end)
        for token in tokens
        if token.exact in exact or stems.intersection(token.stems)
    ]
    keys = [token.exact for token in tokens]
    for phrase in query.phrases:
        wanted = [token.exact for token in phrase]
        size = len(wanted)
        for start in range(len(keys) - size + 1):
            if keys[start : start + size] == wanted:
                spans.append((tokens[start].start, tokens[start + size - 1].end))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, spans, start: int, end: int) -> str:
    parts, position = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def highlighted(text: str, query, language: str) -> SafeString:
    """The whole text (a title) with its matches marked."""
    return mark_safe(_marked(text, matching_spans(text, query, language), 0, len(text)))  # noqa: S308 - escaped above


def snippet(text: str, query, language: str, size: int = SNIPPET_CHARACTERS) -> SafeString:
    """A passage of the text around its first match (or its beginning), matches marked, cut at
    word boundaries."""
    text = " ".join((text or "").split())
    spans = matching_spans(text, query, language)
    start = 0
    if spans and spans[0][0] > LEAD_CHARACTERS:
        start = text.rfind(" ", 0, spans[0][0] - LEAD_CHARACTERS) + 1
    end = len(text)
    if end - start > size:
        space = text.rfind(" ", start, start + size)
        end = space if space > start else start + size
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return mark_safe(prefix + _marked(text, spans, start, end) + suffix)  # noqa: S308 - escaped above
