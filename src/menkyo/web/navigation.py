"""What the operator's roles allow: one list for both the top navigation and the dashboard.

Each app declares its entries as ``menu`` on its AppConfig (a tuple of
:class:`menkyo.core.http.MenuEntry`); an entry is shown when its permission
rule allows the operator. Apps arrive one by one without touching this file.
"""

from django.apps import apps
from django.urls import reverse

from menkyo.core.permissions import allowed


def menu_entries() -> list:
    """Every app's menu entries, in INSTALLED_APPS order."""
    return [entry for config in apps.get_app_configs() for entry in getattr(config, "menu", ())]


def nav_items_for(user, current_path: str = "") -> list[dict]:
    """The entries ``user`` may use, each as {url_name, url, label, description, active}."""
    if not (user.is_authenticated and user.is_active):
        return []
    items = []
    for entry in menu_entries():
        if not allowed(user, entry.rule):
            continue
        url = reverse(entry.url_name)
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
