"""Per-request context (request id) available to services without passing it around."""

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("menkyo_request_id", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex


def set_request_id(value: str) -> contextvars.Token:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token) -> None:
    _request_id.reset(token)


def current_request_id() -> str:
    return _request_id.get()
