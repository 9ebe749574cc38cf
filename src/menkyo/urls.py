"""URL root: the staff UI (each app's ``urls``) and the API under /api/v1/."""

from django.urls import include, path

from menkyo.api.root import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("registry/", include("menkyo.registry.urls")),
    path("audit/", include("menkyo.core.urls_audit")),
    path("", include("menkyo.core.urls")),
    path("", include("menkyo.web.urls")),
]
