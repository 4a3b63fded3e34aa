from civic_platform.selectors import navigation_pages


def site_navigation(request):
    """Header navigation: the home page's menu children in the visitor's language."""
    return {"navigation_pages": navigation_pages(request)}
