from django import template

from civic_platform.notifications.registry import followables
from civic_platform.notifications.selectors import is_following

register = template.Library()


@register.inclusion_tag("notifications/includes/follow_button.html", takes_context=True)
def follow_button(context, obj):
    """Follow/unfollow for a signed-in user (one query); a sign-in link for everyone else, so
    the page anonymous visitors share stays the same for all of them."""
    request = context["request"]
    user = request.user
    followable = followables.for_model(type(obj))
    signed_in = user.is_authenticated
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "signed_in": signed_in,
        "following": signed_in and is_following(user=user, obj=obj),
        "model": followable.key if followable else "",
        "object_id": obj.pk,
        "label": followable.label if followable else "",
        "next": request.get_full_path(),
    }
