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
    )
