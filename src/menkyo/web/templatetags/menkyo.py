"""Template filters: 和暦 and combined 和暦（西暦） dates."""

from django import template

from menkyo.core.wareki import wareki as to_wareki

register = template.Library()


@register.filter
def wareki(day):
    return to_wareki(day)


@register.filter
def wareki_seireki(day):
    """``令和元年5月1日（2019-05-01）`` as on forms that show both calendars."""
    return f"{to_wareki(day)}（{day:%Y-%m-%d}）" if day else ""
