from django.apps import AppConfig


class CounterConfig(AppConfig):
    """申請の受理 (規程第3条・第4条・第9条): applications, the 質問票, fees and the 申請（届出）簿."""

    name = "menkyo.counter"
    label = "counter"
    verbose_name = "申請受付"
