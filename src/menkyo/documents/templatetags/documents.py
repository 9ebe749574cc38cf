"""Filters for the 様式 templates: 和暦 dates and yen amounts (no database: the prefecture names
and such come in the form's own values)."""

from django import template

from menkyo.core.wareki import wareki as to_wareki

register = template.Library()


@register.filter
def wareki(day):
    """``2026-11-27`` → 令和8年11月27日 (empty for no date)."""
    return to_wareki(day)


@register.filter
def yen(amount):
    """``2550`` → 2,550円."""
    return f"{amount:,}円"
