from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class AccountsConfig(AppConfig):
    """Operators, devices and their tokens, login and the second factor."""

    name = "menkyo.accounts"
    label = "accounts"
    verbose_name = "操作者・端末"
    menu = (
        MenuEntry("accounts:operator_list", "操作者管理", "自県の操作者の登録・役割変更・無効化を行います。", "accounts.manage_operators"),
        MenuEntry("accounts:device_list", "端末管理", "API を利用する端末の登録とトークンの失効を行います。", "accounts.manage_operators"),
    )
