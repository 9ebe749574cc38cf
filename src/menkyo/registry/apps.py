from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class RegistryConfig(AppConfig):
    """The national register: persons, licences, kinds held, history."""

    name = "menkyo.registry"
    label = "registry"
    verbose_name = "運転者登録"
    menu = (
        MenuEntry("registry:lookup", "免許証番号で検索", "免許証番号から運転者の記録を表示します。",
                  "registry.look_up_holder"),
    )
