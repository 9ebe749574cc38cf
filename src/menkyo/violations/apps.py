from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class ViolationsConfig(AppConfig):
    """違反等登録 (規程第28条–第28条の2): violations and accidents reported by stations and other police
    systems, and the assessment of the driver by the law engine after each registration."""

    name = "menkyo.violations"
    label = "violations"
    verbose_name = "違反等登録"
    menu = (
        MenuEntry("violations:register", "違反等登録", "署長等から送付された違反等登録票の登録と点数の判定（規程第28条）。",
                  "violations.list_provisional"),
        MenuEntry("violations:provisional", "仮登録", "電話による仮登録と、違反等登録票の到着による確認（規程第28条の2）。",
                  "violations.list_provisional"),
    )
