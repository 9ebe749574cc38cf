"""Form fields every page shares."""

from django import forms

from menkyo.core.wareki import DATE_EXAMPLES, DateParseError, parse_date


class WarekiDateField(forms.CharField):
    """A date typed in 和暦 or 西暦 (昭和56年3月4日, S56.3.4, 1981-03-04), read by
    :func:`menkyo.core.wareki.parse_date`; its Japanese message names what is wrong."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", f"例：{DATE_EXAMPLES}")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except DateParseError as error:
            raise forms.ValidationError(error.message) from None
