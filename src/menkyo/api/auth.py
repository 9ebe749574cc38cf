"""API authentication: operators by session (with CSRF), devices by bearer token.

Either way the authenticated actor is put on ``request.actor`` for services.
Operators whose roles require a second factor must have verified it.
"""

import hmac

from django.db import connection
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from menkyo.accounts.models import Device
from menkyo.accounts.tokens import hash_secret, split_token
from menkyo.core import sql
from menkyo.core.models import Affiliation


class DeviceTokenAuth(HttpBearer):
    """``Authorization: Bearer mkd_<key_id>_<secret>`` for card printers, kiosks, OMR …"""

    def authenticate(self, request, token):
        parsed = split_token(token)
        if parsed is None:
            return None
        key_id, secret = parsed
        device = _active_device(key_id)
        if device is None or not hmac.compare_digest(device.token_hash, hash_secret(secret)):
            return None
        _used(device)
        request.actor = device
        return device


def _active_device(key_id: str) -> Device | None:
    """The active device of ``key_id`` with its affiliation: one prepared plain-SQL statement
    (:mod:`menkyo.core.sql`) — every device call runs it, and the ORM would take longer to build it
    than PostgreSQL takes to run it (docs/adr/0012-inquiry-hot-path.md)."""
    device, affiliation = sql.Reader.of(connection, Device), sql.Reader.of(connection, Affiliation)
    quote = connection.ops.quote_name
    statement = sql.once(("device_by_key", connection.alias), lambda: (
        f"SELECT {sql.columns(connection, Device, 'd')}, {sql.columns(connection, Affiliation, 'a')}"
        f" FROM {sql.table(connection, Device)} d JOIN {sql.table(connection, Affiliation)} a"
        f" ON a.{quote(Affiliation._meta.pk.column)} = d.{quote(Device.affiliation.field.column)}"
        " WHERE d.key_id = %s AND d.is_active"))
    with sql.cursor(connection) as cursor:
        cursor.execute(statement, [key_id])
        row = cursor.fetchone()
    if row is None:
        return None
    found = device(row)
    Device.affiliation.field.set_cached_value(found, affiliation(row, device.width))
    return found


def _used(device: Device) -> None:
    """Note the device's last use (the 端末 list shows it)."""
    device.last_used_at = timezone.now()
    statement = sql.once(("device_used", connection.alias), lambda: (
        f"UPDATE {sql.table(connection, Device)} SET last_used_at = %s WHERE id = %s"))
    with sql.cursor(connection) as cursor:
        cursor.execute(statement, [connection.ops.adapt_datetimefield_value(device.last_used_at), device.pk])


class OperatorSessionAuth(SessionAuth):
    """A logged-in operator's session (CSRF checked for unsafe methods)."""

    def authenticate(self, request, key):
        if "Authorization" in request.headers:
            return None  # a request that presents a token is judged by the token alone
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return None
        if user.requires_second_factor and not user.is_verified():
            return None
        request.actor = user
        return user


API_AUTH = [DeviceTokenAuth(), OperatorSessionAuth()]
