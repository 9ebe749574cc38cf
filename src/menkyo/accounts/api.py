"""API: who am I, operators and devices (操作者管理). Thin: every change goes through services."""

from django.contrib.auth import update_session_auth_hash
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
    PasswordChangeIn,
    PasswordResetOut,
    RejectIn,
    RoleGrantIn,
    RoleGrantOut,
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
    return Status(201, {"operator": created.operator, "initial_password": created.password,
                        "pending_grant": created.grant})


@router.post("/me/password", response={204: None}, summary="自分のパスワードの変更（現在のパスワードが必要）")
def change_password(request, payload: PasswordChangeIn):
    services.change_password(request.actor, **payload.model_dump())
    if getattr(request, "user", None) is not None and request.user == request.actor:
        update_session_auth_hash(request, request.actor)  # the session stays logged in
    return Status(204, None)


@router.post("/operators/{operator_id}/password-reset", response=PasswordResetOut,
             summary="パスワードの再設定（一度だけ表示。本人は次回ログイン時に変更）")
def reset_password(request, operator_id: int):
    reset = services.reset_password(request.actor, services.get_operator(operator_id))
    return {"operator": reset.operator, "password": reset.password}


@router.post("/operators/{operator_id}/second-factor-reset", response=OperatorOut,
             summary="二要素認証の再設定（本人は次回ログイン時に登録し直す）")
def reset_second_factor(request, operator_id: int):
    return services.reset_second_factor(request.actor, services.get_operator(operator_id))


@router.post("/operators/{operator_id}/unlock", response=OperatorOut, summary="ログイン失敗によるロックの解除")
def unlock_operator(request, operator_id: int):
    return services.unlock_operator(request.actor, services.get_operator(operator_id))


@router.get("/role-grants", response=list[RoleGrantOut], summary="承認待ちの役割付与申請（自県）")
def list_role_grants(request):
    return services.pending_grants_for(request.actor)


@router.post("/operators/{operator_id}/role-grants", response={201: RoleGrantOut},
             summary="役割付与申請（決定・監査・管理。別の管理者の承認後に付与）")
def request_role_grant(request, operator_id: int, payload: RoleGrantIn):
    operator = services.get_operator(operator_id)
    return Status(201, services.request_role_grant(request.actor, operator, payload.roles,
                                                   payload.decision_level, reason=payload.reason))


@router.post("/role-grants/{grant_id}/approve", response=RoleGrantOut, summary="役割付与申請の承認（申請者以外の管理者）")
def approve_role_grant(request, grant_id: int):
    return services.approve_role_grant(request.actor, services.get_grant(grant_id))


@router.post("/role-grants/{grant_id}/reject", response=RoleGrantOut, summary="役割付与申請の却下")
def reject_role_grant(request, grant_id: int, payload: RejectIn):
    return services.reject_role_grant(request.actor, services.get_grant(grant_id), reason=payload.reason)


@router.patch("/operators/{operator_id}/roles", response=OperatorOut,
              summary="役割の変更（決定・監査・管理の付与は役割付与申請で。409 approval_required）")
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
