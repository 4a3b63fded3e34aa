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
