from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class CounterConfig(AppConfig):
    """申請の受理 (規程第3条・第4条・第9条): applications, the 質問票, fees and the 申請（届出）簿."""

    name = "menkyo.counter"
    label = "counter"
    verbose_name = "申請受付"
    menu = (
        MenuEntry("counter:ledger", "申請受付", "免許の申請の受理と申請（届出）簿（規程第3条・第4条）。",
                  "counter.list_applications"),
        MenuEntry("counter:via_list", "経由申請", "住所地以外の都道府県での更新の受理・送付と、送付された経由申請の受理"
                  "（運転免許証経由更新申請管理表、規程第17条の2）。", "counter.view_via_renewals"),
    )
