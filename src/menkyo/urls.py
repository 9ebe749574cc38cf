"""URL root: each app's screens, and the API under /api/v1/ (routers live in each app's ``api.py``)."""

from django.urls import include, path

from menkyo.api.root import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("registry/", include("menkyo.registry.urls")),
    path("inquiry/", include("menkyo.inquiry.urls")),
    path("alerts/", include("menkyo.alerts.urls")),
    path("gaiji/", include("menkyo.gaiji.urls")),
    path("counter/", include("menkyo.counter.urls")),
    path("exams/written/", include("menkyo.exams.written_urls")),
    path("exams/", include("menkyo.exams.urls")),
    path("cards/", include("menkyo.cards.urls")),
    path("notices/", include("menkyo.notices.urls")),
    path("violations/", include("menkyo.violations.urls")),
    path("dispositions/", include("menkyo.dispositions.urls")),
    path("driving-history/", include("menkyo.driving_history.urls")),
    path("audit/", include("menkyo.audit.urls")),
    path("oversight/", include("menkyo.oversight.urls")),
    path("", include("menkyo.accounts.urls")),
    path("", include("menkyo.judgement.urls")),
    path("", include("menkyo.web.urls")),
]

handler400 = "menkyo.web.errors.bad_request"
handler403 = "menkyo.web.errors.permission_denied"
handler404 = "menkyo.web.errors.page_not_found"
handler500 = "menkyo.web.errors.server_error"
