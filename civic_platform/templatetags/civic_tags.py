from django import template

from civic_platform.selectors import current_section, language_alternatives, page_trail

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


@register.simple_tag(takes_context=True)
def menu_current(context, section):
    """`aria-current` for a main-menu item: only the section the page is in is marked."""
    request = context.get("request")
    if request is None:
        return ""
    return current_section(request, context.get("page"), section)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
