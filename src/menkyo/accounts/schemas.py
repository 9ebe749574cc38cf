"""API schemas of the accounts app (operators, devices, who am I)."""

from datetime import datetime

from ninja import Field, Schema


class MeOut(Schema):
    kind: str
    name: str
    roles: list[str]
    affiliation: str | None
    prefecture: str | None


class OperatorOut(Schema):
    id: int
    username: str
    display_name: str
    affiliation: str = Field(validation_alias="affiliation_id")
    roles: list[str]
    decision_level: str
    is_active: bool
    must_change_password: bool


class OperatorIn(Schema):
    username: str
    display_name: str
    affiliation: str
    roles: list[str]
    decision_level: str = ""
    password: str | None = None
    reason: str = Field("", description="決定・監査・管理を求める場合の申請理由（別の管理者の承認後に付与）")


class RoleGrantOut(Schema):
    id: int
    operator: int = Field(validation_alias="operator_id")
    username: str
    roles: list[str]
    decision_level: str
    before_roles: list[str]
    before_decision_level: str
    reason: str
    requested_by: str | None
    requested_at: datetime
    state: str
    decided_at: datetime | None
    decision_reason: str

    @staticmethod
    def resolve_username(grant) -> str:
        return grant.operator.username

    @staticmethod
    def resolve_requested_by(grant) -> str | None:
        return grant.requested_by.username if grant.requested_by else None


class OperatorCreatedOut(Schema):
    operator: OperatorOut
    initial_password: str
    pending_grant: RoleGrantOut | None = None


class RoleGrantIn(Schema):
    roles: list[str]
    decision_level: str = ""
    reason: str


class RejectIn(Schema):
    reason: str


class PasswordChangeIn(Schema):
    current_password: str
    new_password: str


class PasswordResetOut(Schema):
    operator: OperatorOut
    password: str = Field(description="一度だけ表示する新しいパスワード（次回ログイン時に変更が必要）")


class RolesIn(Schema):
    roles: list[str]
    decision_level: str = ""


class DisableIn(Schema):
    reason: str


class DeviceOut(Schema):
    id: int
    name: str
    kind: str
    affiliation: str = Field(validation_alias="affiliation_id")
    roles: list[str]
    is_active: bool
    last_used_at: datetime | None


class DeviceIn(Schema):
    name: str
    kind: str
    affiliation: str
    roles: list[str]


class DeviceCreatedOut(Schema):
    device: DeviceOut
    token: str
