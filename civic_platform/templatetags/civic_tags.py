from django import template

from civic_platform.selectors import language_alternatives, page_trail

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    if request is None:
        return []
    return language_alternatives(request, page=context.get("page"))


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    return page_trail(context.get("request"), page)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
