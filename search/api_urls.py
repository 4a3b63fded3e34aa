from django.urls import path

from search.api import SearchSuggestView, SearchView

urlpatterns = [
    path("search/", SearchView.as_view(), name="search-api"),
    path("search/suggest/", SearchSuggestView.as_view(), name="search-api-suggest"),
]
