from django.apps import AppConfig

from menkyo.core import recording
from menkyo.core.http import MenuEntry


class AuditConfig(AppConfig):
    """The tamper-evident audit trail: recorder, checkpoints, verify, viewer."""

    name = "menkyo.audit"
    label = "audit"
    verbose_name = "監査記録"
    menu = (
        MenuEntry("audit:event_list", "監査記録", "照会・更新の記録（照会履歴確認）を確認します。", "audit.view_events"),
    )

    def ready(self):
        # The recorder imports the audit models, which can be imported only once apps are ready.
        from menkyo.audit.recorder import record

        recording.install(record)
