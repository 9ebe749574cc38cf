"""API endpoints (placeholder until implemented)."""

from ninja import Router

router = Router()
