"""Filters shared by every app's FilterSets and the API's filter backend."""

from collections.abc import Iterable
from dataclasses import dataclass

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class IntegerFilter(django_filters.NumberFilter):
    """A whole number: NumberFilter takes decimals such as 0.5, which no integer field holds,
    and the API documents the parameter as an integer."""

    field_class = forms.IntegerField


@dataclass(frozen=True)
class FilterControl:
    """One select of a list page's filter form (`includes/filter_form.html`): its id is
    `filter-<name>` and its first option, `any_label`, chooses no filter."""

    name: str
    label: str
    any_label: str
    choices: Iterable[tuple[str, str]]
    selected: str = ""


def lenient_filter(filterset_class, data, queryset):
    """The filter for a page: values that make no sense are dropped and named, not an error.

    Returns the FilterSet of the values that make sense and the names of those dropped. (The
    API uses the FilterSet as it is, so a bad value there is a 400.)
    """
    filterset = filterset_class(data=data, queryset=queryset)
    if filterset.is_valid():
        return filterset, []
    rejected = sorted(filterset.form.errors)
    kept = {name: data.get(name) for name in filterset.base_filters if name not in rejected}
    return filterset_class(data=kept, queryset=queryset), rejected


def chosen_values(filterset) -> dict[str, str]:
    """Each filter's value as the visitor gave it, "" for none: what the form shows chosen."""
    return {name: filterset.data.get(name) or "" for name in filterset.base_filters}


class OpenDataFilterBackend(DjangoFilterBackend):
    """django-filter, except that a filter given with no value (`?status=`) is refused.

    django-filter reads an empty value as "no filter", as HTML forms need; an API parameter
    documented as one of a few values or as an integer cannot also be empty.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            empty = [
                name
                for name in filterset_class.base_filters
                if request.query_params.get(name) == ""
            ]
            if empty:
                raise ValidationError(
                    {name: [_("Give a value or leave the parameter out.")] for name in empty}
                )
        return super().filter_queryset(request, queryset, view)
