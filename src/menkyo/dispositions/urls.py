"""処分事案 pages: the queues, a case and its actions, the hearing's papers."""

from django.urls import path

from menkyo.dispositions import views

app_name = "dispositions"

urlpatterns = [
    path("", views.review, name="review"),
    path("decisions/", views.decisions, name="decisions"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/propose/", views.propose, name="propose"),
    path("cases/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("cases/<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("cases/<int:pk>/record/", views.record, name="record"),
    path("cases/<int:pk>/submit/", views.submit_for_decision, name="submit"),
    path("cases/<int:pk>/decide/", views.decide, name="decide"),
    path("cases/<int:pk>/defer/", views.defer, name="defer"),
    path("cases/<int:pk>/strike-out/", views.strike_out, name="strike_out"),
    path("hearings/<int:pk>/<str:paper>.pdf", views.paper, name="paper"),
]
