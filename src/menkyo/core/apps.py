from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    """What every app shares: prefectures, commissions, affiliations and the helpers."""

    name = "menkyo.core"
    label = "core"
    verbose_name = "共通基盤"

    def ready(self):
        # Every app declares its permission rules in its permissions.py (core.permissions.add_rule)
        # and describes its audit actions in its actions.py (core.recording.describe_actions).
        autodiscover_modules("permissions", "actions")
