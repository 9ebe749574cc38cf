"""外字 pages (免許外字情報登録・照会)."""

from django.urls import path

from menkyo.gaiji import views

app_name = "gaiji"

urlpatterns = [
    path("", views.glyph_list, name="list"),
    path("font.ttf", views.glyph_font, name="font"),
    path("look-up/", views.glyph_look_up, name="look_up"),
    path("new/", views.glyph_register, name="register"),
    path("<int:pk>/", views.glyph_detail, name="detail"),
    path("<int:pk>/revise/", views.glyph_revise, name="revise"),
]
