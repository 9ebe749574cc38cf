"""Screens for operator and device management (操作者管理・端末管理). Thin: services decide."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from menkyo.core import services
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.forms import (
    DeviceCreateForm,
    OperatorCreateForm,
    OperatorDisableForm,
    OperatorRolesForm,
    add_domain_error,
)
from menkyo.core.models import Role
from menkyo.core.permissions import allowed, authorize


def forbidden(request, message: str):
    """The 403 page with the reason in Japanese."""
    return render(request, "web/forbidden.html", {"message": message}, status=403)


def admin_view(view):
    """Logged-in 管理 operators only; domain refusals become 403 / 404 pages."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not allowed(request.user, "core.manage_operators"):
            return forbidden(request, "この画面は「管理」の役割を持つ操作者のみ利用できます。")
        try:
            return view(request, *args, **kwargs)
        except NotPermitted as exc:
            return forbidden(request, exc.message)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapper


def with_role_labels(objects) -> list:
    """Attach ``role_labels`` (Japanese role names) for display in lists."""
    objects = list(objects)
    for obj in objects:
        obj.role_labels = [Role(code).label for code in obj.roles if code in Role.values]
    return objects


def _target_operator(request, pk: int, action: str):
    operator = services.get_operator(pk)
    authorize(request.user, "core.manage_operator", operator, action=action)
    return operator


# --- operators ---------------------------------------------------------------


@admin_view
def operator_list(request):
    operators = with_role_labels(services.operators_for(request.user))
    return render(request, "core/operator_list.html", {"operators": operators})


@never_cache  # the page after a successful POST shows the initial password once
@require_http_methods(["GET", "POST"])
@admin_view
def operator_create(request):
    form = OperatorCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_operator(request.user, **form.cleaned_data)
        except (InvalidInput, Conflict) as exc:
            add_domain_error(form, exc)
        else:
            context = {"operator": created.operator, "password": created.password}
            return render(request, "core/operator_created.html", context)
    return render(request, "core/operator_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@admin_view
def operator_roles(request, pk: int):
    operator = _target_operator(request, pk, "operator.roles_changed")
    initial = {"roles": operator.roles, "decision_level": operator.decision_level}
    form = OperatorRolesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_operator_roles(request.user, operator, **form.cleaned_data)
        except (InvalidInput, Conflict) as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{operator.username} の役割を変更しました。")
            return redirect("operator_list")
    return render(request, "core/operator_roles.html", {"form": form, "operator": operator})


@require_http_methods(["GET", "POST"])
@admin_view
def operator_disable(request, pk: int):
    operator = _target_operator(request, pk, "operator.disabled")
    form = OperatorDisableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disable_operator(request.user, operator, form.cleaned_data["reason"])
        except (InvalidInput, Conflict) as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{operator.username} を無効にしました。")
            return redirect("operator_list")
    return render(request, "core/operator_disable.html", {"form": form, "operator": operator})


@require_POST
@admin_view
def operator_enable(request, pk: int):
    operator = services.get_operator(pk)
    try:
        services.enable_operator(request.user, operator)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{operator.username} を有効にしました。")
    return redirect("operator_list")


# --- devices -----------------------------------------------------------------


@admin_view
def device_list(request):
    devices = with_role_labels(services.devices_for(request.user))
    return render(request, "core/device_list.html", {"devices": devices})


@never_cache  # the page after a successful POST shows the token once
@require_http_methods(["GET", "POST"])
@admin_view
def device_create(request):
    form = DeviceCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.register_device(request.user, **form.cleaned_data)
        except (InvalidInput, Conflict) as exc:
            add_domain_error(form, exc)
        else:
            context = {"device": created.device, "token": created.token}
            return render(request, "core/device_created.html", context)
    return render(request, "core/device_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@admin_view
def device_revoke(request, pk: int):
    device = services.get_device(pk)
    authorize(request.user, "core.manage_operator", device, action="device.revoke")
    if request.method == "POST":
        try:
            services.revoke_device(request.user, device)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"端末「{device.name}」のトークンを失効させました。")
        return redirect("device_list")
    return render(request, "core/device_revoke.html", {"device": device})
