"""The HTTP API root: one NinjaAPI under /api/v1/; routers live in each app's ``api.py``."""

from ninja import NinjaAPI

api = NinjaAPI(title="menkyo API", version="1", urls_namespace="api")
