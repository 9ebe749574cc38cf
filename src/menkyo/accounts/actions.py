"""Audit action names of the accounts app (``accounts.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    OPERATOR_LIST = "accounts.operator.list"
    OPERATOR_CREATE = "accounts.operator.create"
    OPERATOR_ROLES_CHANGE = "accounts.operator.change_roles"
    OPERATOR_DISABLE = "accounts.operator.disable"
    OPERATOR_ENABLE = "accounts.operator.enable"
    OPERATOR_PARTICULARS = "accounts.operator.set_particulars"  # for the inquiry review (照会履歴確認)
    OPERATOR_CREDENTIALS_RESET = "accounts.operator.reset_credentials"  # menkyo demo --reset-passwords
    PASSWORD_CHANGE = "accounts.operator.change_password"  # by the operator, current password given
    PASSWORD_RESET = "accounts.operator.reset_password"  # by an admin (one-time password) or the shell
    SECOND_FACTOR_RESET = "accounts.operator.reset_second_factor"  # TOTP devices deleted: enrol again
    OPERATOR_UNLOCK = "accounts.operator.unlock"  # django-axes lock-out lifted
    ROLE_GRANT_LIST = "accounts.role_grant.list"
    ROLE_GRANT_REQUEST = "accounts.role_grant.request"
    ROLE_GRANT_APPROVE = "accounts.role_grant.approve"
    ROLE_GRANT_REJECT = "accounts.role_grant.reject"
    DEVICE_LIST = "accounts.device.list"
    DEVICE_REGISTER = "accounts.device.register"
    DEVICE_REVOKE = "accounts.device.revoke"
    LOGIN = "accounts.session.login"
    LOGIN_FAILED = "accounts.session.login_failed"
    LOCKED_OUT = "accounts.session.locked_out"
    LOGOUT = "accounts.session.logout"
    OTP_FAILED = "accounts.otp.fail"
    OTP_VERIFIED = "accounts.otp.verify"
    OTP_ENROLLED = "accounts.otp.enrol"

describe_actions({
    Action.OPERATOR_LIST: "操作者一覧の表示", Action.OPERATOR_CREATE: "操作者の登録",
    Action.OPERATOR_ROLES_CHANGE: "役割の変更", Action.OPERATOR_DISABLE: "操作者の無効化",
    Action.OPERATOR_ENABLE: "操作者の有効化", Action.OPERATOR_PARTICULARS: "操作者の照会審査用情報の登録", Action.OPERATOR_CREDENTIALS_RESET: "デモ用ログイン情報の再発行",
    Action.PASSWORD_CHANGE: "パスワードの変更", Action.PASSWORD_RESET: "パスワードの再設定",
    Action.SECOND_FACTOR_RESET: "二要素認証の再設定", Action.OPERATOR_UNLOCK: "ロックの解除",
    Action.ROLE_GRANT_LIST: "役割付与申請の一覧", Action.ROLE_GRANT_REQUEST: "役割付与の申請",
    Action.ROLE_GRANT_APPROVE: "役割付与の承認", Action.ROLE_GRANT_REJECT: "役割付与の却下",
    Action.DEVICE_LIST: "端末一覧の表示", Action.DEVICE_REGISTER: "端末の登録", Action.DEVICE_REVOKE: "端末の失効",
    Action.LOGIN: "ログイン", Action.LOGIN_FAILED: "ログイン失敗", Action.LOCKED_OUT: "ロックアウト",
    Action.LOGOUT: "ログアウト", Action.OTP_FAILED: "確認コードの誤り", Action.OTP_VERIFIED: "二要素認証",
    Action.OTP_ENROLLED: "二要素認証の設定",
})
