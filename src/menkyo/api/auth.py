"""API authentication: operators by session (with CSRF), devices by bearer token.

Either way the authenticated actor is put on ``request.actor`` for services.
Operators whose roles require a second factor must have verified it.
"""

import hmac

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from menkyo.accounts.models import Device
from menkyo.accounts.tokens import hash_secret, split_token


class DeviceTokenAuth(HttpBearer):
    """``Authorization: Bearer mkd_<key_id>_<secret>`` for card printers, kiosks, OMR …"""

    def authenticate(self, request, token):
        parsed = split_token(token)
        if parsed is None:
            return None
        key_id, secret = parsed
        device = Device.objects.select_related("affiliation").filter(key_id=key_id, is_active=True).first()
        if device is None or not hmac.compare_digest(device.token_hash, hash_secret(secret)):
            return None
        Device.objects.filter(pk=device.pk).update(last_used_at=timezone.now())
        request.actor = device
        return device


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
