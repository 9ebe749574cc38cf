from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class NoticesConfig(AppConfig):
    """更新連絡書 (法第101条第3項; 規程第56条第2項): the monthly renewal notices, their PDFs and mail file."""

    name = "menkyo.notices"
    label = "notices"
    verbose_name = "更新連絡書"
    menu = (
        MenuEntry("notices:batches", "更新連絡書", "月ごとの更新連絡書・高齢者講習等のお知らせの作成と発送データ（規程第56条）。",
                  "notices.list_batches"),
        MenuEntry("notices:deaths", "死亡者通報", "死亡者通報連絡票と抹消登録・発送停止（規程第56条）。",
                  "notices.list_death_reports"),
    )
