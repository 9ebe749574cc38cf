from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The NinjaAPI root and its authentication; also ``menkyo procedures`` (docs/procedures.md)."""

    name = "menkyo.api"
    label = "api"
    verbose_name = "API"
