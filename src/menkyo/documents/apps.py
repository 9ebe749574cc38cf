from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """様式 (official forms) rendered as PDF from data a service hands over; every rendering audited."""

    name = "menkyo.documents"
    label = "documents"
    verbose_name = "帳票"
