"""What the operator's roles allow: one list for both the top navigation and the dashboard.

Each entry names a URL, a label, a one-line description and a predicate on the
operator. Entries whose URL is not (yet) installed are skipped, so apps can
arrive one by one without breaking the menu.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from menkyo.core.models import Role
from menkyo.core.permissions import allowed

REGISTER_ROLES = frozenset({Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY})


@dataclass(frozen=True)
class NavEntry:
    """One place an operator may go, shown when ``permits(user)`` holds."""

    url_name: str
    label: str
    description: str
    permits: Callable[[object], bool]


NAV_ENTRIES = (
    NavEntry(
        "licence_lookup", "免許証番号で検索", "免許証番号から運転者の記録を表示します。",
        lambda user: bool(user.role_set & REGISTER_ROLES),
    ),
    NavEntry(
        "rules_simulator", "判定シミュレーター",
        "点数・処分・更新区分などの法令判定を試算し、根拠（条文・前提）を確認します。",
        lambda user: allowed(user, "rules.simulate"),
    ),
    NavEntry(
        "audit_list", "監査記録", "照会・更新の記録（照会履歴確認）を確認します。",
        lambda user: allowed(user, "core.view_audit"),
    ),
    NavEntry(
        "operator_list", "操作者管理", "自県の操作者の登録・役割変更・無効化を行います。",
        lambda user: allowed(user, "core.manage_operators"),
    ),
    NavEntry(
        "device_list", "端末管理", "API を利用する端末の登録とトークンの失効を行います。",
        lambda user: allowed(user, "core.manage_operators"),
    ),
)


def nav_items_for(user, current_path: str = "") -> list[dict]:
    """The entries ``user`` may use, each as {url, label, description, active}."""
    if not (user.is_authenticated and user.is_active):
        return []
    items = []
    for entry in NAV_ENTRIES:
        if not entry.permits(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({
            "url_name": entry.url_name,
            "url": url,
            "label": entry.label,
            "description": entry.description,
            "active": bool(current_path) and current_path.startswith(url),
        })
    return items


def navigation(request) -> dict:
    """Context processor: ``nav_items`` for the top bar of every page."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    return {"nav_items": nav_items_for(user, request.path)}
