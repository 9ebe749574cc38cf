from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "menkyo.registry"
    label = "registry"
    verbose_name = "運転者登録"
