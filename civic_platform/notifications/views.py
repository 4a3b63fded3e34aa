"""The notification list, preferences, follow buttons and unsubscribe links.

Every page here is personal: none is kept by the anonymous page cache (never_cache), and a GET
writes nothing.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civic_platform.accounts.selectors import email_language_of
from civic_platform.notifications import selectors, services
from civic_platform.notifications.forms import FollowForm, PreferencesForm, ReadForm
from civic_platform.notifications.registry import followables, kinds
from civic_platform.notifications.tokens import ALL_KINDS, unsubscribe_token_read


def _refuse(request, message: str, *, status: int = 400):
    return render(request, "notifications/message.html", {"message": message}, status=status)


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@never_cache
@login_required
@require_GET
def notification_list(request):
    page = selectors.notification_page(user=request.user, page_number=request.GET.get("page"))
    language = get_language()
    for notification in page:
        notification.summary = notification.event.summary_in(language)
        notification.url = notification.event.url_in(language)
        kind = kinds.get(notification.event.kind)
        notification.kind_label = kind.label if kind else ""
    return render(request, "notifications/notification_list.html", {"page_obj": page})


@never_cache
@login_required
@require_POST
def notification_read(request):
    form = ReadForm(request.POST)
    if not form.is_valid():
        return _refuse(request, _("Say which notification to mark as read."))
    if not services.notification_mark_read(
        user=request.user, notification_id=form.cleaned_data["notification"]
    ):
        return _refuse(request, _("There is no such notification of yours."), status=404)
    return redirect(_next_or(request, reverse("notifications:list")))


@never_cache
@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_next_or(request, reverse("notifications:list")))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = selectors.preferences_of(user=request.user)
    form = PreferencesForm(
        request.POST or None,
        preferences=current,
        initial={"language": email_language_of(request.user)},
    )
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request,
                "notifications/preferences.html",
                {"form": form, "follows": selectors.follows_of(user=request.user)},
                status=400,
            )
        services.preferences_save(
            user=request.user,
            deliveries=form.deliveries(),
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect(request.path)
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "follows": selectors.follows_of(user=request.user)},
    )


def _followed_object(request):
    form = FollowForm(request.POST)
    if not form.is_valid():
        return None, _("Say what to follow.")
    followable = followables.get(form.cleaned_data["model"])
    if followable is None:
        return None, _("This cannot be followed.")
    model = followable.model
    try:
        pk = model._meta.pk.to_python(form.cleaned_data["object_id"])
    except ValidationError:
        return None, _("There is nothing like that to follow.")
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return None, _("There is nothing like that to follow.")
    return obj, ""


@never_cache
@login_required
@require_POST
def follow(request):
    obj, problem = _followed_object(request)
    if obj is None:
        return _refuse(request, problem)
    services.follow(user=request.user, obj=obj, language=get_language())
    messages.success(request, _("You follow it now; you will hear when something happens."))
    return redirect(_next_or(request, "/"))


@never_cache
@login_required
@require_POST
def unfollow(request):
    obj, problem = _followed_object(request)
    if obj is None:
        return _refuse(request, problem)
    services.unfollow(user=request.user, obj=obj)
    messages.success(request, _("You no longer follow it."))
    return redirect(_next_or(request, "/"))


# Mail programs send the one-click POST (RFC 8058) without a CSRF token or cookie; the signed
# token in the address is what proves the request came from our email.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = unsubscribe_token_read(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return _refuse(request, _("This unsubscribe link is not valid."), status=404)
    kind_key = found[1]
    kind = kinds.get(kind_key)
    if kind_key != ALL_KINDS and kind is None:
        return _refuse(request, _("This unsubscribe link is not valid."), status=404)
    context = {"kind": kind, "all_kinds": kind_key == ALL_KINDS}
    if request.method == "GET":
        return render(request, "notifications/unsubscribe.html", context)
    services.unsubscribe(user=user, kind=kind_key)
    return render(request, "notifications/unsubscribed.html", context)
