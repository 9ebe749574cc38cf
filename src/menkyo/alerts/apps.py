from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class AlertsConfig(AppConfig):
    """手配 (規程第46条・第47条): alerts requested by a 所属長, approved by a second person, hit by inquiries."""

    name = "menkyo.alerts"
    label = "alerts"
    verbose_name = "手配"
    menu = (
        MenuEntry("alerts:list", "手配", "手配の登録要請・承認・解除と見直し期限の一覧（規程第46条・第47条）。",
                  "alerts.list_alerts"),
        MenuEntry("alerts:inbox", "通知（手配該当）", "照会で手配に該当した旨の通知（自所属・担当事案）。",
                  "alerts.view_notifications"),
    )
