"""Template filters: 和暦 and combined 和暦（西暦） dates; yen amounts; prefecture and operator names."""

from functools import cache

from django import template

from menkyo.accounts.services import name_of
from menkyo.core.models import Prefecture
from menkyo.core.wareki import wareki as to_wareki
from menkyo.core.wareki import wareki_month
from menkyo.documents.templatetags.documents import yen

register = template.Library()
register.filter("yen", yen)


@register.filter
def wareki(day):
    return to_wareki(day)


register.filter("wareki_month", wareki_month)


@register.filter
def wareki_seireki(day):
    """``令和元年5月1日（2019-05-01）`` as on forms that show both calendars."""
    return f"{to_wareki(day)}（{day:%Y-%m-%d}）" if day else ""


@register.filter
def prefecture_name(code: str) -> str:
    """``"27"`` → 大阪府 (staff never see the JIS code)."""
    return prefecture_names().get(code, code)


@cache
def prefecture_names() -> dict[str, str]:
    """The 47 prefectures by code, read once (a code master that never changes while running)."""
    return dict(Prefecture.objects.values_list("code", "name"))


@register.filter
def operator_name(actor: str) -> str:
    """The name staff know a colleague by (``yamada_t`` → 山田 太郎; :func:`name_of`)."""
    return name_of(actor)
