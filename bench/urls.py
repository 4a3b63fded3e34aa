"""The project's URLs with a trivial view in front: the yardstick of bench.pages."""

from django.http import HttpResponse
from django.urls import path

from civic_platform import urls as project_urls


def trivial(request):
    """What a request costs the server and the framework when the view itself does nothing."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench-trivial/", trivial), *project_urls.urlpatterns]

handler500 = project_urls.handler500
