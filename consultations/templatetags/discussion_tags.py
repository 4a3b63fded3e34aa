"""The discussion of a consultation page: the thread, its forms and the live client's hooks.
A tag, so the page template places it and the comments code owns what it shows."""

from django import template

register = template.Library()


@register.inclusion_tag("consultations/includes/discussion.html", takes_context=True)
def discussion(context, page):
    return {"page": page, "request": context.get("request")}
