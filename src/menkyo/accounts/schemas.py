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


class OperatorIn(Schema):
    username: str
    display_name: str
    affiliation: str
    roles: list[str]
    decision_level: str = ""
    password: str | None = None


class OperatorCreatedOut(Schema):
    operator: OperatorOut
    initial_password: str


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
