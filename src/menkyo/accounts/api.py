"""API: who am I, operators and devices (操作者管理). Thin: every change goes through services."""

from ninja import Router, Status

from menkyo.accounts import services
from menkyo.accounts.schemas import (
    DeviceCreatedOut,
    DeviceIn,
    DeviceOut,
    DisableIn,
    MeOut,
    OperatorCreatedOut,
    OperatorIn,
    OperatorOut,
    RolesIn,
)

router = Router(tags=["操作者管理"])


@router.get("/me", response=MeOut, summary="認証中の操作者または端末")
def me(request):
    actor = request.actor
    affiliation = getattr(actor, "affiliation", None)
    return {
        "kind": actor.actor_kind,
        "name": actor.actor_name,
        "roles": sorted(actor.role_set),
        "affiliation": affiliation.code if affiliation else None,
        "prefecture": actor.prefecture_id or None,
    }


@router.get("/operators", response=list[OperatorOut], summary="操作者一覧（自県）")
def list_operators(request):
    return services.operators_for(request.actor)


@router.post("/operators", response={201: OperatorCreatedOut}, summary="操作者の登録")
def create_operator(request, payload: OperatorIn):
    created = services.create_operator(request.actor, **payload.model_dump())
    return Status(201, {"operator": created.operator, "initial_password": created.password})


@router.patch("/operators/{operator_id}/roles", response=OperatorOut, summary="役割の変更")
def change_roles(request, operator_id: int, payload: RolesIn):
    operator = services.get_operator(operator_id)
    services.set_operator_roles(request.actor, operator, payload.roles, payload.decision_level)
    return operator


@router.post("/operators/{operator_id}/disable", response=OperatorOut, summary="操作者の無効化")
def disable_operator(request, operator_id: int, payload: DisableIn):
    operator = services.get_operator(operator_id)
    services.disable_operator(request.actor, operator, payload.reason)
    return operator


@router.post("/operators/{operator_id}/enable", response=OperatorOut, summary="操作者の有効化")
def enable_operator(request, operator_id: int):
    operator = services.get_operator(operator_id)
    services.enable_operator(request.actor, operator)
    return operator


@router.get("/devices", response=list[DeviceOut], summary="端末一覧（自県）")
def list_devices(request):
    return services.devices_for(request.actor)


@router.post("/devices", response={201: DeviceCreatedOut}, summary="端末の登録（トークンは一度だけ表示）")
def register_device(request, payload: DeviceIn):
    created = services.register_device(request.actor, **payload.model_dump())
    return Status(201, {"device": created.device, "token": created.token})


@router.post("/devices/{device_id}/revoke", response=DeviceOut, summary="端末トークンの失効")
def revoke_device(request, device_id: int):
    device = services.get_device(device_id)
    services.revoke_device(request.actor, device)
    return device
