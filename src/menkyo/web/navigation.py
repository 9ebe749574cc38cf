"""What the operator's roles allow: one list for both the top navigation and the dashboard.

Each app declares its entries as ``menu`` on its AppConfig (a tuple of
:class:`menkyo.core.http.MenuEntry`); an entry is shown when its permission
rule allows the operator. Apps arrive one by one without touching this file.

The top bar shows one link per app (its first allowed entry; an app with
several entries is named by its ``verbose_name``), and the entries of the app
the operator is in as a second row, so the bar stays one row however many
procedures an operator may do. The dashboard lists every entry.
"""

from django.apps import apps
from django.urls import reverse

from menkyo.core.permissions import allowed


def menu_entries() -> list:
    """Every app's menu entries, in INSTALLED_APPS order."""
    return [entry for config in apps.get_app_configs() for entry in getattr(config, "menu", ())]


def _item(entry, current_path: str) -> dict:
    url = reverse(entry.url_name)
    return {
        "url_name": entry.url_name,
        "url": url,
        "label": entry.label,
        "description": entry.description,
        "active": bool(current_path) and current_path.startswith(url),
        "group": entry.group,
    }


def nav_items_for(user, current_path: str = "") -> list[dict]:
    """The entries ``user`` may use, each as {url_name, url, label, description, active}."""
    return [item for group in nav_groups_for(user, current_path) for item in group["items"]]


def nav_groups_for(user, current_path: str = "") -> list[dict]:
    """The entries ``user`` may use grouped by app: {label, url, active, items}, empty apps left out."""
    if not (user.is_authenticated and user.is_active):
        return []
    groups = []
    for config in apps.get_app_configs():
        items = [_item(entry, current_path) for entry in getattr(config, "menu", ()) if allowed(user, entry.rule)]
        if not items:
            continue
        _only_nearest_active(items)
        groups.append({
            "label": items[0]["label"] if len(items) == 1 else str(config.verbose_name),
            "url": items[0]["url"],
            "active": any(item["active"] for item in items),
            "items": items,
        })
    return groups


def _only_nearest_active(items: list[dict]) -> None:
    """Of entries whose URLs are prefixes of one another (``/cards/``, ``/cards/holds/``), only the longest is active."""
    active = [item for item in items if item["active"]]
    nearest = max(active, key=lambda item: len(item["url"]), default=None)
    for item in active:
        item["active"] = item is nearest


def section_clusters(items: list[dict]) -> list[dict]:
    """The active app's entries as clusters {label, items} in menu order: the unlabelled one first, then one
    per ``group`` — so an app with many procedures shows them as short labelled rows."""
    clusters: dict[str, list[dict]] = {}
    for item in sorted(items, key=lambda item: bool(item["group"])):
        clusters.setdefault(item["group"], []).append(item)
    return [{"label": label, "items": members} for label, members in clusters.items()]


def navigation(request) -> dict:
    """Context processor: ``nav_groups`` for the top bar and ``nav_section``, the active app's entries in
    clusters (:func:`section_clusters`)."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_groups": [], "nav_section": []}
    groups = nav_groups_for(user, request.path)
    section = next((group["items"] for group in groups if group["active"] and len(group["items"]) > 1), [])
    return {"nav_groups": groups, "nav_section": section_clusters(section)}
