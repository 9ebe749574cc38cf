from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class OversightConfig(AppConfig):
    """照会履歴確認: the 監査 role reviews who looked up whom, when and why (issue 8 §3)."""

    name = "menkyo.oversight"
    label = "oversight"
    verbose_name = "照会履歴確認"
    menu = (
        MenuEntry("oversight:index", "照会履歴確認",
                  "照会の記録を操作者・運転者・所属ごとに確認し、不審な照会を審査します。", "oversight.view_inquiries"),
        MenuEntry("oversight:outcomes", "照会審査結果",
                  "所属の操作者の照会について、監査で不適正とされたものを確認します。", "oversight.view_outcomes"),
    )
