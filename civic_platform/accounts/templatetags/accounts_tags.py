from django import template

from civic_platform.accounts.authorship import author_name as _author_name

register = template.Library()


@register.filter
def author_name(user) -> str:
    """`{{ comment.author|author_name }}`: the public name, or "Removed account"."""
    return _author_name(user)
