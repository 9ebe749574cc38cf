"""Audit action names of the accounts app (``accounts.<object>.<verb>``)."""

from enum import StrEnum


class Action(StrEnum):
    OPERATOR_LIST = "accounts.operator.list"
    OPERATOR_CREATE = "accounts.operator.create"
    OPERATOR_ROLES_CHANGE = "accounts.operator.change_roles"
    OPERATOR_DISABLE = "accounts.operator.disable"
    OPERATOR_ENABLE = "accounts.operator.enable"
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
