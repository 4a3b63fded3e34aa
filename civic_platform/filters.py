"""Filters shared by every app's FilterSets."""

import django_filters
from django import forms


class IntegerFilter(django_filters.NumberFilter):
    """A whole number: NumberFilter takes decimals such as 0.5, which no integer field holds,
    and the API documents the parameter as an integer."""

    field_class = forms.IntegerField
