"""Template filters of the register pages."""

from django import template

from menkyo.registry.services import FIELD_LABELS

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    """The Japanese label of a changed field in the history timeline."""
    return FIELD_LABELS.get(name, name)
