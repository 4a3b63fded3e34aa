"""Admin writes that signals do not announce: snippets created, edited or deleted, and pages
deleted. Their documents are indexed again (or leave the index)."""

from wagtail import hooks

from search.services import search_changed


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_snippet_change(request, instance):
    search_changed(instances=[instance])


@hooks.register("after_delete_snippet")
def record_snippet_deletion(request, instances):
    search_changed(instances=list(instances))


@hooks.register("after_delete_page")
def record_page_deletion(request, page):
    search_changed(instances=[page.specific_deferred])
