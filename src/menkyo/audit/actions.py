"""Audit action names of the audit app (``audit.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    EVENTS_VIEW = "audit.event.view"
    EVENTS_EXPORT = "audit.event.export"
    CHECKPOINT_CREATE = "audit.checkpoint.create"
    KEY_ROTATE = "audit.key.rotate"
    TRAIL_EXPORT = "audit.trail.export"  # menkyo audit export (for the offline verifier)

describe_actions({
    Action.EVENTS_VIEW: "監査記録の閲覧", Action.EVENTS_EXPORT: "監査記録のCSV出力",
    Action.CHECKPOINT_CREATE: "チェックポイントの署名", Action.KEY_ROTATE: "署名鍵の更新",
    Action.TRAIL_EXPORT: "監査記録の出力（オフライン検証用）",
})

# Events written before issue 6 keep the action names they were written with (the trail is never
# rewritten); the viewer shows them in Japanese too.
describe_actions({
    "auth.login": "ログイン", "auth.logout": "ログアウト", "auth.login_failed": "ログイン失敗",
    "auth.locked_out": "ロックアウト", "auth.otp_failed": "確認コードの誤り", "auth.otp_verified": "二要素認証",
    "auth.otp_enrolled": "二要素認証の設定", "operator.create": "操作者の登録", "operator.roles_changed": "役割の変更",
    "operator.disabled": "操作者の無効化", "operator.enabled": "操作者の有効化",
    "operator.credentials_reset": "デモ用ログイン情報の再発行", "device.register": "端末の登録",
    "device.revoke": "端末の失効", "audit.view": "監査記録の閲覧", "audit.export": "監査記録のCSV出力",
    "audit.checkpoint": "チェックポイントの署名", "audit.key_rotated": "署名鍵の更新",
})
